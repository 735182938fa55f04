// `nk run` with a relative program path: /proc/self/exe is absolute, as on Linux, so a program that
// re-executes itself through argv[0] and glibc's origin lookup (which asserts a leading '/') work.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");

test("a program run by a relative path sees an absolute /proc/self/exe and can exec itself again", () => {
  const rel = "examples/bench/bin/exec";
  const native = spawnSync(join(ROOT, rel), ["5"], { encoding: "utf8" });
  const r = spawnSync(process.execPath, [join(ROOT, "cli/main.ts"), "run", rel, "5"], { cwd: ROOT, encoding: "utf8", input: "" });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe(native.stdout);
  expect(r.status).toBe(0);
});
