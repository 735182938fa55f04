// Rounding of an exact intermediate (sign, exponent, 96-bit significand with a sticky LSB) to a
// destination format under the control word, with OE/UE/PE/C1 as the x87 reports them.
// SDM vol. 1 §4.8.4 (rounding), §4.9.1.4-6 (#O, #U, #P), §8.1.5.2 (precision control). Platform-neutral.

import { F80, FpuEnv, FpuException, RoundingControl } from "./f80.ts";

/** Extended-format exponent limits (biased). */
export const EXT_MIN_EXP = 1;
export const EXT_MAX_EXP = 0x7ffe;
/** Bias adjust applied to the exponent on unmasked #O/#U with a register destination. SDM §8.5.4. */
const BIAS_ADJUST = 24576;

/** The result of `roundCore`: exponent in 80-bit bias, significand with the integer bit at bit 31 of hi. */
export const R = { exp: 0, hi: 0, lo: 0, inf: false };

/** Normalized significand written by `unpackNormal`. */
export const N = { exp: 0, hi: 0, lo: 0 };

/**
 * Writes the exponent/significand of a finite nonzero operand (Normal or Denormal) into N with the
 * integer bit set; denormals get an exponent below 1 (pseudo-denormals use exponent 1 as hardware does).
 */
export function unpackNormal(se: number, hi: number, lo: number): void {
  let exp = se & 0x7fff;
  if (exp === 0) {
    exp = 1;
    if (hi === 0) {
      hi = lo;
      lo = 0;
      exp -= 32;
    }
    const n = Math.clz32(hi);
    if (n > 0) {
      hi = ((hi << n) | (lo >>> (32 - n))) >>> 0;
      lo = (lo << n) >>> 0;
      exp -= n;
    }
  }
  N.exp = exp;
  N.hi = hi;
  N.lo = lo;
}

/** Shift scratch written by `shr96`. */
export const S = { w2: 0, w1: 0, w0: 0 };

/** Shifts w2:w1:w0 right by n bits, ORing everything shifted out into the LSB (sticky). Result in S. */
export function shr96(w2: number, w1: number, w0: number, n: number): void {
  if (n <= 0) {
    S.w2 = w2;
    S.w1 = w1;
    S.w0 = w0;
    return;
  }
  if (n >= 96) {
    S.w2 = 0;
    S.w1 = 0;
    S.w0 = (w2 | w1 | w0) !== 0 ? 1 : 0;
    return;
  }
  let sticky = 0;
  while (n >= 32) {
    sticky |= w0;
    w0 = w1;
    w1 = w2;
    w2 = 0;
    n -= 32;
  }
  if (n > 0) {
    sticky |= w0 << (32 - n);
    w0 = ((w0 >>> n) | (w1 << (32 - n))) >>> 0;
    w1 = ((w1 >>> n) | (w2 << (32 - n))) >>> 0;
    w2 = w2 >>> n;
  }
  S.w2 = w2;
  S.w1 = w1;
  S.w0 = (w0 | (sticky !== 0 ? 1 : 0)) >>> 0;
}

/**
 * Decides whether rounding w2:w1:w0 to `prec` bits increments the kept part. Returns 0 (exact),
 * 1 (inexact, truncate) or 2 (inexact, increment).
 */
function roundDecision(w2: number, w1: number, w0: number, prec: number, rc: number, sign: number): number {
  let d: number, half: number, rest: boolean, lsb: number;
  if (prec === 64) {
    d = w0;
    half = 0x80000000;
    rest = false;
    lsb = w1 & 1;
  } else if (prec === 53) {
    d = w1 & 0x7ff;
    half = 0x400;
    rest = w0 !== 0;
    lsb = (w1 >>> 11) & 1;
  } else {
    d = w2 & 0xff;
    half = 0x80;
    rest = (w1 | w0) !== 0;
    lsb = (w2 >>> 8) & 1;
  }
  if (d === 0 && !rest) return 0;
  let up: boolean;
  if (rc === RoundingControl.Nearest) up = d > half || (d === half && (rest || lsb === 1));
  else if (rc === RoundingControl.Up) up = sign === 0;
  else if (rc === RoundingControl.Down) up = sign === 1;
  else up = false;
  return up ? 2 : 1;
}

/** True if the kept `prec` bits of the significand are all ones (an increment carries out). */
function keptAllOnes(w2: number, w1: number, prec: number): boolean {
  if (prec === 64) return w2 === 0xffffffff && w1 === 0xffffffff;
  if (prec === 53) return w2 === 0xffffffff && w1 >>> 11 === 0x1fffff;
  return w2 >>> 8 === 0xffffff;
}

/**
 * Rounds the exact value (-1)^sign × w2:w1:w0 × 2^(exp − 16383 − 95) — w2 bit 31 set, or all zero —
 * to `prec` significand bits in a format whose normal exponents (80-bit bias) span minExp..maxExp.
 * Tininess is detected after rounding; a tiny result is denormalized (masked #U) or, when
 * `wrapUnmasked` and #U/#O are unmasked, the exponent is bias-adjusted by ∓24576. Result in R
 * (R.inf for an infinity); flags and C1 into env.
 */
export function roundCore(
  env: FpuEnv, sign: number, exp: number, w2: number, w1: number, w0: number,
  prec: number, minExp: number, maxExp: number, wrapUnmasked: boolean,
): void {
  R.inf = false;
  if ((w2 | w1 | w0) === 0) {
    R.exp = 0;
    R.hi = 0;
    R.lo = 0;
    return;
  }
  const rc = (env.cw >> 10) & 3;
  let tiny = false;
  if (exp < minExp) {
    tiny = exp < minExp - 1 || !(keptAllOnes(w2, w1, prec) && roundDecision(w2, w1, w0, prec, rc, sign) === 2);
    // The bias adjustment applies only if it brings the exponent into range (FSCALE can overshoot).
    if (tiny && wrapUnmasked && (env.cw & FpuException.Underflow) === 0 && exp + BIAS_ADJUST >= minExp) {
      env.flags |= FpuException.Underflow;
      exp += BIAS_ADJUST;
      tiny = false;
    } else {
      shr96(w2, w1, w0, minExp - exp);
      w2 = S.w2;
      w1 = S.w1;
      w0 = S.w0;
      exp = minExp;
    }
  }
  const decision = roundDecision(w2, w1, w0, prec, rc, sign);
  if (decision !== 0) {
    env.flags |= FpuException.Precision;
    if (tiny) env.flags |= FpuException.Underflow;
    if (decision === 2) {
      env.c1 = 1;
      const unit = prec === 64 ? 1 : prec === 53 ? 0x800 : 0;
      if (prec === 24) {
        w2 += 0x100;
      } else {
        w1 += unit;
        if (w1 > 0xffffffff) {
          w1 -= 0x100000000;
          w2 += 1;
        }
      }
      if (w2 > 0xffffffff) {
        w2 = 0x80000000;
        exp += 1;
      }
    } else {
      env.c1 = 0;
    }
    if (prec === 53) w1 = (w1 & 0xfffff800) >>> 0;
    else if (prec === 24) {
      w2 = (w2 & 0xffffff00) >>> 0;
      w1 = 0;
    }
  }
  if (exp > maxExp) {
    if (wrapUnmasked && (env.cw & FpuException.Overflow) === 0 && exp - BIAS_ADJUST <= maxExp) {
      env.flags |= FpuException.Overflow;
      exp -= BIAS_ADJUST;
    } else {
      env.flags |= FpuException.Overflow | FpuException.Precision;
      // Beyond even the bias-adjusted range with #O unmasked (FSCALE), the host delivers ∞ whatever RC.
      const unwrappable = wrapUnmasked && (env.cw & FpuException.Overflow) === 0;
      const toInf = unwrappable || rc === RoundingControl.Nearest || (rc === RoundingControl.Up ? sign === 0 : rc === RoundingControl.Down && sign === 1);
      if (toInf) {
        env.c1 = 1;
        R.inf = true;
        R.exp = maxExp + 1;
        R.hi = 0x80000000;
        R.lo = 0;
      } else {
        env.c1 = 0;
        R.exp = maxExp;
        R.hi = prec === 24 ? 0xffffff00 : 0xffffffff;
        R.lo = prec === 64 ? 0xffffffff : prec === 53 ? 0xfffff800 : 0;
      }
      return;
    }
  }
  R.exp = exp;
  R.hi = w2 >>> 0;
  R.lo = w1 >>> 0;
}

/** Rounds to the extended format (register destination) and packs into out. */
export function roundPack80(
  env: FpuEnv, out: F80, sign: number, exp: number, w2: number, w1: number, w0: number, prec: number,
): void {
  roundCore(env, sign, exp, w2, w1, w0, prec, EXT_MIN_EXP, EXT_MAX_EXP, true);
  out.hi = R.hi;
  out.lo = R.lo;
  if (R.inf) out.se = (sign << 15) | 0x7fff;
  else out.se = (sign << 15) | (R.hi >>> 31 ? R.exp & 0x7fff : 0);
}

/**
 * Normalizes w2:w1:w0 (nonzero) left so w2 bit 31 is set, then rounds and packs as roundPack80.
 * `exp` is the exponent of bit 95 before normalization.
 */
export function normRoundPack80(
  env: FpuEnv, out: F80, sign: number, exp: number, w2: number, w1: number, w0: number, prec: number,
): void {
  if ((w2 | w1 | w0) === 0) {
    roundPack80(env, out, sign, 0, 0, 0, 0, prec);
    return;
  }
  while (w2 === 0) {
    w2 = w1;
    w1 = w0;
    w0 = 0;
    exp -= 32;
  }
  const n = Math.clz32(w2);
  if (n > 0) {
    w2 = ((w2 << n) | (w1 >>> (32 - n))) >>> 0;
    w1 = ((w1 << n) | (w0 >>> (32 - n))) >>> 0;
    w0 = (w0 << n) >>> 0;
    exp -= n;
  }
  roundPack80(env, out, sign, exp, w2, w1, w0, prec);
}
