// Checks that the differential harness can fail: compareCase() reports register, flag, memory and
// vector differences, masks only the SDM's undefined flags, and the oracle sees input flags.
import { expect, test } from "bun:test";
import { compareCase } from "./compare.ts";
import { type CaseResult, type DiffCase, Layout } from "./layout.ts";
import { oracleAvailable, runNative } from "./native_oracle.ts";
import { NkRunner } from "./nk_runner.ts";
import { undefinedFlags } from "./undefined_flags.ts";

function caseOf(code: number[], mnemonic = "add", eflags = 0x202): DiffCase {
  const regs = new Int32Array(8);
  regs[4] = Layout.initialEsp;
  const stack = new Uint8Array(Layout.windowSize);
  new DataView(stack.buffer).setUint32(Layout.initialEsp - Layout.stackWindow - 4, eflags, true);
  return {
    name: mnemonic, mnemonic, size: 32, count: -1, undefinedDest: -1, code: Uint8Array.from(code),
    regs, eflags, data: new Uint8Array(Layout.windowSize), stack,
  };
}
const result = (): CaseResult => ({
  vector: -1, regs: new Int32Array(8), eflags: 0x202, data: new Uint8Array(256), stack: new Uint8Array(256),
});

test("compareCase() reports each kind of difference", () => {
  const c = caseOf([0x90]);
  const a = result();
  expect(compareCase(c, a, result())).toBeUndefined();
  const b = result(); b.regs[3] = 1;
  expect(compareCase(c, a, b)).toContain("ebx");
  const f = result(); f.eflags |= 1;
  expect(compareCase(c, a, f)).toContain("eflags");
  const m = result(); m.stack[7] = 9;
  expect(compareCase(c, a, m)).toContain("stack[7]");
  const v = result(); v.vector = 0;
  expect(compareCase(c, a, v)).toContain("vector");
});

test("undefinedFlags() follows the SDM per mnemonic and count", () => {
  expect(undefinedFlags("add", 32, -1)).toBe(0);
  expect(undefinedFlags("and", 32, -1)).toBe(0x10);
  expect(undefinedFlags("shl", 32, 0)).toBe(0); // count 0: flags unchanged, all defined
  expect(undefinedFlags("shl", 32, 1)).toBe(0x10);
  expect(undefinedFlags("shl", 8, 9)).toBe(0x811); // CF also undefined past the width
  expect(undefinedFlags("rol", 32, 33)).toBe(0); // masked count 1
  expect(undefinedFlags("div", 32, -1)).toBe(0x8d5);
});

test.skipIf(!oracleAvailable())("the native oracle and nk both see the input flags (ADC with CF=0/1)", () => {
  const cases = [caseOf([0x11, 0xd8], "adc", 0x202), caseOf([0x11, 0xd8], "adc", 0x203)]; // adc eax, ebx
  const native = runNative(cases), nk = new NkRunner();
  expect([native[0].regs[0], native[1].regs[0]]).toEqual([0, 1]);
  cases.forEach((c, k) => expect(compareCase(c, nk.run(c), native[k])).toBeUndefined());
  // and a division by zero faults with #DE on both
  const de = caseOf([0xf7, 0xf1], "div"); // div ecx (ECX = 0)
  expect(runNative([de])[0].vector).toBe(0);
  expect(nk.run(de).vector).toBe(0);
});
