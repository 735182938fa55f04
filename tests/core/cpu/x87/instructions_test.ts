// Differential tests of the x87 instructions against the host CPU: arithmetic (memory, register and
// pop forms), loads/stores/conversions, compares and conditional moves, with random states.
import { expect, test } from "bun:test";
import { diff } from "./_insn_diff.ts";
import { ARITH_MEMORY, ARITH_REGISTER, COMPARE, LOAD_STORE } from "./_insn_specs.ts";

function check(name: string, r: ReturnType<typeof diff>): void {
  if (r.skipped) return console.warn(`${name}: gcc -m32 unavailable, skipped`);
  console.log(`${name}: ${r.cases} cases`);
  expect(r.mismatches).toEqual([]);
}

test("x87 arithmetic with memory operands matches the host", () => {
  check("arith memory", diff(ARITH_MEMORY, 200));
});

test("x87 register arithmetic (D8/DC/DE, pops, FCOMPP) matches the host", () => {
  check("arith register", diff(ARITH_REGISTER, 120));
});

test("x87 loads, stores, conversions, constants and exchanges match the host", () => {
  check("load/store", diff(LOAD_STORE, 150));
});

test("x87 compares, FCOMI/FUCOMI EFLAGS and FCMOVcc match the host", () => {
  check("compare", diff(COMPARE, 150));
});
