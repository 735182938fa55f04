// Differential tests of the x87 one-operand group, control instructions (FLDCW/FNSTENV/FNSAVE/
// FRSTOR…), pending-exception #MF sequences and the transcendentals (compared to the last bits).
import { expect, test } from "bun:test";
import { diff } from "./_insn_diff.ts";
import { CONTROL, TRANSCENDENTAL, UNARY } from "./_insn_specs.ts";

function check(name: string, r: ReturnType<typeof diff>): void {
  if (r.skipped) return console.warn(`${name}: gcc -m32 unavailable, skipped`);
  console.log(`${name}: ${r.cases} cases`);
  expect(r.mismatches).toEqual([]);
}

test("FCHS/FABS/FSQRT/FRNDINT/FSCALE/FXTRACT/FPREM/FPREM1/FINCSTP/FDECSTP match the host", () => {
  check("unary", diff(UNARY, 200));
});

test("x87 control instructions, environment images and #MF on the next waiting instruction match the host", () => {
  check("control", diff(CONTROL, 150));
});

test("x87 transcendentals match the host to the last bits", () => {
  check("transcendental", diff(TRANSCENDENTAL, 120));
});
