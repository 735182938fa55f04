// x87 instruction fast paths on double-double shadows (dd_regs.ts, dd_arith.ts, dd_div.ts): FADD/FSUB/
// FSUBR/FMUL/FDIV/FDIVR with register, m64 or m32 operands, FSQRT, FLD m64/m32, FST(P) m64, FCOMI
// ordering, register copies. Each
// returns false, having changed nothing, unless the case is plain (operands present and shadowable,
// PC = 64 and RC = nearest for arithmetic); the caller then runs the general path. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { FpuState } from "./fpu_state.ts";
import { DD_C1, DD_MAX, DD_MIN, DD_PE, ddAdd, ddMul } from "./dd_arith.ts";
import { ddDiv, ddSqrt } from "./dd_div.ts";
import { float32Into, lowWord, settleShadow, shadowDouble, unpackShadow, wordsOf } from "./dd_regs.ts";
import { writeM64 } from "./exec.ts";

/** Control word: PC/RC field and the PE mask; status word: ES and B (SDM vol. 1 §8.1.3, §8.1.5). */
const PC_RC = 0x0f00;
const PC64_NEAREST = 0x0300;
const RC = 0x0c00;
const PE_MASK = 0x20;
const ES_B = 0x8080;

/** True if physical register p has, or can be given, a shadow. */
function shadowed(f: FpuState, p: number): boolean {
  return f.dd[p] !== 0 || unpackShadow(f, p);
}

/** Merges an operation's PE/C1 into the status word (an unmasked PE sets ES and B, as commit does). */
function finish(f: FpuState, r: number): void {
  let sw = (f.sw & ~DD_C1) | r;
  if (r & ~f.cw & PE_MASK) sw |= ES_B;
  f.sw = sw;
}

/** settleShadow for a register known to be full, with the common in-range case inline. */
function settle(f: FpuState, p: number): void {
  const a = Math.abs(f.ddHi[p]);
  if (a >= DD_MIN && a <= DD_MAX) {
    f.dd[p] = 2;
    f.anyShadow = true;
  } else settleShadow(f, p);
}

/** Scratch shadow slot (index 8 of ddHi/ddLo) holding a memory operand. */
const MEM = 8;

/**
 * Physical register d = a op b for BINARY[op] (0 add, 1 mul, 4 sub a − b, 5 subr b − a, 6 div a ÷ b,
 * 7 divr b ÷ a) on shadow slots; returns PE/C1 bits, or −1 (nothing written) when not handled here.
 */
function compute(f: FpuState, op: number, a: number, b: number, d: number): number {
  const H = f.ddHi, L = f.ddLo;
  switch (op) {
    case 0: return ddAdd(H, L, a, b, 0, d);
    case 1: return ddMul(H, L, a, b, d);
    case 4: return ddAdd(H, L, a, b, 1, d);
    case 5: return ddAdd(H, L, b, a, 1, d);
    case 6: return ddDiv(H, L, a, b, d);
    case 7: return ddDiv(H, L, b, a, d);
    default: return -1;
  }
}

/** ST(dest) = ST(0) op ST(src), then pop if `pop` (as applyBinary). */
export function ddBinary(f: FpuState, op: number, dest: number, src: number, pop: boolean): boolean {
  if ((f.cw & PC_RC) !== PC64_NEAREST) return false;
  const top = f.top, ps = (top + src) & 7;
  if (f.empty[top] !== 0 || f.empty[ps] !== 0) return false;
  if ((f.dd[top] === 0 && !unpackShadow(f, top)) || (f.dd[ps] === 0 && !unpackShadow(f, ps))) return false;
  const pd = (top + dest) & 7;
  const r = compute(f, op, top, ps, pd);
  if (r < 0) return false;
  settle(f, pd);
  finish(f, r);
  if (pop) {
    f.empty[top] = 1;
    f.top = (top + 1) & 7;
  }
  return true;
}

/** ST(0) = ST(0) op m for an m64 operand (IEEE words hi:lo). */
export function ddBinaryM64(f: FpuState, op: number, hi: number, lo: number): boolean {
  if ((f.cw & PC_RC) !== PC64_NEAREST) return false;
  const top = f.top;
  if (f.empty[top] !== 0 || !shadowDouble(hi, lo, f.ddHi, MEM)) return false;
  if (f.dd[top] === 0 && !unpackShadow(f, top)) return false;
  return withMemOperand(f, op, top);
}

/** ST(0) = ST(0) op MEM (the memory operand's shadow, its head already in ddHi[MEM]). */
function withMemOperand(f: FpuState, op: number, top: number): boolean {
  f.ddLo[MEM] = 0;
  const r = compute(f, op, top, MEM, top);
  if (r < 0) return false;
  settle(f, top);
  finish(f, r);
  return true;
}

/** ST(0) = ST(0) op m for an m32 operand (IEEE bits); false unless it is a normal float. */
export function ddBinaryM32(f: FpuState, op: number, bits: number): boolean {
  if ((f.cw & PC_RC) !== PC64_NEAREST) return false;
  const top = f.top, e = (bits >>> 23) & 0xff;
  if (f.empty[top] !== 0 || e === 0 || e === 0xff) return false;
  if (f.dd[top] === 0 && !unpackShadow(f, top)) return false;
  float32Into(bits, f.ddHi, MEM); // every normal float is inside the shadow range
  return withMemOperand(f, op, top);
}

/** FSQRT of a shadowed positive ST(0). */
export function ddSqrtTop(f: FpuState): boolean {
  if ((f.cw & PC_RC) !== PC64_NEAREST) return false;
  const top = f.top;
  if (f.empty[top] !== 0 || (f.dd[top] === 0 && !unpackShadow(f, top)) || !(f.ddHi[top] > 0)) return false;
  const r = ddSqrt(f.ddHi, f.ddLo, top, top);
  if (r < 0) return false;
  settle(f, top);
  finish(f, r);
  return true;
}

/** FLD m64 (IEEE words hi:lo) into a free slot; false if the double is not shadowable. */
export function ddLoad64(f: FpuState, hi: number, lo: number): boolean {
  const p = (f.top - 1) & 7;
  if (f.empty[p] !== 1 || !shadowDouble(hi, lo, f.ddHi, p)) return false;
  return pushed(f, p);
}

/** FLD m32 (IEEE bits) into a free slot; false if not a normal float. */
export function ddLoad32(f: FpuState, bits: number): boolean {
  const p = (f.top - 1) & 7, e = (bits >>> 23) & 0xff;
  if (f.empty[p] !== 1 || e === 0 || e === 0xff) return false;
  float32Into(bits, f.ddHi, p); // every normal float is inside the shadow range
  return pushed(f, p);
}

/** Completes a push whose shadow head is in ddHi[p]. */
function pushed(f: FpuState, p: number): boolean {
  f.ddLo[p] = 0;
  f.dd[p] = 2;
  f.anyShadow = true;
  f.empty[p] = 0;
  f.top = p;
  f.sw &= ~DD_C1;
  return true;
}

/** The IEEE words of the last ddStoreWords: [low, high]. */
const DD_WORDS = new Int32Array(2);

/**
 * The status effects of FST m64 of a shadowed ST(0) under RC = nearest, with the double's words left
 * in DD_WORDS (the caller writes them, then calls ddStoreDone, then pops): the double is h (= RN53 of h + l), inexact when
 * l ≠ 0 and rounded up in magnitude when l points inwards. An encoding-only ST(0) is given a shadow
 * first. False (nothing changed but that shadow) if not plain.
 */
function ddStoreWords(f: FpuState): boolean {
  const top = f.top;
  if (f.empty[top] !== 0 || (f.cw & RC) !== 0 || (f.dd[top] === 0 && !unpackShadow(f, top))) return false;
  const h = f.ddHi[top], l = f.ddLo[top];
  storeFlags = l === 0 ? 0 : l < 0 !== h < 0 ? DD_PE | DD_C1 : DD_PE;
  DD_WORDS[1] = wordsOf(f.ddHi, top);
  DD_WORDS[0] = lowWord.v;
  return true;
}

/** The PE/C1 effects computed by the last ddStoreWords (applied once the store has succeeded). */
let storeFlags = 0;

/** Applies the status effects of the last ddStoreWords (after the memory write: a fault changes nothing). */
function ddStoreDone(f: FpuState): void {
  finish(f, storeFlags);
}

/** FST/FSTP m64 through ddStoreWords and the memory accessors. */
export function ddStore64(cpu: Cpu, f: FpuState, lin: number, pop: boolean): boolean {
  if (!ddStoreWords(f)) return false;
  writeM64(cpu, lin, DD_WORDS[1], DD_WORDS[0]);
  ddStoreDone(f);
  if (pop) {
    f.empty[f.top] = 1;
    f.top = (f.top + 1) & 7;
  }
  return true;
}

/** True if physical register p holds ±0 as an encoding only (FLDZ, exact cancellations). */
function isZero(f: FpuState, p: number): boolean {
  return f.dd[p] === 0 && (f.regSe[p] & 0x7fff) === 0 && f.regHi[p] === 0 && f.regLo[p] === 0;
}

/**
 * Orders two full physical registers that have (or can get) shadows or hold ±0: −1 if p < q, 0 if
 * equal, 1 if greater; 2 otherwise. Normalized pairs compare by head, then by tail; ±0 = 0 + 0.
 */
export function ddCompare(f: FpuState, p: number, q: number): number {
  let a = 0, al = 0, b = 0, bl = 0;
  if (shadowed(f, p)) {
    a = f.ddHi[p];
    al = f.ddLo[p];
  } else if (!isZero(f, p)) return 2;
  if (shadowed(f, q)) {
    b = f.ddHi[q];
    bl = f.ddLo[q];
  } else if (!isZero(f, q)) return 2;
  if (a !== b) return a < b ? -1 : 1;
  return al === bl ? 0 : al < bl ? -1 : 1;
}

/** Copies physical register `from` (encoding and shadow, each only if valid) to `to`, marking it full. */
export function copyReg(f: FpuState, from: number, to: number): void {
  const d = f.dd[from];
  if (d !== 2) {
    f.regSe[to] = f.regSe[from];
    f.regHi[to] = f.regHi[from];
    f.regLo[to] = f.regLo[from];
  }
  if (d !== 0) {
    f.ddHi[to] = f.ddHi[from];
    f.ddLo[to] = f.ddLo[from];
  }
  f.dd[to] = d;
  f.empty[to] = 0;
}

/** Swaps two full physical registers (encodings and shadows). */
export function swapRegs(f: FpuState, p: number, q: number): void {
  const dp = f.dd[p], dq = f.dd[q];
  if (dp !== 2 || dq !== 2) {
    const se = f.regSe[p], hi = f.regHi[p], lo = f.regLo[p];
    f.regSe[p] = f.regSe[q];
    f.regHi[p] = f.regHi[q];
    f.regLo[p] = f.regLo[q];
    f.regSe[q] = se;
    f.regHi[q] = hi;
    f.regLo[q] = lo;
  }
  if (dp !== 0 || dq !== 0) {
    const h = f.ddHi[p], l = f.ddLo[p];
    f.ddHi[p] = f.ddHi[q];
    f.ddLo[p] = f.ddLo[q];
    f.ddHi[q] = h;
    f.ddLo[q] = l;
  }
  f.dd[p] = dq;
  f.dd[q] = dp;
}
