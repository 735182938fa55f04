// Double-double x87 arithmetic for the common case (PC = 64 bits, RC = nearest, normal operands well
// inside the double range): a 64-bit-significand value is held exactly as h + l (h = RN53 of it, l
// the rest), and FADD/FSUB/FMUL compute the exact result with error-free transforms (TwoSum, Dekker's
// TwoProduct; JS has no FMA), then round it to 64 bits nearest-even. Platform-neutral.

/** Status-word bits these operations produce: PE (precision) and C1 (rounded up in magnitude). */
export const DD_PE = 0x0020;
export const DD_C1 = 0x0200;

/**
 * Operands and results live in the register shadow arrays H (heads) and L (tails), addressed by
 * index: a double returned from a call the engine does not inline may be boxed.
 */

/** Operands must have |h| in [DD_MIN, DD_MAX]: every exact intermediate then stays a normal double. */
export const DD_MIN = 2 ** -400;
export const DD_MAX = 2 ** 400;

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Word order of a double in memory on this host (typed arrays use the host's byte order). */
export const HI_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
const HI = HI_WORD, LO = 1 - HI_WORD;

/** 2^(e − 1023) by biased double exponent e (1…2046): a table, since assembling a double from two
 * 32-bit stores and reading it back stalls the CPU's store forwarding. */
const POW2_BY_BIASED = new Float64Array(2048);
for (let e = 1; e < 2047; e++) POW2_BY_BIASED[e] = 2 ** (e - 1023);

const SPLIT = 134217729; // 2^27 + 1: Veltkamp's splitter for 53-bit doubles
const TWO_M63 = 2 ** -63;
const MAGIC = 1.5 * 2 ** -11; // × 2^E: the constant whose ulp is 2^(E-63)

/**
 * Rounds x = h + r1 + r2 to a 64-bit significand, nearest-even, into H[d] + L[d]; returns
 * the PE/C1 bits.
 * Needs: h ≠ 0, |r1| ≤ ulp(h)/2, r1 a multiple of some power of two 2^k < 2^(eh−64) with |r2| ≤
 * 2^(k−1) (e.g. |r2| ≤ ulp(r1)/2), so r2 can only break a tie of r1 or decide a sign when r1 = 0.
 * Why it works: h is a multiple of 2g (g = 2^(E−63), E the exponent of x), so RN64(x) = h + RNE_g(r1
 * + r2); r1 is rounded to the grid g by the magic constant, and r2 (< ulp(r1)/2, far below g/2)
 * can only matter when r1 sits exactly on a midpoint.
 */
export function round64(h: number, r1: number, r2: number, H: Float64Array, L: Float64Array, d: number): number {
  F64[0] = h;
  const hw = U32[HI], lw = U32[LO];
  let p2 = POW2_BY_BIASED[(hw >>> 20) & 0x7ff]; // 2^eh
  // A power-of-two head with a remainder pointing inwards: x lies in the binade below.
  if ((hw & 0xfffff) === 0 && lw === 0 && r1 !== 0 && r1 < 0 !== h < 0) p2 *= 0.5;
  const g = p2 * TWO_M63;
  const c = p2 * MAGIC;
  let q = r1 + c - c;
  let m = r1 - q; // exact; |m| ≤ g/2
  if (m === 0.5 * g) {
    if (r2 > 0) { q += g; m -= g; }
  } else if (m === -0.5 * g) {
    if (r2 < 0) { q -= g; m += g; }
  }
  const y = h + q;
  H[d] = y;
  L[d] = q - (y - h);
  // The dropped part is m + r2 (m dominates when nonzero); opposite in sign to x = rounded up.
  const rest = m !== 0 ? m : r2;
  if (rest === 0) return 0;
  return rest < 0 !== h < 0 ? DD_PE | DD_C1 : DD_PE;
}

/** Below the rounding grid g, the error bound round64Clear leaves room for (see ddProduct). */
const CLEAR_MARGIN = 2 ** -36;

/**
 * round64(h, r1, 0) for x = h + r1 + δ with δ unknown but |δ| ≤ g·2^−39 (g the 64-bit grid at x):
 * rounds as round64 would when r1 is far enough from a grid point and from a midpoint that δ
 * cannot change the outcome, else returns −1 and writes nothing. ddProduct's rounded tail:
 * |δ| ≤ 8·2^−106·|p| (the rounding errors of ah·bl, al·bh, their sum and its sum with pe, and
 * al·bl left out) ≤ g·2^−39.
 */
function round64Clear(h: number, r1: number, H: Float64Array, L: Float64Array, d: number): number {
  // The same binade as round64's, written out again: with it in a shared helper JavaScriptCore
  // stopped inlining round64 into ddSum (an add in a microbenchmark went 5.5 → 11.9 ns).
  F64[0] = h;
  const hw = U32[HI], lw = U32[LO];
  let p2 = POW2_BY_BIASED[(hw >>> 20) & 0x7ff];
  if ((hw & 0xfffff) === 0 && lw === 0 && r1 !== 0 && r1 < 0 !== h < 0) p2 *= 0.5;
  const g = p2 * TWO_M63;
  const c = p2 * MAGIC;
  const q = r1 + c - c;
  const m = r1 - q;
  const am = Math.abs(m), margin = g * CLEAR_MARGIN;
  if (am <= margin || am >= 0.5 * g - margin) return -1;
  const y = h + q;
  H[d] = y;
  L[d] = q - (y - h);
  return m < 0 !== h < 0 ? DD_PE | DD_C1 : DD_PE;
}

/**
 * H[d] + L[d] = a + (−1)^negB·b for a = H[ia] + L[ia], b = H[ib] + L[ib] (normalized pairs in
 * range); returns PE/C1 bits, or −1 (nothing written) when the exponents differ by more than 32 (the
 * exact tail might not fit one double: use the slow path). An exact zero is +0 (round to nearest).
 */
export function ddAdd(H: Float64Array, L: Float64Array, ia: number, ib: number, negB: number, d: number): number {
  return negB ? ddSum(H[ia], L[ia], -H[ib], -L[ib], H, L, d) : ddSum(H[ia], L[ia], H[ib], L[ib], H, L, d);
}

/**
 * ddProduct of a value with itself (squares: distances, norms, x² in iterations), with one split
 * instead of two and the cross terms computed once and doubled. Every value equals the general
 * path's (2·(ah·al) = ah·al + al·ah exactly), so the results and flags do too.
 */
function ddSquare(ah: number, al: number, H: Float64Array, L: Float64Array, out: number): number {
  const t = SPLIT * ah;
  const ahH = t - (t - ah), ahL = ah - ahH;
  const p = ah * ah;
  const pe = ((ahH * ahH - p) + 2 * (ahH * ahL)) + ahL * ahL;
  if (al === 0) return round64(p, pe, 0, H, L, out);
  const c = ah * al, ft = pe + 2 * c, fh = p + ft;
  const fast = round64Clear(fh, ft - (fh - p), H, L, out);
  if (fast >= 0) return fast;
  const ce = (ahH * al - c) + ahL * al;
  const s1 = 2 * c;
  const s2 = s1 + pe;
  const v = s2 - s1;
  const e2 = (s1 - (s2 - v)) + (pe - v);
  return roundTail(p, s2, e2 + (2 * ce + al * al), H, L, out);
}

/** ddAdd on operand values: H[d] + L[d] = (ah + al) + (bh + bl). */
export function ddSum(ah: number, al: number, bh: number, bl: number, H: Float64Array, L: Float64Array, d: number): number {
  if (ah === bh && al === bl && ah !== 0) {
    // x + x = 2x exactly (compilers double with `fadd st, st`): what the general path gives, sooner.
    H[d] = 2 * ah;
    L[d] = 2 * al;
    return 0;
  }
  const xa = Math.abs(ah), xb = Math.abs(bh);
  if (xa > xb * 4294967296 || xb > xa * 4294967296) return -1;
  // Fast2Sum(ah, bh) = s + e exactly (the larger magnitude first).
  const s = ah + bh;
  const e = xa >= xb ? bh - (s - ah) : ah - (s - bh);
  // All terms are integers in units of the smaller operand's 64-bit ulp, below 2^47: exact.
  const t = (al + bl) + e;
  const h = s + t;
  if (h === 0) {
    H[d] = 0;
    L[d] = 0;
    return 0;
  }
  return round64(h, Math.abs(s) >= Math.abs(t) ? t - (h - s) : s - (h - t), 0, H, L, d);
}

/** H[d] + L[d] = a × b (operands as for ddAdd); returns PE/C1 bits. */
export function ddMul(H: Float64Array, L: Float64Array, ia: number, ib: number, out: number): number {
  return ddProduct(H[ia], L[ia], H[ib], L[ib], H, L, out);
}

/** ddMul on operand values: H[out] + L[out] = (ah + al) × (bh + bl). */
export function ddProduct(ah: number, al: number, bh: number, bl: number, H: Float64Array, L: Float64Array, out: number): number {
  if (ah === bh && al === bl) return ddSquare(ah, al, H, L, out);
  let t = SPLIT * ah;
  const ahH = t - (t - ah), ahL = ah - ahH;
  t = SPLIT * bh;
  const bhH = t - (t - bh), bhL = bh - bhH;
  // Dekker: ah·bh = p + pe exactly.
  const p = ah * bh;
  const pe = ((ahH * bhH - p) + ahH * bhL + ahL * bhH) + ahL * bhL;
  if (al === 0 && bl === 0) {
    // Two doubles (the common m64 operand): p + pe is already a normalized pair.
    return round64(p, pe, 0, H, L, out);
  }
  // The product with its small terms rounded: decided unless it lies within their error of a
  // rounding boundary (round64Clear), which is rare outside exact and tie cases.
  const fc = ah * bl, fd = al * bh, ft = pe + (fc + fd), fh = p + ft;
  const fast = round64Clear(fh, ft - (fh - p), H, L, out);
  if (fast >= 0) return fast;
  // Exactly. al, bl have ≤ 12 significant bits, so they need no split.
  const c = ah * bl;
  const ce = (ahH * bl - c) + ahL * bl;
  const d = al * bh;
  const de = (al * bhH - d) + al * bhL;
  // The tail x − p in units u = ulp64(a)·ulp64(b): pe, c, d < 2^76; ce, de, al·bl < 2^23.
  const s1 = c + d;
  let v = s1 - c;
  const e1 = (c - (s1 - v)) + (d - v);
  const s2 = s1 + pe;
  v = s2 - s1;
  const e2 = (s1 - (s2 - v)) + (pe - v);
  return roundTail(p, s2, e1 + e2 + (ce + de + al * bl), H, L, out); // w: integers below 2^27, exact
}

/**
 * The exact product's last step: rounds p + s + w (s and the small integer w the tail, in units
 * of the product's ulps) to 64 bits. The tail is normalized to t1 + t2, then t1 folded into the
 * head; the error r of that is a multiple of ulp(t1) and |t2| ≤ ulp(t1)/2, which is all round64
 * needs of its third argument: no renormalization of r + t2.
 */
function roundTail(p: number, s: number, w: number, H: Float64Array, L: Float64Array, out: number): number {
  const t1 = s + w;
  const v = t1 - s;
  const t2 = (s - (t1 - v)) + (w - v);
  const h = p + t1;
  return round64(h, t1 - (h - p), t2, H, L, out);
}
