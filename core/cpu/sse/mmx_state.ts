// MMX registers as the x87 unit stores them: MMi is the 64-bit significand of physical register Ri
// (SDM vol. 1 §9.5, Table 9-2). An MMX write sets that register's sign/exponent to 0xFFFF; every MMX
// instruction sets TOP = 0 and all tags valid; EMMS marks all tags empty. Also the x87 environment
// FXSAVE/FXRSTOR need. The only SIMD file that touches the x87 register file (cpu.fpu, FpuState). Platform-neutral.
import type { Cpu } from "../cpu.ts";
import { CW_FIXED_ONES, CW_WRITABLE } from "../x87/fpu_state.ts";

/** The x87 environment as FXSAVE/FXRSTOR see it (SDM vol. 2 FXSAVE Table 3-53). */
export interface X87Environment {
  cw: number;
  /** Status word including TOP (bits 11–13). */
  sw: number;
  /** Full tag word as 2 bits per physical register. */
  tagWord: number;
  fop: number;
  fip: number;
  fcs: number;
  fdp: number;
  fds: number;
}

/** Reads the x87 environment (for FXSAVE). */
export function readX87Env(cpu: Cpu, out: X87Environment): void {
  const f = cpu.fpu;
  out.cw = f.cw & 0xffff;
  out.sw = f.statusWord();
  out.tagWord = f.tagWord();
  out.fop = f.fop; out.fip = f.fip; out.fcs = f.fcs; out.fdp = f.fdp; out.fds = f.fds;
}

/** Loads the x87 environment (for FXRSTOR). */
export function writeX87Env(cpu: Cpu, e: X87Environment): void {
  const f = cpu.fpu;
  f.cw = (e.cw & CW_WRITABLE) | CW_FIXED_ONES;
  f.setStatusWord(e.sw);
  f.setTagWord(e.tagWord);
  f.fop = e.fop & 0x7ff; f.fip = e.fip; f.fcs = e.fcs & 0xffff; f.fdp = e.fdp; f.fds = e.fds & 0xffff;
}

/** Reads physical register r as an 80-bit value: [signExp, mantissa lo, mantissa hi]. */
export function readPhysical(cpu: Cpu, r: number, out: Int32Array): void {
  const f = cpu.fpu;
  out[0] = f.mantissaLo[r] | 0; out[1] = f.mantissaHi[r] | 0; out[2] = f.signExp[r];
}

/** Writes physical register r from an 80-bit value (mantissa lo, hi, signExp). */
export function writePhysical(cpu: Cpu, r: number, lo: number, hi: number, signExp: number): void {
  const f = cpu.fpu;
  f.mantissaLo[r] = lo; f.mantissaHi[r] = hi; f.signExp[r] = signExp & 0xffff;
}

/** The MMX state transition every MMX instruction except EMMS performs: TOP = 0, all tags valid. */
export function enterMmx(cpu: Cpu): void {
  const f = cpu.fpu;
  f.top = 0;
  f.empty.fill(0);
}

/** EMMS: all tags empty. */
export function emptyMmx(cpu: Cpu): void {
  cpu.fpu.empty.fill(1);
}

/** Reads MMn into out[at] (low dword) and out[at + 1] (high dword). */
export function readMm(cpu: Cpu, n: number, out: Int32Array, at = 0): void {
  const f = cpu.fpu;
  out[at] = f.mantissaLo[n] | 0;
  out[at + 1] = f.mantissaHi[n] | 0;
}

/** Writes MMn from two dwords; the register's exponent field becomes all ones. */
export function writeMm(cpu: Cpu, n: number, lo: number, hi: number): void {
  const f = cpu.fpu;
  f.mantissaLo[n] = lo;
  f.mantissaHi[n] = hi;
  f.signExp[n] = 0xffff;
}
