// native_test.ts — the oracle harness checks itself: every built guest program (glibc and musl)
// runs natively with its expected exit status, an empty stderr and exactly the committed
// stdout in tests/guest/expected/; plus the harness's own status/timeout/qemu plumbing.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { expectedOutput, guestBinary, guestPrograms, libcs } from "./guest_programs.ts";
import { hasQemuUser, hostRunsI386, runNative, runQemuUser } from "./native.ts";
import { tinyExitElf } from "./tiny_elf.ts";

const canRun = hostRunsI386();
if (!canRun) console.log("native_test: skipping native runs: this host cannot execute i386 ELF binaries");
const decoder = new TextDecoder();

test("tinyExitElf() builds an ELF32 i386 executable entering right after its headers", () => {
  const elf = tinyExitElf(42);
  const view = new DataView(elf.buffer);
  expect([...elf.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  expect(view.getUint16(18, true)).toBe(3); // EM_386
  expect(view.getUint32(24, true)).toBe(0x08048000 + 52 + 32);
  expect(elf[52 + 32 + 6]).toBe(42); // the exit code operand of `mov ebx, imm32`
});

test.skipIf(!canRun)("hostRunsI386() agrees with a built program", () => {
  expect(runNative(guestBinary("hello", "musl")).status).toBe(0);
});

test.skipIf(!canRun)("runNative() reports a timeout as SIGKILL (128+9) with timedOut", () => {
  const result = runNative("/bin/sleep", ["30"], { timeoutMs: 200 });
  expect(result.timedOut).toBe(true);
  expect(result.status).toBe(137);
});

test.skipIf(!canRun)("runNative() passes stdin and only the given environment", () => {
  const program = guestPrograms.find((p) => p.name === "args_env")!;
  const out = decoder.decode(runNative(guestBinary("args_env", "glibc"), [], { env: { NK_ALPHA: "x" } }).stdout);
  expect(out).toContain('NK_ALPHA="x"');
  expect(out).toContain("NK_* variables in environ: 1");
  expect(program.env).not.toHaveProperty("PATH");
});

test.skipIf(!hasQemuUser())("runQemuUser() runs a guest under qemu-i386 with the same result", () => {
  const result = runQemuUser(guestBinary("hello", "glibc"));
  expect(result.status).toBe(0);
  expect(decoder.decode(result.stdout)).toBe(expectedOutput("hello", "glibc"));
});

for (const libc of libcs) {
  describe(`${libc} guests run natively`, () => {
    for (const program of guestPrograms) {
      test.skipIf(!canRun)(`${libc}/${program.name} exits ${program.status} with the expected stdout`, () => {
        const path = guestBinary(program.name, libc);
        expect(existsSync(path)).toBe(true);
        const result = runNative(path, program.args, { stdin: program.stdin, env: program.env });
        expect(result.timedOut).toBe(false);
        expect(decoder.decode(result.stderr)).toBe("");
        expect(decoder.decode(result.stdout)).toBe(expectedOutput(program.name, libc));
        expect(result.status).toBe(program.status);
      }, 20_000);
    }
  });
}
