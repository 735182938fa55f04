import { expect, test } from "bun:test";
import { F80, FpuEnv } from "../../../../core/cpu/x87/f80.ts";
import { Out64, fromNumber, toFloat32, toInt, toNumber } from "../../../../core/cpu/x87/convert.ts";
import { CONTROL_WORDS, EDGES, Rng, f80hex, randomOperand } from "./_cases.ts";
import { diff } from "./_diff.ts";
import { oracle } from "./_oracle.ts";

const hasOracle = oracle() !== null;

test("toNumber()/fromNumber() round-trip doubles, including −0, ∞ and denormals", () => {
  const v = new F80();
  for (const x of [0, -0, 1, -1.5, Math.PI, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, Infinity, -Infinity]) {
    fromNumber(v, x);
    expect(Object.is(toNumber(v), x)).toBe(true);
  }
  fromNumber(v, NaN);
  expect(Number.isNaN(toNumber(v))).toBe(true);
});

test("toInt() returns the integer indefinite with IE on overflow", () => {
  const env = new FpuEnv();
  expect(toInt(env, new F80(0x401f, 0x80000000, 0), 32, false)).toBe(0x80000000);
  expect(env.flags).toBe(1);
  env.clear();
  toInt(env, new F80(0xc03e, 0x80000000, 0), 64, false); // −2^63 fits
  expect([Out64.hi, Out64.lo, env.flags]).toEqual([0x80000000, 0, 0]);
});

// Regression (found by the differential test): FST m32fp/m64fp of an 80-bit denormal raised DE.
test("toFloat32() of an 80-bit denormal raises no DE", () => {
  const env = new FpuEnv();
  expect(toFloat32(env, new F80(0, 0x7c2f78f7, 0xea07793f))).toBe(0);
  expect(env.flags).toBe(0x30); // PE | UE
});

/** float32/float64 memory images biased toward zero/denormal/inf/NaN exponents. */
function floatImage(rng: Rng, bits: 32 | 64): string {
  const r = rng.u32(), r2 = rng.u32();
  const t = rng.below(4);
  if (bits === 32) {
    const exp = t === 0 ? 0 : t === 1 ? 0xff : rng.below(256);
    return f80hex(0, 0, ((r & 0x807fffff) | (exp << 23)) >>> 0);
  }
  const exp = t === 0 ? 0 : t === 1 ? 0x7ff : rng.below(2048);
  return f80hex(0, ((r & 0x800fffff) | (exp << 20)) >>> 0, r2);
}

/** Valid packed BCD (random digits, random sign), occasionally with an invalid nibble. */
function bcdImage(rng: Rng): string {
  let s = rng.below(2) ? "80" : "00";
  s += "00";
  for (let i = 0; i < 18; i++) s += rng.below(40) === 0 ? "c" : String(rng.below(10));
  return s.slice(0, 20);
}

function lines(op: string, n: number, seed: number): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let a: string;
    if (op === "ld32" || op === "ld64") a = floatImage(rng, op === "ld32" ? 32 : 64);
    else if (op === "bld") a = bcdImage(rng);
    else if (op.startsWith("ild")) a = f80hex(0, rng.u32(), rng.u32());
    else if (op.startsWith("ist") || op === "bst") {
      // Integers near the format limits, with fraction bits.
      const k = rng.below(3);
      a = k === 0 ? randomOperand(rng) : f80hex((rng.below(2) << 15) | (0x3fff + rng.below(66)), rng.u32() | 0x80000000, rng.u32());
    } else a = rng.below(3) === 0 ? rng.pick(EDGES) : randomOperand(rng);
    out.push(`${op} ${rng.pick(CONTROL_WORDS).toString(16)} ${a} 0`);
  }
  return out;
}

const OPS = ["ist16", "ist32", "ist64", "istt16", "istt32", "istt64", "st32", "st64", "bst", "ld32", "ld64", "ild16", "ild32", "ild64", "bld"];
OPS.forEach((op, k) => {
  test.skipIf(!hasOracle)(`${op} matches the host x87 bit for bit`, () => {
    expect(diff(lines(op, 4000, 200 + k)).mismatches).toEqual([]);
  });
});
