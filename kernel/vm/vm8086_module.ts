// The privileged half of the hosted 8086 VM (thesis §3.8 "hybrid", §5.1): a kernel module that
// serves the user-mode emulator over `int 0x30` — REP MOVSB block copies done in the kernel on
// the caller's memory, and guest-instruction accounting kept per process, shown in /proc/vm8086
// and logged to the kernel log when an emulator exits. Platform-neutral.
import { Manager } from "../manager.ts";
import type { System } from "../system.ts";
import type { SyscallContext } from "../syscall/context.ts";
import { fail } from "../linux/errno.ts";
import { SyntheticDir, SyntheticFile } from "../files/synthetic.ts";
import { VM8086_ABI_VERSION, VM8086_MAGIC, VM_STATS_SIZE, Vm8086Call } from "./vm8086_abi.ts";

/** Counters of one emulator process (or of all of them). */
export interface Vm8086Counters {
  instructions: number;
  repIterations: number;
  serviceCalls: number;
  copies: number;
  copiedBytes: number;
  vmCalls: number;
}

/** Largest single copy accepted (the emulator never asks for more than 64 KiB). */
const MAX_COPY = 1 << 20;

const zero = (): Vm8086Counters => ({ instructions: 0, repIterations: 0, serviceCalls: 0, copies: 0, copiedBytes: 0, vmCalls: 0 });

/** The vm8086 kernel module. */
export class Vm8086Module extends Manager {
  readonly name = "vm8086";
  /** Live counters by pid (kept after exit until the pid is reused). */
  readonly byPid = new Map<number, Vm8086Counters>();
  /** Totals over every emulator that has run. */
  readonly total: Vm8086Counters = zero();

  override start(): void {
    this.addProcFile();
  }

  /** Registers the int 0x30 calls; `system.syscalls` must be installed. */
  registerCalls(): void {
    const sys = this.system.syscalls;
    sys.registerVmCall(Vm8086Call.HELLO, "vm8086_hello", (ctx, version) => {
      this.counters(ctx).vmCalls++;
      this.total.vmCalls++;
      return version === VM8086_ABI_VERSION ? VM8086_MAGIC : fail("EINVAL");
    });
    sys.registerVmCall(Vm8086Call.COPY, "vm8086_copy", (ctx, dst, src, length, backward) => this.copy(ctx, dst, src, length, backward !== 0));
    sys.registerVmCall(Vm8086Call.ACCOUNT, "vm8086_account", (ctx, ins, rep, svc, final) => this.account(ctx, ins >>> 0, rep >>> 0, svc >>> 0, final !== 0));
    sys.registerVmCall(Vm8086Call.STATS, "vm8086_stats", (ctx, buffer, size) => this.stats(ctx, buffer, size >>> 0));
  }

  /** Adds /proc/vm8086 (totals and one line per emulator process) if /proc is mounted. */
  addProcFile(): void {
    let proc;
    try { proc = this.system.files.vfs.resolve("/proc"); } catch { return; }
    if (!(proc instanceof SyntheticDir)) return;
    proc.add("vm8086", new SyntheticFile(proc.fs, { mode: 0o444, content: () => this.describe() }));
  }

  /** The /proc/vm8086 text. */
  describe(): string {
    const line = (who: string, c: Vm8086Counters) =>
      `${who.padEnd(6)} ${String(c.instructions).padStart(12)} ${String(c.repIterations).padStart(10)} ` +
      `${String(c.serviceCalls).padStart(8)} ${String(c.copies).padStart(7)} ${String(c.copiedBytes).padStart(10)} ${String(c.vmCalls).padStart(6)}\n`;
    let text = "pid    instructions  rep-iters services  copies copy-bytes calls\n";
    for (const [pid, c] of this.byPid) text += line(String(pid), c);
    return text + line("total", this.total);
  }

  private counters(ctx: SyscallContext): Vm8086Counters {
    const pid = ctx.process.pid;
    let c = this.byPid.get(pid);
    if (!c) {
      c = zero();
      this.byPid.set(pid, c);
    }
    return c;
  }

  /** REP MOVSB semantics: forward copies read each byte after the previous one was written. */
  private copy(ctx: SyscallContext, dst: number, src: number, length: number, backward: boolean): number {
    length >>>= 0;
    if (length > MAX_COPY) fail("EINVAL");
    const c = this.counters(ctx);
    c.vmCalls++; this.total.vmCalls++;
    if (length === 0) return 0;
    const data = ctx.mem.read(src >>> 0, length);
    const gap = ((dst >>> 0) - (src >>> 0)) >>> 0;
    if (!backward && gap > 0 && gap < length) {
      // The destination starts inside the source: a forward byte loop repeats the first `gap` bytes.
      for (let i = gap; i < length; i++) data[i] = data[i - gap];
    } else if (backward) {
      const back = ((src >>> 0) - (dst >>> 0)) >>> 0;
      // Backward copies with the destination below the source repeat the top `back` bytes downward.
      if (back > 0 && back < length) for (let i = length - back - 1; i >= 0; i--) data[i] = data[i + back];
    }
    ctx.mem.write(dst >>> 0, data);
    c.copies++; this.total.copies++;
    c.copiedBytes += length; this.total.copiedBytes += length;
    return length;
  }

  private account(ctx: SyscallContext, instructions: number, rep: number, services: number, final: boolean): number {
    const c = this.counters(ctx);
    c.vmCalls++; this.total.vmCalls++;
    c.instructions += instructions; this.total.instructions += instructions;
    c.repIterations += rep; this.total.repIterations += rep;
    c.serviceCalls += services; this.total.serviceCalls += services;
    if (final) {
      this.system.printk(`vm8086: pid ${ctx.process.pid} done: ${c.instructions} guest instructions, ` +
        `${c.repIterations} REP iterations, ${c.copies} kernel block copies (${c.copiedBytes} bytes), ${c.vmCalls} int 0x30 calls`);
    }
    return 0;
  }

  private stats(ctx: SyscallContext, buffer: number, size: number): number {
    if (size < VM_STATS_SIZE) fail("EINVAL");
    const c = this.counters(ctx);
    c.vmCalls++; this.total.vmCalls++;
    const out = new Uint8Array(VM_STATS_SIZE);
    const view = new DataView(out.buffer);
    const fields = [c.instructions >>> 0, Math.floor(c.instructions / 2 ** 32), c.repIterations, c.serviceCalls, c.copies,
      c.copiedBytes, c.vmCalls];
    fields.forEach((v, i) => view.setUint32(i * 4, v >>> 0, true));
    ctx.mem.write(buffer >>> 0, out);
    return VM_STATS_SIZE;
  }
}

/**
 * Installs the vm8086 module into `system` (before or after `start()`): registers its int 0x30
 * calls and /proc/vm8086. Returns the module, whose counters tests and the monitor can read.
 */
export function installVm8086Module(system: System): Vm8086Module {
  const module = system.install(new Vm8086Module());
  module.registerCalls();
  if (system.started) module.addProcFile();
  return module;
}
