// `nk boot KERNEL.elf [--append CMDLINE] [--module FILE]… [--mem SIZE]`: boots a Multiboot v1
// kernel like `qemu-system-i386 -kernel` with COM1 on stdin/stdout; the guest ends the run through
// the isa-debug-exit port (0xF4), and nk exits with QEMU's status ((value << 1) | 1).
import { readFileSync, existsSync } from "node:fs";
import { parseCommandLine, MACHINE_OPTIONS, type OptionTable, UsageError } from "./args.ts";
import { Machine } from "../core/machine.ts";
import { bootMultiboot, BootError } from "../core/boot/multiboot.ts";
import { isInteractive, enterRawMode } from "./terminal.ts";

/** Options of `nk boot`. */
export const BOOT_OPTIONS: OptionTable = {
  ...MACHINE_OPTIONS,
  append: { kind: "string", valueName: "CMDLINE", help: "kernel command line" },
  module: { kind: "string", multiple: true, valueName: "FILE[ ARGS]", help: "load a multiboot module" },
};

/** Runs a booted machine until the guest exits, halts for good, or the host quits. */
export async function runMachine(m: Machine, opts: { tty: boolean; onOutput: (b: Uint8Array) => void }): Promise<number> {
  const out: number[] = [];
  m.events.on("uart.tx", (e: { unit: number; byte: number }) => { if (e.unit === 0) out.push(e.byte); });
  m.events.on("debugcon", (e: { byte: number }) => out.push(e.byte));
  let quit = false;
  let restore: (() => void) | undefined;
  const onData = (chunk: Buffer) => {
    if (opts.tty && chunk[0] === 0x01 && chunk[1] === 0x78) { quit = true; return; } // Ctrl-A x
    m.devices.com1.receive(new Uint8Array(chunk));
  };
  if (opts.tty) restore = enterRawMode(process.stdin as never);
  process.stdin.on("data", onData);
  process.stdin.on("error", () => {});
  try {
    for (;;) {
      const r = m.run(2_000_000);
      if (out.length) opts.onOutput(Uint8Array.from(out.splice(0)));
      if (r === "exit") return m.exitCode ?? 0;
      if (r === "shutdown") {
        process.stderr.write(`nk: triple fault: the machine shut down (eip 0x${(m.cpu.eip >>> 0).toString(16)})\n`);
        return 1;
      }
      if (r === "dead") {
        process.stderr.write(`nk: the CPU halted with interrupts disabled (eip 0x${(m.cpu.eip >>> 0).toString(16)}); nothing can wake it\n`);
        return 1;
      }
      if (quit) return 0;
      await new Promise((res) => (r === "idle" ? setTimeout(res, 10) : setImmediate(res)));
    }
  } finally {
    process.stdin.off("data", onData);
    process.stdin.pause();
    restore?.();
  }
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, BOOT_OPTIONS, "boot");
  const kernelPath = positionals[0];
  if (!kernelPath) throw new UsageError("nk boot: missing KERNEL (try 'nk help boot')");
  if (!existsSync(kernelPath)) {
    process.stderr.write(`nk: ${kernelPath}: no such file\n`);
    return 1;
  }
  const modules = ((values.module as string[] | undefined) ?? []).map((spec) => {
    const [file, ...args] = spec.split(" ");
    return { data: new Uint8Array(readFileSync(file)), cmdline: spec, file, args };
  });
  const m = new Machine({ memory: (values.mem as number | undefined) ?? 128 << 20 });
  try {
    bootMultiboot(m, {
      kernel: new Uint8Array(readFileSync(kernelPath)),
      cmdline: `${kernelPath}${values.append ? " " + values.append : ""}`,
      modules,
    });
  } catch (e) {
    if (e instanceof BootError || e instanceof RangeError) {
      process.stderr.write(`nk: ${kernelPath}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  return runMachine(m, { tty: isInteractive(process.stdin, process.stdout), onOutput: (b) => process.stdout.write(b) });
}
