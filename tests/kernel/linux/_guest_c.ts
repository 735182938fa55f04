// Test helper: builds a C program from tests/kernel/linux/guest/ as a static i386 binary (gcc -m32)
// into a temporary directory, and runs it natively, for comparison with an nk run.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const buildDir = mkdtempSync(join(tmpdir(), "nk-guest-c-"));

/** Compiles tests/kernel/linux/guest/NAME.c (glibc, static) once per test process; returns the binary path. */
export function buildGuest(name: string): string {
  const exe = join(buildDir, name);
  execFileSync("gcc", ["-m32", "-static", "-O1", "-o", exe, join(import.meta.dir, "guest", `${name}.c`)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return exe;
}

/** Runs a binary on the host with an empty environment; returns stdout and the exit status. */
export function runNative(exe: string, args: string[] = []): { stdout: string; status: number } {
  const r = spawnSync(exe, args, { env: {}, encoding: "utf8", timeout: 20_000 });
  return { stdout: r.stdout, status: r.status ?? 128 + 9 };
}
