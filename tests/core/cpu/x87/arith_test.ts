import { expect, test } from "bun:test";
import { fadd, fdiv, fmul, fsqrt, fsub } from "../../../../core/cpu/x87/arith.ts";
import { F80, FpuEnv, FpuException } from "../../../../core/cpu/x87/f80.ts";
import { CONTROL_WORDS, Rng, randomNormal, randomOperand } from "./_cases.ts";
import { diff } from "./_diff.ts";
import { hex20, oracle } from "./_oracle.ts";

const hasOracle = oracle() !== null;

test("fadd() 1 + 1 = 2 exactly", () => {
  const env = new FpuEnv();
  const one = new F80(0x3fff, 0x80000000, 0), out = new F80();
  fadd(env, out, one, one);
  expect(hex20(out)).toBe("40008000000000000000");
  expect(env.flags).toBe(0);
});

test("fdiv() 1/3 is inexact, rounded up under RN (C1 = 1)", () => {
  const env = new FpuEnv();
  const out = new F80();
  fdiv(env, out, new F80(0x3fff, 0x80000000, 0), new F80(0x4000, 0xc0000000, 0));
  expect(hex20(out)).toBe("3ffdaaaaaaaaaaaaaaab");
  expect(env.flags).toBe(FpuException.Precision);
  expect(env.c1).toBe(1);
});

test("fsub() x − x is +0, or −0 when rounding down", () => {
  const env = new FpuEnv();
  const x = new F80(0x4001, 0xdeadbeef, 0x12345678), out = new F80();
  fsub(env, out, x, x);
  expect(out.se).toBe(0);
  env.cw = 0x077f;
  fsub(env, out, x, x);
  expect(out.se).toBe(0x8000);
});

// Regression: isqrt() started from a double estimate below the root and stepped by 1 forever.
test("fsqrt() of a 64-bit significand terminates and is exact for 4", () => {
  const env = new FpuEnv();
  const out = new F80();
  fsqrt(env, out, new F80(0x4001, 0x80000000, 0));
  expect(hex20(out)).toBe("40008000000000000000");
  fsqrt(env, out, new F80(0x3fff, 0xffffffff, 0xffffffff));
  expect(out.se).toBe(0x3fff);
});

function lines(op: string, n: number, seed: number): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = randomOperand(rng);
    let b = randomOperand(rng);
    // Close exponents exercise cancellation and carries.
    if (rng.below(3) === 0 && /^[0-7]/.test(a)) b = randomNormal(rng, parseInt(a.slice(0, 4), 16) & 0x7fff, 3);
    out.push(`${op} ${rng.pick(CONTROL_WORDS).toString(16)} ${a} ${b}`);
  }
  return out;
}

for (const [op, seed] of [["add", 1], ["sub", 2], ["mul", 3], ["div", 4], ["sqrt", 5]] as const) {
  test.skipIf(!hasOracle)(`${op} matches the host x87 bit for bit (all PC×RC, edge operands)`, () => {
    const r = diff(lines(op, 10000, seed));
    expect(r.mismatches).toEqual([]);
  });
}

test.skipIf(!hasOracle)("unmasked OE/UE bias-adjust the register result by 24576 like the host", () => {
  const rng = new Rng(77);
  const out: string[] = [];
  for (let i = 0; i < 400; i++) {
    const big = rng.below(2) === 0;
    const a = randomNormal(rng, big ? 0x7ff0 : 0x0010, 16);
    const b = randomNormal(rng, big ? 0x7ff0 : 0x0010, 16);
    const cw = (rng.pick(CONTROL_WORDS) & ~0x18) | 0x20 | 0x07; // OE, UE unmasked
    out.push(`${rng.pick(["mul", "add"])} ${cw.toString(16)} ${a} ${b}`);
  }
  expect(diff(out).mismatches).toEqual([]);
});

// Regression (found by the differential test): denormal ÷ 0 raised DE as well as ZE.
test("fdiv() denormal ÷ 0 raises only ZE", () => {
  const env = new FpuEnv();
  const out = new F80();
  fdiv(env, out, new F80(0x8000, 0x1f212817, 0xfcb2ebad), new F80(0, 0, 0));
  expect(env.flags).toBe(FpuException.ZeroDivide);
  expect(hex20(out)).toBe("ffff8000000000000000");
});
