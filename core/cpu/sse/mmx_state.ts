// MMX registers as the x87 unit stores them: MMi is the 64-bit significand of physical register Ri
// (SDM vol. 1 §9.5, Table 9-2). An MMX write sets that register's sign/exponent to 0xFFFF; every MMX
// instruction sets TOP = 0 and all tags valid; EMMS marks all tags empty. Also the x87 environment
// FXSAVE/FXRSTOR need. The only SIMD file that knows the x87 unit's field names. Platform-neutral.
import type { Cpu } from "../cpu.ts";

/** The parts of the x87 register file MMX touches (core/cpu/x87/fpu_state.ts). */
interface FpuRegisterFile {
  /** Sign | biased exponent of physical registers R0–R7. */
  signExp: Uint16Array;
  /** Significand halves of R0–R7. */
  mantHi: Uint32Array;
  mantLo: Uint32Array;
  /** Stack top (0–7). */
  top: number;
  /** Tag of each physical register: 0 valid, 1 zero, 2 special, 3 empty (SDM Figure 8-7). */
  tags: Uint8Array;
  /** Control word, status word (its TOP field is kept in `top`), last opcode and pointers. */
  cw: number;
  sw: number;
  fop: number;
  fip: number;
  fcs: number;
  fdp: number;
  fds: number;
}

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
  const f = regs(cpu);
  out.cw = f.cw & 0xffff;
  out.sw = ((f.sw & ~0x3800) | ((f.top & 7) << 11)) & 0xffff;
  let tw = 0;
  for (let r = 0; r < 8; r++) tw |= (f.tags[r] & 3) << (2 * r);
  out.tagWord = tw;
  out.fop = f.fop; out.fip = f.fip; out.fcs = f.fcs; out.fdp = f.fdp; out.fds = f.fds;
}

/** Loads the x87 environment (for FXRSTOR). */
export function writeX87Env(cpu: Cpu, e: X87Environment): void {
  const f = regs(cpu);
  f.cw = e.cw & 0xffff;
  f.sw = e.sw & ~0x3800 & 0xffff;
  f.top = (e.sw >> 11) & 7;
  for (let r = 0; r < 8; r++) f.tags[r] = (e.tagWord >> (2 * r)) & 3;
  f.fop = e.fop & 0x7ff; f.fip = e.fip; f.fcs = e.fcs & 0xffff; f.fdp = e.fdp; f.fds = e.fds & 0xffff;
}

/** Reads physical register r as an 80-bit value: [signExp, mantissa lo, mantissa hi]. */
export function readPhysical(cpu: Cpu, r: number, out: Int32Array): void {
  const f = regs(cpu);
  out[0] = f.mantLo[r] | 0; out[1] = f.mantHi[r] | 0; out[2] = f.signExp[r];
}

/** Writes physical register r from an 80-bit value (mantissa lo, hi, signExp). */
export function writePhysical(cpu: Cpu, r: number, lo: number, hi: number, signExp: number): void {
  const f = regs(cpu);
  f.mantLo[r] = lo; f.mantHi[r] = hi; f.signExp[r] = signExp & 0xffff;
}

function regs(cpu: Cpu): FpuRegisterFile {
  return cpu.fpu as unknown as FpuRegisterFile;
}

/** Tag values (SDM vol. 1 §8.1.7). */
const Tag = { Valid: 0, Empty: 3 } as const;

/** The MMX state transition every MMX instruction except EMMS performs: TOP = 0, all tags valid. */
export function enterMmx(cpu: Cpu): void {
  const f = regs(cpu);
  f.top = 0;
  f.tags.fill(Tag.Valid);
}

/** EMMS: all tags empty. */
export function emptyMmx(cpu: Cpu): void {
  regs(cpu).tags.fill(Tag.Empty);
}

/** Reads MMn into out[at] (low dword) and out[at + 1] (high dword). */
export function readMm(cpu: Cpu, n: number, out: Int32Array, at = 0): void {
  const f = regs(cpu);
  out[at] = f.mantLo[n] | 0;
  out[at + 1] = f.mantHi[n] | 0;
}

/** Writes MMn from two dwords; the register's exponent field becomes all ones. */
export function writeMm(cpu: Cpu, n: number, lo: number, hi: number): void {
  const f = regs(cpu);
  f.mantLo[n] = lo;
  f.mantHi[n] = hi;
  f.signExp[n] = 0xffff;
}
