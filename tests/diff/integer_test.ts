// Differential test of nk's integer instructions against the host CPU: cases generated from the
// opcode table run natively (tests/diff/oracle) and in nk; every difference outside the SDM's
// undefined flags/results is a failure. NK_DIFF_CASES scales the cases per row form (default 40),
// NK_DIFF_SEED picks the seed.
import { expect, test } from "bun:test";
import { compareCase, describeCase } from "./compare.ts";
import { generateAll } from "./generate.ts";
import { oracleAvailable, runNative } from "./native_oracle.ts";
import { NkRunner } from "./nk_runner.ts";

const PER_FORM = Number(process.env.NK_DIFF_CASES ?? 40);
const SEED = Number(process.env.NK_DIFF_SEED ?? 0x5eed);

test.skipIf(!oracleAvailable())("integer instructions match the host CPU", () => {
  const cases = generateAll(PER_FORM, SEED);
  const native = runNative(cases);
  const nk = new NkRunner();
  const failures: string[] = [];
  const perMnemonic = new Map<string, number>();
  for (let k = 0; k < cases.length; k++) {
    const diff = compareCase(cases[k], nk.run(cases[k]), native[k]);
    if (diff) {
      perMnemonic.set(cases[k].name, (perMnemonic.get(cases[k].name) ?? 0) + 1);
      if (failures.length < 40) failures.push(`${describeCase(cases[k])}\n    ${diff}`);
    }
  }
  const total = [...perMnemonic.values()].reduce((a, b) => a + b, 0);
  if (total) {
    console.log(`${total} of ${cases.length} cases differ (seed ${SEED})`);
    for (const [n, c] of [...perMnemonic].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`  ${c}\t${n}`);
    console.log(failures.join("\n"));
  } else console.log(`${cases.length} cases, 0 mismatches (seed ${SEED})`);
  expect(total).toBe(0);
  expect(cases.length).toBeGreaterThan(5000);
  // The fault paths were exercised: #DE from DIV/IDIV/AAM, #UD from UD2/UD1, #BR from BOUND.
  const vectors = new Set(native.map((r) => r.vector));
  expect([vectors.has(0), vectors.has(6), vectors.has(5)]).toEqual([true, true, true]);
}, 60_000);
