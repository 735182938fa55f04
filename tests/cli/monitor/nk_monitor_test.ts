// End-to-end tests of `nk monitor < script`: the real entry point (bun cli/main.ts) with scripted
// stdin against real guest programs — a musl hello and two tiny C programs built here with
// gcc -m32 -static (one prints a global in a loop, one spins).
import { beforeAll, expect, test } from "bun:test";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../../..");
const HELLO = join(ROOT, "tests/guest/bin/musl/hello");
const dir = mkdtempSync(join(tmpdir(), "nk-monitor-"));
const POKE = join(dir, "poke");
const SPIN = join(dir, "spin");
let valueAddress = "";
let tickAddress = "";
let callsAddress = "";

const POKE_C = `#include <stdio.h>
volatile int value = 7;
volatile int calls;
__attribute__((noinline)) void tick(int i) { calls++; printf("tick %d value %d\\n", i, value); }
int main(void) { for (int i = 0; i < 3; i++) tick(i); return value; }
`;
const SPIN_C = `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  volatile unsigned n = 0, limit = argc > 1 ? atoi(argv[1]) : 1000000;
  while (n < limit) n++;
  printf("spin %u done\\n", limit);
  return 0;
}
`;

beforeAll(() => {
  for (const [name, source] of [["poke", POKE_C], ["spin", SPIN_C]] as const) {
    writeFileSync(join(dir, `${name}.c`), source);
    execFileSync("gcc", ["-m32", "-static", "-O1", "-o", join(dir, name), join(dir, `${name}.c`)]);
  }
  const symbols = execFileSync("nm", [POKE], { encoding: "utf8" });
  valueAddress = "0x" + /^([0-9a-f]+) [dD] value$/m.exec(symbols)![1];
  tickAddress = "0x" + /^([0-9a-f]+) [tT] tick$/m.exec(symbols)![1];
  callsAddress = "0x" + /^([0-9a-f]+) [bB] calls$/m.exec(symbols)![1];
});

/** Runs `nk monitor ARGS` with `script` on stdin; returns stdout lines, stderr and the status. */
function monitor(args: string[], script: string): { lines: string[]; out: string; err: string; status: number } {
  const r = spawnSync(process.execPath, [join(ROOT, "cli/main.ts"), "monitor", "--clock=virtual", ...args], {
    input: script, encoding: "utf8", cwd: ROOT, timeout: 60_000,
  });
  return { lines: r.stdout.split("\n").filter((l) => l !== ""), out: r.stdout, err: r.stderr, status: r.status ?? -1 };
}

test("nk monitor < script: runs hello between status queries, prints no prompts", () => {
  const r = monitor([HELLO], "info status\nc\ninfo status\n");
  expect(r.lines[0]).toBe("VM status: paused (prelaunch)");
  expect(r.out).toContain("Hello from an i386 Linux guest!");
  expect(r.out).toContain("[pid 1 (hello) exited with status 0]");
  expect(r.lines.at(-1)).toBe("VM status: paused (finished)");
  expect(r.out).not.toContain("(nk)");
  expect(r.status).toBe(0);
});

test("breakpoint, registers, disassembly, then poke a global the program prints", () => {
  const r = monitor([POKE], [
    `break ${tickAddress}`, "c", "info registers", "x/2i $eip", `x/1dw ${valueAddress}`,
    `poke ${valueAddress} 42`, "delete 1", "c",
  ].join("\n") + "\n");
  const eip = tickAddress.slice(2).padStart(8, "0");
  expect(r.out).toContain(`breakpoint 1 hit at 0x${eip} (pid 1 tid 1)`);
  expect(r.out).toMatch(new RegExp(`^EIP=${eip} EFL=[0-9a-f]{8} \\[[-DOSZAPC]{7}\\] CPL=3`, "m"));
  expect(r.out).toMatch(/^CR0=80[0-9a-f]{6} /m);
  expect(r.out).toContain(`0x${eip}:  push`);
  expect(r.out).toMatch(new RegExp(`^${valueAddress.slice(2).padStart(8, "0")}:\\s+7$`, "m"));
  // The program never printed 7: the poke happened before the first printf.
  expect(r.out).not.toContain("value 7");
  expect(r.out).toContain("tick 0 value 42\ntick 1 value 42\ntick 2 value 42");
  expect(r.out).toContain("[pid 1 (poke) exited with status 42]");
});

test("step executes instructions and stops at the next one", () => {
  const r = monitor([POKE], `break ${tickAddress}\nc\np $eip\nstep 2\np $eip\n`);
  const [before, after] = r.lines.filter((l) => /^0x[0-9a-f]+$/.test(l));
  expect(before).toBe(tickAddress.replace(/^0x0*/, "0x"));
  expect(after).not.toBe(before);
  expect(r.out).toMatch(/^0x[0-9a-f]{8}:  \S+/m);
});

test("sched switches the policy live and ps shows it", () => {
  const r = monitor([SPIN, "200000"], "ps\nsched mlfq 5ms\nps\nc\n");
  const rows = r.lines.filter((l) => /^\s+1\s+1\s+0 /.test(l));
  expect(rows[0]).toContain(" rr ");
  expect(rows[1]).toContain(" mlfq ");
  expect(r.out).toContain("policy mlfq: multilevel feedback queue");
  expect(r.out).toContain("quantum 5.000 ms");
  expect(r.out).toContain("spin 200000 done");
});

test("strace on PID traces only that process, filtered by name", () => {
  const r = monitor([HELLO], `load ${HELLO} /bin/hello2\nexec /bin/hello2 x\nstrace on 2 writev\nc\nc\n`);
  expect(r.out).toContain("started pid 2 (hello2)");
  const traced = r.lines.filter((l) => l.startsWith("[pid"));
  expect(traced.length).toBeGreaterThan(0);
  for (const line of traced.filter((l) => !l.includes("exited"))) expect(line).toMatch(/^\[pid\s+2\] writev\(1, /);
  expect(r.out.match(/Hello from an i386 Linux guest!/g)?.length).toBe(2);
});

test("info sched draws one timeline row per thread; info syscalls counts calls", () => {
  const r = monitor([SPIN, "3000000"], `load ${SPIN}\nexec /bin/spin 2000000\nc\nc\ninfo sched\ninfo syscalls\n`);
  const rows = r.lines.filter((l) => /^[AB] pid \d+ tid \d+/.test(l));
  expect(rows.length).toBe(2);
  expect(rows[0]).toMatch(/\|[A.]+\|$/);
  expect(rows[0]).toContain("A");
  expect(rows[1]).toMatch(/\|[B.]+\|$/);
  expect(r.out).toMatch(/^\s+\d+\.\d{2}\s+\d+\.\d{6}\s+\d+\s+2\s+exit_group$/m);
});

test("process views: info mem, info maps, info fd, info proc, info cpu, ps", () => {
  const r = monitor([HELLO], "info mem\ninfo maps 1\ninfo fd\ninfo proc\ninfo cpu\nps\n");
  expect(r.out).toMatch(/^08048000-[0-9a-f]{8} [0-9a-f]{8} r--p/m);
  expect(r.out).toMatch(/^bf[0-9a-f]{6}-c0000000 rw-p 00000000 00:00 0\s+\[stack\]$/m);
  expect(r.out).toMatch(/^\s+1 rw offset 0 {2}\/dev\/\S+$/m);
  expect(r.out).toContain("pid 1  ppid 0");
  expect(r.out).toMatch(/^\* CPU #0: pc=0x[0-9a-f]{8} cpl=3 paging=on .* pid=1 \(hello\)$/m);
  expect(r.out).toContain("  PID   TID  PPID S POLICY  NI      TIME CMD");
});

test("info jit: the spin loop is compiled (or, with NK_JIT=0, the interpreter runs everything)", () => {
  const r = monitor([SPIN, "3000000"], "c\ninfo jit\n");
  expect(r.out).toContain("spin 3000000 done");
  const off = process.env.NK_JIT === "0" || process.env.NK_JIT === "off";
  if (off) {
    expect(r.out).toContain("jit: off (interpreter only)");
    expect(r.out).toMatch(/^cached blocks: \d+, compiled: 0$/m);
  } else {
    expect(r.out).toMatch(/^jit: on, compiles a block after \d+ runs$/m);
    const m = /^compiled so far: (\d+) blocks in regions, (\d+) instructions inline, (\d+) handler calls/m.exec(r.out);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![2])).toBeGreaterThan(0);
  }
});

test("bad commands, addresses and pids give one-line errors and exit status 1", () => {
  const r = monitor([HELLO], [
    "x/4x 0xdeadbeef", "info proc 99", "bogus", "kill -FOO 1", "poke 0x10 1", "sched nosuch",
    "strace on 1 nosuchcall", "delete 7", "step 0", "x/4x", "watch 0x1000 r",
  ].join("\n") + "\n");
  expect(r.lines).toEqual([
    "x: address 0xdeadbeef is not mapped in pid 1",
    "info proc: no process with pid 99",
    "unknown command: 'bogus' (try 'help')",
    "kill: unknown signal '-FOO 1'",
    "poke: address 0x10 is not mapped in pid 1",
    "sched: unknown policy 'nosuch' (one of: rr, fifo, prio, mlfq, stride, lottery)",
    "strace: unknown system call 'nosuchcall'",
    "delete: no breakpoint 7",
    "step: count must be at least 1",
    "x: missing argument 'addr' (usage: x /fmt addr)",
    "watch: read watchpoints are not supported (nk has no debug-register emulation); use a write watch",
  ]);
  expect(r.err).toBe("");
  expect(r.status).toBe(1);
});

test("-e commands run before the script; kill ends a process", () => {
  const r = monitor(["-e", "info status; sched fifo", SPIN, "50000000"], "kill -9 1\nc\n");
  expect(r.lines[0]).toBe("VM status: paused (prelaunch)");
  expect(r.out).toContain("policy fifo");
  expect(r.out).toContain("sent SIGKILL to pid 1");
  expect(r.out).toContain("[pid 1 (spin) killed by signal 9]");
});

test("watch stops when a global changes; info break lists it", () => {
  const address = callsAddress.slice(2).padStart(8, "0");
  const r = monitor([POKE], `watch ${callsAddress}\ninfo break\nc\ninfo status\nx/1dw ${callsAddress}\n`);
  expect(r.out).toContain(`watchpoint w1 at 0x${address}`);
  expect(r.out).toContain(`w1: watch 4 bytes at 0x${address} in pid 1`);
  expect(r.out).toMatch(new RegExp(`^watchpoint 1: 0x${address} in pid 1 changed 0x00000000 -> 0x00000001 at eip 0x[0-9a-f]{8}$`, "m"));
  expect(r.out).toContain("VM status: paused (watchpoint)");
  expect(r.out).not.toContain("tick 0");
  expect(r.out).toMatch(new RegExp(`^${address}:\\s+1$`, "m"));
});

test("trace on prints each executed instruction disassembled", () => {
  const r = monitor([POKE], `break ${tickAddress}\nc\ntrace on\nstep 2\ntrace off\nstep 1\n`);
  const traced = r.lines.filter((l) => l.startsWith("[1:1] "));
  expect(traced.length).toBe(2);
  expect(traced[0]).toStartWith(`[1:1] 0x${tickAddress.slice(2).padStart(8, "0")}:  push`);
});

test("docs/monitor.md is generated from the command table", async () => {
  const { renderMonitorDoc } = await import("../../../cli/monitor/docs.ts");
  const { readFileSync } = await import("node:fs");
  expect(readFileSync(join(ROOT, "docs/monitor.md"), "utf8")).toBe(renderMonitorDoc());
});
