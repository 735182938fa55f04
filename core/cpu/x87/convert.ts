// Conversions between the 80-bit format and memory formats: int16/32/64 (FILD/FIST/FISTP/FISTTP),
// float32/float64 (FLD/FST m32fp/m64fp), 18-digit packed BCD (FBLD/FBSTP) and JS numbers.
// SDM vol. 1 §4.2.1, §4.7 (BCD), Table 4-3 (indefinites); vol. 2 FIST/FST/FBSTP. Platform-neutral.

import { BIAS, F80, FpuEnv, FpuException, Kind, RoundingControl, kindOf, setZero } from "./f80.ts";
import { I, roundToInteger } from "./misc_ops.ts";
import { N, R, normRoundPack80, roundCore, unpackNormal } from "./round.ts";

/** 64-bit integer / float64 output halves (hi = bits 63-32, lo = bits 31-0). */
export const Out64 = { hi: 0, lo: 0 };

/** Loads a signed 32-bit (or 16-bit) integer exactly (FILD m16int/m32int). */
export function fromInt32(out: F80, v: number): void {
  v |= 0;
  if (v === 0) return setZero(out, 0);
  const sign = v < 0 ? 1 : 0;
  const m = sign ? -v >>> 0 : v;
  const n = Math.clz32(m);
  out.se = (sign << 15) | (BIAS + 31 - n);
  out.hi = (m << n) >>> 0;
  out.lo = 0;
}

/** Loads a signed 64-bit integer hi:lo (two's complement halves) exactly (FILD m64int). */
export function fromInt64(out: F80, hi: number, lo: number): void {
  hi >>>= 0;
  lo >>>= 0;
  const sign = hi >>> 31;
  if (sign) {
    lo = (~lo + 1) >>> 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  if (hi === 0 && lo === 0) return setZero(out, 0);
  const env = scratchEnv;
  normRoundPack80(env, out, sign, BIAS + 63, hi, lo, 0, 64);
}
const scratchEnv = new FpuEnv();

const INT_INDEFINITE = { 16: 0x8000, 32: 0x80000000 } as const;

/**
 * FIST/FISTP (`truncate` false: round per RC) and FISTTP (`truncate` true): converts to a signed
 * `bits`-bit integer. Out of range, NaN, infinity or unsupported → IE and the "integer indefinite"
 * (most negative value). Result bits in Out64 (16/32-bit results in Out64.lo); also returns Out64.lo.
 */
export function toInt(env: FpuEnv, a: F80, bits: 16 | 32 | 64, truncate: boolean): number {
  const ka = kindOf(a.se, a.hi, a.lo);
  Out64.hi = 0;
  Out64.lo = 0;
  if (ka === Kind.Zero) return 0;
  if (ka === Kind.Normal || ka === Kind.Denormal) {
    const sign = a.se >>> 15;
    unpackNormal(a.se, a.hi, a.lo);
    if (N.exp < BIAS + 64) {
      const saved = env.flags, savedC1 = env.c1;
      roundToInteger(env, sign, N.exp, N.hi, N.lo, truncate ? RoundingControl.TowardZero : env.rc);
      let hi = I.hi, lo = I.lo;
      let fits: boolean;
      if (I.carry) fits = false;
      else if (bits === 64) fits = hi < 0x80000000 || (sign === 1 && hi === 0x80000000 && lo === 0);
      else {
        const limit = bits === 32 ? 0x80000000 : 0x8000;
        fits = hi === 0 && (lo < limit || (sign === 1 && lo === limit));
      }
      if (fits) {
        if (sign) {
          lo = (~lo + 1) >>> 0;
          hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
        }
        Out64.hi = bits === 64 ? hi : 0;
        Out64.lo = bits === 16 ? lo & 0xffff : lo;
        return Out64.lo;
      }
      env.flags = saved;
      env.c1 = savedC1;
    }
  }
  env.flags |= FpuException.Invalid;
  if (bits === 64) Out64.hi = 0x80000000;
  else Out64.lo = INT_INDEFINITE[bits];
  return Out64.lo;
}

/** Loads float32 bits (FLD m32fp): exact; SNaN → IE and quieted; denormal → DE. */
export function fromFloat32(env: FpuEnv, out: F80, bits: number): void {
  const sign = bits >>> 31;
  const exp = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  if (exp === 0xff) {
    out.se = (sign << 15) | 0x7fff;
    out.hi = (0x80000000 | (frac << 8)) >>> 0;
    out.lo = 0;
    if (frac !== 0 && !(frac & 0x400000)) {
      env.flags |= FpuException.Invalid;
      out.hi = (out.hi | 0x40000000) >>> 0;
    }
    return;
  }
  if (exp === 0) {
    if (frac === 0) return setZero(out, sign);
    env.flags |= FpuException.Denormal;
    return normRoundPack80(env, out, sign, BIAS - 149 + 95, 0, 0, frac, 64);
  }
  out.se = (sign << 15) | (exp - 127 + BIAS);
  out.hi = (0x80000000 | (frac << 8)) >>> 0;
  out.lo = 0;
}

/** Loads float64 bits hi:lo (FLD m64fp): exact; SNaN → IE and quieted; denormal → DE. */
export function fromFloat64(env: FpuEnv, out: F80, hi: number, lo: number): void {
  hi >>>= 0;
  lo >>>= 0;
  const sign = hi >>> 31;
  const exp = (hi >>> 20) & 0x7ff;
  const fh = hi & 0xfffff;
  if (exp === 0x7ff) {
    out.se = (sign << 15) | 0x7fff;
    out.hi = (0x80000000 | (fh << 11) | (lo >>> 21)) >>> 0;
    out.lo = (lo << 11) >>> 0;
    if ((fh | lo) !== 0 && !(fh & 0x80000)) {
      env.flags |= FpuException.Invalid;
      out.hi = (out.hi | 0x40000000) >>> 0;
    }
    return;
  }
  if (exp === 0) {
    if ((fh | lo) === 0) return setZero(out, sign);
    env.flags |= FpuException.Denormal;
    // value = fh:lo × 2^-1074; as a 96-bit word 0:fh:lo the exponent of bit 95 is −1074 + 95.
    return normRoundPack80(env, out, sign, BIAS - 1074 + 95, 0, fh, lo, 64);
  }
  out.se = (sign << 15) | (exp - 1023 + BIAS);
  out.hi = (0x80000000 | (fh << 11) | (lo >>> 21)) >>> 0;
  out.lo = (lo << 11) >>> 0;
}

/**
 * Rounds a to float32 under RC (FST m32fp): overflow → OE (∞ or max by RC), tiny → denormal with UE
 * if inexact; NaNs keep their top significand bits; unsupported → IE and the float indefinite.
 */
export function toFloat32(env: FpuEnv, a: F80): number {
  const ka = kindOf(a.se, a.hi, a.lo);
  const sign = a.se >>> 15;
  const s = sign ? 0x80000000 : 0;
  switch (ka) {
    case Kind.Zero:
      return s;
    case Kind.Infinity: return (s | 0x7f800000) >>> 0;
    case Kind.Unsupported:
      env.flags |= FpuException.Invalid;
      return 0xffc00000;
    case Kind.SNaN:
    case Kind.QNaN:
      if (ka === Kind.SNaN) env.flags |= FpuException.Invalid;
      return (s | 0x7fc00000 | ((a.hi >>> 8) & 0x3fffff)) >>> 0;
    // An 80-bit denormal source raises no #D on FST (measured on the host).
  }
  unpackNormal(a.se, a.hi, a.lo);
  roundCore(env, sign, N.exp, N.hi, N.lo, 0, 24, BIAS - 126, BIAS + 127, false);
  if (R.inf) return (s | 0x7f800000) >>> 0;
  const e = R.hi >>> 31 ? R.exp - BIAS + 127 : 0;
  return (s | (e << 23) | ((R.hi >>> 8) & 0x7fffff)) >>> 0;
}

/** Rounds a to float64 under RC (FST m64fp); bits in Out64. Same rules as toFloat32. */
export function toFloat64(env: FpuEnv, a: F80): void {
  const ka = kindOf(a.se, a.hi, a.lo);
  const sign = a.se >>> 15;
  const s = sign ? 0x80000000 : 0;
  Out64.lo = 0;
  switch (ka) {
    case Kind.Zero:
      Out64.hi = s;
      return;
    case Kind.Infinity:
      Out64.hi = (s | 0x7ff00000) >>> 0;
      return;
    case Kind.Unsupported:
      env.flags |= FpuException.Invalid;
      Out64.hi = 0xfff80000;
      return;
    case Kind.SNaN:
    case Kind.QNaN:
      if (ka === Kind.SNaN) env.flags |= FpuException.Invalid;
      Out64.hi = (s | 0x7ff80000 | ((a.hi >>> 11) & 0x7ffff)) >>> 0;
      Out64.lo = ((a.hi << 21) | (a.lo >>> 11)) >>> 0;
      return;
    // An 80-bit denormal source raises no #D on FST (measured on the host).
  }
  const ae = a.se & 0x7fff;
  if (ka === Kind.Normal && (env.cw & 0xc00) === 0 && ae >= BIAS - 1022 && ae <= BIAS + 1022) {
    // Fast path (round to nearest, normal in binary64 even after a rounding carry): drop 11 bits.
    let wl = ((a.hi << 21) | (a.lo >>> 11)) >>> 0;
    let wh = (s | ((ae - BIAS + 1023) << 20) | ((a.hi >>> 11) & 0xfffff)) >>> 0;
    const d = a.lo & 0x7ff;
    if (d !== 0) {
      env.flags |= FpuException.Precision;
      if (d > 0x400 || (d === 0x400 && (wl & 1) !== 0)) {
        env.c1 = 1;
        wl += 1;
        if (wl === 0x100000000) {
          wl = 0;
          wh += 1; // a carry out of the fraction correctly increments the exponent field
        }
      } else env.c1 = 0;
    }
    Out64.hi = wh;
    Out64.lo = wl;
    return;
  }
  unpackNormal(a.se, a.hi, a.lo);
  roundCore(env, sign, N.exp, N.hi, N.lo, 0, 53, BIAS - 1022, BIAS + 1023, false);
  if (R.inf) {
    Out64.hi = (s | 0x7ff00000) >>> 0;
    return;
  }
  const e = R.hi >>> 31 ? R.exp - BIAS + 1023 : 0;
  Out64.hi = (s | (e << 20) | ((R.hi >>> 11) & 0xfffff)) >>> 0;
  Out64.lo = ((R.hi << 21) | (R.lo >>> 11)) >>> 0;
}

/** FBLD: loads 10 bytes of packed BCD (18 digits, sign in bit 7 of byte 9) exactly. */
export function fromBcd(out: F80, bytes: Uint8Array, offset: number): void {
  let v = 0n;
  for (let i = 8; i >= 0; i--) {
    const b = bytes[offset + i];
    v = v * 100n + BigInt((b >> 4) * 10 + (b & 15));
  }
  const sign = bytes[offset + 9] >> 7;
  if (v === 0n) return setZero(out, sign);
  normRoundPack80(scratchEnv, out, sign, BIAS + 63, Number(v >> 32n), Number(v & 0xffffffffn), 0, 64);
}

/**
 * FBSTP: rounds a to an integer per RC and stores 18 BCD digits. |value| ≥ 10^18, NaN, ∞ or
 * unsupported → IE and the BCD indefinite (FFFF C000 0000 0000 0000).
 */
export function toBcd(env: FpuEnv, a: F80, bytes: Uint8Array, offset: number): void {
  const ka = kindOf(a.se, a.hi, a.lo);
  const sign = a.se >>> 15;
  let v = 0n;
  let ok = ka === Kind.Zero;
  if (ka === Kind.Normal || ka === Kind.Denormal) {
    unpackNormal(a.se, a.hi, a.lo);
    if (N.exp < BIAS + 64) {
      const saved = env.flags, savedC1 = env.c1;
      roundToInteger(env, sign, N.exp, N.hi, N.lo, env.rc);
      v = (BigInt(I.hi) << 32n) | BigInt(I.lo);
      ok = !I.carry && v < 1000000000000000000n;
      if (!ok) {
        env.flags = saved;
        env.c1 = savedC1;
      }
    }
  }
  if (!ok) {
    env.flags |= FpuException.Invalid;
    for (let i = 0; i < 7; i++) bytes[offset + i] = 0;
    bytes[offset + 7] = 0xc0;
    bytes[offset + 8] = 0xff;
    bytes[offset + 9] = 0xff;
    return;
  }
  for (let i = 0; i < 9; i++) {
    const lo = Number(v % 10n);
    v /= 10n;
    const hi = Number(v % 10n);
    v /= 10n;
    bytes[offset + i] = (hi << 4) | lo;
  }
  bytes[offset + 9] = sign << 7;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Converts to the nearest JS number (round to nearest, masked); for the monitor and SSE helpers. */
export function toNumber(a: F80): number {
  scratchEnv.cw = 0x037f;
  scratchEnv.clear();
  toFloat64(scratchEnv, a);
  u32[LITTLE ? 1 : 0] = Out64.hi;
  u32[LITTLE ? 0 : 1] = Out64.lo;
  return f64[0];
}

/** Writes a JS number exactly (NaN payloads preserved, SNaNs quieted). */
export function fromNumber(out: F80, x: number): void {
  f64[0] = x;
  scratchEnv.clear();
  fromFloat64(scratchEnv, out, u32[LITTLE ? 1 : 0], u32[LITTLE ? 0 : 1]);
}
