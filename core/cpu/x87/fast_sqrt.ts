// Fast path of FSQRT for a positive normal operand with PC = 64 bits and RC = nearest: a double
// estimate of the 66-bit integer root, one Newton correction, and an exact check of the residual in
// 22-bit limbs (which also gives the sticky bit). No BigInt; anything else goes to arith.ts's exact
// path. Platform-neutral.
import type { F80, FpuEnv } from "./f80.ts";
import { FpuException } from "./f80.ts";

const TWO22 = 4194304;
const INV22 = 1 / TWO22;
const TWO32 = 4294967296;

/**
 * Scratch (a typed array: module-level `let`s are slow in JSC): X = M·2^s (s = 67 or 68) in 22-bit
 * limbs X3-X5 (limbs 0-2 are zero), and the residual written by `residual`:
 * X − Y² = ET·2^132 + E5·2^110 + … + E0 with E0-E5 in [0, 2^22).
 */
const W = new Float64Array(10);
const X3 = 0, X4 = 1, X5 = 2, E0 = 3, E1 = 4, E2 = 5, E3 = 6, E4 = 7, E5 = 8, ET = 9;

/** Computes X − Y² exactly for Y = y2·2^44 + y1·2^22 + y0; returns its sign (−1, 0, 1). */
function residual(y2: number, y1: number, y0: number): number {
  // Column products of Y² are below 3·2^44: exact.
  let d = -(y0 * y0);
  let c = Math.floor(d * INV22);
  const e0 = d - c * TWO22;
  d = c - 2 * y0 * y1;
  c = Math.floor(d * INV22);
  const e1 = d - c * TWO22;
  d = c - 2 * y0 * y2 - y1 * y1;
  c = Math.floor(d * INV22);
  const e2 = d - c * TWO22;
  d = c + W[X3] - 2 * y1 * y2;
  c = Math.floor(d * INV22);
  const e3 = d - c * TWO22;
  d = c + W[X4] - y2 * y2;
  c = Math.floor(d * INV22);
  const e4 = d - c * TWO22;
  d = c + W[X5];
  c = Math.floor(d * INV22);
  const e5 = d - c * TWO22;
  W[E0] = e0; W[E1] = e1; W[E2] = e2; W[E3] = e3; W[E4] = e4; W[E5] = e5; W[ET] = c;
  if (c < 0) return -1;
  return c > 0 || e5 + e4 + e3 + e2 + e1 + e0 > 0 ? 1 : 0;
}

/** True if the last residual R satisfies R ≤ 2Y (so (Y + 1)² exceeds X). */
function residualAtMost2Y(y2: number, y1: number, y0: number): boolean {
  // F = R − 2Y normalized to limbs in [0, 2^22) and a signed top: F ≤ 0 iff top < 0 or F is zero.
  let d = W[E0] - 2 * y0;
  let c = Math.floor(d * INV22);
  const l0 = d - c * TWO22;
  d = W[E1] - 2 * y1 + c;
  c = Math.floor(d * INV22);
  const l1 = d - c * TWO22;
  d = W[E2] - 2 * y2 + c;
  c = Math.floor(d * INV22);
  const l2 = d - c * TWO22;
  d = W[E3] + c;
  c = Math.floor(d * INV22);
  const l3 = d - c * TWO22;
  d = W[E4] + c;
  c = Math.floor(d * INV22);
  const l4 = d - c * TWO22;
  d = W[E5] + c;
  c = Math.floor(d * INV22);
  const l5 = d - c * TWO22;
  const top = W[ET] + c;
  return top < 0 || (top === 0 && l5 + l4 + l3 + l2 + l1 + l0 === 0);
}

/** out = √a on the fast path (a positive normal, PC 64, RC nearest); false if it does not apply. */
export function sqrtFast(env: FpuEnv, out: F80, a: F80): boolean {
  const e = a.se & 0x7fff;
  if (a.se >= 0x8000 || a.hi < 0x80000000 || e === 0 || e === 0x7fff) return false;
  const u = e - 16383;
  const odd = u & 1;
  const mh = a.hi, ml = a.lo;
  // X = M·2^(66 + 1 + odd): M·2 or M·4 as limbs 3-5 (66 bits), so the root Y lies in [2^65, 2^66).
  const sh = 1 + odd;
  const top = mh >>> (32 - sh);
  const h = ((mh << sh) | (ml >>> (32 - sh))) >>> 0;
  const l = (ml << sh) >>> 0;
  W[X3] = l & 0x3fffff;
  W[X4] = ((l >>> 22) | ((h & 0xfff) << 10)) >>> 0;
  W[X5] = (h >>> 12) + top * 1048576;
  // Estimate: a double root is within ~2^15 of Y; its limbs are exact (it is a multiple of 2^13).
  const yd = Math.sqrt((mh * TWO32 + ml) * (odd ? 16 : 8)) * 2 ** 32;
  let y2 = Math.floor(yd * 2 ** -44);
  let rest = yd - y2 * 17592186044416;
  let y1 = Math.floor(rest * INV22);
  let y0 = rest - y1 * TWO22;
  // Newton: Y ≈ Y0 + (X − Y0²)/(2·Y0), off by at most one.
  residual(y2, y1, y0);
  const r = (((((W[ET] * TWO22 + W[E5]) * TWO22 + W[E4]) * TWO22 + W[E3]) * TWO22 + W[E2]) * TWO22 + W[E1]) * TWO22 + W[E0];
  y0 += Math.floor(r / (2 * yd));
  let s = 0;
  for (;;) {
    let c = Math.floor(y0 * INV22);
    y0 -= c * TWO22;
    y1 += c;
    c = Math.floor(y1 * INV22);
    y1 -= c * TWO22;
    y2 += c;
    s = residual(y2, y1, y0);
    if (s < 0) y0 -= 1;
    else if (!residualAtMost2Y(y2, y1, y0)) y0 += 1;
    else break;
  }
  const sticky = (y0 & 1) | (s === 0 ? 0 : 1);
  let hi = ((y2 << 10) | (y1 >>> 12)) >>> 0;
  let lo = (((y1 & 0xfff) << 20) | (y0 >>> 2)) >>> 0;
  let exp = (u >> 1) + 16383;
  if ((y0 & 2) !== 0 || sticky) {
    env.flags |= FpuException.Precision;
    if ((y0 & 2) !== 0 && (sticky || (lo & 1) !== 0)) {
      env.c1 = 1;
      lo += 1;
      if (lo === TWO32) {
        lo = 0;
        hi += 1;
        if (hi === TWO32) {
          hi = 0x80000000;
          exp += 1;
        }
      }
    } else env.c1 = 0;
  }
  out.se = exp;
  out.hi = hi >>> 0;
  out.lo = lo >>> 0;
  return true;
}
