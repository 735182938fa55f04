// SSE/SSE2 floating-point arithmetic, compares and logic on XMM registers: 0F 51–5F, C2, 2E/2F,
// 54–57 in their PS (none), PD (66), SS (F3) and SD (F2) forms (SDM vol. 2, each instruction page).
// Element semantics come from softfloat.ts (exact) or fast_float.ts (host doubles, when provably the
// same); this file picks lanes and operands. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler, Insn } from "../insn.ts";
import { Eflags } from "../eflags.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { ENV, sseGate } from "./simd_env.ts";
import { Align, loadW, loadXmm, storeXmm, VD, VR, VS, copy4 } from "./operands.ts";
import { arith, compare, F32, F64, type FloatFormat, minMax, Op, sqrt } from "./softfloat.ts";
import { approxRcp, approxRsqrt } from "./approx.ts";
import { fast32, fast64, fastCompare, fastEnabled, FastOp } from "./fast_float.ts";

/** Reads lane k of a vector in format f as raw bits. */
export function lane(v: Int32Array, f: FloatFormat, k: number): bigint {
  if (f === F32) return BigInt(v[k] >>> 0);
  return BigInt(v[2 * k] >>> 0) | (BigInt(v[2 * k + 1] >>> 0) << 32n);
}

/** Writes lane k of a vector in format f. */
export function setLane(v: Int32Array, f: FloatFormat, k: number, bits: bigint): void {
  if (f === F32) { v[k] = Number(bits & 0xffffffffn) | 0; return; }
  v[2 * k] = Number(bits & 0xffffffffn) | 0;
  v[2 * k + 1] = Number((bits >> 32n) & 0xffffffffn) | 0;
}

/** Format and lane count for a mandatory prefix: none PS, 66 PD, F3 SS, F2 SD. */
function formOf(pfx: number): { f: FloatFormat; lanes: number; bytes: number } {
  return FORMS[pfx];
}
const FORMS = [
  { f: F32, lanes: 4, bytes: 16 }, { f: F64, lanes: 2, bytes: 16 },
  { f: F64, lanes: 1, bytes: 8 }, { f: F32, lanes: 1, bytes: 4 },
];

type Element = (f: FloatFormat, a: bigint, b: bigint, i: Insn) => bigint;

/**
 * Builds a V,W handler applying `el` lane by lane; scalar forms keep the destination's upper lanes.
 * `singleOnly` rows (RCP, RSQRT) have no PD/SD forms.
 */
function vectorOp(el: Element, singleOnly = false): Handler {
  return (cpu: Cpu, i: Insn) => {
    if (singleOnly && (i.pfx === 1 || i.pfx === 2)) raise(Vector.InvalidOpcode);
    sseGate(cpu);
    const { f, lanes, bytes } = formOf(i.pfx);
    loadW(cpu, i, VS, bytes, bytes === 16 ? Align.A16 : Align.None);
    loadXmm(cpu, i.reg, VD);
    copy4(VR, VD);
    ENV.begin(cpu);
    for (let k = 0; k < lanes; k++) setLane(VR, f, k, el(f, lane(VD, f, k), lane(VS, f, k), i));
    ENV.commit(cpu);
    storeXmm(cpu, i.reg, VR);
  };
}

/**
 * ADD/SUB/MUL/DIV/SQRT in all four forms: each lane tries the host-double fast path (fast_float.ts)
 * and falls back to the exact softfloat element when it declines.
 */
function floatOp(op: number, el: Element): Handler {
  return (cpu: Cpu, i: Insn) => {
    sseGate(cpu);
    const { f, lanes, bytes } = formOf(i.pfx);
    loadW(cpu, i, VS, bytes, bytes === 16 ? Align.A16 : Align.None);
    loadXmm(cpu, i.reg, VD);
    copy4(VR, VD);
    ENV.begin(cpu);
    const fast = fastEnabled();
    for (let k = 0; k < lanes; k++) {
      if (fast && (f === F64 ? fast64(op, k) : fast32(op, k))) continue;
      setLane(VR, f, k, el(f, lane(VD, f, k), lane(VS, f, k), i));
    }
    ENV.commit(cpu);
    storeXmm(cpu, i.reg, VR);
  };
}

export const sqrtVW = floatOp(FastOp.Sqrt, (f, _a, b) => sqrt(f, b));
export const rsqrtVW = vectorOp((_f, _a, b) => approxRsqrt(Number(b)), true);
export const rcpVW = vectorOp((_f, _a, b) => approxRcp(Number(b)), true);
export const addVW = floatOp(FastOp.Add, (f, a, b) => arith(f, Op.Add, a, b));
export const mulVW = floatOp(FastOp.Mul, (f, a, b) => arith(f, Op.Mul, a, b));
export const subVW = floatOp(FastOp.Sub, (f, a, b) => arith(f, Op.Sub, a, b));
export const divVW = floatOp(FastOp.Div, (f, a, b) => arith(f, Op.Div, a, b));
export const minVW = vectorOp((f, a, b) => minMax(f, a, b, false));
export const maxVW = vectorOp((f, a, b) => minMax(f, a, b, true));

/**
 * CMPccPS/PD/SS/SD predicates imm8[2:0] (SDM CMPPS Table 3-7): EQ, LT, LE, UNORD, NEQ, NLT, NLE, ORD.
 * LT/LE/NLT/NLE signal IE on a QNaN too.
 */
const SIGNALS_QNAN = [false, true, true, false, false, true, true, false];
function predicate(p: number, c: number): boolean {
  switch (p) {
    case 0: return c === 0;
    case 1: return c === -1;
    case 2: return c === -1 || c === 0;
    case 3: return c === 2;
    case 4: return c !== 0;
    case 5: return c !== -1;
    case 6: return c === 1 || c === 2;
    default: return c !== 2;
  }
}
export const cmpVWIb = vectorOp((f, a, b, i) => {
  const p = i.imm & 7;
  const c = compare(f, a, b, SIGNALS_QNAN[p]);
  return predicate(p, c) ? (1n << BigInt(f.width)) - 1n : 0n;
});

/** COMISS/COMISD (2F) and UCOMISS/UCOMISD (2E): ZF,PF,CF = unordered 111, less 001, equal 100. */
function comis(signalQNaN: boolean): Handler {
  return (cpu, i) => {
    if (i.pfx >= 2) raise(Vector.InvalidOpcode);
    sseGate(cpu);
    const f = i.pfx === 1 ? F64 : F32;
    loadW(cpu, i, VS, f.width >> 3, Align.None);
    loadXmm(cpu, i.reg, VD);
    ENV.begin(cpu);
    let c = fastCompare(f === F64, 0);
    if (c === 3) c = compare(f, lane(VD, f, 0), lane(VS, f, 0), signalQNaN);
    ENV.commit(cpu);
    const bits = c === 2 ? Eflags.ZF | Eflags.PF | Eflags.CF : c === -1 ? Eflags.CF : c === 0 ? Eflags.ZF : 0;
    cpu.lf.materialise();
    cpu.lf.flags = (cpu.lf.flags & ~(Eflags.OF | Eflags.SF | Eflags.ZF | Eflags.AF | Eflags.PF | Eflags.CF)) | bits;
  };
}
export const ucomisVW = comis(false);
export const comisVW = comis(true);

/** ANDPS/ANDNPS/ORPS/XORPS and the PD forms (54–57): bitwise, no FP exceptions. */
function logic(fn: (d: number, s: number) => number): Handler {
  return (cpu, i) => {
    if (i.pfx >= 2) raise(Vector.InvalidOpcode);
    sseGate(cpu);
    loadW(cpu, i, VS, 16, Align.A16);
    const x = cpu.xmm, b = i.reg << 2;
    for (let k = 0; k < 4; k++) x[b + k] = fn(x[b + k], VS[k]);
  };
}
export const andVW = logic((d, s) => d & s);
export const andnVW = logic((d, s) => ~d & s);
export const orVW = logic((d, s) => d | s);
export const xorVW = logic((d, s) => d ^ s);
