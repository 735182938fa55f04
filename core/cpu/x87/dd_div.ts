// Double-double x87 division and square root (PC = 64 bits, RC = nearest, operands as in
// dd_arith.ts): a 64-bit candidate from two double steps, then the exact remainder (A − Q·B or
// A − Q², by error-free transforms) decides PE and C1 and proves the candidate is RN64 of the exact
// result. Platform-neutral.
import { DD_C1, DD_PE, HI_WORD, round64 } from "./dd_arith.ts";

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = HI_WORD, LO = 1 - HI_WORD;

/** 2^(e − 1023) by biased double exponent e (1…2046). */
const POW2_BY_BIASED = new Float64Array(2048);
for (let e = 1; e < 2047; e++) POW2_BY_BIASED[e] = 2 ** (e - 1023);

const SPLIT = 134217729; // 2^27 + 1: Veltkamp's splitter
const TWO_M64 = 2 ** -64;
/** How close to a rounding boundary a remainder may come before the decision is left to the slow path. */
const MARGIN = 1 - 2 ** -30;

/** The candidate Q = QH[0] + QL[0] (written by round64; read back before the destination is). */
const QH = new Float64Array(1);
const QL = new Float64Array(1);

/*
 * Why the remainder is exact (division; square root alike with B = Q). Let u = ulp64(Q)·ulp64(B).
 * Every term below is a multiple of u, and with |Q − A/B| ≤ ulp64(Q) (the candidate is good to about
 * 2^-100): ah − p1 is exact (Sterbenz) and a multiple of 2^74·u below 2^77·u, al a multiple of 2^63·u,
 * so their sum is exact; e1, p2, p3 are doubles below 2^76·u; e2, e3, p4 are below 2^22·u. Knuth's
 * TwoSum errors z (≤ 2^25·u) then add exactly, and R = s + z with rv = RN(R) of the right sign.
 *
 * No ties: a quotient or root exactly halfway between two 64-bit values has a 65-bit odd part M, and
 * M·B (or M²) has an odd part of at least 65 bits, which A (64 bits) cannot be. So RN64(x) = Q exactly
 * when |x − Q| < half the gap on x's side of Q; the check below asks that with a 2^-30 margin and
 * answers −1 (slow path) otherwise — about once in 2^30 results.
 */

/**
 * Half the gap between Q = qh + ql and its neighbour on the side of x (`inward`: |x| < |Q|), scaled
 * by MARGIN: the largest |x − Q| that still rounds to Q.
 */
function halfGap(qh: number, ql: number, inward: boolean): number {
  F64[0] = qh;
  const hw = U32[HI], lw = U32[LO];
  let g = POW2_BY_BIASED[(hw >>> 20) & 0x7ff] * TWO_M64; // half the 64-bit ulp of |qh|'s binade
  if ((hw & 0xfffff) === 0 && lw === 0) {
    // |qh| a power of two: Q sits one binade lower if ql points inwards, and the gap below a power
    // of two is half the gap above.
    if (ql !== 0 ? ql < 0 !== qh < 0 : inward) g *= 0.5;
  }
  return g * MARGIN;
}

/**
 * H[d] + L[d] = a ÷ b for a = H[ia] + L[ia], b = H[ib] + L[ib] (normalized pairs, |heads| in
 * [DD_MIN, DD_MAX]), rounded to 64 bits nearest; returns the PE/C1 bits, or −1 (nothing written)
 * when the result lies too near a rounding boundary to be sure.
 */
export function ddDiv(H: Float64Array, L: Float64Array, ia: number, ib: number, d: number): number {
  return ddQuotient(H[ia], L[ia], H[ib], L[ib], H, L, d);
}

/** ddDiv on operand values: H[d] + L[d] = (ah + al) ÷ (bh + bl). */
export function ddQuotient(ah: number, al: number, bh: number, bl: number, H: Float64Array, L: Float64Array, d: number): number {
  let t = SPLIT * bh;
  const bhH = t - (t - bh), bhL = bh - bhH;
  // Candidate: q1 = ah/bh (good to ~2^-52), then one correction from the approximate remainder.
  const q1 = ah / bh;
  t = SPLIT * q1;
  const q1H = t - (t - q1), q1L = q1 - q1H;
  const p = q1 * bh;
  const pe = ((q1H * bhH - p) + q1H * bhL + q1L * bhH) + q1L * bhL;
  const q2 = ((((ah - p) - pe) + al) - q1 * bl) / bh;
  const s = q1 + q2;
  round64(s, q2 - (s - q1), 0, QH, QL, 0);
  const qh = QH[0], ql = QL[0];
  // Exact remainder R = A − Q·B: qh·bh = p1 + e1, qh·bl = p2 + e2, ql·bh = p3 + e3, ql·bl = p4.
  t = SPLIT * qh;
  const qhH = t - (t - qh), qhL = qh - qhH;
  const p1 = qh * bh;
  const e1 = ((qhH * bhH - p1) + qhH * bhL + qhL * bhH) + qhL * bhL;
  const p2 = qh * bl;
  const e2 = (qhH * bl - p2) + qhL * bl; // bl has ≤ 11 bits: its own high half
  const p3 = ql * bh;
  const e3 = (ql * bhH - p3) + ql * bhL; // likewise ql
  const a0 = (ah - p1) + al;
  // TwoSum a0 − e1 − p2 − p3; the small terms and the errors sum exactly.
  let s1 = a0 - e1;
  let v = s1 - a0;
  let z = (a0 - (s1 - v)) + (-e1 - v);
  let s2 = s1 - p2;
  v = s2 - s1;
  z += (s1 - (s2 - v)) + (-p2 - v);
  s1 = s2 - p3;
  v = s1 - s2;
  z += (s2 - (s1 - v)) + (-p3 - v);
  s2 = z - ((e2 + e3) + ql * bl);
  const rv = s1 + s2;
  let r = 0;
  if (rv !== 0) {
    // x − Q = R/B: |Q| > |x| (rounded up, C1) when R and A differ in sign.
    const up = rv < 0 !== ah < 0;
    if (Math.abs(rv) >= halfGap(qh, ql, up) * Math.abs(bh)) return -1;
    r = up ? DD_PE | DD_C1 : DD_PE;
  }
  H[d] = qh;
  L[d] = ql;
  return r;
}

/**
 * H[d] + L[d] = √a for a = H[ia] + L[ia] > 0 (a normalized pair in range), rounded to 64 bits
 * nearest; returns PE/C1 bits, or −1 (nothing written) when too near a rounding boundary.
 */
export function ddSqrt(H: Float64Array, L: Float64Array, ia: number, d: number): number {
  return ddRoot(H[ia], L[ia], H, L, d);
}

/** ddSqrt on an operand value: H[d] + L[d] = √(ah + al). */
export function ddRoot(ah: number, al: number, H: Float64Array, L: Float64Array, d: number): number {
  // Candidate: s1 = √ah, then one Newton correction (A − s1²)/(2·s1).
  const q1 = Math.sqrt(ah);
  let t = SPLIT * q1;
  const q1H = t - (t - q1), q1L = q1 - q1H;
  const p = q1 * q1;
  const pe = ((q1H * q1H - p) + 2 * q1H * q1L) + q1L * q1L;
  const q2 = (((ah - p) - pe) + al) / (2 * q1);
  const s = q1 + q2;
  round64(s, q2 - (s - q1), 0, QH, QL, 0);
  const qh = QH[0], ql = QL[0];
  // Exact remainder R = A − Q²: qh² = p1 + e1, 2·qh·ql = p2 + e2, ql² exact.
  t = SPLIT * qh;
  const qhH = t - (t - qh), qhL = qh - qhH;
  const p1 = qh * qh;
  const e1 = ((qhH * qhH - p1) + 2 * qhH * qhL) + qhL * qhL;
  const tq = 2 * ql;
  const p2 = qh * tq;
  const e2 = (qhH * tq - p2) + qhL * tq;
  const a0 = (ah - p1) + al;
  let s1 = a0 - e1;
  let v = s1 - a0;
  let z = (a0 - (s1 - v)) + (-e1 - v);
  const s2 = s1 - p2;
  v = s2 - s1;
  z += (s1 - (s2 - v)) + (-p2 - v);
  const rv = s2 + (z - (e2 + ql * ql));
  let r = 0;
  if (rv !== 0) {
    // x − Q = R/(x + Q): rounded up when R < 0; |x − Q| < gap/2 iff |R| < gap/2 · (x + Q) ≈ 2Q.
    const up = rv < 0;
    if (Math.abs(rv) >= halfGap(qh, ql, up) * 2 * qh) return -1;
    r = up ? DD_PE | DD_C1 : DD_PE;
  }
  H[d] = qh;
  L[d] = ql;
  return r;
}
