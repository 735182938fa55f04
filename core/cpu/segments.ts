// Protected-mode segmentation (Intel SDM Vol. 3 §3.4–3.5, §5.5–5.8): descriptor reads from the
// GDT/LDT, loading segment registers with their privilege checks, and descriptor-table accesses
// made with supervisor rights. Platform-neutral.
//
// Segment descriptor (two dwords):
//   lo: limit 15..0 | base 15..0 << 16
//   hi: base 23..16 | access byte << 8 | limit 19..16 << 16 | flags (AVL L D/B G) << 20 | base 31..24 << 24
import type { Cpu } from "./cpu.ts";
import { Cr0 } from "./control_regs.ts";
import { raise } from "./fault.ts";
import { Seg } from "./registers.ts";

/** A decoded segment descriptor. */
export interface Descriptor {
  lo: number;
  hi: number;
  base: number;
  limit: number;
  /** Access byte | flags nibble << 12 (bit 14 = D/B, bit 15 = G). */
  attr: number;
  /** Linear address of the descriptor (to set the accessed bit). */
  addr: number;
}

export const DescBit = {
  Accessed: 1,
  Writable: 2, // data; for code: readable
  Conforming: 4, // code; for data: expand-down
  Code: 8,
  System: 0x10, // S bit: 1 = code/data, 0 = system
  Present: 0x80,
  Big: 0x4000, // D/B
} as const;

/** Runs `f` with supervisor access rights (descriptor tables, TSS, IDT are system accesses). */
export function asSupervisor<T>(cpu: Cpu, f: () => T): T {
  if (cpu.cpl === 0) return f();
  const cpl = cpu.cpl;
  cpu.setCpl(0);
  try {
    return f();
  } finally {
    cpu.setCpl(cpl);
  }
}

/** Decodes the descriptor dwords. */
export function decodeDescriptor(lo: number, hi: number, addr: number): Descriptor {
  const base = ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) | 0;
  let limit = (lo & 0xffff) | (hi & 0xf0000);
  if (hi & (1 << 23)) limit = (limit * 4096 + 0xfff);
  return { lo, hi, base, limit, attr: (hi >>> 8) & 0xf0ff, addr };
}

/**
 * Reads the descriptor that `selector` names; raises `vector`(selector) if it lies outside its table.
 * Returns undefined for a null selector.
 */
export function readDescriptor(cpu: Cpu, selector: number, vector = 13): Descriptor | undefined {
  const index = selector & ~7;
  let base: number, limit: number;
  if (selector & 4) {
    base = cpu.ldtBase; limit = cpu.ldtLimit;
    if (!cpu.ldtSelector) raise(vector, selector & 0xfffc);
  } else {
    if (index === 0) return undefined;
    base = cpu.gdtBase; limit = cpu.gdtLimit;
  }
  if (index + 7 > limit) raise(vector, selector & 0xfffc);
  const addr = (base + index) | 0;
  return asSupervisor(cpu, () => decodeDescriptor(cpu.read32(addr), cpu.read32(addr + 4), addr));
}

/** Sets the accessed bit of a descriptor in memory. */
export function markAccessed(cpu: Cpu, d: Descriptor): void {
  if (!(d.hi & (DescBit.Accessed << 8))) {
    asSupervisor(cpu, () => cpu.write32(d.addr + 4, d.hi | (DescBit.Accessed << 8)));
  }
}

/** Loads a segment cache from a descriptor. */
export function setSegmentCache(cpu: Cpu, seg: number, selector: number, d: Descriptor | undefined): void {
  cpu.sreg[seg] = selector;
  if (d === undefined) {
    cpu.segBase[seg] = 0;
    cpu.segLimit[seg] = 0;
    cpu.segAttr[seg] = 0; // unusable
  } else {
    cpu.segBase[seg] = d.base;
    cpu.segLimit[seg] = d.limit;
    cpu.segAttr[seg] = d.attr;
  }
  if (seg === Seg.CS) cpu.cs32 = d && (d.attr & DescBit.Big) ? 1 : 0;
  if (seg === Seg.SS) cpu.ss32 = d && (d.attr & DescBit.Big) ? 1 : 0;
}

/**
 * MOV/POP/LxS to a data segment register or SS, with the protected-mode checks of SDM Vol. 2 "MOV".
 * In real mode the base is selector × 16.
 */
export function loadSegment(cpu: Cpu, seg: number, selector: number): void {
  selector &= 0xffff;
  if (!(cpu.cr0 & Cr0.PE)) {
    cpu.sreg[seg] = selector;
    cpu.segBase[seg] = selector << 4;
    return;
  }
  const rpl = selector & 3;
  if (seg === Seg.SS) {
    if ((selector & ~3) === 0) raise(13, 0);
    const d = readDescriptor(cpu, selector)!;
    const a = d.attr;
    const dpl = (a >> 5) & 3;
    if (rpl !== cpu.cpl || dpl !== cpu.cpl || !(a & DescBit.System) || (a & DescBit.Code) ||
      !(a & DescBit.Writable)) raise(13, selector & 0xfffc);
    if (!(a & DescBit.Present)) raise(12, selector & 0xfffc);
    markAccessed(cpu, d);
    setSegmentCache(cpu, seg, selector, d);
    return;
  }
  if ((selector & ~3) === 0) {
    setSegmentCache(cpu, seg, selector, undefined);
    return;
  }
  const d = readDescriptor(cpu, selector)!;
  const a = d.attr;
  const dpl = (a >> 5) & 3;
  const isCode = (a & DescBit.Code) !== 0;
  if (!(a & DescBit.System) || (isCode && !(a & DescBit.Writable))) raise(13, selector & 0xfffc);
  if ((!isCode || !(a & DescBit.Conforming)) && (dpl < cpu.cpl || dpl < rpl)) raise(13, selector & 0xfffc);
  if (!(a & DescBit.Present)) raise(11, selector & 0xfffc);
  markAccessed(cpu, d);
  setSegmentCache(cpu, seg, selector, d);
}

/**
 * Checks and loads CS for a far JMP/CALL/RET/IRET or gate target at privilege `newCpl`.
 * Only code-segment targets are supported (call gates and task switches raise #GP).
 */
export function loadCodeSegment(cpu: Cpu, selector: number, newCpl: number): void {
  selector &= 0xffff;
  if (!(cpu.cr0 & Cr0.PE)) {
    cpu.sreg[Seg.CS] = selector;
    cpu.segBase[Seg.CS] = selector << 4;
    return;
  }
  if ((selector & ~3) === 0) raise(13, 0);
  const d = readDescriptor(cpu, selector)!;
  const a = d.attr;
  if (!(a & DescBit.System) || !(a & DescBit.Code)) raise(13, selector & 0xfffc);
  const dpl = (a >> 5) & 3;
  if (a & DescBit.Conforming) {
    if (dpl > newCpl) raise(13, selector & 0xfffc);
  } else if (dpl !== newCpl) raise(13, selector & 0xfffc);
  if (!(a & DescBit.Present)) raise(11, selector & 0xfffc);
  markAccessed(cpu, d);
  setSegmentCache(cpu, Seg.CS, (selector & ~3) | newCpl, d);
  if (cpu.cpl !== newCpl) cpu.setCpl(newCpl);
}

/**
 * After a return to an outer privilege level, data segment registers the new CPL may not use are
 * nulled (SDM "RET"/"IRET": DS, ES, FS, GS with DPL < CPL).
 */
export function nullInaccessibleSegments(cpu: Cpu): void {
  for (const s of [Seg.ES, Seg.DS, Seg.FS, Seg.GS]) {
    const a = cpu.segAttr[s];
    const dpl = (a >> 5) & 3;
    const conformingCode = (a & DescBit.Code) && (a & DescBit.Conforming);
    if (a !== 0 && !conformingCode && dpl < cpu.cpl) setSegmentCache(cpu, s, 0, undefined);
  }
}
