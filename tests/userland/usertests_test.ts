// usertests (examples/userland/src/usertests.c) and the demos, under nk and natively: the native
// run proves the tests themselves are right, the nk run that the kernel passes them.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { USERLAND_BIN, runUserland } from "./userland_support.ts";

const TEST_NAMES = ["sbrk", "malloc", "mmap", "fault", "cow", "exitwait", "exec", "orphan", "getpid", "signal",
  "killchild", "sigchld", "files", "bigfile", "dirs", "rename", "dup", "pipe", "pipeclosed", "threads", "tls"];
const allOk = TEST_NAMES.map((n) => `test ${n}: OK\n`).join("") +
  `usertests: ${TEST_NAMES.length}/${TEST_NAMES.length} passed: ALL TESTS PASSED\n`;

/** Runs a userland binary on the host (it is a static i386 program; the host runs those). */
function runNative(name: string, args: string[] = []) {
  const cwd = mkdtempSync(join(tmpdir(), "nk-userland-"));
  try {
    const r = spawnSync(join(USERLAND_BIN, name), args, { cwd, encoding: "utf8", timeout: 30_000 });
    return { stdout: r.stdout, status: r.status };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

test("usertests passes every test natively (the tests are right)", () => {
  const r = runNative("usertests");
  expect(r.stdout).toBe(allOk);
  expect(r.status).toBe(0);
});

test("usertests passes every test under nk", async () => {
  const r = await runUserland("usertests");
  expect(r.stdout).toBe(allOk);
  expect(r.status).toBe(0);
});

test("usertests NAME runs only the named tests; an unknown name is an error", async () => {
  const r = await runUserland("usertests", { args: ["pipe", "files"] });
  expect(r.stdout).toBe("test files: OK\ntest pipe: OK\nusertests: 2/2 passed: ALL TESTS PASSED\n");
  const bad = await runUserland("usertests", { args: ["nosuchtest"] });
  expect(bad.status).toBe(2);
});

test("the demos run under nk: fork-tree, threads, signals, pipes", async () => {
  const tree = await runUserland("fork-tree", { args: ["2"] });
  expect(tree.stdout.replace(/pid \d+ ppid \d+/g, "pid P ppid Q")).toBe([
    "node 1        depth 0 pid P ppid Q ok",
    "  node 1.1      depth 1 pid P ppid Q ok",
    "    node 1.1.1    depth 2 pid P ppid Q ok",
    "    node 1.1.2    depth 2 pid P ppid Q ok",
    "  node 1.2      depth 1 pid P ppid Q ok",
    "    node 1.2.1    depth 2 pid P ppid Q ok",
    "    node 1.2.2    depth 2 pid P ppid Q ok",
    "fork-tree: 7 processes (expected 7)", ""].join("\n"));
  const threads = await runUserland("threads", { args: ["3", "2000"] });
  expect(threads.stdout).toBe("thread 0 returned 0\nthread 1 returned 10\nthread 2 returned 20\ncounter = 6000 (expected 6000)\nthreads: OK\n");
  const signals = await runUserland("signals");
  expect(signals.stdout).toEndWith("child killed by SIGTERM: yes\nsignals: OK\n");
  const pipes = await runUserland("pipes");
  expect(pipes.stdout).toBe("producer | upcase | parent: 200 lines, 0 wrong, exits 0 0\npipes: OK\n");
});

test("sched-demo reports per-second progress for every worker (natively; under nk its sleeper)", async () => {
  // CPU-bound workers spin for whole virtual seconds, too slow for a unit test under nk: run them
  // natively, and under nk only the interactive (sleeping) worker.
  const native = runNative("sched-demo", ["-n", "2", "-t", "1"]);
  expect(native.stdout).toMatch(/^sched-demo: 2 CPU-bound workers \+ 1 interactive worker for 1 s\n/);
  for (const who of ["cpu-0", "cpu-1", "interactive"]) expect(native.stdout.match(new RegExp(`\\] ${who} `, "g"))?.length).toBe(1);
  const r = await runUserland("sched-demo", { args: ["-n", "0", "-t", "2"] });
  expect(r.stdout).toMatch(/^sched-demo: 0 CPU-bound workers \+ 1 interactive worker for 2 s\n/);
  expect(r.stdout.match(/\] interactive  \+\s*\d+ wake-ups/g)?.length).toBe(2);
  expect(r.stdout).toEndWith("sched-demo: done\n");
});
