// The compiled-function hook (jit/settings.ts setCompiledHook): the host learns of every function
// the JIT creates and whether it loops, which cli/engine_tuning.ts uses to keep straight-line code
// out of JavaScriptCore's most expensive tier.
import { afterEach, expect, test } from "bun:test";
import { Snippet } from "../_run.ts";
import { currentCompiledHook, setCompiledHook } from "../../../../core/cpu/jit/settings.ts";
import { tuneEngine } from "../../../../cli/engine_tuning.ts";

afterEach(() => setCompiledHook(undefined));

test("the hook sees each compiled function, flagged as looping only when it branches back into itself", () => {
  const run = (code: number[]) => {
    const seen: boolean[] = [];
    setCompiledHook((fn, loops) => {
      expect(typeof fn).toBe("function");
      seen.push(loops);
    });
    const s = new Snippet();
    s.cpu.jitEnabled = true;
    s.cpu.jitThreshold = 1;
    expect(s.exec(code).end).toBe("hlt");
    return { seen, ecx: s.cpu.r32[1] };
  };
  // mov ecx, 5; jmp L; L: mov eax, 1; hlt — straight-line code
  expect(run([0xb9, 5, 0, 0, 0, 0xeb, 0x00, 0xb8, 1, 0, 0, 0, 0xf4]).seen[0]).toBe(false);
  // mov ecx, 5; L: dec ecx; jnz L; hlt — the loop block branches back to itself
  const loop = run([0xb9, 5, 0, 0, 0, 0x49, 0x75, 0xfd, 0xf4]);
  expect(loop.ecx).toBe(0);
  expect(loop.seen).toContain(true);
});

test("with no hook installed, compiling works as before", () => {
  const s = new Snippet();
  s.cpu.jitEnabled = true;
  s.cpu.jitThreshold = 1;
  s.exec([0xb9, 3, 0, 0, 0, 0x49, 0x75, 0xfd, 0xf4]);
  expect(s.cpu.r32[1]).toBe(0);
});

test("under Bun, tuneEngine installs a hook that compiled code runs through", async () => {
  await tuneEngine();
  expect(currentCompiledHook()).toBeDefined();
  const s = new Snippet();
  s.cpu.jitEnabled = true;
  s.cpu.jitThreshold = 1;
  s.exec([0xb9, 3, 0, 0, 0, 0xeb, 0x00, 0x49, 0x75, 0xfd, 0xf4]);
  expect(s.cpu.r32[1]).toBe(0);
});
