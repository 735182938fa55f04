// JavaScriptCore tuning for the code nk's JIT generates (Bun only; a no-op under Node/V8). A
// function without a loop runs once per entry, and its FTL compile (5–17 ms on the same core as
// the guest) costs more than the faster code returns: such functions stay in JSC's DFG tier.
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
