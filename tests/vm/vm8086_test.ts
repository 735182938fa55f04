// The hosted-VM case study (thesis §5.1): examples/vm8086's 8086 emulator runs each .COM program
// natively on the host and under nk (with and without the privileged vm8086 module, i.e. the
// hybrid and the user organisation of §3.8); every run must print the committed expected output.
import { test, expect } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runUnderNk } from "../support/nk_runner.ts";
import { runNative } from "../support/native.ts";
import { installVm8086Module, type Vm8086Module } from "../../kernel/vm/vm8086_module.ts";
import { Vm8086Call, VM8086_ABI_VERSION, VM8086_MAGIC, VM_STATS_SIZE } from "../../kernel/vm/vm8086_abi.ts";
import type { System } from "../../kernel/system.ts";

const DIR = join(import.meta.dir, "../../examples/vm8086");
const VM = join(DIR, "bin/vm8086");
const com = (name: string) => join(DIR, "com", `${name}.com`);
const expected = (file: string) => readFileSync(join(DIR, "expected", file), "utf8");

/** The programs and how build.sh --expect ran them. */
const CASES = [
  { name: "echo", args: [] as string[], stdin: readFileSync(join(DIR, "expected/echo.in")) },
  { name: "numbers", args: ["100"], stdin: undefined },
  { name: "life", args: ["2"], stdin: undefined },
] as const;

/** Copies the .COM into the guest and, for hybrid runs, installs the module. */
function prepare(name: string, hybrid: boolean, got: { module?: Vm8086Module }) {
  return (system: System) => {
    const f = system.files.vfs.open(`/home/vm/${name}.com`, 0o1101, 0o644);
    f.write(new Uint8Array(readFileSync(com(name))));
    f.release();
    if (hybrid) got.module = installVm8086Module(system);
  };
}

/** life.com 2: each generation copies 2 border rows (42 bytes) and the whole 42×22 board in the kernel. */
function lifeChecks(m: Vm8086Module, system: System): void {
  expect(m.total.copies).toBe(6);
  expect(m.total.copiedBytes).toBe(2 * (2 * 42 + 42 * 22));
  expect(system.log.some((l) => l.includes("vm8086: pid") && l.includes("6 kernel block copies (2016 bytes)"))).toBe(true);
  const proc = system.files.vfs.open("/proc/vm8086", 0, 0);
  const text = new TextDecoder().decode(proc.read(4096));
  proc.release();
  expect(text).toMatch(/^total +\d+ +2016 +\d+ +6 +2016 /m);
}

for (const c of CASES) {
  test(`vm8086 ${c.name}.com natively prints the committed output`, () => {
    const r = runNative(VM, [com(c.name), ...c.args], { stdin: c.stdin });
    expect(new TextDecoder().decode(r.stdout)).toBe(expected(`${c.name}.out`));
    expect(r.status).toBe(0);
  });

  for (const hybrid of [true, false]) {
    test(`vm8086 ${c.name}.com under nk (${hybrid ? "hybrid, int 0x30" : "user mode"}) prints the same`, async () => {
      const got: { module?: Vm8086Module } = {};
      let system: System | undefined;
      const r = await runUnderNk(VM, {
        args: ["-v", `/home/vm/${c.name}.com`, ...c.args],
        stdin: c.stdin === undefined ? undefined : new Uint8Array(c.stdin),
        prepare: (s) => { system = s; prepare(c.name, hybrid, got)(s); },
      });
      expect(r.stdout).toBe(expected(`${c.name}.out`));
      expect(r.status).toBe(0);
      expect(r.stderr).toContain(hybrid ? "hybrid (nk int 0x30) mode" : "user mode");
      if (hybrid) {
        const m = got.module!;
        const pid = [...m.byPid.keys()][0];
        const counted = m.byPid.get(pid)!;
        // The kernel's accounting agrees with the emulator's own report.
        const own = /(\d+) instructions, (\d+) REP iterations/.exec(r.stderr)!;
        expect(counted.instructions).toBe(Number(own[1]));
        expect(counted.repIterations).toBe(Number(own[2]));
        expect(r.stderr).toContain(`kernel module counted ${own[1]} instructions`);
        if (c.name !== "numbers") expect(counted.copies).toBeGreaterThan(0); // numbers uses no REP MOVSB
        if (c.name === "life") lifeChecks(m, system!);
      }
    });
  }
}

test("vm8086 -u never calls int 0x30 even with the module installed", async () => {
  const got: { module?: Vm8086Module } = {};
  const r = await runUnderNk(VM, { args: ["-u", "/home/vm/numbers.com", "20"], prepare: prepare("numbers", true, got) });
  expect(r.status).toBe(0);
  expect(got.module!.total.vmCalls).toBe(0);
});

test("vmcall.h and vm8086_abi.ts agree on every number", () => {
  const header = readFileSync(join(DIR, "src/vmcall.h"), "utf8");
  const define = (name: string) => Number(new RegExp(`#define ${name}\\s+(0x[0-9a-fA-F]+|\\d+)`).exec(header)![1]);
  for (const [name, nr] of Object.entries(Vm8086Call)) expect(define(`VMCALL_${name}`)).toBe(nr);
  expect(define("VMCALL_ABI_VERSION")).toBe(VM8086_ABI_VERSION);
  expect(define("VMCALL_MAGIC")).toBe(VM8086_MAGIC);
  const fields = /struct vm_stats \{([^}]*)\}/.exec(header)![1].match(/\w+(?=[,;])/g)!;
  expect(fields.length * 4).toBe(VM_STATS_SIZE);
});
