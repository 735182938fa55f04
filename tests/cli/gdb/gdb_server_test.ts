// End-to-end with the real gdb as a child process: a static i386 C program under the nk kernel
// (breakpoints, variables, memory writes, steps, exit status) and a bare multiboot kernel.
import { test, expect, beforeAll } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "../../../cli/session.ts";
import { Machine } from "../../../core/machine.ts";
import { bootMultiboot } from "../../../core/boot/multiboot.ts";
import { machineTarget, startGdbServer, systemTarget } from "../../../cli/gdb/mod.ts";

const SOURCE = `int global = 41;
int func(int x) { global += x; return global; }
int main(void) { return func(1); }
`;
let program = "";

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "nk-gdb-"));
  writeFileSync(join(dir, "prog.c"), SOURCE);
  program = join(dir, "prog");
  execFileSync("gcc", ["-m32", "-g", "-O0", "-static", "-o", program, join(dir, "prog.c")]);
});

/** Starts the program under nk with a gdbserver, runs gdb with `commands`, returns its output. */
async function debug(commands: string[]): Promise<{ output: string; killed: boolean; status: number | undefined }> {
  const session = new Session({ console: "pipe", pace: false }, { stdout: () => {}, stderr: () => {} });
  session.installFile(program, "/bin/prog");
  session.start("/bin/prog", ["/bin/prog"], []);
  session.endOfInput();
  let killed = false;
  const server = await startGdbServer(systemTarget(session.system, { exitStatus: () => session.status, kill: () => { killed = true; } }), 0);
  try {
    const args = ["-batch", "-nx", "-ex", "set confirm off", "-ex", `target remote :${server.port}`];
    for (const command of commands) args.push("-ex", command);
    const child = Bun.spawn(["gdb", ...args, program], { stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
    await child.exited;
    return { output: stdout + stderr, killed, status: session.status };
  } finally {
    await server.close();
  }
}

test("gdbserver: gdb stops at a breakpoint in a user program and reads a global", async () => {
  const { output, killed } = await debug(["break func", "continue", "print global", "kill"]);
  expect(output).toContain("Breakpoint 1, func (x=1) at");
  expect(output).toContain("$1 = 41");
  expect(killed).toBe(true);
});

test("gdbserver: memory writes, registers, single steps and the exit status reach gdb", async () => {
  const { output, status } = await debug([
    "break func", "continue", "set var global = 100", "info registers eip", "stepi", "printf \"pc=%x\\n\", $pc",
    "finish", "continue",
  ]);
  const hit = /Breakpoint 1 at 0x([0-9a-f]+)/.exec(output);
  expect(hit).not.toBeNull();
  const breakAt = parseInt(hit![1]!, 16);
  expect(output).toContain("Breakpoint 1, func (x=1)");
  expect(output).toMatch(new RegExp(`eip\\s+0x${breakAt.toString(16)}\\s+0x${breakAt.toString(16)} <func(\\+\\d+)?>`));
  // stepi retired exactly one instruction: the pc moved forward by less than 16 bytes.
  const pc = parseInt(/pc=([0-9a-f]+)/.exec(output)![1]!, 16);
  expect(pc).toBeGreaterThan(breakAt);
  expect(pc - breakAt).toBeLessThan(16);
  expect(output).toContain("Value returned is $1 = 101");
  expect(output).toContain("exited with code 0145"); // gdb prints the exit code in octal: 101
  expect(status).toBe(101 << 8);
});

test("gdbserver: gdb debugs a bare multiboot kernel (nk boot) and sees its descriptor tables", async () => {
  const kernel = join(import.meta.dir, "..", "..", "..", "examples/multiboot/testkernel/kernel.elf");
  const machine = new Machine({ memory: 64 << 20 });
  bootMultiboot(machine, { kernel: new Uint8Array(readFileSync(kernel)), cmdline: "kernel.elf nk-test" });
  const server = await startGdbServer(machineTarget(machine), 0);
  try {
    const child = Bun.spawn(["gdb", "-batch", "-nx", "-ex", `target remote :${server.port}`, "-ex", "break gdt_load",
      "-ex", "continue", "-ex", "finish", "-ex", "info registers cs ds", "-ex", "detach", kernel], { stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
    await child.exited;
    const output = stdout + stderr;
    expect(output).toContain("_start ()"); // stopped at the entry point on attach
    expect(output).toMatch(/Breakpoint 1, 0x00100021 in gdt_load/);
    expect(output).toMatch(/cs\s+0x8\s+8/);
    expect(output).toMatch(/ds\s+0x10\s+16/);
    expect(output).toMatch(/0x00100bf3 in gdt_init/); // `finish` ran back to the caller
    expect(output).toContain("[Inferior 1 (Remote target) detached]");
    expect(machine.cpu.breakpoints.size).toBe(0);
  } finally {
    await server.close();
  }
});
