// On one available core nk executes itself again with JavaScriptCore compiling in the foreground
// (cli/engine_tuning.ts): the same process (pid), the same arguments, the option set; with more
// cores, or with the option set by the user, it runs on as it is.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";

const PROBE = join(import.meta.dir, "fixtures/engine_probe.ts");
const hasTaskset = spawnSync("sh", ["-c", "command -v taskset"]).status === 0;

function probe(pinned: boolean, env: Record<string, string | undefined> = {}): string[] {
  const cmd = [...(pinned ? ["taskset", "-c", "0"] : []), process.execPath, PROBE, "a b", "-c"];
  const clean = { ...process.env, BUN_JSC_useConcurrentJIT: undefined, ...env };
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: "utf8", env: clean as NodeJS.ProcessEnv });
  expect(r.status).toBe(0);
  return r.stdout.trim().split("\n");
}

test.skipIf(!hasTaskset)("on one core the process executes itself again with foreground compilation", () => {
  const lines = probe(true);
  expect(lines.length).toBe(3);
  const pid = lines[0].split(" ")[1];
  expect(lines).toEqual([`before ${pid} undefined a b,-c`, `before ${pid} false a b,-c`, `after ${pid} false a b,-c`]);
});

test.skipIf(!hasTaskset)("a setting the user made is kept", () => {
  const lines = probe(true, { BUN_JSC_useConcurrentJIT: "true" });
  const pid = lines[0].split(" ")[1];
  expect(lines).toEqual([`before ${pid} true a b,-c`, `after ${pid} true a b,-c`]);
});

test.skipIf(availableParallelism() < 2)("with more than one core nothing changes", () => {
  const lines = probe(false);
  const pid = lines[0].split(" ")[1];
  expect(lines).toEqual([`before ${pid} undefined a b,-c`, `after ${pid} undefined a b,-c`]);
});

test.skipIf(!hasTaskset)("`nk run` on one core runs the program with its arguments, output and status", () => {
  const root = join(import.meta.dir, "../..");
  const native = spawnSync(join(root, "examples/bench/bin/exec"), ["5"], { encoding: "utf8" });
  const r = spawnSync("taskset", ["-c", "0", process.execPath, join(root, "cli/main.ts"), "run", "examples/bench/bin/exec", "5"],
    { cwd: root, encoding: "utf8", input: "", env: { ...process.env, BUN_JSC_useConcurrentJIT: undefined } as NodeJS.ProcessEnv });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe(native.stdout);
  expect(r.status).toBe(0);
});
