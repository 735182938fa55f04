// The kernel's GDT layout, matching Linux i386 so guest programs see familiar selectors
// (arch/x86/include/asm/segment.h: TLS entries 6–8, __USER_CS 0x73, __USER_DS 0x7B). Data only.
// Platform-neutral.

/** GDT entry numbers. */
export const GdtEntry = {
  TlsMin: 6, // set_thread_area slots 6, 7, 8 (GDT_ENTRY_TLS_MIN)
  TlsMax: 8,
  KernelCode: 12,
  KernelData: 13,
  UserCode: 14,
  UserData: 15,
  Tss: 16,
  Count: 32,
} as const;

/** Selectors (index << 3 | RPL). */
export const Selector = {
  KernelCode: GdtEntry.KernelCode << 3, // 0x60
  KernelData: GdtEntry.KernelData << 3, // 0x68
  UserCode: (GdtEntry.UserCode << 3) | 3, // 0x73
  UserData: (GdtEntry.UserData << 3) | 3, // 0x7b
  Tss: GdtEntry.Tss << 3, // 0x80
} as const;

/** Builds the two dwords of a segment descriptor. */
export function descriptor(base: number, limit: number, access: number, flags: number): [number, number] {
  const lo = ((base & 0xffff) << 16) | (limit & 0xffff);
  const hi = (base & 0xff000000) | ((flags & 0xf) << 20) | (limit & 0xf0000) | ((access & 0xff) << 8) |
    ((base >>> 16) & 0xff);
  return [lo | 0, hi | 0];
}

/** Flat 4 GiB segments: access byte (P DPL S type) and flags (G=1, D/B=1). */
export const FlatSegment = {
  KernelCode: { access: 0x9a, flags: 0xc },
  KernelData: { access: 0x92, flags: 0xc },
  UserCode: { access: 0xfa, flags: 0xc },
  UserData: { access: 0xf2, flags: 0xc },
} as const;
