// The double-double fast paths (core/cpu/x87/dd_arith.ts, dd_regs.ts, dd_ops.ts) against the exact
// 80-bit arithmetic of arith.ts/convert.ts on millions of random and edge operands: ties at the 64-
// and 53-bit boundaries, carries into the next binade, cancellation, the ends of the shadow range.
import { expect, test } from "bun:test";
import { fadd, fmul, fsub } from "../../../../core/cpu/x87/arith.ts";
import { F80, FpuEnv } from "../../../../core/cpu/x87/f80.ts";
import { Out64, toFloat64 } from "../../../../core/cpu/x87/convert.ts";
import { FpuState } from "../../../../core/cpu/x87/fpu_state.ts";
import { ddAdd, ddMul } from "../../../../core/cpu/x87/dd_arith.ts";
import { packShadow, settleShadow, unpackShadow } from "../../../../core/cpu/x87/dd_regs.ts";
import { ddCompare, ddStore64 } from "../../../../core/cpu/x87/dd_ops.ts";
import { CompareResult, fcom } from "../../../../core/cpu/x87/misc_ops.ts";
import type { Cpu } from "../../../../core/cpu/cpu.ts";
import { Xorshift32 as Rng } from "../../../support/xorshift.ts";


/** Significand patterns that hit the rounding boundaries (ties at bit 11 and bit 0, all-ones, sparse). */
function significand(r: Rng, out: F80): void {
  const a = r.next(), b = r.next();
  switch (r.next() % 11) {
    case 6: case 7: out.hi = (a | 0x80000000) >>> 0; out.lo = (b & ~0x7ff) >>> 0; break; // a double (l = 0)
    case 0: out.hi = 0xffffffff; out.lo = (0xffffffff - (a & 0xfff)) >>> 0; break; // carries
    case 1: out.hi = 0x80000000; out.lo = a & 0xfff; break; // just above a power of two
    case 2: out.hi = (a | 0x80000000) >>> 0; out.lo = ((b & ~0xfff) | 0x400) >>> 0; break; // 53-bit tie
    case 3: out.hi = (a | 0x80000000) >>> 0; out.lo = ((b & ~0x7ff) | (r.next() & 1 ? 0x400 : 0x3ff)) >>> 0;
      break;
    case 4: out.hi = (0x80000000 | (1 << (a & 31))) >>> 0; out.lo = b & 1 ? (1 << (b & 31)) >>> 0 : 0; break; // sparse
    case 5: out.hi = (0xc0000000 | (a & 0x0f000000)) >>> 0; out.lo = 0; break; // short: product ties
    default: out.hi = (a | 0x80000000) >>> 0; out.lo = b; break;
  }
}

/** A random normal operand, exponent near `base` (unbiased), either sign. */
function operand(r: Rng, out: F80, base: number, spread: number): void {
  significand(r, out);
  const e = base + (spread ? (r.next() % (2 * spread + 1)) - spread : 0);
  out.se = ((r.next() & 1) << 15) | (e + 16383);
}

const hex = (v: F80) => `${v.se.toString(16)}:${v.hi.toString(16)}:${v.lo.toString(16)}`;

test("unpackShadow()/packShadow() round-trip every normal value in range, reject the rest", () => {
  const f = new FpuState(), r = new Rng(7), v = new F80();
  for (let k = 0; k < 300_000; k++) {
    operand(r, v, 0, 460);
    f.regSe[0] = v.se; f.regHi[0] = v.hi; f.regLo[0] = v.lo;
    const e = (v.se & 0x7fff) - 16383;
    const ok = unpackShadow(f, 0);
    expect(ok).toBe(e >= -399 && e <= 399);
    if (!ok) continue;
    expect(Math.abs(f.ddLo[0]) <= Math.abs(f.ddHi[0]) * 2 ** -53).toBe(true);
    expect(f.ddHi[0] + f.ddLo[0]).toBe(f.ddHi[0]); // normalized: h = RN53(h + l)
    f.regSe[0] = 0; f.regHi[0] = 0; f.regLo[0] = 0;
    packShadow(f, 0);
    if (f.regSe[0] !== v.se || f.regHi[0] !== v.hi || f.regLo[0] !== v.lo) {
      throw new Error(`round trip of ${hex(v)} gave ${f.regSe[0].toString(16)}:${f.regHi[0].toString(16)}:${f.regLo[0].toString(16)}`);
    }
  }
});

/** Runs op on the shadows of a and b and compares result, PE and C1 with arith.ts. */
function check(f: FpuState, env: FpuEnv, op: number, a: F80, b: F80, out: F80): boolean {
  f.regSe[0] = a.se; f.regHi[0] = a.hi; f.regLo[0] = a.lo;
  f.regSe[1] = b.se; f.regHi[1] = b.hi; f.regLo[1] = b.lo;
  if (!unpackShadow(f, 0) || !unpackShadow(f, 1)) return false;
  const bits = op === 1 ? ddMul(f.ddHi, f.ddLo, 0, 1, 2) : ddAdd(f.ddHi, f.ddLo, 0, 1, op === 2 ? 1 : 0, 2);
  if (bits < 0) return false;
  settleShadow(f, 2);
  f.sync(2);
  env.cw = 0x037f;
  env.clear();
  (op === 0 ? fadd : op === 1 ? fmul : fsub)(env, out, a, b);
  const got = `${f.regSe[2].toString(16)}:${f.regHi[2].toString(16)}:${f.regLo[2].toString(16)} pe=${(bits & 0x20) >> 5} c1=${(bits & 0x200) >> 9}`;
  const want = `${hex(out)} pe=${(env.flags & 0x20) >> 5} c1=${env.c1}`;
  if (got !== want) throw new Error(`op ${op} ${hex(a)} ${hex(b)}: got ${got}, want ${want}`);
  return true;
}

/**
 * Runs `cases` operations on operands `make` sets up (it returns the op: 0 add, 1 mul, 2 sub) and
 * compares each with arith.ts; returns how many the shadow path took.
 */
function checkCases(seed: number, cases: number, make: (r: Rng, k: number, a: F80, b: F80) => number): number {
  const f = new FpuState(), env = new FpuEnv(), r = new Rng(seed);
  const a = new F80(), b = new F80(), out = new F80();
  let done = 0;
  for (let k = 0; k < cases; k++) {
    const op = make(r, k, a, b);
    if (check(f, env, op, a, b, out)) done++;
  }
  return done;
}

test("ddAdd()/ddMul() match fadd/fsub/fmul bit for bit, with PE and C1", () => {
  const done = checkCases(12345, 1_500_000, (r, k, a, b) => {
    const op = k % 3;
    const base = r.next() % 8 === 0 ? (r.next() & 1 ? 395 : -395) : (r.next() % 41) - 20;
    operand(r, a, base, 0);
    operand(r, b, base, r.next() % 4 === 0 ? 36 : 2);
    if (op !== 1 && r.next() % 5 === 0) {
      // Cancellation: b close to ±a.
      b.se = (a.se & 0x7fff) | (op === 0 ? (a.se ^ 0x8000) & 0x8000 : a.se & 0x8000);
      b.hi = a.hi;
      b.lo = (a.lo + (r.next() % 4096) - 2048) >>> 0;
      if (r.next() % 4 === 0) b.lo = a.lo; // exact zero
    }
    return op;
  });
  expect(done).toBeGreaterThan(1_300_000);
});

test("ddAdd() of operands 30–300 binades apart is exact where it decides (the rest goes to the slow path)", () => {
  checkCases(4243, 400_000, (r, k, a, b) => {
    operand(r, a, (r.next() % 41) - 20, 0);
    if (r.next() % 4 === 0) { a.hi = 0x80000000; a.lo = 0; } // a power of two: a finer grid below
    operand(r, b, (a.se & 0x7fff) - 16383 - 30 - (r.next() % 270), 0);
    return k & 2 ? 2 : 0;
  });
});

const M64 = (1n << 64n) - 1n;

/** The inverse of odd `a` modulo 2^64 (Newton's iteration doubles the correct bits each step). */
function inverse64(a: bigint): bigint {
  let x = a;
  for (let k = 0; k < 6; k++) x = (x * (2n - a * x)) & M64;
  return x;
}

/** `v` = ±significand · 2^e with e near 0 (the significand's top bit set). */
function setF80(r: Rng, v: F80, significand: bigint): void {
  v.se = ((r.next() & 1) << 15) | (16383 + (r.next() % 9) - 4);
  v.hi = Number(significand >> 32n) >>> 0;
  v.lo = Number(significand & 0xffffffffn) >>> 0;
}

test("ddMul() matches fmul on products within a hair of a rounding boundary, with full-length significands", () => {
  // b = (T · a⁻¹) mod 2^64 makes the low 64 bits of the 128-bit product a·b equal T: a grid point
  // or a midpoint of the 64-bit result plus up to 2^30 units, while both significands keep all 64 bits
  // (the products of their small parts are inexact in doubles, so only the exact path decides).
  const done = checkCases(0x5ca1ab1e, 40_000, (r, _k, a, b) => {
    const sa = (BigInt(r.next() | 0x80000000) << 32n) | BigInt(r.next() | 1) & 0xffffffffn;
    const span = 2 ** (r.next() % 30); // up to 2^30 units of 2^-64 of the grid: the rounded terms err by up to ~2^25
    const near = BigInt(Math.floor((r.next() / 2 ** 32) * 2 * span - span)) & M64;
    const target = (r.next() & 1 ? 1n << 63n : 0n) + near;
    let sb = ((target & M64) * inverse64(sa)) & M64;
    if (sb < 1n << 63n) sb += 1n << 63n; // a top bit set moves the low half of the product by 2^63: midpoint ↔ grid point
    setF80(r, a, sa);
    setF80(r, b, sb);
    return 1;
  });
  expect(done).toBe(40_000);
});

/** A square root of T modulo 2^64 (T ≡ 1 mod 8), with the top bit set: Hensel lifting bit by bit. */
function sqrt64(t: bigint): bigint {
  let x = 1n;
  for (let k = 3n; k < 64n; k++) if (((x * x - t) >> k) & 1n) x += 1n << (k - 1n);
  x &= M64;
  return x >> 63n ? x : (1n << 64n) - x; // −x is a root too
}

test("x + x and x × x (the doubling and squaring paths) match fadd and fmul, near rounding boundaries too", () => {
  // A significand s with s² ≡ T (mod 2^64) puts the square's low 64 bits at T: a grid point or a
  // midpoint of the 64-bit result plus a few units (the exact path decides those).
  const done = checkCases(0xd0b1e, 300_000, (r, k, a, b) => {
    if (k % 4 === 3) {
      const t = (r.next() & 1 ? 1n << 63n : 0n) + 1n + 8n * BigInt(r.next() % (1 << (r.next() % 28)));
      setF80(r, a, sqrt64(t));
    } else operand(r, a, (r.next() % 41) - 20, 0);
    b.se = a.se; b.hi = a.hi; b.lo = a.lo;
    return k % 2;
  });
  expect(done).toBe(300_000);
});

test("ddStore64() stores RN53 of the shadow with PE and C1 as toFloat64", () => {
  const f = new FpuState(), env = new FpuEnv(), r = new Rng(99), v = new F80();
  const words: number[] = [];
  const cpu = { write32: (_a: number, x: number) => void words.push(x >>> 0), probeWrite: () => {} } as unknown as Cpu;
  for (let k = 0; k < 500_000; k++) {
    operand(r, v, (r.next() % 81) - 40, 0);
    f.regSe[0] = v.se; f.regHi[0] = v.hi; f.regLo[0] = v.lo;
    f.top = 0; f.empty[0] = 0; f.sw = 0;
    expect(unpackShadow(f, 0)).toBe(true);
    words.length = 0;
    expect(ddStore64(cpu, f, 0x1000, false)).toBe(true);
    env.cw = 0x037f;
    env.clear();
    toFloat64(env, v);
    const want = `${Out64.hi >>> 0}:${Out64.lo >>> 0} ${env.flags & 0x20} ${env.c1 << 9}`;
    const got = `${words[1]}:${words[0]} ${f.sw & 0x20} ${f.sw & 0x200}`;
    if (got !== want) throw new Error(`${hex(v)}: got ${got}, want ${want}`);
  }
});

test("ddCompare() orders shadows and ±0 as fcom does", () => {
  const f = new FpuState(), env = new FpuEnv(), r = new Rng(4242);
  const a = new F80(), b = new F80();
  const toOrder = (cc: number) => (cc === CompareResult.Less ? -1 : cc === CompareResult.Equal ? 0 : 1);
  let done = 0;
  for (let k = 0; k < 300_000; k++) {
    operand(r, a, (r.next() % 9) - 4, 0);
    if (r.next() % 3 === 0) b.set(a); // equal values, or tails that differ by a few ulps
    else operand(r, b, (a.se & 0x7fff) - 16383, 1);
    if (r.next() % 4 === 0) b.lo = (a.lo + (r.next() % 5) - 2) >>> 0;
    if (r.next() % 6 === 0) { a.se &= 0x8000; a.hi = 0; a.lo = 0; } // ±0
    if (r.next() % 6 === 0) { b.se &= 0x8000; b.hi = 0; b.lo = 0; }
    f.regSe[0] = a.se; f.regHi[0] = a.hi; f.regLo[0] = a.lo; f.dd[0] = 0;
    f.regSe[1] = b.se; f.regHi[1] = b.hi; f.regLo[1] = b.lo; f.dd[1] = 0;
    const got = ddCompare(f, 0, 1);
    env.clear();
    const want = toOrder(fcom(env, a, b, false));
    if (got !== want) throw new Error(`${hex(a)} vs ${hex(b)}: got ${got}, want ${want}`);
    done++;
  }
  expect(done).toBe(300_000);
});
