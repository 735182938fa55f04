// Test preload: `NK_JIT=0 bun test --preload ./tests/core/cpu/jit/jit_env_preload.ts` runs the suite
// with the interpreter only; NK_JIT=eager compiles every block on its first run (maximum JIT coverage).
import { applyJitSetting } from "../../../../core/cpu/jit/settings.ts";

applyJitSetting(process.env.NK_JIT);
