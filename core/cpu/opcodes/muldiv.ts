// Multiplication and division: MUL/IMUL/DIV/IDIV (group 3 /4–/7), IMUL Gv,Ev(,imm) (0F AF, 69, 6B)
// (SDM Vol. 2). 64-bit products and dividends are exact without BigInt: 16-bit limb arithmetic in
// doubles. #DE on a zero divisor or a quotient that does not fit. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler } from "../insn.ts";
import { Eflags } from "../eflags.ts";
import { raise } from "../fault.ts";
import { readE, rmwAddr } from "./alu.ts";

/** High 32 bits of the unsigned 64-bit product of two uint32 values (as int32). */
export function mulHighU(a: number, b: number): number {
  a >>>= 0; b >>>= 0;
  const aL = a & 0xffff, aH = a >>> 16, bL = b & 0xffff, bH = b >>> 16;
  const ll = aL * bL, lh = aL * bH, hl = aH * bL, hh = aH * bH;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** High 32 bits of the signed 64-bit product of two int32 values. */
export function mulHighS(a: number, b: number): number {
  let h = mulHighU(a, b);
  if (a < 0) h = (h - b) | 0;
  if (b < 0) h = (h - a) | 0;
  return h;
}

/** MUL/IMUL leave SF/ZF/PF from the low half (undefined on hardware) and CF=OF=overflow. */
function setMulFlags(cpu: Cpu, sb: number, low: number, overflow: boolean): void {
  const lf = cpu.lf;
  lf.setLogic(sb, low);
  lf.lazy &= ~(Eflags.CF | Eflags.OF | Eflags.AF);
  lf.flags = (lf.flags & ~(Eflags.CF | Eflags.OF | Eflags.AF)) | (overflow ? Eflags.CF | Eflags.OF : 0);
}

export const mulEb: Handler = (cpu, i) => {
  const r = cpu.r8[0] * readE(cpu, i, 7, rmwAddr(cpu, i));
  cpu.r16[0] = r;
  setMulFlags(cpu, 7, r & 0xff, r > 0xff);
};
export const imulEb: Handler = (cpu, i) => {
  const r = ((cpu.r8[0] << 24) >> 24) * ((readE(cpu, i, 7, rmwAddr(cpu, i)) << 24) >> 24);
  cpu.r16[0] = r;
  setMulFlags(cpu, 7, r & 0xff, r !== ((r << 24) >> 24));
};
export const mulEw: Handler = (cpu, i) => {
  const r = cpu.r16[0] * readE(cpu, i, 15, rmwAddr(cpu, i));
  cpu.r16[0] = r; cpu.r16[4] = r >>> 16;
  setMulFlags(cpu, 15, r & 0xffff, r > 0xffff);
};
export const imulEw: Handler = (cpu, i) => {
  const r = ((cpu.r16[0] << 16) >> 16) * ((readE(cpu, i, 15, rmwAddr(cpu, i)) << 16) >> 16);
  cpu.r16[0] = r; cpu.r16[4] = r >> 16;
  setMulFlags(cpu, 15, r & 0xffff, r !== ((r << 16) >> 16));
};
export const mulEd: Handler = (cpu, i) => {
  const a = cpu.r32[0], b = readE(cpu, i, 31, rmwAddr(cpu, i));
  const lo = Math.imul(a, b), hi = mulHighU(a, b);
  cpu.r32[0] = lo; cpu.r32[2] = hi;
  setMulFlags(cpu, 31, lo, hi !== 0);
};
export const imulEd: Handler = (cpu, i) => {
  const a = cpu.r32[0], b = readE(cpu, i, 31, rmwAddr(cpu, i));
  const lo = Math.imul(a, b), hi = mulHighS(a, b);
  cpu.r32[0] = lo; cpu.r32[2] = hi;
  setMulFlags(cpu, 31, lo, hi !== (lo >> 31));
};

/** IMUL Gv, Ev, imm and IMUL Gv, Ev (the 2-operand form uses Gv as the first factor). */
function imulG(withImm: boolean): Handler {
  return (cpu, i) => {
    if (i.o16) {
      const b = (readE(cpu, i, 15, rmwAddr(cpu, i)) << 16) >> 16;
      const a = withImm ? (i.imm << 16) >> 16 : (cpu.r16[i.reg << 1] << 16) >> 16;
      const r = a * b;
      cpu.r16[i.reg << 1] = r;
      setMulFlags(cpu, 15, r & 0xffff, r !== ((r << 16) >> 16));
    } else {
      const b = readE(cpu, i, 31, rmwAddr(cpu, i));
      const a = withImm ? i.imm : cpu.r32[i.reg];
      const lo = Math.imul(a, b), hi = mulHighS(a, b);
      cpu.r32[i.reg] = lo;
      setMulFlags(cpu, 31, lo, hi !== (lo >> 31));
    }
  };
}
export const imulGvEv = imulG(false), imulGvEvIz = imulG(true), imulGvEvIb = imulG(true);

/** Unsigned (hi·2^32 + lo) / d for hi < d; returns [quotient, remainder] as uint32 numbers. */
export function divU64(hi: number, lo: number, d: number): [number, number] {
  hi >>>= 0; lo >>>= 0; d >>>= 0;
  const n1 = hi * 65536 + (lo >>> 16);
  const q1 = Math.floor(n1 / d);
  let r = n1 - q1 * d;
  const n0 = r * 65536 + (lo & 0xffff);
  const q0 = Math.floor(n0 / d);
  r = n0 - q0 * d;
  return [q1 * 65536 + q0, r];
}

export const divEb: Handler = (cpu, i) => {
  const d = readE(cpu, i, 7, rmwAddr(cpu, i));
  if (d === 0) raise(0);
  const n = cpu.r16[0], q = Math.floor(n / d);
  if (q > 0xff) raise(0);
  cpu.r8[0] = q; cpu.r8[1] = n % d;
};
export const idivEb: Handler = (cpu, i) => {
  const d = (readE(cpu, i, 7, rmwAddr(cpu, i)) << 24) >> 24;
  if (d === 0) raise(0);
  const n = (cpu.r16[0] << 16) >> 16, q = Math.trunc(n / d);
  if (q > 127 || q < -128) raise(0);
  cpu.r8[0] = q; cpu.r8[1] = n % d;
};
export const divEw: Handler = (cpu, i) => {
  const d = readE(cpu, i, 15, rmwAddr(cpu, i));
  if (d === 0) raise(0);
  const n = (cpu.r16[4] * 65536 + cpu.r16[0]), q = Math.floor(n / d);
  if (q > 0xffff) raise(0);
  cpu.r16[0] = q; cpu.r16[4] = n % d;
};
export const idivEw: Handler = (cpu, i) => {
  const d = (readE(cpu, i, 15, rmwAddr(cpu, i)) << 16) >> 16;
  if (d === 0) raise(0);
  const n = (cpu.r16[4] << 16) | cpu.r16[0], q = Math.trunc(n / d);
  if (q > 32767 || q < -32768) raise(0);
  cpu.r16[0] = q; cpu.r16[4] = n % d;
};
export const divEd: Handler = (cpu, i) => {
  const d = readE(cpu, i, 31, rmwAddr(cpu, i)) >>> 0;
  if (d === 0) raise(0);
  const hi = cpu.r32[2] >>> 0;
  if (hi >= d) raise(0);
  const [q, r] = divU64(hi, cpu.r32[0], d);
  cpu.r32[0] = q; cpu.r32[2] = r;
};
export const idivEd: Handler = (cpu, i) => {
  const d = readE(cpu, i, 31, rmwAddr(cpu, i));
  if (d === 0) raise(0);
  let hi = cpu.r32[2], lo = cpu.r32[0];
  const negN = hi < 0;
  if (negN) { // |n| as a 64-bit two's complement negation
    lo = (~lo + 1) | 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
  }
  const ad = Math.abs(d);
  if ((hi >>> 0) >= ad) raise(0);
  const [uq, ur] = divU64(hi, lo, ad);
  const q = negN !== (d < 0) ? -uq : uq;
  if (q > 0x7fffffff || q < -0x80000000) raise(0);
  cpu.r32[0] = q; cpu.r32[2] = negN ? -ur : ur;
};
