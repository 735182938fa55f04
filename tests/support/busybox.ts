// busybox.ts — the busybox shell-script corpus in tests/guest/busybox/ and how to run it with
// Debian's static i386 busybox (tests/fixtures/busybox, fetched by scripts/fetch_busybox.sh).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunResult, runNative } from "./native.ts";

/** Where scripts/fetch_busybox.sh puts the binary (git-ignored). */
export const busyboxPath = join(import.meta.dir, "..", "fixtures", "busybox");
/** The folder holding NAME.sh scripts and their NAME.expected native stdout. */
export const busyboxScriptDir = join(import.meta.dir, "..", "guest", "busybox");
const fetchScript = join(import.meta.dir, "..", "..", "scripts", "fetch_busybox.sh");

/** One script: its name (file name without .sh) and absolute path. */
export interface BusyboxScript {
  name: string;
  path: string;
}

/** Every tests/guest/busybox/*.sh, sorted by name. */
export function busyboxScripts(): BusyboxScript[] {
  return readdirSync(busyboxScriptDir)
    .filter((file) => file.endsWith(".sh"))
    .sort()
    .map((file) => ({ name: file.slice(0, -3), path: join(busyboxScriptDir, file) }));
}

/** The committed native stdout of a script. */
export function busyboxExpected(name: string): string {
  return readFileSync(join(busyboxScriptDir, `${name}.expected`), "utf8");
}

/**
 * Makes sure the fixture exists: returns {path} when it does (running scripts/fetch_busybox.sh
 * first if it is absent and apt-get is present), or {skip} with the reason a test should print.
 */
export function ensureBusybox(): { path: string } | { skip: string } {
  if (existsSync(busyboxPath)) return { path: busyboxPath };
  if (spawnSync("sh", ["-c", "command -v apt-get"], { env: process.env }).status !== 0)
    return { skip: `${busyboxPath} is absent and apt-get is unavailable to fetch it` };
  const fetched = spawnSync("bash", [fetchScript], { env: process.env, encoding: "utf8" });
  if (fetched.status !== 0 || !existsSync(busyboxPath))
    return { skip: `scripts/fetch_busybox.sh failed: ${(fetched.stderr ?? "").trim()}` };
  return { path: busyboxPath };
}

/**
 * Runs `busybox sh SCRIPT` natively with an empty environment (the Debian build prefers its own
 * applets, so no PATH is needed) from the root directory. Same result shape as runNative.
 */
export function runBusyboxScriptNative(busybox: string, scriptPath: string): RunResult {
  return runNative(busybox, ["sh", scriptPath], { cwd: "/", env: {}, timeoutMs: 30_000 });
}
