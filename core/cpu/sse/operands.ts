// Operand access for MMX/SSE handlers: scratch vectors and loads/stores of XMM registers, MMX
// registers and 4/8/16-byte memory operands, with the 16-byte alignment rule of SSE (#GP(0) on a
// misaligned MOVAPS/packed operand, SDM vol. 1 §11.6.6). Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Insn } from "../insn.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { readMm, writeMm } from "./mmx_state.ts";

/** Scratch vectors: destination, source, result (4 dwords each; instructions never nest). */
export const VD = new Int32Array(4);
export const VS = new Int32Array(4);
export const VR = new Int32Array(4);

/** Copies 4 dwords (TypedArray.set is a native call, far slower than this for 16 bytes). */
export function copy4(dst: Int32Array, src: Int32Array): void {
  dst[0] = src[0]; dst[1] = src[1]; dst[2] = src[2]; dst[3] = src[3];
}

/** Operand alignment requirement. */
export const Align = { None: false, A16: true } as const;

/** Copies XMMn into `out`. */
export function loadXmm(cpu: Cpu, n: number, out: Int32Array): void {
  const x = cpu.xmm, b = n << 2;
  out[0] = x[b]; out[1] = x[b + 1]; out[2] = x[b + 2]; out[3] = x[b + 3];
}

/** Copies `v` into XMMn. */
export function storeXmm(cpu: Cpu, n: number, v: Int32Array): void {
  const x = cpu.xmm, b = n << 2;
  x[b] = v[0]; x[b + 1] = v[1]; x[b + 2] = v[2]; x[b + 3] = v[3];
}

/** Linear address of the memory operand, checking 16-byte alignment when `align`. */
export function memAddr(cpu: Cpu, i: Insn, align: boolean): number {
  const lin = cpu.ea(i);
  if (align && (lin & 15)) raise(Vector.GeneralProtection, 0);
  return lin;
}

/** Reads `bytes` (4, 8 or 16) from memory into `out`; the remaining dwords become 0. */
export function loadMem(cpu: Cpu, lin: number, out: Int32Array, bytes: number): void {
  // Unrolled (n is 1, 2 or 4); reads stay in ascending order, as a fault must see them.
  const n = bytes >> 2;
  out[0] = cpu.read32(lin);
  out[1] = n > 1 ? cpu.read32((lin + 4) | 0) : 0;
  out[2] = n > 2 ? cpu.read32((lin + 8) | 0) : 0;
  out[3] = n > 2 ? cpu.read32((lin + 12) | 0) : 0;
}

/** Writes the first `bytes` of `v` to memory, all or nothing (probes the range first). */
export function storeMem(cpu: Cpu, lin: number, v: Int32Array, bytes: number): void {
  cpu.probeWrite(lin, bytes);
  for (let k = 0; k < bytes >> 2; k++) cpu.write32((lin + 4 * k) | 0, v[k]);
}

/**
 * Loads a W operand: XMM[rm] (all 16 bytes) for mod 3, else `bytes` from memory (zero-extended),
 * 16-byte aligned when `align`.
 */
export function loadW(cpu: Cpu, i: Insn, out: Int32Array, bytes: number, align: boolean): void {
  if (i.mod === 3) loadXmm(cpu, i.rm, out);
  else loadMem(cpu, memAddr(cpu, i, align), out, bytes);
}

/** Loads a Q operand: MM[rm] for mod 3, else 8 bytes of memory, into out[0..1] (out[2..3] = 0). */
export function loadQ(cpu: Cpu, i: Insn, out: Int32Array): void {
  if (i.mod === 3) { readMm(cpu, i.rm, out); out[2] = out[3] = 0; }
  else loadMem(cpu, cpu.ea(i), out, 8);
}

/** Writes v[0..1] to MMn. */
export function storeMm(cpu: Cpu, n: number, v: Int32Array): void {
  writeMm(cpu, n, v[0], v[1]);
}

/** Requires a register (mod 3) operand, else #UD. */
export function requireReg(i: Insn): void {
  if (i.mod !== 3) raise(Vector.InvalidOpcode);
}

/** Requires a memory (mod ≠ 3) operand, else #UD. */
export function requireMem(i: Insn): void {
  if (i.mod === 3) raise(Vector.InvalidOpcode);
}

/** Reads a 32-bit E operand (general register or memory). */
export function loadEd(cpu: Cpu, i: Insn): number {
  return i.mod === 3 ? cpu.r32[i.rm] : cpu.read32(cpu.ea(i));
}

/** Writes a 32-bit E operand (general register or memory). */
export function storeEd(cpu: Cpu, i: Insn, v: number): void {
  if (i.mod === 3) cpu.r32[i.rm] = v;
  else cpu.write32(cpu.ea(i), v);
}
