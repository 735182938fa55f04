// Debian's busybox-static:i386 (fetched by scripts/fetch_busybox.sh, not shipped) runs the shell
// scripts in tests/guest/busybox under `nk run`; stdout must equal the native run's (committed
// .expected files, verified natively by tests/support/busybox_test.ts).
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");
const busybox = join(root, "tests/fixtures/busybox");
const dir = join(root, "tests/guest/busybox");
const scripts = readdirSync(dir).filter((f) => f.endsWith(".sh")).sort();

if (!existsSync(busybox)) {
  console.warn("busybox_nk_test: tests/fixtures/busybox is missing (run scripts/fetch_busybox.sh); skipping");
}

for (const script of scripts) {
  test.skipIf(!existsSync(busybox))(`nk run busybox sh ${script} matches native`, () => {
    const r = spawnSync(process.execPath, [join(root, "cli/main.ts"), "run", "--clock=virtual", busybox, "sh", join("tests/guest/busybox", script)], {
      cwd: root, input: "", timeout: 300_000, env: { PATH: "/bin:/usr/bin", LC_ALL: "C" },
    });
    expect(r.stdout.toString()).toBe(readFileSync(join(dir, script.replace(/\.sh$/, ".expected")), "utf8"));
    expect(r.status).toBe(0);
  }, 300_000);
}
