// Differential test: every guest program (tests/guest/src, built for glibc and musl) runs under
// nk's kernel and must print exactly what it prints natively (the committed expected output,
// itself checked against a native run by tests/support/native_test.ts) and exit the same way.
import { expect, test } from "bun:test";
import { expectedOutput, guestBinary, guestPrograms, libcs } from "../support/guest_programs.ts";
import { runUnderNk } from "../support/nk_runner.ts";

for (const libc of libcs) {
  for (const p of guestPrograms) {
    test(`nk run ${libc}/${p.name} matches native`, async () => {
      const r = await runUnderNk(guestBinary(p.name, libc), {
        args: p.args, env: p.env, stdin: p.stdin, memory: 512 << 20,
      });
      if (p.compare.stdout) expect(r.stdout).toBe(expectedOutput(p.name, libc));
      if (p.compare.status) expect(r.status).toBe(p.status);
    }, 180_000);
  }
}
