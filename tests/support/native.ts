// native.ts — runs i386 Linux programs on the host (natively, or under qemu-i386) so their
// output can serve as the oracle for `nk run`. Test support only: uses node:child_process.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { tinyExitElf } from "./tiny_elf.ts";

/** How to start a program. */
export interface RunOptions {
  /** Bytes (or text) fed to standard input; none means an empty, closed stdin. */
  stdin?: Uint8Array | string;
  /** The complete environment. Defaults to {} so host variables never leak into outputs. */
  env?: Record<string, string>;
  /** Working directory; defaults to the current one. */
  cwd?: string;
  /** Kill the program (SIGKILL) after this many ms; defaults to 30 000. */
  timeoutMs?: number;
}

/** What a finished program left behind. */
export interface RunResult {
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** Exit status as a shell reports it: the exit code, or 128+N after death by signal N. */
  status: number;
  /** True when the run was killed because it exceeded timeoutMs. */
  timedOut: boolean;
}

const defaultTimeoutMs = 30_000;
const maxOutputBytes = 64 * 1024 * 1024;

/** run executes `command args` with the options and maps its end to a RunResult. */
function run(command: string, args: readonly string[], options: RunOptions): RunResult {
  const result = spawnSync(command, [...args], {
    input: options.stdin ?? new Uint8Array(0),
    env: options.env ?? {},
    cwd: options.cwd,
    timeout: options.timeoutMs ?? defaultTimeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: maxOutputBytes,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== "ETIMEDOUT") throw result.error;
  const signalNumber = result.signal ? constants.signals[result.signal] : undefined;
  return {
    stdout: new Uint8Array(result.stdout ?? []),
    stderr: new Uint8Array(result.stderr ?? []),
    status: signalNumber !== undefined ? 128 + signalNumber : (result.status ?? -1),
    timedOut: (result.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT",
  };
}

/**
 * Runs a static i386 Linux ELF directly on the host (x86-64 Linux runs i386 binaries).
 * argv[0] is `path`; `args` follow. Throws only if the program cannot be started at all.
 */
export function runNative(path: string, args: readonly string[] = [], options: RunOptions = {}): RunResult {
  return run(path, args, options);
}

/** True when a `qemu-i386` (user-mode emulator) is on PATH. */
export function hasQemuUser(): boolean {
  return qemuUserPath() !== "";
}

/** qemuUserPath resolves qemu-i386 once against the host PATH ("" when absent). */
function qemuUserPath(): string {
  qemuUser ??= spawnSync("sh", ["-c", "command -v qemu-i386"], { env: process.env }).stdout?.toString().trim() ?? "";
  return qemuUser;
}
let qemuUser: string | undefined;

/**
 * Runs the program under `qemu-i386`, a second oracle that is independent of the host CPU.
 * Same contract as runNative; call hasQemuUser() first.
 */
export function runQemuUser(path: string, args: readonly string[] = [], options: RunOptions = {}): RunResult {
  // Resolved against the host PATH: the guest's environment (options.env) may have none.
  return run(qemuUserPath() || "qemu-i386", [path, ...args], options);
}

/**
 * True when the host can execute i386 ELF binaries: writes a 96-byte `exit(42)` program to a
 * temporary directory and checks that running it yields status 42. Cached after the first call.
 */
export function hostRunsI386(): boolean {
  if (hostI386 !== undefined) return hostI386;
  const dir = mkdtempSync(join(tmpdir(), "nk-i386-"));
  try {
    const file = join(dir, "exit42");
    writeFileSync(file, tinyExitElf(42));
    chmodSync(file, 0o755);
    hostI386 = run(file, [], { timeoutMs: 5_000 }).status === 42;
  } catch {
    hostI386 = false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return hostI386;
}
let hostI386: boolean | undefined;
