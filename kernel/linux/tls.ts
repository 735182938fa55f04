// struct user_desc (set_thread_area, CLONE_SETTLS; asm/ldt.h) to and from GDT descriptor dwords.
// Platform-neutral.

/** A decoded user_desc with the descriptor it describes. */
export interface TlsDescriptor {
  entry: number;
  base: number;
  limit: number;
  flags: number;
  lo: number;
  hi: number;
}

/** user_desc flag bits (asm/ldt.h). */
export const UserDescBits = {
  Seg32: 1, // seg_32bit
  Contents: 6, // 2 bits: 0 data, 1 data expand-down, 2 code, 3 code conforming
  ReadExecOnly: 8,
  LimitInPages: 16,
  SegNotPresent: 32,
  Useable: 64,
} as const;

/** Converts the 16-byte user_desc to GDT dwords (arch/x86/include/asm/desc.h fill_ldt). */
export function decodeUserDesc(b: Uint8Array): TlsDescriptor {
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  const entry = dv.getUint32(0, true), base = dv.getUint32(4, true), limit = dv.getUint32(8, true);
  const flags = dv.getUint32(12, true);
  const empty = base === 0 && limit === 0 && (flags & UserDescBits.ReadExecOnly) && (flags & UserDescBits.SegNotPresent);
  if (empty) return { entry, base, limit, flags, lo: 0, hi: 0 };
  const contents = (flags >> 1) & 3;
  const type = (contents << 2) | ((flags & UserDescBits.ReadExecOnly) ? 0 : 2) | 1;
  const access = ((flags & UserDescBits.SegNotPresent) ? 0 : 0x80) | 0x60 | 0x10 | type;
  const gran = (flags & UserDescBits.LimitInPages ? 8 : 0) | (flags & UserDescBits.Seg32 ? 4 : 0) | (flags & UserDescBits.Useable ? 1 : 0);
  const lo = ((base & 0xffff) << 16) | (limit & 0xffff);
  const hi = (base & 0xff000000) | (gran << 20) | (limit & 0xf0000) | (access << 8) | ((base >>> 16) & 0xff);
  return { entry, base, limit, flags, lo: lo | 0, hi: hi | 0 };
}

/** The user_desc fields of a GDT descriptor (get_thread_area). */
export function encodeUserDesc(entry: number, lo: number, hi: number): Uint8Array {
  const out = new Uint8Array(16);
  const dv = new DataView(out.buffer);
  const base = ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
  const limit = (lo & 0xffff) | (hi & 0xf0000);
  const access = (hi >>> 8) & 0xff, gran = (hi >>> 20) & 0xf;
  let flags = 0;
  if (gran & 4) flags |= UserDescBits.Seg32;
  flags |= ((access >> 2) & 3) << 1;
  if (!(access & 2)) flags |= UserDescBits.ReadExecOnly;
  if (gran & 8) flags |= UserDescBits.LimitInPages;
  if (!(access & 0x80)) flags |= UserDescBits.SegNotPresent;
  if (gran & 1) flags |= UserDescBits.Useable;
  if (lo === 0 && hi === 0) flags = UserDescBits.ReadExecOnly | UserDescBits.SegNotPresent;
  dv.setUint32(0, entry, true);
  dv.setUint32(4, base, true);
  dv.setUint32(8, limit, true);
  dv.setUint32(12, flags, true);
  return out;
}
