// busybox_test.ts — each tests/guest/busybox/*.sh runs natively under Debian's static i386
// busybox, exits 0 and prints exactly its committed NAME.expected (the oracle nk is held to).
import { expect, test } from "bun:test";
import { busyboxExpected, busyboxScripts, ensureBusybox, runBusyboxScriptNative } from "./busybox.ts";
import { hostRunsI386 } from "./native.ts";

const found = ensureBusybox();
const skip = "skip" in found ? found.skip : !hostRunsI386() ? "this host cannot execute i386 ELF binaries" : "";
if (skip) console.log(`busybox_test: skipping: ${skip}`);

test("the busybox corpus has scripts, each with an expected output", () => {
  const scripts = busyboxScripts();
  expect(scripts.length).toBeGreaterThanOrEqual(4);
  for (const script of scripts) expect(busyboxExpected(script.name).length).toBeGreaterThan(0);
});

for (const script of busyboxScripts()) {
  test.skipIf(skip !== "")(`busybox sh ${script.name}.sh matches ${script.name}.expected natively`, () => {
    const result = runBusyboxScriptNative((found as { path: string }).path, script.path);
    expect(new TextDecoder().decode(result.stdout)).toBe(busyboxExpected(script.name));
    expect(result.status).toBe(0);
  }, 20_000);
}
