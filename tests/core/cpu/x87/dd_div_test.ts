// The double-double FDIV/FDIVR/FSQRT paths (core/cpu/x87/dd_div.ts and their dd_ops.ts glue) against
// the exact 80-bit fdiv/fsqrt of arith.ts, bit for bit with PE and C1: random operands, exact
// quotients and roots, results a few 64-bit ulps from exact, quotients near powers of two and very
// near rounding midpoints, the ends of the shadow range, m64/m32 memory operands.
import { expect, test } from "bun:test";
import { fdiv, fsqrt, isqrt } from "../../../../core/cpu/x87/arith.ts";
import { F80, FpuEnv } from "../../../../core/cpu/x87/f80.ts";
import { fromFloat32, fromFloat64 } from "../../../../core/cpu/x87/convert.ts";
import { FpuState } from "../../../../core/cpu/x87/fpu_state.ts";
import { ddDiv, ddSqrt } from "../../../../core/cpu/x87/dd_div.ts";
import { settleShadow, unpackShadow } from "../../../../core/cpu/x87/dd_regs.ts";
import { ddBinary, ddBinaryM32, ddBinaryM64, ddSqrtTop } from "../../../../core/cpu/x87/dd_ops.ts";
import { Xorshift32 as Rng } from "../../../support/xorshift.ts";


const hex = (v: F80) => `${v.se.toString(16)}:${v.hi.toString(16)}:${v.lo.toString(16)}`;
const TWO63 = 1n << 63n, MASK64 = (1n << 64n) - 1n;

/** Sets v to sign/exponent (unbiased)/64-bit significand s (bit 63 set). */
function setF80(v: F80, neg: number, e: number, s: bigint): void {
  v.se = (neg << 15) | (e + 16383);
  v.hi = Number(s >> 32n);
  v.lo = Number(s & 0xffffffffn);
}
const sig = (v: F80) => (BigInt(v.hi) << 32n) | BigInt(v.lo);

/** Random significand patterns: full, doubles (l = 0), short (exact products), sparse, all-ones. */
function significand(r: Rng): bigint {
  const a = r.next(), b = r.next();
  switch (r.next() % 8) {
    case 0: case 1: return (BigInt((a | 0x80000000) >>> 0) << 32n) | BigInt((b & ~0x7ff) >>> 0); // a double
    case 2: return (BigInt((a | 0x80000000) >>> 0) << 32n); // 32 bits: exact products
    case 3: return TWO63 | (1n << BigInt(a & 63)) | (b & 1 ? BigInt(b & 0xfff) : 0n); // sparse
    case 4: return MASK64 - BigInt(a & 0xfff); // all ones
    default: return (BigInt((a | 0x80000000) >>> 0) << 32n) | BigInt(b);
  }
}

/** Modular inverse of odd k modulo 2^63 (Newton). */
function inverse63(k: bigint): bigint {
  let x = k;
  for (let i = 0; i < 7; i++) x = (x * (2n - k * x)) & (TWO63 - 1n);
  return x;
}

/**
 * Fills a, b so that a/b comes within about k²·2^-63 ulp of a rounding midpoint: b = 1 + k·2^-63 and
 * a's significand s with k·s ≡ 2^62 (mod 2^63), so a/b = s − ⌊k·s/2^63⌋ − ½ + ~s·k²·2^-126 ulps.
 */
function nearMidpoint(r: Rng, a: F80, b: F80): void {
  const k = BigInt((r.next() >>> (r.next() % 31)) | 1);
  let s = ((1n << 62n) * inverse63(k)) & (TWO63 - 1n);
  s |= TWO63;
  const ea = (r.next() % 41) - 20;
  setF80(a, r.next() & 1, ea, s);
  setF80(b, r.next() & 1, (r.next() % 11) - 5, TWO63 + k);
  if (r.next() & 1) {
    // The mirror case below a power of two: b = 1 − k·2^-64.
    setF80(b, b.se >>> 15, (b.se & 0x7fff) - 16383 - 1, MASK64 + 1n - k);
  }
}

/** A random operand pair for division; kind picks the family. */
function divPair(r: Rng, a: F80, b: F80, kind: number): void {
  const base = r.next() % 10 === 0 ? (r.next() & 1 ? 399 : -399) : (r.next() % 41) - 20;
  const eb = base + (r.next() % 7) - 3;
  switch (kind) {
    case 0: { // exact quotient: a = b·c with short b, c (a few ulps off half the time)
      const sb = BigInt((r.next() | 0x80000000) >>> 0);
      const sc = BigInt((r.next() | 0x80000000) >>> 0) >> BigInt(r.next() % 30);
      let p = sb * sc, e = 0;
      while (p < TWO63) { p <<= 1n; e--; }
      while (p > MASK64) { p >>= 1n; e++; } // exact: sb·sc has at most 64 significant bits
      if (r.next() & 1) p += BigInt(r.next() % 9) - 4n;
      if (p > MASK64 || p < TWO63) p = TWO63;
      setF80(b, r.next() & 1, eb, sb << 32n);
      setF80(a, r.next() & 1, eb + e + 32 + (r.next() % 3), p);
      return;
    }
    case 1: // quotient near 1 (or a power of two): b = a ± a few ulps
    {
      setF80(a, r.next() & 1, base, significand(r));
      const s = sig(a) + BigInt(r.next() % 17) - 8n;
      setF80(b, r.next() & 1, base + (r.next() % 5) - 2, s > MASK64 ? MASK64 : s < TWO63 ? TWO63 : s);
      return;
    }
    case 2:
      nearMidpoint(r, a, b);
      return;
    default: // random
      setF80(a, r.next() & 1, base + (r.next() % 9) - 4, significand(r));
      setF80(b, r.next() & 1, eb, significand(r));
  }
}

/** A positive operand for FSQRT: random, exact squares, squares a few ulps off. */
function sqrtOperand(r: Rng, a: F80): void {
  const base = r.next() % 10 === 0 ? (r.next() & 1 ? 398 : -399) : (r.next() % 61) - 30;
  if (r.next() % 3 === 0) {
    const c = BigInt((r.next() | 0x80000000) >>> 0) >> BigInt(r.next() % 32);
    let p = c * c, e = 0;
    while (p < TWO63) { p <<= 1n; e--; }
    if (r.next() & 1) p += BigInt(r.next() % 9) - 4n;
    if (p > MASK64 || p < TWO63) p = TWO63;
    setF80(a, 0, base - (base & 1) + ((e + 1) & 1), p); // A = c²·2^(ea − 63 − e): an even power
    return;
  }
  setF80(a, 0, base, significand(r));
}

/**
 * True if the exact a ÷ b (or √a when b is null) lies within 2^-20 of its 64-bit ulp of a rounding
 * midpoint: the only results the shadow path may leave to the slow one.
 */
function nearMidpoint80(a: F80, b: F80 | null): boolean {
  let z: bigint;
  if (b) z = (sig(a) << 104n) / sig(b);
  else z = isqrt(sig(a) << BigInt(160 + (((a.se & 0x7fff) - 16383 - 63) & 1)));
  const t = BigInt(z.toString(2).length - 64);
  const frac = z & ((1n << t) - 1n), half = 1n << (t - 1n);
  const d = frac > half ? frac - half : half - frac;
  return d < 1n << (t - 20n);
}

const env = new FpuEnv();
const want = new F80();

/** The reference result of fdiv/fsqrt (PC 64, RC nearest, all masked) as "se:hi:lo pe c1". */
function reference(a: F80, b: F80 | null): string {
  env.cw = 0x037f;
  env.clear();
  if (b) fdiv(env, want, a, b);
  else fsqrt(env, want, a);
  return `${hex(want)} pe=${(env.flags & 0x20) >> 5} c1=${env.c1}`;
}

/** Register p's encoding (after settling) and the given PE/C1 bits, in reference()'s format. */
function result(f: FpuState, p: number, bits: number): string {
  const v = new F80();
  f.empty[p] = 0;
  settleShadow(f, p);
  f.sync(p);
  v.se = f.regSe[p]; v.hi = f.regHi[p]; v.lo = f.regLo[p];
  return `${hex(v)} pe=${(bits & 0x20) >> 5} c1=${(bits & 0x200) >> 9}`;
}

function load(f: FpuState, p: number, v: F80): boolean {
  f.regSe[p] = v.se; f.regHi[p] = v.hi; f.regLo[p] = v.lo; f.dd[p] = 0;
  return unpackShadow(f, p);
}

test("ddDiv() matches fdiv bit for bit with PE and C1 (random, exact, near 1, near midpoints)", () => {
  const f = new FpuState(), r = new Rng(2024);
  const a = new F80(), b = new F80();
  const done = [0, 0, 0, 0], fellBack = [0, 0, 0, 0], inexact = [0, 0, 0, 0];
  for (let k = 0; k < 400_000; k++) {
    const kind = k % 4;
    divPair(r, a, b, kind);
    if (!load(f, 0, a) || !load(f, 1, b)) continue;
    const bits = ddDiv(f.ddHi, f.ddLo, 0, 1, 2);
    if (bits < 0) {
      if (!nearMidpoint80(a, b)) throw new Error(`${hex(a)} / ${hex(b)}: declined, not near a midpoint`);
      fellBack[kind]++;
      continue;
    }
    const got = result(f, 2, bits), exp = reference(a, b);
    if (got !== exp) throw new Error(`${hex(a)} / ${hex(b)}: got ${got}, want ${exp}`);
    done[kind]++;
    if (bits) inexact[kind]++;
  }
  // Every family ran; exact quotients and near-midpoint cases were really produced.
  for (let kind = 0; kind < 4; kind++) expect(done[kind]).toBeGreaterThan(70_000);
  expect(done[0] - inexact[0]).toBeGreaterThan(15_000);
  // Within 2^-30 ulp of a midpoint: left to the slow path. Only structured operands get there
  // (b = 1 ± a few ulps, all-ones or sparse significands); plain exact quotients never do.
  expect(fellBack[2]).toBeGreaterThan(10_000);
  expect(fellBack[0]).toBe(0);
});

test("ddSqrt() matches fsqrt bit for bit with PE and C1 (random, exact squares, near squares)", () => {
  const f = new FpuState(), r = new Rng(77);
  const a = new F80();
  let done = 0, exact = 0, fellBack = 0;
  for (let k = 0; k < 300_000; k++) {
    sqrtOperand(r, a);
    if (!load(f, 0, a)) continue;
    const bits = ddSqrt(f.ddHi, f.ddLo, 0, 1);
    if (bits < 0) {
      if (!nearMidpoint80(a, null)) throw new Error(`sqrt ${hex(a)}: declined, not near a midpoint`);
      fellBack++;
      continue;
    }
    const got = result(f, 1, bits), exp = reference(a, null);
    if (got !== exp) throw new Error(`sqrt ${hex(a)}: got ${got}, want ${exp}`);
    done++;
    if (!bits) exact++;
  }
  expect(done).toBeGreaterThan(285_000);
  expect(exact).toBeGreaterThan(20_000);
  expect(fellBack).toBeGreaterThan(1_000); // c² ± 2 units lands within ~2^-60 ulp of a midpoint
});

test("FDIV/FDIVR register, m64 and m32 forms and FSQRT on FpuState match the 80-bit path, status included", () => {
  const f = new FpuState(), r = new Rng(555);
  const a = new F80(), b = new F80(), m = new F80();
  const F32 = new Float32Array(1), U32 = new Uint32Array(F32.buffer);
  const F64 = new Float64Array(1), W = new Uint32Array(F64.buffer);
  const hiW = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
  let done = 0;
  for (let k = 0; k < 60_000; k++) {
    divPair(r, a, b, k % 4);
    const form = k % 5; // 0 ST(0)/ST(1) → ST(0), 1 DC form → ST(1), 2 m64, 3 m32, 4 FSQRT of |a|
    f.reset();
    f.sw = 0x0200; // a stale C1 the operation must replace
    f.top = 6;
    f.empty[6] = 0; f.empty[7] = 0;
    if (!load(f, 6, a) || !load(f, 7, b)) continue;
    const divr = (r.next() & 1) === 1;
    let ok: boolean, x: F80, y: F80 | null, dest = 6;
    if (form === 0 || form === 1) {
      ok = ddBinary(f, divr ? 7 : 6, form, 1, false);
      dest = form === 0 ? 6 : 7;
      x = divr ? b : a; y = divr ? a : b;
    } else if (form === 2) {
      F64[0] = (b.se & 0x8000 ? -1 : 1) * (1 + r.next() / 2 ** 32) * 2 ** ((r.next() % 61) - 30);
      env.clear();
      fromFloat64(env, m, W[hiW], W[1 - hiW]);
      ok = ddBinaryM64(f, divr ? 7 : 6, W[hiW], W[1 - hiW]);
      x = divr ? m : a; y = divr ? a : m;
    } else if (form === 3) {
      F32[0] = (r.next() & 1 ? -1 : 1) * (1 + r.next() / 2 ** 32) * 2 ** ((r.next() % 61) - 30);
      env.clear();
      fromFloat32(env, m, U32[0]);
      ok = ddBinaryM32(f, divr ? 7 : 6, U32[0]);
      x = divr ? m : a; y = divr ? a : m;
    } else {
      a.se &= 0x7fff;
      load(f, 6, a);
      ok = ddSqrtTop(f);
      x = a; y = null;
    }
    if (!ok) continue;
    const exp = reference(x, y);
    f.sync(dest);
    const v = new F80();
    v.se = f.regSe[dest]; v.hi = f.regHi[dest]; v.lo = f.regLo[dest];
    const got = `${hex(v)} pe=${(f.sw & 0x20) >> 5} c1=${(f.sw & 0x200) >> 9}`;
    if (got !== exp) throw new Error(`form ${form} divr=${divr} ${hex(x)} ${y ? hex(y) : ""}: got ${got}, want ${exp}`);
    expect(f.sw & 0x8080).toBe(0); // PE masked: no ES/B
    done++;
  }
  expect(done).toBeGreaterThan(55_000);
});

test("the shadow paths decline what they cannot do exactly", () => {
  const f = new FpuState(), a = new F80(), b = new F80();
  f.reset();
  f.top = 6; f.empty[6] = 0; f.empty[7] = 0;
  setF80(a, 0, 0, TWO63 | 12345n);
  setF80(b, 0, 0, 0n); b.se = 0; // +0: a zero divide
  load(f, 6, a); load(f, 7, b);
  expect(ddBinary(f, 6, 0, 1, false)).toBe(false);
  setF80(b, 0, 3, TWO63);
  load(f, 7, b);
  f.cw = 0x037f & ~0x0100; // PC = 53 bits
  expect(ddBinary(f, 6, 0, 1, false)).toBe(false);
  expect(ddSqrtTop(f)).toBe(false);
  f.cw = 0x037f | 0x0400; // RC = down
  expect(ddBinary(f, 6, 0, 1, false)).toBe(false);
  f.cw = 0x037f;
  setF80(a, 1, 0, TWO63); // −1: FSQRT is invalid
  load(f, 6, a);
  expect(ddSqrtTop(f)).toBe(false);
  expect(ddBinaryM32(f, 6, 0)).toBe(false); // ÷ +0.0f
  expect(ddBinaryM32(f, 6, 0x7f800000)).toBe(false); // ÷ +inf
  expect(ddBinary(f, 6, 0, 1, false)).toBe(true); // −1 / 8
  expect(f.ddHi[6]).toBe(-0.125);
  expect(f.sw & 0x0220).toBe(0);
});
