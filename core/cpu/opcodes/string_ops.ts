// String instructions MOVS CMPS STOS LODS SCAS INS OUTS with REP/REPE/REPNE (SDM Vol. 2). Source is
// seg:ESI (DS by default, overridable), destination ES:EDI. Registers are updated per element so a
// fault in the middle leaves a restartable state. REP MOVS/STOS with 32-bit addressing copy or fill
// whole page-bounded chunks at once when the TLB already grants the access. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler, Insn } from "../insn.ts";
import { Eflags } from "../eflags.ts";
import { Seg } from "../registers.ts";
import { alu } from "./alu.ts";
import { checkIo } from "./io.ts";

const ESI = 6, EDI = 7, ECX = 1;
/** Chunks shorter than this go element by element (the set-up costs more than it saves). */
const MIN_CHUNK = 4;

function read(cpu: Cpu, size: number, a: number): number {
  return size === 1 ? cpu.read8(a) : size === 2 ? cpu.read16(a) : cpu.read32(a);
}
function write(cpu: Cpu, size: number, a: number, v: number): void {
  if (size === 1) cpu.write8(a, v); else if (size === 2) cpu.write16(a, v); else cpu.write32(a, v);
}
function acc(cpu: Cpu, size: number): number {
  return size === 1 ? cpu.r8[0] : size === 2 ? cpu.r16[0] : cpu.r32[0];
}
/** SI/DI (reg 6/7) under 16- or 32-bit addressing. */
function index(cpu: Cpu, a16: number, reg: number): number {
  return a16 ? cpu.r16[reg * 2] : cpu.r32[reg];
}
function advance(cpu: Cpu, a16: number, reg: number, step: number): void {
  if (a16) cpu.r16[reg * 2] = cpu.r16[reg * 2] + step;
  else cpu.r32[reg] = (cpu.r32[reg] + step) | 0;
}
/** Counts one REP iteration down; returns true when CX/ECX reached 0. */
function countDown(cpu: Cpu, a16: number): boolean {
  if (a16) return (cpu.r16[2] = cpu.r16[2] - 1) === 0;
  return (cpu.r32[ECX] = (cpu.r32[ECX] - 1) | 0) === 0;
}
function countZero(cpu: Cpu, a16: number): boolean {
  return (a16 ? cpu.r16[2] : cpu.r32[ECX]) === 0;
}
/** REPE stops on ZF=0, REPNE on ZF=1. */
function repStops(cpu: Cpu, i: Insn): boolean {
  const zf = cpu.lf.zf();
  return (i.rep === 1 && zf === 0) || (i.rep === 2 && zf === 1);
}

/** Whole elements from `lin` in the direction of `step` that stay inside lin's page. */
function inPage(lin: number, size: number, step: number): number {
  const off = lin & 0xfff;
  if (off + size > 0x1000) return 0;
  return step > 0 ? ((0x1000 - off) / size) | 0 : ((off / size) | 0) + 1;
}

/**
 * Retires up to one page-bounded chunk of REP MOVS (32-bit addressing) straight on the physical
 * memory, updating ECX/ESI/EDI as the element loop would; returns the elements done (0: not
 * applicable, take one element the slow way). The TLB never grants fast writes to pages holding
 * decoded code (paging.ts), so a write-permitted entry needs no code-page invalidation.
 */
function movsChunk(cpu: Cpu, size: number, step: number, srcBase: number, dstBase: number): number {
  const si = cpu.r32[ESI], di = cpu.r32[EDI];
  const slin = (srcBase + si) | 0, dlin = (dstBase + di) | 0;
  const count = cpu.r32[ECX] >>> 0;
  const ns = inPage(slin, size, step), nd = inPage(dlin, size, step);
  const n = count < ns ? (count < nd ? count : nd) : (ns < nd ? ns : nd);
  if (n < MIN_CHUNK) return 0;
  const es = cpu.tlb.entries[slin >>> 12], ed = cpu.tlb.entries[dlin >>> 12];
  if (!(es & cpu.tlbRead) || !(ed & cpu.tlbWrite)) return 0;
  const ps0 = (es & ~0xfff) ^ slin, pd0 = (ed & ~0xfff) ^ dlin;
  const bytes = n * size;
  const ps = step > 0 ? ps0 : ps0 - bytes + size, pd = step > 0 ? pd0 : pd0 - bytes + size;
  const u8 = cpu.mem.u8;
  // Element-by-element copying equals memmove unless the destination starts ahead of the source
  // (in the copy direction) inside it: then later elements re-read what earlier ones wrote.
  const ahead = step > 0 ? pd > ps && pd < ps + bytes : pd < ps && pd + bytes > ps;
  if (!ahead) u8.copyWithin(pd, ps, ps + bytes);
  else if (size === 1) for (let k = 0; k < n; k++) u8[pd0 + k * step] = u8[ps0 + k * step];
  else for (let k = 0; k < n; k++) u8.copyWithin(pd0 + k * step, ps0 + k * step, ps0 + k * step + size);
  cpu.r32[ECX] = (count - n) | 0;
  cpu.r32[ESI] = (si + n * step) | 0;
  cpu.r32[EDI] = (di + n * step) | 0;
  return n;
}

/** The STOS counterpart of movsChunk(): fills a page-bounded chunk with the accumulator. */
function stosChunk(cpu: Cpu, size: number, step: number, dstBase: number, v: number): number {
  const di = cpu.r32[EDI];
  const dlin = (dstBase + di) | 0;
  const count = cpu.r32[ECX] >>> 0;
  const nd = inPage(dlin, size, step);
  const n = count < nd ? count : nd;
  if (n < MIN_CHUNK) return 0;
  const ed = cpu.tlb.entries[dlin >>> 12];
  if (!(ed & cpu.tlbWrite)) return 0;
  const bytes = n * size;
  const pd0 = (ed & ~0xfff) ^ dlin;
  const pd = step > 0 ? pd0 : pd0 - bytes + size;
  const mem = cpu.mem;
  if (size === 1) mem.u8.fill(v, pd, pd + bytes);
  else if (size === 2 && (pd & 1) === 0) mem.u16.fill(v, pd >>> 1, (pd + bytes) >>> 1);
  else if (size === 4 && (pd & 3) === 0) mem.i32.fill(v, pd >>> 2, (pd + bytes) >>> 2);
  else for (let k = 0; k < bytes; k++) mem.u8[pd + k] = v >> ((k & (size - 1)) * 8); // little-endian
  cpu.r32[ECX] = (count - n) | 0;
  cpu.r32[EDI] = (di + n * step) | 0;
  return n;
}

function movs(byteOp: boolean): Handler {
  return (cpu, i) => {
    const size = byteOp ? 1 : i.o16 ? 2 : 4;
    const step = cpu.lf.flags & Eflags.DF ? -size : size;
    const a16 = i.ea16;
    const srcBase = cpu.segBase[i.seg], dstBase = cpu.segBase[Seg.ES];
    const counted = i.rep !== 0;
    for (;;) {
      if (counted) {
        if (countZero(cpu, a16)) return;
        if (!a16 && movsChunk(cpu, size, step, srcBase, dstBase) > 0) continue;
      }
      const si = index(cpu, a16, ESI), di = index(cpu, a16, EDI);
      write(cpu, size, (dstBase + di) | 0, read(cpu, size, (srcBase + si) | 0));
      advance(cpu, a16, ESI, step);
      advance(cpu, a16, EDI, step);
      if (!counted || countDown(cpu, a16)) return;
    }
  };
}

function stos(byteOp: boolean): Handler {
  return (cpu, i) => {
    const size = byteOp ? 1 : i.o16 ? 2 : 4;
    const step = cpu.lf.flags & Eflags.DF ? -size : size;
    const a16 = i.ea16;
    const dstBase = cpu.segBase[Seg.ES];
    const v = acc(cpu, size);
    const counted = i.rep !== 0;
    for (;;) {
      if (counted) {
        if (countZero(cpu, a16)) return;
        if (!a16 && stosChunk(cpu, size, step, dstBase, v) > 0) continue;
      }
      write(cpu, size, (dstBase + index(cpu, a16, EDI)) | 0, v);
      advance(cpu, a16, EDI, step);
      if (!counted || countDown(cpu, a16)) return;
    }
  };
}

function lods(byteOp: boolean): Handler {
  return (cpu, i) => {
    const size = byteOp ? 1 : i.o16 ? 2 : 4;
    const step = cpu.lf.flags & Eflags.DF ? -size : size;
    const a16 = i.ea16;
    const srcBase = cpu.segBase[i.seg];
    const counted = i.rep !== 0;
    for (;;) {
      if (counted && countZero(cpu, a16)) return;
      const v = read(cpu, size, (srcBase + index(cpu, a16, ESI)) | 0);
      if (size === 1) cpu.r8[0] = v; else if (size === 2) cpu.r16[0] = v; else cpu.r32[0] = v;
      advance(cpu, a16, ESI, step);
      if (!counted || countDown(cpu, a16)) return;
    }
  };
}

function cmps(byteOp: boolean): Handler {
  return (cpu, i) => {
    const size = byteOp ? 1 : i.o16 ? 2 : 4;
    const step = cpu.lf.flags & Eflags.DF ? -size : size;
    const a16 = i.ea16;
    const srcBase = cpu.segBase[i.seg], dstBase = cpu.segBase[Seg.ES];
    const sb = size * 8 - 1;
    const counted = i.rep !== 0;
    for (;;) {
      if (counted && countZero(cpu, a16)) return;
      const s = read(cpu, size, (srcBase + index(cpu, a16, ESI)) | 0);
      const d = read(cpu, size, (dstBase + index(cpu, a16, EDI)) | 0);
      alu(cpu, 7, sb, s, d);
      advance(cpu, a16, ESI, step);
      advance(cpu, a16, EDI, step);
      if (!counted || countDown(cpu, a16) || repStops(cpu, i)) return;
    }
  };
}

function scas(byteOp: boolean): Handler {
  return (cpu, i) => {
    const size = byteOp ? 1 : i.o16 ? 2 : 4;
    const step = cpu.lf.flags & Eflags.DF ? -size : size;
    const a16 = i.ea16;
    const dstBase = cpu.segBase[Seg.ES];
    const sb = size * 8 - 1;
    const counted = i.rep !== 0;
    for (;;) {
      if (counted && countZero(cpu, a16)) return;
      const d = read(cpu, size, (dstBase + index(cpu, a16, EDI)) | 0);
      alu(cpu, 7, sb, acc(cpu, size), d);
      advance(cpu, a16, EDI, step);
      if (!counted || countDown(cpu, a16) || repStops(cpu, i)) return;
    }
  };
}

function ins(byteOp: boolean): Handler {
  return (cpu, i) => {
    const size = byteOp ? 1 : i.o16 ? 2 : 4;
    const step = cpu.lf.flags & Eflags.DF ? -size : size;
    const a16 = i.ea16;
    const dstBase = cpu.segBase[Seg.ES];
    checkIo(cpu, cpu.r16[4], size);
    const counted = i.rep !== 0;
    for (;;) {
      if (counted && countZero(cpu, a16)) return;
      const port = cpu.r16[4];
      const a = (dstBase + index(cpu, a16, EDI)) | 0;
      cpu.probeWrite(a, size); // the port read has side effects: fault before it, not after
      write(cpu, size, a, size === 1 ? cpu.ports.in8(port) : size === 2 ? cpu.ports.in16(port) : cpu.ports.in32(port));
      advance(cpu, a16, EDI, step);
      if (!counted || countDown(cpu, a16)) return;
    }
  };
}

function outs(byteOp: boolean): Handler {
  return (cpu, i) => {
    const size = byteOp ? 1 : i.o16 ? 2 : 4;
    const step = cpu.lf.flags & Eflags.DF ? -size : size;
    const a16 = i.ea16;
    const srcBase = cpu.segBase[i.seg];
    checkIo(cpu, cpu.r16[4], size);
    const counted = i.rep !== 0;
    for (;;) {
      if (counted && countZero(cpu, a16)) return;
      const v = read(cpu, size, (srcBase + index(cpu, a16, ESI)) | 0), port = cpu.r16[4];
      if (size === 1) cpu.ports.out8(port, v); else if (size === 2) cpu.ports.out16(port, v); else cpu.ports.out32(port, v);
      advance(cpu, a16, ESI, step);
      if (!counted || countDown(cpu, a16)) return;
    }
  };
}

export const movsb = movs(true), movsv = movs(false);
export const cmpsb = cmps(true), cmpsv = cmps(false);
export const stosb = stos(true), stosv = stos(false);
export const lodsb = lods(true), lodsv = lods(false);
export const scasb = scas(true), scasv = scas(false);
export const insb = ins(true), insv = ins(false);
export const outsb = outs(true), outsv = outs(false);

export type { Insn };
