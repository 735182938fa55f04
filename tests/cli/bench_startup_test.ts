// cli/bench_startup.ts: bare `nk` boots the built-in image to the shell's first prompt on a PTY (from
// source and compiled), and `nk bench` measures that start-up time beside `nk --version`'s.
import { afterAll, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { firstPromptMs, measureStartup, PROMPT_PATTERN } from "../../cli/bench_startup.ts";

const ROOT = join(import.meta.dir, "../..");
const FROM_SOURCE = [process.execPath, join(ROOT, "cli/main.ts")];
const scratch = mkdtempSync(join(tmpdir(), "nk-startup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("PROMPT_PATTERN matches the console shell's prompt, not the greeting", () => {
  expect(PROMPT_PATTERN.test("Welcome to nk\r\nnk:/home/vm$ ")).toBe(true);
  expect(PROMPT_PATTERN.test("nk:/$ ")).toBe(true);
  expect(PROMPT_PATTERN.test("Welcome to nk — the Native Kit kernel on an emulated i386.\r\n")).toBe(false);
});

test("firstPromptMs() sees bare nk (from source) prompt on a PTY", async () => {
  const ms = await firstPromptMs(FROM_SOURCE);
  expect(ms).toBeGreaterThan(0);
});

test("firstPromptMs() is undefined for a program that exits without prompting", async () => {
  expect(await firstPromptMs(["/bin/echo", "no prompt here"])).toBeUndefined();
});

test("a compiled nk carries the built-in image: measureStartup() reports --version and first-prompt times", async () => {
  // A compiled binary has no source tree: the image must come from the bundle alone.
  const bin = join(scratch, "nk");
  const build = spawnSync(process.execPath, ["build", "--compile", join(ROOT, "cli/main.ts"), "--outfile", bin], { encoding: "utf8" });
  expect(build.status).toBe(0);
  const times = await measureStartup([bin], 1);
  expect(times.version).toBeGreaterThan(0);
  expect(times.firstPrompt).toBeGreaterThan(0);
}, 30_000);
