// Fast paths of FADD/FSUB/FMUL/FDIV for the common case: both operands normal, precision control 64
// bits, round to nearest, result exponent far from both ends of the range. Significands are split into
// 21/22-bit limbs so every partial product and column sum is an exact double; no allocation, no
// BigInt. Anything else returns false and arith.ts runs the general path. Platform-neutral.
import type { F80, FpuEnv } from "./f80.ts";
import { FpuException } from "./f80.ts";

/** Control-word bits 8-11 for PC = 64 bits (11) and RC = nearest (00). SDM vol. 1 §8.1.5. */
const PC_RC_MASK = 0x0f00;
const PC64_NEAREST = 0x0300;

const TWO32 = 4294967296;
const TWO21 = 2097152;
const TWO22 = 4194304;
const INV21 = 1 / TWO21;
const INV22 = 1 / TWO22;
const INV11 = 1 / 2048;
const INV12 = 1 / 4096;
const TWO43 = 8796093022208;

/** True if cw selects PC = 64 and RC = nearest, the only mode the fast paths implement. */
export function fastMode(env: FpuEnv): boolean {
  return (env.cw & PC_RC_MASK) === PC64_NEAREST;
}

/** True if the encoding is a normal number (exponent 1..0x7FFE, integer bit set). */
function normal(v: F80): boolean {
  const e = v.se & 0x7fff;
  return v.hi >= 0x80000000 && e !== 0 && e !== 0x7fff;
}

/**
 * Rounds w2:w1 with w0 as guard/round/sticky word (w2 bit 31 set, exponent well inside the range) to
 * 64 bits, nearest-even, raising PE and setting C1 as roundCore does; packs into out.
 */
function packNearest(env: FpuEnv, out: F80, sign: number, exp: number, w2: number, w1: number, w0: number): void {
  if (w0 !== 0) {
    env.flags |= FpuException.Precision;
    if (w0 > 0x80000000 || (w0 === 0x80000000 && (w1 & 1) !== 0)) {
      env.c1 = 1;
      w1 += 1;
      if (w1 === TWO32) {
        w1 = 0;
        w2 += 1;
        if (w2 === TWO32) {
          w2 = 0x80000000;
          exp += 1;
        }
      }
    } else env.c1 = 0;
  }
  out.se = (sign << 15) | exp;
  out.hi = w2 >>> 0;
  out.lo = w1 >>> 0;
}

/** out = a × b on the fast path; false (out untouched) if it does not apply. */
export function mulFast(env: FpuEnv, out: F80, a: F80, b: F80): boolean {
  if (!normal(a) || !normal(b)) return false;
  let exp = (a.se & 0x7fff) + (b.se & 0x7fff) - 16383;
  if (exp < 2 || exp > 0x7ffc) return false; // may be tiny or overflow: general path
  const ah = a.hi, al = a.lo, bh = b.hi, bl = b.lo;
  // Limbs: x2 = bits 63-42 (22 bits), x1 = bits 41-21, x0 = bits 20-0.
  const a2 = ah >>> 10, a1 = ((ah & 0x3ff) << 11) | (al >>> 21), a0 = al & 0x1fffff;
  const b2 = bh >>> 10, b1 = ((bh & 0x3ff) << 11) | (bl >>> 21), b0 = bl & 0x1fffff;
  // Column sums stay below 2^46: exact. The product is t·2^84 + d3·2^63 + d2·2^42 + d1·2^21 + d0.
  let t = a0 * b0;
  let q = Math.floor(t * INV21);
  const d0 = t - q * TWO21;
  t = q + a0 * b1 + a1 * b0;
  q = Math.floor(t * INV21);
  const d1 = t - q * TWO21;
  t = q + a0 * b2 + a1 * b1 + a2 * b0;
  q = Math.floor(t * INV21);
  const d2 = t - q * TWO21;
  t = q + a1 * b2 + a2 * b1;
  q = Math.floor(t * INV21);
  const d3 = t - q * TWO21;
  t = q + a2 * b2; // bits 84-127, below 2^44
  let hi: number, lo: number, w0: number;
  if (t >= TWO43) {
    // Product in [2^127, 2^128): keep bits 127-64, round bit 63.
    exp += 1;
    hi = Math.floor(t * INV12);
    lo = (((t - hi * 4096) << 20) | (d3 >>> 1)) >>> 0;
    w0 = ((d3 & 1) << 31) | (d2 + d1 + d0 !== 0 ? 1 : 0);
  } else {
    // Product in [2^126, 2^127): keep bits 126-63, round bit 62 (d2 bit 20).
    hi = Math.floor(t * INV11);
    lo = (((t - hi * 2048) << 21) | d3) >>> 0;
    w0 = ((d2 >>> 20) << 31) | ((d2 & 0xfffff) + d1 + d0 !== 0 ? 1 : 0);
  }
  packNearest(env, out, (a.se ^ b.se) >>> 15, exp, hi, lo, w0 >>> 0);
  return true;
}

/** out = a + (−1)^negateB · b on the fast path; false if it does not apply. */
export function addFast(env: FpuEnv, out: F80, a: F80, b: F80, negateB: number): boolean {
  if (!normal(a) || !normal(b)) return false;
  let ex = a.se & 0x7fff, xh = a.hi, xl = a.lo, sx = a.se >>> 15;
  let ey = b.se & 0x7fff, yh = b.hi, yl = b.lo, sy = (b.se >>> 15) ^ negateB;
  if (ex < ey || (ex === ey && (xh < yh || (xh === yh && xl < yl)))) {
    let t = ex; ex = ey; ey = t;
    t = xh; xh = yh; yh = t;
    t = xl; xl = yl; yl = t;
    t = sx; sx = sy; sy = t;
  }
  // Cancellation can lower the exponent by up to 65: stay clear of the denormal range and of overflow.
  if (ex < 100 || ex > 0x7ffc) return false;
  // Align y under x as y2:y1:y0 with everything shifted out ORed into y0's LSB.
  const n = ex - ey;
  let y2: number, y1: number, y0: number;
  if (n === 0) {
    y2 = yh; y1 = yl; y0 = 0;
  } else if (n < 32) {
    y0 = (yl << (32 - n)) >>> 0;
    y1 = ((yl >>> n) | (yh << (32 - n))) >>> 0;
    y2 = yh >>> n;
  } else if (n === 32) {
    y2 = 0; y1 = yh; y0 = yl;
  } else if (n < 64) {
    const m = n - 32;
    y2 = 0;
    y1 = yh >>> m;
    y0 = (((yl >>> m) | (yh << (32 - m))) | ((yl << (32 - m)) !== 0 ? 1 : 0)) >>> 0;
  } else if (n === 64) {
    y2 = 0; y1 = 0; y0 = (yh | (yl !== 0 ? 1 : 0)) >>> 0;
  } else if (n < 96) {
    const m = n - 64;
    y2 = 0; y1 = 0;
    y0 = ((yh >>> m) | ((yh << (32 - m)) | yl ? 1 : 0)) >>> 0;
  } else {
    y2 = 0; y1 = 0; y0 = 1;
  }
  if (sx === sy) {
    let s1 = xl + y1;
    let s2 = xh + y2;
    if (s1 >= TWO32) {
      s1 -= TWO32;
      s2 += 1;
    }
    if (s2 >= TWO32) {
      const w0 = ((y0 >>> 1) | (s1 << 31) | (y0 & 1)) >>> 0;
      const w1 = ((s1 >>> 1) | ((s2 & 1) << 31)) >>> 0;
      packNearest(env, out, sx, ex + 1, Math.floor(s2 / 2), w1, w0);
      return true;
    }
    packNearest(env, out, sx, ex, s2, s1, y0);
    return true;
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
  let d2 = xh - y2 - borrow;
  if (d2 === 0 && d1 === 0 && d0 === 0) {
    out.se = 0; // exact cancellation: +0 under round-to-nearest
    out.hi = 0;
    out.lo = 0;
    return true;
  }
  // Normalize: |x| ≥ |y| makes the difference nonzero here; shift left until bit 95 is set.
  while (d2 === 0) {
    d2 = d1; d1 = d0; d0 = 0;
    ex -= 32;
  }
  const z = Math.clz32(d2);
  if (z > 0) {
    d2 = ((d2 << z) | (d1 >>> (32 - z))) >>> 0;
    d1 = ((d1 << z) | (d0 >>> (32 - z))) >>> 0;
    d0 = (d0 << z) >>> 0;
    ex -= z;
  }
  packNearest(env, out, sx, ex, d2, d1, d0);
  return true;
}

/** out = a ÷ b on the fast path; false if it does not apply. */
export function divFast(env: FpuEnv, out: F80, a: F80, b: F80): boolean {
  if (!normal(a) || !normal(b)) return false;
  let exp = (a.se & 0x7fff) - (b.se & 0x7fff) + 16383;
  if (exp < 2 || exp > 0x7ffc) return false;
  const ah = a.hi, al = a.lo, bh = b.hi, bl = b.lo;
  // Limbs of 22 bits: x2 = bits 63-44 (20 bits), x1 = bits 43-22, x0 = bits 21-0. R = remainder < B.
  const b2 = bh >>> 12, b1 = ((bh & 0xfff) << 10) | (bl >>> 22), b0 = bl & 0x3fffff;
  const bd = bh * TWO32 + bl;
  let r2 = ah >>> 12, r1 = ((ah & 0xfff) << 10) | (al >>> 22), r0 = al & 0x3fffff;
  let q0 = 0;
  if (ah > bh || (ah === bh && al >= bl)) {
    q0 = 1;
    r0 -= b0; r1 -= b1; r2 -= b2;
    if (r0 < 0) { r0 += TWO22; r1 -= 1; }
    if (r1 < 0) { r1 += TWO22; r2 -= 1; }
  }
  let q1 = 0, q2 = 0, q3 = 0;
  for (let k = 0; k < 3; k++) {
    // Digit q = ⌊R·2^22 / B⌋: the double estimate is within one; the exact limb remainder corrects it.
    let q = Math.floor((((r2 * TWO22 + r1) * TWO22 + r0) * TWO22) / bd);
    if (q > TWO22 - 1) q = TWO22 - 1;
    // x = R·2^22 − q·B in limbs with signed carries (each |term| < 2^45: exact).
    let x = -q * b0;
    let c = Math.floor(x * INV22);
    let n0 = x - c * TWO22;
    x = r0 - q * b1 + c;
    c = Math.floor(x * INV22);
    let n1 = x - c * TWO22;
    x = r1 - q * b2 + c;
    c = Math.floor(x * INV22);
    let n2 = x - c * TWO22;
    let n3 = r2 + c; // the part at 2^66: must end 0
    while (n3 < 0) {
      q -= 1; // remainder negative: add B back
      n0 += b0; n1 += b1; n2 += b2;
      if (n0 >= TWO22) { n0 -= TWO22; n1 += 1; }
      if (n1 >= TWO22) { n1 -= TWO22; n2 += 1; }
      if (n2 >= TWO22) { n2 -= TWO22; n3 += 1; }
    }
    while (n3 > 0 || n2 > b2 || (n2 === b2 && (n1 > b1 || (n1 === b1 && n0 >= b0)))) {
      q += 1; // remainder ≥ B: subtract it
      n0 -= b0; n1 -= b1; n2 -= b2;
      if (n0 < 0) { n0 += TWO22; n1 -= 1; }
      if (n1 < 0) { n1 += TWO22; n2 -= 1; }
      if (n2 < 0) { n2 += TWO22; n3 -= 1; }
    }
    r0 = n0; r1 = n1; r2 = n2;
    if (k === 0) q1 = q;
    else if (k === 1) q2 = q;
    else q3 = q;
  }
  const rem = r0 + r1 + r2 !== 0 ? 1 : 0;
  // Q = q0·2^66 + q1·2^44 + q2·2^22 + q3 approximates (A/B)·2^66; keep its top 64 bits.
  let hi: number, lo: number, w0: number;
  if (q0) {
    hi = (0x80000000 | (q1 << 9) | (q2 >>> 13)) >>> 0;
    lo = (((q2 & 0x1fff) << 19) | (q3 >>> 3)) >>> 0;
    w0 = (((q3 >>> 2) & 1) << 31) | ((q3 & 3) | rem ? 1 : 0);
  } else {
    exp -= 1;
    hi = ((q1 << 10) | (q2 >>> 12)) >>> 0;
    lo = (((q2 & 0xfff) << 20) | (q3 >>> 2)) >>> 0;
    w0 = (((q3 >>> 1) & 1) << 31) | ((q3 & 1) | rem ? 1 : 0);
  }
  packNearest(env, out, (a.se ^ b.se) >>> 15, exp, hi, lo, w0 >>> 0);
  return true;
}
