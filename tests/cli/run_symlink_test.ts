// `nk run` through a symlink whose target lies outside the directories the guest sees: the target
// runs, argv[0] keeps the typed name, and the host files are left as they were.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");
const busybox = join(ROOT, "tests/fixtures/busybox");
const target = join(ROOT, "examples/bench/bin/crc32");

test("nk run follows a symlink to a program outside the guest's view; argv[0] stays the link name", () => {
  const dir = mkdtempSync(join(tmpdir(), "nk-link-"));
  try {
    symlinkSync(target, join(dir, "crc"));
    const before = readFileSync(target);
    const r = spawnSync(process.execPath, [join(ROOT, "cli/main.ts"), "run", "./crc"], { cwd: dir, encoding: "utf8", input: "" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("crc32: checksum=0x");
    expect(r.status).toBe(0);
    expect(readlinkSync(join(dir, "crc"))).toBe(target);
    expect(readFileSync(target).equals(before)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test.skipIf(!existsSync(busybox))("a busybox applet symlink runs the applet it is named after", () => {
  const dir = mkdtempSync(join(tmpdir(), "nk-link-"));
  try {
    symlinkSync(busybox, join(dir, "echo"));
    const r = spawnSync(process.execPath, [join(ROOT, "cli/main.ts"), "run", "./echo", "via", "link"], { cwd: dir, encoding: "utf8", input: "" });
    expect(r.stdout).toBe("via link\n");
    expect(r.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
