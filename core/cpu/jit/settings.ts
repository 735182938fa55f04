// JIT settings shared by every Cpu: whether new CPUs compile hot blocks, and after how many runs.
// core/ never reads the host environment; the CLI (NK_JIT) and the test preload call setJitDefault().
// Platform-neutral.

/**
 * Executions of a cached block before it is compiled to JavaScript. Compiling is not free twice over:
 * nk's code generation, then the engine tiering the new function up (on one core those compiles
 * compete with the guest). Blocks that run a few hundred times are cheaper to interpret: 1000 made
 * the exec benchmark 2.0 → 1.2 s (CPU) and changed no long-running benchmark.
 */
export const JIT_THRESHOLD = 1000;

let enabledByDefault = true;
let thresholdByDefault = JIT_THRESHOLD;

/** Whether Cpus created from now on start with the JIT enabled. */
export function jitDefault(): boolean {
  return enabledByDefault;
}

/** The compile threshold Cpus created from now on start with. */
export function jitThresholdDefault(): number {
  return thresholdByDefault;
}

/**
 * Sets the defaults for Cpus created from now on (an existing Cpu: set `cpu.jitEnabled` and
 * `cpu.jitThreshold`). A threshold of 1 compiles every cached block on its first run (tests).
 */
export function setJitDefault(enabled: boolean, threshold = JIT_THRESHOLD): void {
  enabledByDefault = enabled;
  thresholdByDefault = Math.max(1, threshold | 0);
}

/**
 * Applies an NK_JIT setting string (read from the environment by cli/ and the test preload):
 * "0"/"off" = interpreter only, "eager" = compile every block on first run, anything else = default.
 */
export function applyJitSetting(value: string | undefined): void {
  if (value === "0" || value === "off") setJitDefault(false);
  else if (value === "eager") setJitDefault(true, 1);
  else setJitDefault(true);
}

/**
 * Told of every function the JIT creates; `loops` is false for straight-line code, which runs once
 * per entry. The host may use it to tune its engine (cli/engine_tuning.ts): core/ stays neutral.
 */
export type CompiledHook = (fn: (...args: never[]) => unknown, loops: boolean) => void;

let compiledHook: CompiledHook | undefined;

/** Installs (or, with undefined, removes) the hook called for each newly compiled function. */
export function setCompiledHook(hook: CompiledHook | undefined): void {
  compiledHook = hook;
}

/** The installed CompiledHook, if any. */
export function currentCompiledHook(): CompiledHook | undefined {
  return compiledHook;
}
