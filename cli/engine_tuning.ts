// JavaScriptCore tuning for the code nk's JIT generates (Bun only; a no-op under Node/V8). A
// function without a loop runs once per entry, and its FTL compile (5–17 ms on the same core as
// the guest) costs more than the faster code returns: such functions stay in JSC's DFG tier.
// On a single available core, compiling in the foreground beats compiling in background threads.
import { availableParallelism } from "node:os";
import { setCompiledHook } from "../core/cpu/jit/settings.ts";

/** The part of Bun's `bun:jsc` module used here. */
interface JscModule {
  noFTL(fn: (...args: never[]) => unknown): unknown;
}

/** Installs the JIT's compiled-function hook when running on Bun; safe to call more than once. */
export async function tuneEngine(): Promise<void> {
  if (process.versions.bun === undefined) return;
  const specifier = "bun:jsc"; // not a literal: a Node bundle must not try to resolve it
  const jsc = (await import(specifier)) as JscModule;
  setCompiledHook((fn, loops) => {
    if (!loops) jsc.noFTL(fn);
  });
}

/** The environment variable JavaScriptCore takes its concurrent-compilation option from. */
export const CONCURRENT_JIT_ENV = "BUN_JSC_useConcurrentJIT";

/** Where a `bun build --compile` binary's own script lives (its process.argv[1]). */
const COMPILED_SCRIPT = "/$bunfs/";

/**
 * With one core available (taskset, a cpuset), JavaScriptCore's background compiler threads only
 * take turns with the guest on that core, and the guest runs slower code until they finish:
 * compiling in the foreground does the same work sooner. Measured with `taskset -c 1 nk run`
 * (CPU time): qsort −11 %, sha256 −7 %, nbody_sse2 −25 %, getpid −22 %, fork −17 %, interpreter-only
 * unchanged. With two cores the background threads win (qsort 0.68 s wall against 0.76 s), so this
 * is for one core only, and only for the commands that run a guest for throughput (Subcommand
 * .throughput): at a prompt, background compilation gets there sooner (the built-in image's first
 * prompt at 102 against 138 ms). JSC reads its options once, at start-up, so nk executes itself again
 * (execve: the same process, file descriptors and terminal) with the option set; it keeps a value
 * the user set. Returns when nothing is to be done, or when the execve fails (nk then runs as it is).
 */
export function compileInForegroundOnOneCore(): void {
  if (process.versions.bun === undefined || process.env[CONCURRENT_JIT_ENV] !== undefined) return;
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (execve === undefined || availableParallelism() !== 1) return;
  const script = process.argv[1] ?? "";
  // A compiled binary is its own script; `bun [flags] cli/main.ts` passes its flags and script again.
  const args = script.startsWith(COMPILED_SCRIPT) ? process.argv.slice(2) : [...process.execArgv, ...process.argv.slice(1)];
  try {
    execve.call(process, process.execPath, [process.argv0, ...args], { ...process.env, [CONCURRENT_JIT_ENV]: "false" });
  } catch {
    // Not replaced (e.g. the binary went away): carry on with background compilation.
  }
}
