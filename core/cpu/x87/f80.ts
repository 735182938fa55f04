// The 80-bit extended-precision value, the per-operation environment (control word in, exception
// bits and C1 out) and operand classification shared by every x87 arithmetic file.
// Intel SDM vol. 1 §4.2.2 (formats), §8.1.5 (control word), §8.5 (exception conditions). Platform-neutral.

/**
 * A mutable 80-bit value: `se` = sign (bit 15) | biased exponent (bits 0-14), `hi`:`lo` = the explicit
 * 64-bit significand as two uint32 halves (bit 31 of `hi` is the integer bit). Operations write into a
 * caller-provided F80, so nothing is allocated per instruction.
 */
export class F80 {
  se = 0;
  hi = 0;
  lo = 0;
  constructor(se = 0, hi = 0, lo = 0) {
    this.se = se;
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }
  /** Copies another value into this one. */
  set(v: F80): this {
    this.se = v.se;
    this.hi = v.hi;
    this.lo = v.lo;
    return this;
  }
}

/** Exception flag bits, as in the status word (and the control-word masks). SDM vol. 1 §8.1.3, Fig. 8-5. */
export const FpuException = {
  Invalid: 0x01, // IE
  Denormal: 0x02, // DE
  ZeroDivide: 0x04, // ZE
  Overflow: 0x08, // OE
  Underflow: 0x10, // UE
  Precision: 0x20, // PE
  StackFault: 0x40, // SF
} as const;

/** Condition-code bits in their status-word positions. SDM vol. 1 §8.1.3.1. */
export const Cc = {
  C0: 0x0100,
  C1: 0x0200,
  C2: 0x0400,
  C3: 0x4000,
} as const;

/** Rounding-control field values (control word bits 10-11). SDM vol. 1 Table 4-8. */
export const RoundingControl = {
  Nearest: 0,
  Down: 1,
  Up: 2,
  TowardZero: 3,
} as const;

/** The control word after FINIT: all exceptions masked, 64-bit precision, round to nearest. SDM §8.1.5. */
export const DEFAULT_CONTROL_WORD = 0x037f;

/**
 * Inputs and outputs of one operation. The caller sets `cw`, calls `clear()`, runs the op, then ORs
 * `flags` into the status word and copies `c1` (1 = the inexact result was rounded up in magnitude).
 */
export class FpuEnv {
  cw = DEFAULT_CONTROL_WORD;
  flags = 0;
  c1 = 0;
  /** Resets the per-operation outputs. */
  clear(): void {
    this.flags = 0;
    this.c1 = 0;
  }
  /** Rounding control of `cw`. */
  get rc(): number {
    return (this.cw >> 10) & 3;
  }
  /** Significand width selected by precision control: 24, 53 or 64 (the reserved 01 acts as 64). */
  get precision(): number {
    const pc = (this.cw >> 8) & 3;
    return pc === 0 ? 24 : pc === 2 ? 53 : 64;
  }
}

/** Operand classes. Pseudo-denormals count as Denormal; unnormals, pseudo-NaN/-inf as Unsupported (P6+). */
export const Kind = {
  Zero: 0,
  Normal: 1,
  Denormal: 2,
  Infinity: 3,
  QNaN: 4,
  SNaN: 5,
  Unsupported: 6,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export const EXP_MAX = 0x7fff;
export const BIAS = 16383;

/** Classifies an encoding. */
export function kindOf(se: number, hi: number, lo: number): Kind {
  const exp = se & EXP_MAX;
  const integerBit = hi >>> 31;
  if (exp === 0) return hi === 0 && lo === 0 ? Kind.Zero : Kind.Denormal;
  if (exp === EXP_MAX) {
    if (!integerBit) return Kind.Unsupported;
    if ((hi & 0x7fffffff) === 0 && lo === 0) return Kind.Infinity;
    return hi & 0x40000000 ? Kind.QNaN : Kind.SNaN;
  }
  return integerBit ? Kind.Normal : Kind.Unsupported;
}

/** Writes the negative "real indefinite" QNaN (sign 1, exp 0x7FFF, significand 0xC000…0). */
export function setIndefinite(out: F80): void {
  out.se = 0xffff;
  out.hi = 0xc0000000;
  out.lo = 0;
}

/** Writes ±infinity. */
export function setInfinity(out: F80, sign: number): void {
  out.se = (sign << 15) | EXP_MAX;
  out.hi = 0x80000000;
  out.lo = 0;
}

/** Writes ±0. */
export function setZero(out: F80, sign: number): void {
  out.se = sign << 15;
  out.hi = 0;
  out.lo = 0;
}

/** True if the encoding is a NaN (quiet or signaling). */
export function isNaN80(v: F80): boolean {
  return (v.se & EXP_MAX) === EXP_MAX && (v.hi >>> 31) === 1 && ((v.hi & 0x7fffffff) !== 0 || v.lo !== 0);
}

/**
 * x87 NaN propagation for two operands, at least one a NaN (SDM vol. 1 Table 4-7): an SNaN raises IE
 * and is quieted; a QNaN beats an SNaN; two of the same kind give the larger significand (ties: the
 * positive one).
 */
export function propagateNaN2(env: FpuEnv, out: F80, a: F80, ka: Kind, b: F80, kb: Kind): void {
  if (ka === Kind.SNaN || kb === Kind.SNaN) env.flags |= FpuException.Invalid;
  let pick: F80;
  const aNaN = ka === Kind.QNaN || ka === Kind.SNaN;
  const bNaN = kb === Kind.QNaN || kb === Kind.SNaN;
  if (!bNaN) pick = a;
  else if (!aNaN) pick = b;
  else if (ka !== kb) pick = ka === Kind.QNaN ? a : b;
  else if (a.hi !== b.hi) pick = (a.hi & 0x7fffffff) > (b.hi & 0x7fffffff) ? a : b;
  else if (a.lo !== b.lo) pick = a.lo > b.lo ? a : b;
  else pick = a.se < b.se ? a : b;
  out.se = pick.se;
  out.hi = (pick.hi | 0x40000000) >>> 0;
  out.lo = pick.lo;
}

/** One-operand NaN propagation: quiets an SNaN (raising IE). */
export function propagateNaN1(env: FpuEnv, out: F80, a: F80, ka: Kind): void {
  if (ka === Kind.SNaN) env.flags |= FpuException.Invalid;
  out.se = a.se;
  out.hi = (a.hi | 0x40000000) >>> 0;
  out.lo = a.lo;
}

/** Raises IE and writes the real indefinite. */
export function invalid(env: FpuEnv, out: F80): void {
  env.flags |= FpuException.Invalid;
  setIndefinite(out);
}
