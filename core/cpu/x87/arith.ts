// FADD/FSUB/FMUL/FDIV/FSQRT on 80-bit values: exact 96-bit intermediates with a sticky bit, then one
// rounding under PC/RC. Special operands follow SDM vol. 1 §8.5 and Tables 4-7, 8-10.
// The common case (normal operands, PC 64, RC nearest) is taken by fast_arith.ts / fast_sqrt.ts first;
// this general path uses numbers and 32-bit words (FSQRT: BigInt). Platform-neutral.

import {
  F80, FpuEnv, FpuException, Kind, kindOf, invalid, propagateNaN1, propagateNaN2, setInfinity, setZero,
} from "./f80.ts";
import { N, S, normRoundPack80, roundPack80, shr96, unpackNormal } from "./round.ts";
import { addFast, divFast, fastMode, mulFast } from "./fast_arith.ts";
import { sqrtFast } from "./fast_sqrt.ts";

const TWO32 = 4294967296;

/** Shared handling of Unsupported/NaN operands; returns true if `out` was written. */
function nanOrUnsupported(env: FpuEnv, out: F80, a: F80, ka: Kind, b: F80, kb: Kind): boolean {
  if (ka === Kind.Unsupported || kb === Kind.Unsupported) {
    invalid(env, out);
    return true;
  }
  if (ka >= Kind.QNaN || kb >= Kind.QNaN) {
    propagateNaN2(env, out, a, ka, b, kb);
    return true;
  }
  if (ka === Kind.Denormal || kb === Kind.Denormal) env.flags |= FpuException.Denormal;
  return false;
}

/** out = a + b, rounded to env's precision control. */
export function fadd(env: FpuEnv, out: F80, a: F80, b: F80): void {
  if (fastMode(env) && addFast(env, out, a, b, 0)) return;
  addSub(env, out, a, b, 0);
}

/** out = a − b, rounded to env's precision control. */
export function fsub(env: FpuEnv, out: F80, a: F80, b: F80): void {
  if (fastMode(env) && addFast(env, out, a, b, 1)) return;
  addSub(env, out, a, b, 1);
}

function addSub(env: FpuEnv, out: F80, a: F80, b: F80, negateB: number): void {
  const ka = kindOf(a.se, a.hi, a.lo);
  const kb = kindOf(b.se, b.hi, b.lo);
  const prec = env.precision;
  let sa = a.se >>> 15;
  let sb = (b.se >>> 15) ^ negateB;
  if (ka !== Kind.Normal || kb !== Kind.Normal) {
    if (nanOrUnsupported(env, out, a, ka, b, kb)) return;
    if (ka === Kind.Infinity) {
      if (kb === Kind.Infinity && sa !== sb) invalid(env, out);
      else setInfinity(out, sa);
      return;
    }
    if (kb === Kind.Infinity) return setInfinity(out, sb);
    if (ka === Kind.Zero) {
      if (kb === Kind.Zero) return setZero(out, sa === sb ? sa : env.rc === 1 ? 1 : 0);
      unpackNormal(b.se, b.hi, b.lo);
      return roundPack80(env, out, sb, N.exp, N.hi, N.lo, 0, prec);
    }
    if (kb === Kind.Zero) {
      unpackNormal(a.se, a.hi, a.lo);
      return roundPack80(env, out, sa, N.exp, N.hi, N.lo, 0, prec);
    }
  }
  unpackNormal(a.se, a.hi, a.lo);
  let ex = N.exp, xh = N.hi, xl = N.lo;
  unpackNormal(b.se, b.hi, b.lo);
  let ey = N.exp, yh = N.hi, yl = N.lo;
  if (ex < ey || (ex === ey && (xh < yh || (xh === yh && xl < yl)))) {
    let t = ex; ex = ey; ey = t;
    t = xh; xh = yh; yh = t;
    t = xl; xl = yl; yl = t;
    t = sa; sa = sb; sb = t;
  }
  shr96(yh, yl, 0, ex - ey);
  const y2 = S.w2, y1 = S.w1, y0 = S.w0;
  if (sa === sb) {
    let s1 = xl + y1;
    let s2 = xh + y2;
    if (s1 >= TWO32) {
      s1 -= TWO32;
      s2 += 1;
    }
    if (s2 >= TWO32) {
      const w0 = ((y0 >>> 1) | (s1 << 31) | (y0 & 1)) >>> 0;
      const w1 = ((s1 >>> 1) | ((s2 & 1) << 31)) >>> 0;
      return roundPack80(env, out, sa, ex + 1, Math.floor(s2 / 2), w1, w0, prec);
    }
    return roundPack80(env, out, sa, ex, s2, s1, y0, prec);
  }
  let borrow = 0;
  let d0 = 0;
  if (y0 !== 0) {
    d0 = TWO32 - y0;
    borrow = 1;
  }
  let d1 = xl - y1 - borrow;
  borrow = 0;
  if (d1 < 0) {
    d1 += TWO32;
    borrow = 1;
  }
  const d2 = xh - y2 - borrow;
  if (d2 === 0 && d1 === 0 && d0 === 0) return setZero(out, env.rc === 1 ? 1 : 0);
  normRoundPack80(env, out, sa, ex, d2, d1, d0, prec);
}

/** out = a × b, rounded to env's precision control. */
export function fmul(env: FpuEnv, out: F80, a: F80, b: F80): void {
  if (fastMode(env) && mulFast(env, out, a, b)) return;
  const ka = kindOf(a.se, a.hi, a.lo);
  const kb = kindOf(b.se, b.hi, b.lo);
  const sign = (a.se ^ b.se) >>> 15;
  if (ka !== Kind.Normal || kb !== Kind.Normal) {
    if (nanOrUnsupported(env, out, a, ka, b, kb)) return;
    if (ka === Kind.Infinity || kb === Kind.Infinity) {
      if (ka === Kind.Zero || kb === Kind.Zero) return invalid(env, out);
      return setInfinity(out, sign);
    }
    if (ka === Kind.Zero || kb === Kind.Zero) return setZero(out, sign);
  }
  unpackNormal(a.se, a.hi, a.lo);
  const ea = N.exp, ah = N.hi, al = N.lo;
  unpackNormal(b.se, b.hi, b.lo);
  const eb = N.exp, bh = N.hi, bl = N.lo;
  // 16-bit limbs: every partial product < 2^32, every column sum < 2^35 (exact in a double).
  const a0 = al & 0xffff, a1 = al >>> 16, a2 = ah & 0xffff, a3 = ah >>> 16;
  const b0 = bl & 0xffff, b1 = bl >>> 16, b2 = bh & 0xffff, b3 = bh >>> 16;
  let t = a0 * b0;
  const l0 = t % 65536;
  t = Math.floor(t / 65536) + a0 * b1 + a1 * b0;
  const l1 = t % 65536;
  t = Math.floor(t / 65536) + a0 * b2 + a1 * b1 + a2 * b0;
  const l2 = t % 65536;
  t = Math.floor(t / 65536) + a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  const l3 = t % 65536;
  t = Math.floor(t / 65536) + a1 * b3 + a2 * b2 + a3 * b1;
  const l4 = t % 65536;
  t = Math.floor(t / 65536) + a2 * b3 + a3 * b2;
  const l5 = t % 65536;
  t = Math.floor(t / 65536) + a3 * b3;
  const l6 = t % 65536;
  const l7 = Math.floor(t / 65536);
  const w2 = l7 * 65536 + l6;
  const w1 = l5 * 65536 + l4;
  const w0 = (((l3 << 16) | l2) | (l1 !== 0 || l0 !== 0 ? 1 : 0)) >>> 0;
  normRoundPack80(env, out, sign, ea + eb - 16383 + 1, w2, w1, w0, env.precision);
}

/** Division scratch: remainder limbs (16-bit, little-endian). */
const T = new Float64Array(5);

/** out = a ÷ b, rounded to env's precision control. */
export function fdiv(env: FpuEnv, out: F80, a: F80, b: F80): void {
  if (fastMode(env) && divFast(env, out, a, b)) return;
  const ka = kindOf(a.se, a.hi, a.lo);
  const kb = kindOf(b.se, b.hi, b.lo);
  const sign = (a.se ^ b.se) >>> 15;
  if (ka !== Kind.Normal || kb !== Kind.Normal) {
    if (nanOrUnsupported(env, out, a, ka, b, kb)) return;
    if (ka === Kind.Infinity) return kb === Kind.Infinity ? invalid(env, out) : setInfinity(out, sign);
    if (kb === Kind.Infinity) return setZero(out, sign);
    if (kb === Kind.Zero) {
      if (ka === Kind.Zero) return invalid(env, out);
      // A denormal dividend over zero reports only #Z on the host, not #D.
      env.flags = (env.flags & ~FpuException.Denormal) | FpuException.ZeroDivide;
      return setInfinity(out, sign);
    }
    if (ka === Kind.Zero) return setZero(out, sign);
  }
  unpackNormal(a.se, a.hi, a.lo);
  const ea = N.exp, ah = N.hi, al = N.lo;
  unpackNormal(b.se, b.hi, b.lo);
  const eb = N.exp, bh = N.hi, bl = N.lo;
  divide(ah, al, bh, bl);
  normRoundPack80(env, out, sign, ea - eb + 16383, S.w2, S.w1, S.w0, env.precision);
}

/**
 * Long division of 64-bit significands (both with the top bit set): S receives q0.d1…d5 (one integer
 * bit, 80 fraction bits in 16-bit digits) aligned with q0 at bit 95, the remainder as the sticky LSB.
 * Each digit is estimated in double precision and corrected by at most one step.
 */
export function divide(ah: number, al: number, bh: number, bl: number): void {
  let q0 = 0;
  let rh = ah, rl = al;
  if (ah > bh || (ah === bh && al >= bl)) {
    q0 = 1;
    rl -= bl;
    rh -= bh;
    if (rl < 0) {
      rl += TWO32;
      rh -= 1;
    }
  }
  const b0 = bl & 0xffff, b1 = bl >>> 16, b2 = bh & 0xffff, b3 = bh >>> 16;
  const bd = bh * TWO32 + bl;
  let r0 = rl & 0xffff, r1 = rl >>> 16, r2 = rh & 0xffff, r3 = rh >>> 16;
  let d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0;
  for (let k = 0; k < 5; k++) {
    const rd = ((r3 * 65536 + r2) * 65536 + r1) * 65536 + r0;
    let q = Math.floor((rd * 65536) / bd);
    if (q > 65535) q = 65535;
    // T = R·2^16 − q·B, limb by limb with a signed carry.
    let x = -q * b0;
    let c = Math.floor(x / 65536);
    T[0] = x - c * 65536;
    x = r0 - q * b1 + c;
    c = Math.floor(x / 65536);
    T[1] = x - c * 65536;
    x = r1 - q * b2 + c;
    c = Math.floor(x / 65536);
    T[2] = x - c * 65536;
    x = r2 - q * b3 + c;
    c = Math.floor(x / 65536);
    T[3] = x - c * 65536;
    T[4] = r3 + c;
    while (T[4] < 0) addLimbs(b0, b1, b2, b3, 1), q--;
    while (T[4] > 0 || geB(b0, b1, b2, b3)) addLimbs(b0, b1, b2, b3, -1), q++;
    r0 = T[0]; r1 = T[1]; r2 = T[2]; r3 = T[3];
    if (k === 0) d1 = q;
    else if (k === 1) d2 = q;
    else if (k === 2) d3 = q;
    else if (k === 3) d4 = q;
    else d5 = q;
  }
  const sticky = (r0 | r1 | r2 | r3) !== 0 ? 1 : 0;
  S.w2 = ((q0 << 31) | (d1 << 15) | (d2 >>> 1)) >>> 0;
  S.w1 = (((d2 & 1) << 31) | (d3 << 15) | (d4 >>> 1)) >>> 0;
  S.w0 = (((d4 & 1) << 31) | (d5 << 15) | sticky) >>> 0;
}

/** T += sign × B (limbs), propagating carries. */
function addLimbs(b0: number, b1: number, b2: number, b3: number, sign: number): void {
  let c = 0;
  let x = T[0] + sign * b0;
  c = Math.floor(x / 65536); T[0] = x - c * 65536;
  x = T[1] + sign * b1 + c;
  c = Math.floor(x / 65536); T[1] = x - c * 65536;
  x = T[2] + sign * b2 + c;
  c = Math.floor(x / 65536); T[2] = x - c * 65536;
  x = T[3] + sign * b3 + c;
  c = Math.floor(x / 65536); T[3] = x - c * 65536;
  T[4] += c;
}

/** True if T[3..0] ≥ B (T[4] known zero). */
function geB(b0: number, b1: number, b2: number, b3: number): boolean {
  if (T[3] !== b3) return T[3] > b3;
  if (T[2] !== b2) return T[2] > b2;
  if (T[1] !== b1) return T[1] > b1;
  return T[0] >= b0;
}

/** Integer square root (floor) of a non-negative BigInt. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n)))) + 1n;
  x = (x + n / x) >> 1n; // one Newton step from any start lands at or above ⌊√n⌋
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/** Packs a positive BigInt m × 2^e2 (plus a sticky flag) into S/exponent for rounding; returns the exponent. */
export function bigToWords(m: bigint, e2: number, sticky: boolean): number {
  const len = m.toString(2).length;
  let shift = len - 96;
  let w: bigint;
  if (shift > 0) {
    w = m >> BigInt(shift);
    if ((m & ((1n << BigInt(shift)) - 1n)) !== 0n) sticky = true;
  } else {
    w = m << BigInt(-shift);
  }
  S.w2 = Number((w >> 64n) & 0xffffffffn);
  S.w1 = Number((w >> 32n) & 0xffffffffn);
  S.w0 = (Number(w & 0xffffffffn) | (sticky ? 1 : 0)) >>> 0;
  return shift + e2 + 16383 + 95;
}

/** out = √a, rounded to env's precision control. */
export function fsqrt(env: FpuEnv, out: F80, a: F80): void {
  if (fastMode(env) && sqrtFast(env, out, a)) return;
  const ka = kindOf(a.se, a.hi, a.lo);
  const sign = a.se >>> 15;
  if (ka !== Kind.Normal) {
    if (ka === Kind.Unsupported) return invalid(env, out);
    if (ka >= Kind.QNaN) return propagateNaN1(env, out, a, ka);
    if (ka === Kind.Zero) return setZero(out, sign);
    if (sign) return invalid(env, out);
    if (ka === Kind.Infinity) return setInfinity(out, 0);
    env.flags |= FpuException.Denormal;
  } else if (sign) return invalid(env, out);
  unpackNormal(a.se, a.hi, a.lo);
  let m = (BigInt(N.hi) << 32n) | BigInt(N.lo);
  let f = N.exp - 16383 - 63;
  if (f & 1) {
    m <<= 1n;
    f -= 1;
  }
  m <<= 128n;
  f -= 128;
  const s = isqrt(m);
  const exp = bigToWords(s, f / 2, s * s !== m);
  roundPack80(env, out, 0, exp, S.w2, S.w1, S.w0, env.precision);
}
