// IEEE 754 binary32/binary64 arithmetic as SSE performs it, bit for bit: exact results computed with
// BigInt, then one rounding under MXCSR.RC with DAZ/FTZ and the IE/DE/ZE/OE/UE/PE flags (SDM vol. 1
// §4.8–4.9, §11.5; NaN rules Table 4-7: the first source's NaN wins, SNaNs are quieted).
// Values travel as raw bit patterns in a bigint. Platform-neutral.
import { ENV, Mxcsr, Rc } from "./simd_env.ts";

/** A binary interchange format. */
export interface FloatFormat {
  readonly width: number;
  /** Significand precision including the hidden bit. */
  readonly prec: number;
  readonly bias: number;
  readonly emin: number;
  readonly emax: number;
}

/** binary32 and binary64 (IEEE 754-2008 Table 3.5). */
export const F32: FloatFormat = { width: 32, prec: 24, bias: 127, emin: -126, emax: 127 };
export const F64: FloatFormat = { width: 64, prec: 53, bias: 1023, emin: -1022, emax: 1023 };

/** Operand classes. Order matters: everything ≥ QNaN is a NaN. */
export const Cls = { Zero: 0, Denormal: 1, Normal: 2, Inf: 3, QNaN: 4, SNaN: 5 } as const;

/** An unpacked finite operand: value = (-1)^sign · m · 2^e. */
export class Unpacked {
  cls = 0;
  sign = 0;
  m = 0n;
  e = 0;
}

const A = new Unpacked(), B = new Unpacked();

function fracBits(f: FloatFormat): bigint {
  return BigInt(f.prec - 1);
}

/** Quiet bit of a NaN. */
export function quietBit(f: FloatFormat): bigint {
  return 1n << BigInt(f.prec - 2);
}

/** Sign bit. */
export function signBit(f: FloatFormat): bigint {
  return 1n << BigInt(f.width - 1);
}

/** The default QNaN ("real indefinite", SDM vol. 1 Table 4-3): sign set, quiet bit only. */
export function indefinite(f: FloatFormat): bigint {
  return signBit(f) | (((1n << BigInt(f.width - f.prec)) - 1n) << fracBits(f)) | quietBit(f);
}

/** ±infinity. */
export function infinity(f: FloatFormat, sign: number): bigint {
  return (sign ? signBit(f) : 0n) | (((1n << BigInt(f.width - f.prec)) - 1n) << fracBits(f));
}

/** ±0. */
export function zero(f: FloatFormat, sign: number): bigint {
  return sign ? signBit(f) : 0n;
}

/** Largest finite magnitude with a sign. */
function maxFinite(f: FloatFormat, sign: number): bigint {
  return infinity(f, sign) - 1n;
}

/** Splits `bits` into `u`; with DAZ (and `daz` true) a denormal becomes a zero of the same sign. */
export function unpack(f: FloatFormat, bits: bigint, u: Unpacked, daz = ENV.daz): number {
  const fb = fracBits(f);
  const frac = bits & ((1n << fb) - 1n);
  const exp = Number((bits >> fb) & ((1n << BigInt(f.width - f.prec)) - 1n));
  u.sign = Number(bits >> BigInt(f.width - 1)) & 1;
  u.m = frac;
  u.e = f.emin - (f.prec - 1);
  if (exp === 2 * f.bias + 1) u.cls = frac === 0n ? Cls.Inf : (frac & quietBit(f)) ? Cls.QNaN : Cls.SNaN;
  else if (exp === 0) {
    u.cls = frac === 0n ? Cls.Zero : daz ? Cls.Zero : Cls.Denormal;
    if (u.cls === Cls.Zero) u.m = 0n;
  } else {
    u.cls = Cls.Normal;
    u.m = frac | (1n << fb);
    u.e = exp - f.bias - (f.prec - 1);
  }
  return u.cls;
}

/** Number of significant bits of a positive bigint. */
export function bitLength(m: bigint): number {
  const hex = m.toString(16);
  return hex.length * 4 - (Math.clz32(parseInt(hex[0], 16)) - 28);
}

/** m / 2^shift rounded under `rc` for a value of sign `sign`; sets `inexact` on the module. */
let inexact = false;
function roundShift(m: bigint, shift: number, sign: number, rc: number): bigint {
  if (shift <= 0) { inexact = false; return m << BigInt(-shift); }
  const s = BigInt(shift);
  let q = m >> s;
  const rem = m - (q << s);
  inexact = rem !== 0n;
  if (!inexact) return q;
  if (rc === Rc.Nearest) {
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (q & 1n))) q++;
  } else if ((rc === Rc.Down && sign) || (rc === Rc.Up && !sign)) q++;
  return q;
}

/**
 * Rounds the exact non-zero value (-1)^sign · m · 2^e to `f` under ENV (rounding control, FTZ),
 * raising PE/UE/OE. Tininess is detected after rounding (SoftFloat's 8086-SSE specialisation).
 */
export function roundPack(f: FloatFormat, sign: number, m: bigint, e: number): bigint {
  const rc = ENV.rc;
  const top = e + bitLength(m) - 1; // exponent of the leading bit
  let tiny = false;
  if (top < f.emin) {
    tiny = true;
    if (top === f.emin - 1) {
      const q = roundShift(m, top - f.prec + 1 - e, sign, rc);
      if (q >= (1n << BigInt(f.prec))) tiny = false;
    }
  }
  if (tiny && ENV.ftz && (ENV.masks & Mxcsr.UE)) {
    ENV.flags |= Mxcsr.UE | Mxcsr.PE;
    return zero(f, sign);
  }
  let lsb = Math.max(top - f.prec + 1, f.emin - f.prec + 1);
  let q = roundShift(m, lsb - e, sign, rc);
  if (q >= (1n << BigInt(f.prec))) { q >>= 1n; lsb++; }
  if (inexact) ENV.flags |= Mxcsr.PE;
  if (tiny && (inexact || !(ENV.masks & Mxcsr.UE))) ENV.flags |= Mxcsr.UE;
  const hidden = 1n << fracBits(f);
  const s = sign ? signBit(f) : 0n;
  if (q < hidden) return s | q; // subnormal (or zero after rounding)
  const biased = lsb + f.prec - 1 + f.bias;
  if (biased > f.emax + f.bias) {
    ENV.flags |= Mxcsr.OE | Mxcsr.PE;
    const toInf = rc === Rc.Nearest || (rc === Rc.Down && sign) || (rc === Rc.Up && !sign);
    return toInf ? infinity(f, sign) : maxFinite(f, sign);
  }
  return s | (BigInt(biased) << fracBits(f)) | (q - hidden);
}

/** NaN operand handling for two-operand arithmetic: IE on an SNaN; the first NaN, quieted. */
function propagate(f: FloatFormat, a: bigint, ka: number, b: bigint, kb: number): bigint {
  if (ka === Cls.SNaN || kb === Cls.SNaN) ENV.flags |= Mxcsr.IE;
  return (ka >= Cls.QNaN ? a : b) | quietBit(f);
}

function invalidOp(f: FloatFormat): bigint {
  ENV.flags |= Mxcsr.IE;
  return indefinite(f);
}

/** Arithmetic operations of `arith()`. */
export const Op = { Add: 0, Sub: 1, Mul: 2, Div: 3 } as const;

/** a op b in format f (ADDPS/SUBSD/MULSS/DIVPD…). */
export function arith(f: FloatFormat, op: number, a: bigint, b: bigint): bigint {
  const ka = unpack(f, a, A), kb = unpack(f, b, B);
  if (ka >= Cls.QNaN || kb >= Cls.QNaN) return propagate(f, a, ka, b, kb);
  if (ka === Cls.Denormal || kb === Cls.Denormal) ENV.flags |= Mxcsr.DE;
  if (op <= Op.Sub) {
    const sb = B.sign ^ op;
    if (ka === Cls.Inf || kb === Cls.Inf) {
      if (ka === Cls.Inf && kb === Cls.Inf && A.sign !== sb) return invalidOp(f);
      return infinity(f, ka === Cls.Inf ? A.sign : sb);
    }
    if (ka === Cls.Zero && kb === Cls.Zero) {
      return zero(f, A.sign === sb ? A.sign : ENV.rc === Rc.Down ? 1 : 0);
    }
    const e = Math.min(A.e, B.e);
    const ma = A.m << BigInt(A.e - e), mb = B.m << BigInt(B.e - e);
    const sum = (A.sign ? -ma : ma) + (sb ? -mb : mb);
    if (sum === 0n) return zero(f, ENV.rc === Rc.Down ? 1 : 0);
    return sum < 0n ? roundPack(f, 1, -sum, e) : roundPack(f, 0, sum, e);
  }
  const sign = A.sign ^ B.sign;
  if (op === Op.Mul) {
    if ((ka === Cls.Inf && kb === Cls.Zero) || (ka === Cls.Zero && kb === Cls.Inf)) return invalidOp(f);
    if (ka === Cls.Inf || kb === Cls.Inf) return infinity(f, sign);
    if (ka === Cls.Zero || kb === Cls.Zero) return zero(f, sign);
    return roundPack(f, sign, A.m * B.m, A.e + B.e);
  }
  if ((ka === Cls.Inf && kb === Cls.Inf) || (ka === Cls.Zero && kb === Cls.Zero)) return invalidOp(f);
  if (ka === Cls.Inf) return infinity(f, sign);
  if (kb === Cls.Inf) return zero(f, sign);
  if (kb === Cls.Zero) { ENV.flags |= Mxcsr.ZE; return infinity(f, sign); }
  if (ka === Cls.Zero) return zero(f, sign);
  // Enough quotient bits that the rounding point always has two bits below it, plus a sticky bit.
  const k = Math.max(0, f.prec + 3 + bitLength(B.m) - bitLength(A.m));
  const n = A.m << BigInt(k);
  const q = n / B.m;
  const sticky = q * B.m !== n ? 1n : 0n;
  return roundPack(f, sign, (q << 1n) | sticky, A.e - B.e - k - 1);
}

/** Integer square root: floor(sqrt(n)) for n ≥ 0. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Square root (SQRTPS/SQRTSD…): IE for negative non-zero operands, sqrt(-0) = -0. */
export function sqrt(f: FloatFormat, a: bigint): bigint {
  const ka = unpack(f, a, A);
  if (ka >= Cls.QNaN) return propagate(f, a, ka, a, ka);
  if (ka === Cls.Denormal) ENV.flags |= Mxcsr.DE;
  if (ka === Cls.Zero) return zero(f, A.sign);
  if (A.sign) return invalidOp(f);
  if (ka === Cls.Inf) return a;
  let m = A.m, e = A.e;
  if (e & 1) { m <<= 1n; e--; }
  const want = 2 * (f.prec + 3);
  const k = Math.max(0, Math.ceil((want - bitLength(m)) / 2));
  m <<= BigInt(2 * k);
  e -= 2 * k;
  const r = isqrt(m);
  const sticky = r * r !== m ? 1n : 0n;
  return roundPack(f, 0, (r << 1n) | sticky, e / 2 - 1);
}

/**
 * MIN/MAX (SDM MINPS/MAXPS): any NaN → IE and the second operand; two zeros → the second operand;
 * otherwise the smaller/larger value. With DAZ a denormal operand is returned as a signed zero.
 */
export function minMax(f: FloatFormat, a: bigint, b: bigint, max: boolean): bigint {
  const ka = unpack(f, a, A), kb = unpack(f, b, B);
  const second = kb === Cls.Zero ? zero(f, B.sign) : b; // DAZ hands back the flushed operand
  if (ka >= Cls.QNaN || kb >= Cls.QNaN) { ENV.flags |= Mxcsr.IE; return second; }
  if (ka === Cls.Denormal || kb === Cls.Denormal) ENV.flags |= Mxcsr.DE;
  if (ka === Cls.Zero && kb === Cls.Zero) return second;
  const c = compareUnpacked(ka, kb);
  if (max ? c > 0 : c < 0) return ka === Cls.Zero ? zero(f, A.sign) : a;
  return second;
}

/** Compares the last unpacked A and B (non-NaN): -1, 0 or 1. Zeros of either sign are equal. */
function compareUnpacked(ka: number, kb: number): number {
  const va = signedKey(ka, A), vb = signedKey(kb, B);
  if (va.inf !== vb.inf) return va.inf < vb.inf ? -1 : 1;
  if (va.inf !== 0) return 0;
  if (ka === Cls.Zero && kb === Cls.Zero) return 0;
  const e = Math.min(A.e, B.e);
  const ma = A.m << BigInt(A.e - e), mb = B.m << BigInt(B.e - e);
  const x = A.sign ? -ma : ma, y = B.sign ? -mb : mb;
  return x < y ? -1 : x > y ? 1 : 0;
}

const KEY_A = { inf: 0 }, KEY_B = { inf: 0 };
function signedKey(k: number, u: Unpacked): { inf: number } {
  const key = u === A ? KEY_A : KEY_B;
  key.inf = k === Cls.Inf ? (u.sign ? -1 : 1) : 0;
  return key;
}

/**
 * Ordered comparison of a and b for CMPccPS/COMISS: returns -1, 0, 1, or 2 for unordered. Sets IE on
 * an SNaN, or on any NaN when `signalQNaN`; DE on a denormal operand when neither is a NaN.
 */
export function compare(f: FloatFormat, a: bigint, b: bigint, signalQNaN: boolean): number {
  const ka = unpack(f, a, A), kb = unpack(f, b, B);
  if (ka >= Cls.QNaN || kb >= Cls.QNaN) {
    if (signalQNaN || ka === Cls.SNaN || kb === Cls.SNaN) ENV.flags |= Mxcsr.IE;
    return 2;
  }
  if (ka === Cls.Denormal || kb === Cls.Denormal) ENV.flags |= Mxcsr.DE;
  return compareUnpacked(ka, kb);
}

/** Converts between formats (CVTSS2SD, CVTPD2PS…): NaN payloads keep their top bits. */
export function convert(from: FloatFormat, to: FloatFormat, a: bigint): bigint {
  const ka = unpack(from, a, A);
  if (ka >= Cls.QNaN) {
    if (ka === Cls.SNaN) ENV.flags |= Mxcsr.IE;
    const payload = A.m & ((1n << fracBits(from)) - 1n);
    const shift = BigInt(to.prec - from.prec);
    const frac = shift >= 0n ? payload << shift : payload >> -shift;
    return infinity(to, A.sign) | frac | quietBit(to);
  }
  if (ka === Cls.Inf) return infinity(to, A.sign);
  if (ka === Cls.Denormal) ENV.flags |= Mxcsr.DE;
  if (ka === Cls.Zero) return zero(to, A.sign);
  return roundPack(to, A.sign, A.m, A.e);
}

/** The x86 "integer indefinite" for 32-bit results (SDM vol. 1 §4.8.3.6). */
export const INT32_INDEFINITE = -0x80000000;

/**
 * Float → int32 (CVTSS2SI, CVTTPD2DQ…): rounds under RC, or toward zero when `truncate`; NaN, ∞ and
 * out-of-range values give IE and 0x80000000. Denormals count as zero under DAZ (no DE).
 */
export function toInt32(f: FloatFormat, a: bigint, truncate: boolean): number {
  const ka = unpack(f, a, A);
  if (ka >= Cls.Inf) { ENV.flags |= Mxcsr.IE; return INT32_INDEFINITE; }
  if (ka === Cls.Zero) return 0;
  const q = roundShift(A.m, -A.e, A.sign, truncate ? Rc.Zero : ENV.rc);
  if (q > (A.sign ? 0x80000000n : 0x7fffffffn)) { ENV.flags |= Mxcsr.IE; return INT32_INDEFINITE; }
  if (inexact) ENV.flags |= Mxcsr.PE;
  return Number(A.sign ? -q : q) | 0;
}

/** int32 → float (CVTSI2SS, CVTDQ2PD…), rounded under RC. */
export function fromInt32(f: FloatFormat, v: number): bigint {
  if (v === 0) return 0n;
  return v < 0 ? roundPack(f, 1, BigInt(-v), 0) : roundPack(f, 0, BigInt(v), 0);
}
