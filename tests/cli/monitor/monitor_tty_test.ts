// The Ctrl-A mux on a real terminal: `nk monitor` under script(1) (bsdutils), driven by keys and
// waiting for what the screen shows — monitor commands, guest output, C-a h, C-a c and C-a x.
import { expect, test } from "bun:test";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../../..");
const HELLO = join(ROOT, "tests/guest/bin/musl/hello");

test("nk monitor on a TTY: monitor first, guest output, C-a h / c / x", async () => {
  const command = `${process.execPath} cli/main.ts monitor --clock=virtual ${HELLO}`;
  const child = spawn("script", ["-qfc", command, "/dev/null"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NK_HISTORY: "/dev/null" } });
  let screen = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    screen += chunk.toString("utf8");
    for (const w of waiters.splice(0)) {
      if (screen.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  const waitFor = (text: string) => new Promise<void>((resolve) => {
    if (screen.includes(text)) resolve();
    else waiters.push({ text, resolve });
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  await waitFor("(nk) ");
  child.stdin.write("info status\r");
  await waitFor("VM status: paused (prelaunch)");
  child.stdin.write("c\r");
  await waitFor("Hello from an i386 Linux guest!");
  await waitFor("[pid 1 (hello) exited with status 0]");
  child.stdin.write("\x01h");
  await waitFor("C-a x    exit emulator");
  child.stdin.write("\x01c");
  await waitFor("[console]");
  child.stdin.write("\x01x");
  expect(await exited).toBe(0);
  // Raw mode: no line may end in a bare LF (that would draw a staircase).
  expect(screen).not.toMatch(/[^\r]\n/);
}, 30_000);

test("nk run --monitor on a TTY: C-a c toggles, stop pauses the guest, q quits", async () => {
  // A guest that runs long enough to be stopped: a spin loop built here.
  const dir = mkdtempSync(join(tmpdir(), "nk-tty-"));
  writeFileSync(join(dir, "spin.c"), "int main(void) { volatile unsigned n = 0; for (;;) n++; }\n");
  execFileSync("gcc", ["-m32", "-static", "-O1", "-o", join(dir, "spin"), join(dir, "spin.c")]);
  const command = `${process.execPath} cli/main.ts run --monitor --clock=virtual ${join(dir, "spin")}`;
  const child = spawn("script", ["-qfc", command, "/dev/null"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NK_HISTORY: "/dev/null" } });
  let screen = "";
  child.stdout.on("data", (chunk: Buffer) => { screen += chunk.toString("utf8"); });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const waitFor = async (text: string) => { while (!screen.includes(text)) await new Promise((r) => setTimeout(r, 20)); };
  await waitFor("(nk) ");
  child.stdin.write("info status\r");
  await waitFor("VM status: running");
  child.stdin.write("\x01c");
  await waitFor("[console]");
  child.stdin.write("\x01c");
  await waitFor("[monitor");
  child.stdin.write("stop\r");
  child.stdin.write("info status\r");
  await waitFor("VM status: paused (user)");
  child.stdin.write("ps\r");
  await waitFor("/spin");
  child.stdin.write("q\r");
  expect(await exited).toBe(0);
}, 30_000);
