// The non-arithmetic x87 value operations: compares (FCOM/FUCOM/FCOMI), FXAM, FABS/FCHS, FRNDINT,
// FSCALE, FXTRACT, FPREM/FPREM1 and the constant loads (FLD1 … FLDZ).
// SDM vol. 2 (each instruction's page), vol. 1 §8.3. Platform-neutral.

import {
  BIAS, Cc, F80, FpuEnv, FpuException, Kind, RoundingControl, invalid, kindOf, propagateNaN1, propagateNaN2,
  setIndefinite, setInfinity, setZero,
} from "./f80.ts";
import { N, S, normRoundPack80, roundPack80, shr96, unpackNormal } from "./round.ts";
import { bigToWords } from "./arith.ts";

/** Condition codes of a compare: greater 000, less C0, equal C3, unordered C3|C2|C0. SDM FCOM table. */
export const CompareResult = {
  Greater: 0,
  Less: Cc.C0,
  Equal: Cc.C3,
  Unordered: Cc.C3 | Cc.C2 | Cc.C0,
} as const;

/**
 * Compares a with b (FCOM/FUCOM/FCOMI/FUCOMI). `quiet` = the unordered forms, where only an SNaN (or
 * an unsupported encoding) raises IE. Returns C3|C2|C0 bits in status-word positions; for FCOMI map
 * C3→ZF, C2→PF, C0→CF.
 */
export function fcom(env: FpuEnv, a: F80, b: F80, quiet: boolean): number {
  const ea = a.se & 0x7fff, eb = b.se & 0x7fff;
  if (a.hi >= 0x80000000 && b.hi >= 0x80000000 && ea !== 0 && eb !== 0 && ea !== 0x7fff && eb !== 0x7fff) {
    // Fast path, two normals: sign, then exponent, then significand decide; nothing is raised.
    const sa = a.se >>> 15;
    let mag: number;
    if (sa !== b.se >>> 15) mag = 1;
    else if (ea !== eb) mag = ea > eb ? 1 : -1;
    else if (a.hi !== b.hi) mag = a.hi > b.hi ? 1 : -1;
    else mag = a.lo === b.lo ? 0 : a.lo > b.lo ? 1 : -1;
    if (sa) mag = -mag;
    return mag < 0 ? CompareResult.Less : mag > 0 ? CompareResult.Greater : CompareResult.Equal;
  }
  const ka = kindOf(a.se, a.hi, a.lo);
  const kb = kindOf(b.se, b.hi, b.lo);
  if (ka >= Kind.QNaN || kb >= Kind.QNaN) {
    if (!quiet || ka !== Kind.QNaN || kb !== Kind.QNaN) {
      if (!quiet || ka === Kind.SNaN || kb === Kind.SNaN || ka === Kind.Unsupported || kb === Kind.Unsupported) {
        env.flags |= FpuException.Invalid;
      }
    }
    return CompareResult.Unordered;
  }
  if (ka === Kind.Denormal || kb === Kind.Denormal) env.flags |= FpuException.Denormal;
  const c = compareValues(a, ka, b, kb);
  return c < 0 ? CompareResult.Less : c > 0 ? CompareResult.Greater : CompareResult.Equal;
}

/** −1/0/1 ordering of two non-NaN supported values. */
export function compareValues(a: F80, ka: Kind, b: F80, kb: Kind): number {
  const sa = a.se >>> 15, sb = b.se >>> 15;
  if (ka === Kind.Zero && kb === Kind.Zero) return 0;
  if (ka === Kind.Zero) return sb ? 1 : -1;
  if (kb === Kind.Zero) return sa ? -1 : 1;
  if (sa !== sb) return sa ? -1 : 1;
  let mag: number;
  if (ka === Kind.Infinity || kb === Kind.Infinity) mag = ka === kb ? 0 : ka === Kind.Infinity ? 1 : -1;
  else {
    unpackNormal(a.se, a.hi, a.lo);
    const ea = N.exp, ah = N.hi, al = N.lo;
    unpackNormal(b.se, b.hi, b.lo);
    if (ea !== N.exp) mag = ea > N.exp ? 1 : -1;
    else if (ah !== N.hi) mag = ah > N.hi ? 1 : -1;
    else mag = al === N.lo ? 0 : al > N.lo ? 1 : -1;
  }
  return sa ? -mag : mag;
}

/** FXAM classes as C3|C2|C0 (SDM FXAM table); C1 carries the sign. */
export const XamClass = {
  Unsupported: 0,
  NaN: Cc.C0,
  Normal: Cc.C2,
  Infinity: Cc.C2 | Cc.C0,
  Zero: Cc.C3,
  Empty: Cc.C3 | Cc.C0,
  Denormal: Cc.C3 | Cc.C2,
} as const;

/** FXAM: the condition codes C3|C2|C1|C0 for a register value (`empty` = its tag is Empty). */
export function fxam(a: F80, empty: boolean): number {
  const c1 = a.se & 0x8000 ? Cc.C1 : 0;
  if (empty) return XamClass.Empty | c1;
  const table = [XamClass.Zero, XamClass.Normal, XamClass.Denormal, XamClass.Infinity, XamClass.NaN, XamClass.NaN, XamClass.Unsupported];
  return table[kindOf(a.se, a.hi, a.lo)] | c1;
}

/** FABS: clears the sign (never raises). */
export function fabs(out: F80, a: F80): void {
  out.se = a.se & 0x7fff;
  out.hi = a.hi;
  out.lo = a.lo;
}

/** FCHS: flips the sign (never raises). */
export function fchs(out: F80, a: F80): void {
  out.se = a.se ^ 0x8000;
  out.hi = a.hi;
  out.lo = a.lo;
}

/** Result of `roundToInteger`: 64-bit magnitude and whether it reached 2^64. */
export const I = { hi: 0, lo: 0, carry: false };

/**
 * Rounds the magnitude of a finite nonzero value (exponent `exp`, normalized significand hi:lo) to an
 * integer under `rc` (sign decides directed modes). Sets PE and C1 (1 = rounded up) when inexact.
 * Result in I; requires exp < BIAS + 64 for a meaningful 64-bit result.
 */
export function roundToInteger(env: FpuEnv, sign: number, exp: number, hi: number, lo: number, rc: number): void {
  I.carry = false;
  if (exp >= BIAS + 63) {
    I.hi = hi;
    I.lo = lo;
    return;
  }
  shr96(hi, lo, 0, BIAS + 63 - exp);
  let w2 = S.w2, w1 = S.w1;
  const w0 = S.w0;
  if (w0 === 0) {
    I.hi = w2;
    I.lo = w1;
    return;
  }
  env.flags |= FpuException.Precision;
  let up: boolean;
  if (rc === RoundingControl.Nearest) up = w0 > 0x80000000 || (w0 === 0x80000000 && (w1 & 1) === 1);
  else if (rc === RoundingControl.Up) up = sign === 0;
  else if (rc === RoundingControl.Down) up = sign === 1;
  else up = false;
  env.c1 = up ? 1 : 0;
  if (up) {
    w1 += 1;
    if (w1 > 0xffffffff) {
      w1 = 0;
      w2 += 1;
      if (w2 > 0xffffffff) {
        w2 = 0;
        I.carry = true;
      }
    }
  }
  I.hi = w2 >>> 0;
  I.lo = w1 >>> 0;
}

/** FRNDINT: rounds to an integer under RC (precision control does not apply). */
export function frndint(env: FpuEnv, out: F80, a: F80): void {
  const ka = kindOf(a.se, a.hi, a.lo);
  if (ka !== Kind.Normal) {
    if (ka === Kind.Unsupported) return invalid(env, out);
    if (ka >= Kind.QNaN) return propagateNaN1(env, out, a, ka);
    if (ka === Kind.Zero || ka === Kind.Infinity) return void out.set(a);
    env.flags |= FpuException.Denormal;
  }
  const sign = a.se >>> 15;
  unpackNormal(a.se, a.hi, a.lo);
  if (N.exp >= BIAS + 63) return void out.set(a);
  roundToInteger(env, sign, N.exp, N.hi, N.lo, env.rc);
  if (I.carry) return void ((out.se = (sign << 15) | (BIAS + 64)), (out.hi = 0x80000000), (out.lo = 0));
  if (I.hi === 0 && I.lo === 0) return setZero(out, sign);
  normRoundPack80(env, out, sign, BIAS + 63, I.hi, I.lo, 0, 64);
}

/** FSCALE: out = a × 2^trunc(b). */
export function fscale(env: FpuEnv, out: F80, a: F80, b: F80): void {
  const ka = kindOf(a.se, a.hi, a.lo);
  const kb = kindOf(b.se, b.hi, b.lo);
  if (ka === Kind.Unsupported || kb === Kind.Unsupported) return invalid(env, out);
  if (ka >= Kind.QNaN || kb >= Kind.QNaN) return propagateNaN2(env, out, a, ka, b, kb);
  if (ka === Kind.Denormal || kb === Kind.Denormal) env.flags |= FpuException.Denormal;
  const sa = a.se >>> 15;
  if (kb === Kind.Infinity) {
    const negative = b.se >>> 15;
    if (ka === Kind.Zero) return negative ? setZero(out, sa) : invalid(env, out);
    if (ka === Kind.Infinity) return negative ? invalid(env, out) : setInfinity(out, sa);
    return negative ? setZero(out, sa) : setInfinity(out, sa);
  }
  if (ka === Kind.Zero || ka === Kind.Infinity) return void out.set(a);
  let n = 0;
  if (kb !== Kind.Zero) {
    unpackNormal(b.se, b.hi, b.lo);
    const e = N.exp - BIAS;
    if (e >= 30) n = 1 << 30;
    else if (e >= 0) n = N.hi >>> (31 - e);
    if (b.se & 0x8000) n = -n;
  }
  unpackNormal(a.se, a.hi, a.lo);
  roundPack80(env, out, sa, N.exp + n, N.hi, N.lo, 0, 64);
}

/** FXTRACT: splits a into its unbiased exponent (outExp, the new ST1) and significand (outSig, ST0). */
export function fxtract(env: FpuEnv, outExp: F80, outSig: F80, a: F80): void {
  const ka = kindOf(a.se, a.hi, a.lo);
  const sign = a.se >>> 15;
  if (ka === Kind.Unsupported) {
    invalid(env, outSig);
    return setIndefinite(outExp);
  }
  if (ka >= Kind.QNaN) {
    propagateNaN1(env, outSig, a, ka);
    return void outExp.set(outSig);
  }
  if (ka === Kind.Zero) {
    env.flags |= FpuException.ZeroDivide;
    setInfinity(outExp, 1);
    return setZero(outSig, sign);
  }
  if (ka === Kind.Infinity) {
    setInfinity(outExp, 0);
    return setInfinity(outSig, sign);
  }
  if (ka === Kind.Denormal) env.flags |= FpuException.Denormal;
  unpackNormal(a.se, a.hi, a.lo);
  outSig.se = (sign << 15) | BIAS;
  outSig.hi = N.hi;
  outSig.lo = N.lo;
  fromInteger(outExp, N.exp - BIAS);
}

/** Writes a small integer (|v| < 2^32) exactly. */
export function fromInteger(out: F80, v: number): void {
  if (v === 0) return setZero(out, 0);
  const sign = v < 0 ? 1 : 0;
  const m = Math.abs(v);
  const n = Math.clz32(m);
  out.se = (sign << 15) | (BIAS + 31 - n);
  out.hi = (m << n) >>> 0;
  out.lo = 0;
}

/**
 * FPREM (`ieee` false: quotient truncated) and FPREM1 (`ieee` true: quotient rounded to nearest):
 * out = a − q·b. When the exponents differ by 64 or more only a partial reduction is done (C2 = 1) by
 * 32 + (diff mod 32) bits, as AMD documents and Intel parts behave. Returns the C3|C2|C1|C0 bits:
 * C0 = q2, C3 = q1, C1 = q0 (the low three quotient bits) on completion.
 */
export function fprem(env: FpuEnv, out: F80, a: F80, b: F80, ieee: boolean): number {
  const ka = kindOf(a.se, a.hi, a.lo);
  const kb = kindOf(b.se, b.hi, b.lo);
  if (ka === Kind.Unsupported || kb === Kind.Unsupported) return invalid(env, out), 0;
  if (ka >= Kind.QNaN || kb >= Kind.QNaN) return propagateNaN2(env, out, a, ka, b, kb), 0;
  if (ka === Kind.Infinity || kb === Kind.Zero) return invalid(env, out), 0;
  if (ka === Kind.Denormal || kb === Kind.Denormal) env.flags |= FpuException.Denormal;
  const sa = a.se >>> 15;
  if (ka === Kind.Zero || kb === Kind.Infinity) {
    if (ka === Kind.Denormal) {
      unpackNormal(a.se, a.hi, a.lo);
      roundPack80(env, out, sa, N.exp, N.hi, N.lo, 0, 64);
    } else out.set(a);
    return 0;
  }
  unpackNormal(a.se, a.hi, a.lo);
  const ea = N.exp;
  const ma = (BigInt(N.hi) << 32n) | BigInt(N.lo);
  unpackNormal(b.se, b.hi, b.lo);
  const eb = N.exp;
  const mb = (BigInt(N.hi) << 32n) | BigInt(N.lo);
  const d = ea - eb;
  if (d >= 64) {
    const n = 32 + (d % 32);
    const r = (ma << BigInt(n)) % mb;
    packExact(env, out, sa, r, ea - n - BIAS - 63);
    return Cc.C2;
  }
  if (d < -1 || (d === -1 && !ieee)) {
    packExact(env, out, sa, ma, ea - BIAS - 63);
    return 0;
  }
  const A = d >= 0 ? ma << BigInt(d) : ma;
  const B = d >= 0 ? mb : mb << 1n;
  let q = A / B;
  let r = A - q * B;
  let sign = sa;
  if (ieee && (2n * r > B || (2n * r === B && (q & 1n) === 1n))) {
    r = B - r;
    q += 1n;
    sign ^= 1;
  }
  packExact(env, out, r === 0n ? sa : sign, r, (d >= 0 ? eb : ea) - BIAS - 63);
  const qi = Number(q & 7n);
  return (qi & 4 ? Cc.C0 : 0) | (qi & 2 ? Cc.C3 : 0) | (qi & 1 ? Cc.C1 : 0);
}

/** Packs (−1)^sign × m × 2^e2 (exact unless it must be denormalized). */
function packExact(env: FpuEnv, out: F80, sign: number, m: bigint, e2: number): void {
  if (m === 0n) return setZero(out, sign);
  const exp = bigToWords(m, e2, false);
  roundPack80(env, out, sign, exp, S.w2, S.w1, S.w0, 64);
}

/** Constant loads. Significands are the first 64 bits; `up` = the bits beyond round up under RN. */
export const FpuConstant = {
  One: { se: 0x3fff, hi: 0x80000000, lo: 0x00000000, exact: true, up: false }, // FLD1
  Log2Ten: { se: 0x4000, hi: 0xd49a784b, lo: 0xcd1b8afe, exact: false, up: false }, // FLDL2T …8AFE 492B…
  Log2E: { se: 0x3fff, hi: 0xb8aa3b29, lo: 0x5c17f0bb, exact: false, up: true }, // FLDL2E …F0BB BE87…
  Pi: { se: 0x4000, hi: 0xc90fdaa2, lo: 0x2168c234, exact: false, up: true }, // FLDPI …C234 C4C6…
  Log10Two: { se: 0x3ffd, hi: 0x9a209a84, lo: 0xfbcff798, exact: false, up: true }, // FLDLG2 …F798 8F89…
  LnTwo: { se: 0x3ffe, hi: 0xb17217f7, lo: 0xd1cf79ab, exact: false, up: true }, // FLDLN2 …79AB C9E3…
  Zero: { se: 0x0000, hi: 0x00000000, lo: 0x00000000, exact: true, up: false }, // FLDZ
} as const;
export type FpuConstant = (typeof FpuConstant)[keyof typeof FpuConstant];

/**
 * Loads a constant rounded per RC (SDM FLD1…FLDZ: "rounded per the RC field"); no flags are raised.
 */
export function loadConstant(env: FpuEnv, out: F80, c: FpuConstant): void {
  out.se = c.se;
  out.hi = c.hi;
  out.lo = c.lo;
  if (c.exact) return;
  const rc = env.rc;
  if (rc === RoundingControl.Up || (rc === RoundingControl.Nearest && c.up)) {
    out.lo = (c.lo + 1) >>> 0; // none of the constants ends in 0xFFFFFFFF
  }
}
