// x87 transcendentals (F2XM1, FYL2X, FYL2XP1, FPTAN, FPATAN, FSIN, FCOS, FSINCOS) computed in a
// 192-bit BigInt floating point and rounded once to 64 bits under RC. Special operands per the
// SDM vol. 2 tables of each instruction. Not a hot path (BigInt allowed). Platform-neutral.

import { BIAS, Cc, F80, FpuEnv, FpuException, Kind, invalid, kindOf, propagateNaN1, propagateNaN2, setInfinity, setZero } from "./f80.ts";
import { bigToWords } from "./arith.ts";
import { N, S, roundPack80, unpackNormal } from "./round.ts";

/** A big float m × 2^e (m signed, |m| < 2^P after `norm`). */
type Big = { m: bigint; e: number };
const P = 192;
const PB = BigInt(P);

function bitLength(m: bigint): number {
  if (m < 0n) m = -m;
  if (m === 0n) return 0;
  const s = m.toString(16);
  return (s.length - 1) * 4 + (32 - Math.clz32(parseInt(s[0], 16)));
}
function norm(m: bigint, e: number): Big {
  const n = bitLength(m) - P;
  if (n > 0) return { m: m >> BigInt(n), e: e + n };
  return { m: m << BigInt(-n), e: e + n };
}
const big = (m: bigint, e = 0): Big => norm(m, e);
const mul = (a: Big, b: Big): Big => norm(a.m * b.m, a.e + b.e);
const div = (a: Big, b: Big): Big => norm((a.m << PB) / b.m, a.e - b.e - P);
function add(a: Big, b: Big): Big {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  if (a.e - b.e > 2 * P) return a;
  if (b.e - a.e > 2 * P) return b;
  const e = Math.min(a.e, b.e);
  return norm((a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e)), e);
}
const neg = (a: Big): Big => ({ m: -a.m, e: a.e });
const sub = (a: Big, b: Big): Big => add(a, neg(b));
const ONE = big(1n);
const ldexp = (a: Big, k: number): Big => ({ m: a.m, e: a.e + k });

function sqrtBig(a: Big): Big {
  let m = a.m, e = a.e;
  if ((e & 1) !== 0) { m <<= 1n; e -= 1; }
  const s = isqrtBig(m << PB << PB);
  return norm(s, (e - 2 * P) / 2);
}
function isqrtBig(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** atan(z) for 0 ≤ z ≤ 1 by argument halving and the Taylor series. */
function atanSmall(z: Big): Big {
  let halvings = 0;
  for (; halvings < 4; halvings++) z = div(z, add(ONE, sqrtBig(add(ONE, mul(z, z)))));
  const z2 = mul(z, z);
  let term = z, sum = z;
  for (let k = 1; k < 80; k++) {
    term = neg(mul(term, z2));
    const t = div(term, big(BigInt(2 * k + 1)));
    if (t.m === 0n || t.e + P < sum.e - 10) break;
    sum = add(sum, t);
  }
  return ldexp(sum, halvings);
}

const PI = sub(ldexp(atanSmall(div(ONE, big(5n))), 4), ldexp(atanSmall(div(ONE, big(239n))), 2));
const LN2 = lnSeries(div(ONE, big(3n))); // ln 2 = 2·atanh(1/3)

/** 2·atanh(t) = ln((1+t)/(1−t)), for small |t|. */
function lnSeries(t: Big): Big {
  const t2 = mul(t, t);
  let term = t, sum = t;
  for (let k = 1; k < 200; k++) {
    term = mul(term, t2);
    const s = div(term, big(BigInt(2 * k + 1)));
    if (s.m === 0n || s.e + P < sum.e - 10) break;
    sum = add(sum, s);
  }
  return ldexp(sum, 1);
}

/** Exact value of a finite nonzero F80 operand. */
function toBig(a: F80): Big {
  unpackNormal(a.se, a.hi, a.lo);
  const m = (BigInt(N.hi) << 32n) | BigInt(N.lo);
  return norm(a.se & 0x8000 ? -m : m, N.exp - BIAS - 63);
}

/** ln(x) for x > 0. */
function ln(x: Big): Big {
  // x = f × 2^k with f in [1/√2, √2): ln x = k·ln2 + 2 atanh((f−1)/(f+1)); f−1 is exact.
  let k = x.e + P - 1;
  let f: Big = { m: x.m, e: -(P - 1) };
  if (f.m * f.m > 2n << (2n * BigInt(P - 1))) { f = { m: f.m, e: f.e - 1 }; k += 1; }
  const t = div(sub(f, ONE), add(f, ONE));
  const r = lnSeries(t);
  return k === 0 ? r : add(mul(big(BigInt(k)), LN2), r);
}

/** e^y − 1 by the Taylor series (|y| < 1). */
function expm1(y: Big): Big {
  let term = y, sum = y;
  for (let k = 2; k < 100; k++) {
    term = div(mul(term, y), big(BigInt(k)));
    if (term.m === 0n || term.e + P < sum.e - 10) break;
    sum = add(sum, term);
  }
  return sum;
}

/** Rounds a Big (treated as inexact) into out with 64-bit precision. */
function pack(env: FpuEnv, out: F80, v: Big): void {
  if (v.m === 0n) return setZero(out, 0);
  const sign = v.m < 0n ? 1 : 0;
  const exp = bigToWords(sign ? -v.m : v.m, v.e, true);
  roundPack80(env, out, sign, exp, S.w2, S.w1, S.w0, 64);
}

function denormalCheck(env: FpuEnv, k: Kind): void {
  if (k === Kind.Denormal) env.flags |= FpuException.Denormal;
}

/** F2XM1: out = 2^a − 1 (defined for −1 ≤ a ≤ 1). */
export function f2xm1(env: FpuEnv, out: F80, a: F80): void {
  const ka = kindOf(a.se, a.hi, a.lo);
  if (ka === Kind.Unsupported) return invalid(env, out);
  if (ka >= Kind.QNaN) return propagateNaN1(env, out, a, ka);
  if (ka === Kind.Zero) return void out.set(a);
  if (ka === Kind.Infinity) return a.se & 0x8000 ? (out.se = 0xbfff, out.hi = 0x80000000, void (out.lo = 0)) : void out.set(a);
  denormalCheck(env, ka);
  pack(env, out, expm1(mul(toBig(a), LN2)));
}

/** FYL2X: out = y × log2(x) (a = x = ST0, b = y = ST1). */
export function fyl2x(env: FpuEnv, out: F80, x: F80, y: F80): void {
  const kx = kindOf(x.se, x.hi, x.lo), ky = kindOf(y.se, y.hi, y.lo);
  if (kx === Kind.Unsupported || ky === Kind.Unsupported) return invalid(env, out);
  if (kx >= Kind.QNaN || ky >= Kind.QNaN) return propagateNaN2(env, out, x, kx, y, ky);
  const sx = x.se >>> 15, sy = y.se >>> 15;
  if (sx && kx !== Kind.Zero) return invalid(env, out);
  denormalCheck(env, kx);
  denormalCheck(env, ky);
  if (kx === Kind.Zero) {
    if (ky === Kind.Zero) return invalid(env, out);
    if (ky !== Kind.Infinity) env.flags |= FpuException.ZeroDivide;
    return setInfinity(out, sy ^ 1);
  }
  if (kx === Kind.Infinity) return ky === Kind.Zero ? invalid(env, out) : setInfinity(out, sy);
  const isOne = x.se === BIAS && x.hi === 0x80000000 && x.lo === 0;
  const below1 = (x.se & 0x7fff) < BIAS || kx === Kind.Denormal;
  if (ky === Kind.Infinity) return isOne ? invalid(env, out) : setInfinity(out, sy ^ (below1 ? 1 : 0));
  if (ky === Kind.Zero || isOne) return setZero(out, sy ^ (below1 ? 1 : 0));
  pack(env, out, mul(toBig(y), div(ln(toBig(x)), LN2)));
}

/** FYL2XP1: out = y × log2(x + 1) (a = x = ST0, b = y = ST1; defined for |x| < 1 − √2/2). */
export function fyl2xp1(env: FpuEnv, out: F80, x: F80, y: F80): void {
  const kx = kindOf(x.se, x.hi, x.lo), ky = kindOf(y.se, y.hi, y.lo);
  if (kx === Kind.Unsupported || ky === Kind.Unsupported) return invalid(env, out);
  if (kx >= Kind.QNaN || ky >= Kind.QNaN) return propagateNaN2(env, out, x, kx, y, ky);
  denormalCheck(env, kx);
  denormalCheck(env, ky);
  const sx = x.se >>> 15, sy = y.se >>> 15;
  if (kx === Kind.Zero) return ky === Kind.Infinity ? invalid(env, out) : setZero(out, sx ^ sy);
  if (kx === Kind.Infinity) return invalid(env, out);
  if (ky === Kind.Infinity) return setInfinity(out, sx ^ sy);
  if (ky === Kind.Zero) return setZero(out, sx ^ sy);
  const xv = toBig(x);
  pack(env, out, mul(toBig(y), div(lnSeries(div(xv, add(big(2n), xv))), LN2)));
}

/** FPATAN: out = atan(y / x) in the quadrant of (x, y) (y = ST1, x = ST0; result replaces ST1). */
export function fpatan(env: FpuEnv, out: F80, y: F80, x: F80): void {
  const kx = kindOf(x.se, x.hi, x.lo), ky = kindOf(y.se, y.hi, y.lo);
  if (kx === Kind.Unsupported || ky === Kind.Unsupported) return invalid(env, out);
  if (kx >= Kind.QNaN || ky >= Kind.QNaN) return propagateNaN2(env, out, y, ky, x, kx);
  denormalCheck(env, kx);
  denormalCheck(env, ky);
  const sx = x.se >>> 15, sy = y.se >>> 15;
  let r: Big;
  if (ky === Kind.Zero) {
    if (!sx) return setZero(out, sy);
    r = PI;
  } else if (kx === Kind.Zero) r = ldexp(PI, -1);
  else if (ky === Kind.Infinity) r = kx === Kind.Infinity ? (sx ? mul(PI, big(3n, -2)) : ldexp(PI, -2)) : ldexp(PI, -1);
  else if (kx === Kind.Infinity) {
    if (!sx) return setZero(out, sy);
    r = PI;
  } else {
    const ax = toBig(x), ay = toBig(y);
    const fx = { m: ax.m < 0n ? -ax.m : ax.m, e: ax.e }, fy = { m: ay.m < 0n ? -ay.m : ay.m, e: ay.e };
    const yBigger = cmpAbs(fy, fx) > 0;
    r = yBigger ? sub(ldexp(PI, -1), atanSmall(div(fx, fy))) : atanSmall(div(fy, fx));
    if (sx) r = sub(PI, r);
  }
  pack(env, out, sy ? neg(r) : r);
}

function cmpAbs(a: Big, b: Big): number {
  const d = sub(a, b).m;
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** Reduces a finite |x| < 2^63 by π/2 into [−π/4, π/4]; returns [r, quadrant]. */
function reduce(x: Big): [Big, number] {
  const piHalf = ldexp(PI_REDUCE, -1);
  const q = div(x, piHalf);
  // k = round(q)
  let k: bigint;
  if (q.e >= 0) k = q.m << BigInt(q.e);
  else {
    const sh = BigInt(-q.e);
    k = (q.m + (1n << (sh - 1n))) >> sh;
  }
  const r = sub(x, mul(big(k === 0n ? 0n : k), piHalf));
  return [k === 0n ? x : r, Number(((k % 4n) + 4n) % 4n)];
}

/** π as the x87 reduces with it: the first PI_BITS bits only (SDM vol. 1 §8.3.10: a 66-bit π). */
const PI_BITS = 66;
const PI_REDUCE: Big = norm(PI.m >> BigInt(P - PI_BITS), PI.e + P - PI_BITS);

function sinCosSeries(r: Big): [Big, Big] {
  const r2 = mul(r, r);
  let s = r, c = ONE, ts = r, tc = ONE;
  for (let k = 1; k < 60; k++) {
    ts = neg(div(mul(ts, r2), big(BigInt(2 * k * (2 * k + 1)))));
    tc = neg(div(mul(tc, r2), big(BigInt((2 * k - 1) * 2 * k))));
    if (ts.m === 0n || ts.e + P < s.e - 10) break;
    s = add(s, ts);
    c = add(c, tc);
  }
  return [s, c];
}

/** Shared front end of FSIN/FCOS/FSINCOS/FPTAN: returns C2 if out of range, -1 if out was written. */
function trigSpecial(env: FpuEnv, out: F80, a: F80, ka: Kind): number {
  if (ka === Kind.Unsupported || ka === Kind.Infinity) return invalid(env, out), -1;
  if (ka >= Kind.QNaN) return propagateNaN1(env, out, a, ka), -1;
  if ((a.se & 0x7fff) >= BIAS + 63) return Cc.C2;
  denormalCheck(env, ka);
  return 0;
}

function sinCos(a: F80): [Big, Big] {
  const [r, q] = reduce(toBig(a));
  const [s, c] = sinCosSeries(r);
  switch (q) {
    case 0: return [s, c];
    case 1: return [c, neg(s)];
    case 2: return [neg(s), neg(c)];
    default: return [neg(c), s];
  }
}

/** FSIN: out = sin(a); returns C2 (operand out of range, |a| ≥ 2^63, out untouched) or 0. */
export function fsin(env: FpuEnv, out: F80, a: F80): number {
  const ka = kindOf(a.se, a.hi, a.lo);
  const s = trigSpecial(env, out, a, ka);
  if (s !== 0) return s < 0 ? 0 : s;
  if (ka === Kind.Zero) return out.set(a), 0;
  pack(env, out, sinCos(a)[0]);
  return 0;
}

/** FCOS: out = cos(a); returns C2 when out of range. */
export function fcos(env: FpuEnv, out: F80, a: F80): number {
  const ka = kindOf(a.se, a.hi, a.lo);
  const s = trigSpecial(env, out, a, ka);
  if (s !== 0) return s < 0 ? 0 : s;
  if (ka === Kind.Zero) return (out.se = BIAS, out.hi = 0x80000000, out.lo = 0), 0;
  pack(env, out, sinCos(a)[1]);
  return 0;
}

/** FSINCOS: outSin (the new ST1) and outCos (ST0); returns C2 when out of range. */
export function fsincos(env: FpuEnv, outSin: F80, outCos: F80, a: F80): number {
  const ka = kindOf(a.se, a.hi, a.lo);
  const s = trigSpecial(env, outSin, a, ka);
  if (s !== 0) {
    if (s < 0) outCos.set(outSin);
    return s < 0 ? 0 : s;
  }
  if (ka === Kind.Zero) {
    outSin.set(a);
    outCos.se = BIAS; outCos.hi = 0x80000000; outCos.lo = 0;
    return 0;
  }
  const [sv, cv] = sinCos(a);
  const flags = env.flags;
  pack(env, outSin, sv);
  const c1 = env.c1;
  pack(env, outCos, cv);
  env.flags |= flags;
  env.c1 = env.c1 | c1;
  return 0;
}

/**
 * FPTAN: out = tan(a); the caller then pushes 1.0 — or a copy of out when out is a NaN (NaN operand
 * or masked invalid), as the host does. Returns C2 when out of range (nothing pushed).
 */
export function fptan(env: FpuEnv, out: F80, a: F80): number {
  const ka = kindOf(a.se, a.hi, a.lo);
  const s = trigSpecial(env, out, a, ka);
  if (s !== 0) return s < 0 ? 0 : s;
  if (ka === Kind.Zero) return out.set(a), 0;
  const [sv, cv] = sinCos(a);
  pack(env, out, div(sv, cv));
  return 0;
}
