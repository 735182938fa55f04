// The committed guest programs that exercise files (files_dirs, stdio, pipes), both libcs, under
// nk: stdout and exit status must match tests/guest/expected (the native runs).
import { test, expect } from "bun:test";
import { existsSync } from "node:fs";
import { expectedOutput, guestBinary, guestPrograms, libcs } from "../../support/guest_programs.ts";
import { runUnderNk } from "../../support/nk_runner.ts";

for (const name of ["files_dirs", "stdio", "pipes"]) {
  const program = guestPrograms.find((p) => p.name === name)!;
  for (const libc of libcs) {
    const exe = guestBinary(name, libc);
    test.skipIf(!existsSync(exe))(`${name} (${libc}) prints the expected output under nk`, async () => {
      const run = await runUnderNk(exe, { args: program.args, env: program.env, stdin: program.stdin ?? "" });
      expect(run.stdout).toBe(expectedOutput(name, libc));
      expect(run.status).toBe(program.status);
    });
  }
}
