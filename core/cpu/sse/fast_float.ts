// Fast paths for SSE/SSE2 float lanes: host double arithmetic, which is IEEE binary64 round-to-nearest,
// gives the exact SSE result when MXCSR.RC = nearest and the operands and result are normal (or zero);
// the precision flag comes from an error-free transformation (TwoSum, Dekker's product). Everything
// else (NaN, ∞, denormals, tiny or huge values, directed rounding) returns false and the caller runs
// the exact BigInt path in softfloat.ts. Lanes are read through float views of the scratch vectors, so
// the fast path needs a little-endian host (checked once). Platform-neutral.
import { ENV, Mxcsr, Rc } from "./simd_env.ts";
import { VD, VR, VS } from "./operands.ts";

/** Lane operations of `fast64`/`fast32`: the softfloat `Op` values, then square root. */
export const FastOp = { Add: 0, Sub: 1, Mul: 2, Div: 3, Sqrt: 4 } as const;

/** Float views are only meaningful if the host stores doubles in the same byte order as the guest. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const D64 = new Float64Array(VD.buffer, VD.byteOffset, 2);
const S64 = new Float64Array(VS.buffer, VS.byteOffset, 2);
const R64 = new Float64Array(VR.buffer, VR.byteOffset, 2);
const D32 = new Float32Array(VD.buffer, VD.byteOffset, 4);
const S32 = new Float32Array(VS.buffer, VS.byteOffset, 4);
const R32 = new Float32Array(VR.buffer, VR.byteOffset, 4);

/** Smallest normal magnitudes (IEEE 754 binary64/binary32). */
const MIN_NORMAL_64 = 2 ** -1022;
const MIN_NORMAL_32 = 2 ** -126;
const MAX_FINITE_32 = 3.4028234663852886e38;
/**
 * Range in which Dekker's product is error-free in binary64: the Veltkamp split (×(2^27+1)) cannot
 * overflow below 2^995, and for products above 2^-960 every partial product's last bit is ≥ 2^-1066,
 * so nothing underflows. TwoSum is likewise exact below 2^1000. Outside, the exact path decides.
 */
const SPLIT_MAX = 2 ** 995;
const PRODUCT_MIN = 2 ** -960;
const PRODUCT_MAX = 2 ** 960;
const SPLITTER = 134217729; // 2^27 + 1

/** True if the fast paths may run for this instruction (RC nearest; DAZ/FTZ only matter off the fast path). */
export function fastEnabled(): boolean {
  return LITTLE_ENDIAN && ENV.rc === Rc.Nearest;
}

/** The rounding error of the double product x·y (0 iff exact); needs |x|,|y| < SPLIT_MAX, |x·y| in range. */
function productError(x: number, y: number, p: number): number {
  let c = SPLITTER * x;
  const xh = c - (c - x), xl = x - xh;
  c = SPLITTER * y;
  const yh = c - (c - y), yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

/** True if x is a zero or a finite normal binary64 (not NaN, ∞ or denormal) below SPLIT_MAX. */
function plain64(x: number): boolean {
  const m = Math.abs(x);
  return (m >= MIN_NORMAL_64 && m < SPLIT_MAX) || x === 0;
}

/**
 * Lane k of VR = VD op VS in binary64 (Sqrt: √VS), with PE into ENV. Returns false (nothing written)
 * when the exact path must run instead.
 */
export function fast64(op: number, k: number): boolean {
  const a = D64[k], b = S64[k];
  if (op === FastOp.Sqrt) {
    if (b === 0) return (R64[k] = b), true; // √±0 = ±0, exact
    if (!(b >= PRODUCT_MIN && b < SPLIT_MAX)) return false; // negative, tiny, huge, ∞ or NaN
    const r = Math.sqrt(b);
    if (r * r !== b || productError(r, r, b) !== 0) ENV.flags |= Mxcsr.PE;
    R64[k] = r;
    return true;
  }
  if (!plain64(a) || !plain64(b)) return false;
  if (op <= FastOp.Sub) {
    const y = op === FastOp.Sub ? -b : b;
    const r = a + y;
    if (r !== 0) {
      const m = Math.abs(r);
      if (m < MIN_NORMAL_64) return false; // tiny: UE under an unmasked #U, FTZ
      // TwoSum (Knuth): the exact error of a + y; no overflow since every magnitude is < 2^996.
      const yy = r - a;
      if (a - (r - yy) + (y - yy) !== 0) ENV.flags |= Mxcsr.PE;
    }
    R64[k] = r;
    return true;
  }
  if (op === FastOp.Mul) {
    const r = a * b;
    if (a !== 0 && b !== 0) {
      const m = Math.abs(r);
      if (m < PRODUCT_MIN || m > PRODUCT_MAX) return false;
      if (productError(a, b, r) !== 0) ENV.flags |= Mxcsr.PE;
    }
    R64[k] = r;
    return true;
  }
  // Division: exact iff q·b reproduces a exactly (q·b = a ⇔ RN(q·b) = a and its error is 0).
  if (b === 0) return false;
  const q = a / b;
  if (a !== 0) {
    const m = Math.abs(q);
    if (m < PRODUCT_MIN || m > PRODUCT_MAX || Math.abs(a) < PRODUCT_MIN) return false;
    const p = q * b;
    if (p !== a || productError(q, b, p) !== 0) ENV.flags |= Mxcsr.PE;
  }
  R64[k] = q;
  return true;
}

/** True if x is a zero or a finite normal binary32. */
function plain32(x: number): boolean {
  const m = Math.abs(x);
  return (m >= MIN_NORMAL_32 && m <= MAX_FINITE_32) || x === 0;
}

/**
 * Lane k of VR = VD op VS in binary32 (Sqrt: √VS). The double result rounded once more to binary32 is
 * the correctly rounded binary32 result: binary64 has ≥ 2·24 + 2 bits, which makes double rounding
 * innocuous for +, −, ×, ÷ and √ (Figueroa 1995). PE compares against the exact value.
 */
export function fast32(op: number, k: number): boolean {
  const a = D32[k], b = S32[k];
  let r: number;
  let inexact: boolean;
  if (op === FastOp.Sqrt) {
    if (b === 0) return (R32[k] = b), true;
    if (!(b >= MIN_NORMAL_32 && b <= MAX_FINITE_32)) return false;
    r = Math.fround(Math.sqrt(b));
    inexact = r * r !== b; // exact in double: 48-bit product
  } else {
    if (!plain32(a) || !plain32(b)) return false;
    if (op <= FastOp.Sub) {
      const y = op === FastOp.Sub ? -b : b;
      const d = a + y;
      r = Math.fround(d);
      const yy = d - a;
      inexact = r !== d || a - (d - yy) + (y - yy) !== 0;
    } else if (op === FastOp.Mul) {
      const d = a * b; // exact: 48 significant bits, exponent well inside binary64
      r = Math.fround(d);
      inexact = r !== d;
    } else {
      if (b === 0) return false;
      r = Math.fround(a / b);
      inexact = r * b !== a; // exact in double
    }
  }
  if (r !== 0) {
    const m = Math.abs(r);
    if (m <= MIN_NORMAL_32 || m > MAX_FINITE_32) return false; // tiny (or maybe tiny before rounding), overflow
  } else if (inexact) return false; // a nonzero result that rounded to zero: underflow
  if (inexact) ENV.flags |= Mxcsr.PE;
  R32[k] = r;
  return true;
}

/**
 * Ordered compare of lane k of VD and VS (binary64 when `double`): -1, 0, 1, or 3 when the exact path
 * must decide (a NaN or denormal operand, which raise IE/DE or depend on DAZ). Zeros compare equal.
 */
export function fastCompare(double: boolean, k: number): number {
  if (!LITTLE_ENDIAN) return 3;
  const a = double ? D64[k] : D32[k], b = double ? S64[k] : S32[k];
  const min = double ? MIN_NORMAL_64 : MIN_NORMAL_32;
  const ma = Math.abs(a), mb = Math.abs(b);
  if (!((ma >= min || a === 0) && (mb >= min || b === 0))) return 3;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lane k of VS (binary64) truncated to int32 (CVTTSD2SI), or undefined when the exact path must run. */
export function fastTruncate64(k: number): number | undefined {
  if (!LITTLE_ENDIAN) return undefined;
  const a = S64[k];
  const m = Math.abs(a);
  if (!((m >= MIN_NORMAL_64 && m < 2147483648) || a === 0)) return undefined;
  const t = Math.trunc(a);
  if (t !== a) ENV.flags |= Mxcsr.PE;
  return t | 0;
}

/** CVTSI2SD: lane k of VR = the int32 v (always exact, no flags). */
export function writeInt64Lane(k: number, v: number): boolean {
  if (!LITTLE_ENDIAN) return false;
  R64[k] = v;
  return true;
}
