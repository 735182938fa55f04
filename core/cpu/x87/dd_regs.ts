// Conversions between a register's 80-bit encoding and its double-double shadow (h + l, h = RN53 of
// the value, |h| in [DD_MIN, DD_MAX]; see dd_arith.ts), and between doubles and their memory words.
// The shadow lets FLD/FST m64 and FADD/FSUB/FMUL skip the 80-bit packing. Platform-neutral.
import type { FpuState } from "./fpu_state.ts";
import { DD_MAX, DD_MIN, HI_WORD } from "./dd_arith.ts";

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = HI_WORD, LO = 1 - HI_WORD;

/** 2^k for k in [−1022, 1023] at POW2[k + 1023]. */
const POW2 = new Float64Array(2046);
for (let k = -1022; k <= 1023; k++) POW2[k + 1022] = 2 ** k;
const pow2 = (k: number): number => POW2[k + 1022];

/** Extended exponents (unbiased) whose values may get a shadow: the range keeps |h| inside DD_MIN..MAX. */
const E_MIN = -399;
const E_MAX = 399;

/**
 * Writes the double with IEEE words hi:lo to out[i] if it can be a shadow head (2^-400 ≤ |x| <
 * 2^400: biased exponents 623…1422); false otherwise. Doubles travel through typed arrays, not
 * arguments or return values, because the engine boxes them across calls it does not inline.
 */
export function shadowDouble(hi: number, lo: number, out: Float64Array, i: number): boolean {
  const e = (hi >>> 20) & 0x7ff;
  if (e < 623 || e > 1422) return false;
  U32[HI] = hi;
  U32[LO] = lo;
  out[i] = F64[0];
  return true;
}

const F32 = new Float32Array(1);
const U32F = new Uint32Array(F32.buffer);

/** Writes the single-precision float with IEEE bits `bits`, widened (exactly), to out[i]. */
export function float32Into(bits: number, out: Float64Array, i: number): void {
  U32F[0] = bits;
  out[i] = F32[0];
}

/** The IEEE bits of src[i]: high word (returned) and low word (in `lowWord.v`). */
export const lowWord = { v: 0 };
export function wordsOf(src: Float64Array, i: number): number {
  F64[0] = src[i];
  lowWord.v = U32[LO];
  return U32[HI];
}

/**
 * Writes physical register p's encoding from its shadow (which must exist) and marks both valid.
 * The value is h + l with |l| ≤ ulp(h)/2 and l a multiple of the 64-bit ulp, so the significand is
 * h's 53 bits shifted up by 11, plus l in 64-bit ulps (≤ 2^10) — one binade lower when h is a power
 * of two and l points inwards.
 */
export function packShadow(f: FpuState, p: number): void {
  const h = f.ddHi[p], l = f.ddLo[p];
  F64[0] = h;
  const hw = U32[HI], lw = U32[LO];
  let e = (hw >>> 20) & 0x7ff; // biased double exponent
  let mh = (0x80000000 | ((hw & 0xfffff) << 11) | (lw >>> 21)) >>> 0;
  let ml = (lw << 11) >>> 0;
  if (l !== 0) {
    const inward = l < 0 !== h < 0;
    if (inward && (hw & 0xfffff) === 0 && lw === 0) {
      e -= 1;
      mh = 0xffffffff;
      ml = 4294967296 - Math.abs(l) * pow2(1023 + 64 - e - 1);
    } else {
      const k = Math.abs(l) * pow2(1023 + 63 - e);
      if (!inward) ml += k;
      else {
        ml -= k;
        if (ml < 0) {
          ml += 4294967296;
          mh -= 1;
        }
      }
    }
  }
  f.regSe[p] = ((hw >>> 31) << 15) | (e - 1023 + 16383);
  f.regHi[p] = mh;
  f.regLo[p] = ml;
  f.dd[p] = 1;
}

/**
 * Gives physical register p a shadow from its encoding if it is a normal value in range (dd = 1);
 * returns false otherwise. h = the top 53 bits rounded to nearest-even, l = the rest.
 */
export function unpackShadow(f: FpuState, p: number): boolean {
  const se = f.regSe[p], mh = f.regHi[p], ml = f.regLo[p];
  const e = (se & 0x7fff) - 16383;
  if (e < E_MIN || e > E_MAX || mh < 0x80000000) return false;
  let top = mh * 2097152 + (ml >>> 11);
  let low = ml & 0x7ff;
  if (low > 0x400 || (low === 0x400 && (ml & 0x800) !== 0)) {
    top += 1;
    low -= 0x800;
  }
  let h = top * pow2(e - 52), l = low * pow2(e - 63);
  if (se & 0x8000) {
    h = -h;
    l = -l;
  }
  f.ddHi[p] = h;
  f.ddLo[p] = l;
  f.dd[p] = 1;
  f.anyShadow = true;
  return true;
}

/**
 * Settles a result just written to ddHi[p] + ddLo[p]: a shadow-only value (register marked full),
 * or an encoding when it is zero (+0) or out of the shadow range.
 */
export function settleShadow(f: FpuState, p: number): void {
  const h = f.ddHi[p];
  f.empty[p] = 0;
  const a = Math.abs(h);
  if (a >= DD_MIN && a <= DD_MAX) {
    f.dd[p] = 2;
    f.anyShadow = true;
    return;
  }
  if (h === 0) {
    f.regSe[p] = 0;
    f.regHi[p] = 0;
    f.regLo[p] = 0;
    f.dd[p] = 0;
    return;
  }
  packShadow(f, p);
  f.dd[p] = 0;
}
