import { expect, test } from "bun:test";
import { Cc, F80, FpuEnv } from "../../../../core/cpu/x87/f80.ts";
import { CompareResult, XamClass, fcom, fprem, fxam } from "../../../../core/cpu/x87/misc_ops.ts";
import { CONTROL_WORDS, Rng, randomNormal, randomOperand } from "./_cases.ts";
import { diff } from "./_diff.ts";
import { oracle } from "./_oracle.ts";

const hasOracle = oracle() !== null;

test("fcom() orders values and reports NaN as unordered with IE", () => {
  const env = new FpuEnv();
  const one = new F80(0x3fff, 0x80000000, 0), two = new F80(0x4000, 0x80000000, 0);
  expect(fcom(env, one, two, false)).toBe(CompareResult.Less);
  expect(fcom(env, two, one, false)).toBe(CompareResult.Greater);
  expect(fcom(env, new F80(0, 0, 0), new F80(0x8000, 0, 0), false)).toBe(CompareResult.Equal);
  expect(env.flags).toBe(0);
  const qnan = new F80(0x7fff, 0xc0000000, 0);
  expect(fcom(env, qnan, one, true)).toBe(CompareResult.Unordered);
  expect(env.flags).toBe(0);
  expect(fcom(env, qnan, one, false)).toBe(CompareResult.Unordered);
  expect(env.flags).toBe(1);
});

test("fxam() classifies encodings (C3 C2 C0, sign in C1)", () => {
  expect(fxam(new F80(0x8000, 0, 0), false)).toBe(XamClass.Zero | Cc.C1);
  expect(fxam(new F80(0, 0, 1), false)).toBe(XamClass.Denormal);
  expect(fxam(new F80(0x3fff, 0x40000000, 0), false)).toBe(XamClass.Unsupported);
  expect(fxam(new F80(0, 0, 0), true)).toBe(XamClass.Empty);
});

test("fprem() gives the low quotient bits in C0 C3 C1", () => {
  const env = new FpuEnv();
  const out = new F80();
  // 7 rem 2 = 1, q = 3 → C3 (q1) and C1 (q0).
  const cc = fprem(env, out, new F80(0x4001, 0xe0000000, 0), new F80(0x4000, 0x80000000, 0), false);
  expect(cc).toBe(Cc.C3 | Cc.C1);
  expect(out.se).toBe(0x3fff);
});

function lines(op: string, n: number, seed: number, near = false): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = randomOperand(rng);
    let b = randomOperand(rng);
    if (near && rng.below(2) === 0) b = randomNormal(rng, 0x3fff, 70);
    if (rng.below(4) === 0 && /^[0-7]/.test(a)) b = randomNormal(rng, parseInt(a.slice(0, 4), 16) & 0x7fff, 2);
    out.push(`${op} ${rng.pick(CONTROL_WORDS).toString(16)} ${a} ${b}`);
  }
  return out;
}

const OPS = [
  "prem", "prem1", "rndint", "scale", "xtract", "com", "ucom", "comi", "ucomi", "xam", "abs", "chs",
  "ld1", "ldl2t", "ldl2e", "ldpi", "ldlg2", "ldln2", "ldz",
];
OPS.forEach((op, k) => {
  test.skipIf(!hasOracle)(`${op} matches the host x87 bit for bit`, () => {
    const n = op.startsWith("ld") ? 200 : 4000;
    expect(diff(lines(op, n, 100 + k, op === "scale")).mismatches).toEqual([]);
  });
});
