// CPU exceptions raised by user code (thesis §3.2: page and protection faults are events modules
// handle): page faults go to the address space (demand paging, COW, stack growth); everything
// else — and unresolvable page faults — becomes the signal Linux would send, with si_addr.
// Platform-neutral.
import { Manager } from "../manager.ts";
import { InterruptKind } from "../../core/cpu/interrupts.ts";
import { Vector, VECTOR_NAMES, PageFaultCode } from "../../core/cpu/vectors.ts";
import { FaultResult } from "../memory/address_space.ts";
import { Signal, SiCode } from "../linux/signals.ts";
import { ThreadState } from "./thread.ts";
import { Errno, LinuxErrno } from "../linux/errno.ts";

/** Exception vector → [signal, si_code] for faults that are not page faults (arch/x86/kernel/traps.c). */
const FAULT_SIGNALS: Readonly<Record<number, [number, number]>> = {
  [Vector.DivideError]: [Signal.SIGFPE, SiCode.FPE_INTDIV],
  [Vector.Debug]: [Signal.SIGTRAP, SiCode.TRAP_TRACE],
  [Vector.Breakpoint]: [Signal.SIGTRAP, SiCode.SI_KERNEL],
  [Vector.Overflow]: [Signal.SIGSEGV, SiCode.SI_KERNEL],
  [Vector.BoundRange]: [Signal.SIGSEGV, SiCode.SI_KERNEL],
  [Vector.InvalidOpcode]: [Signal.SIGILL, SiCode.ILL_ILLOPN],
  [Vector.DeviceNotAvailable]: [Signal.SIGFPE, SiCode.SI_KERNEL],
  [Vector.InvalidTss]: [Signal.SIGSEGV, SiCode.SI_KERNEL],
  [Vector.SegmentNotPresent]: [Signal.SIGBUS, SiCode.SI_KERNEL],
  [Vector.StackFault]: [Signal.SIGBUS, SiCode.SI_KERNEL],
  [Vector.GeneralProtection]: [Signal.SIGSEGV, SiCode.SI_KERNEL],
  [Vector.FpuError]: [Signal.SIGFPE, 0],
  [Vector.AlignmentCheck]: [Signal.SIGBUS, SiCode.BUS_ADRALN],
  [Vector.SimdError]: [Signal.SIGFPE, 0],
};

/** The fault handlers. */
export class Faults extends Manager {
  readonly name = "faults";
  /** Counts per vector (for `info irq`). */
  readonly counts = new Map<number, number>();

  override start(): void {
    const arch = this.system.arch;
    for (let v = 0; v < 32; v++) arch.register(v, (vector, code, kind) => this.handle(vector, code, kind));
    arch.fallback = (vector, _code, kind) => this.unexpected(vector, kind);
  }

  private handle(vector: number, code: number, kind: InterruptKind): void {
    this.counts.set(vector, (this.counts.get(vector) ?? 0) + 1);
    const system = this.system;
    const t = system.scheduler.current;
    const cpu = system.machine.cpu;
    if (!t) return;
    if (vector === Vector.PageFault) {
      const addr = cpu.cr2 >>> 0;
      let r: number;
      try {
        r = t.process.as.handleFault(addr, (code & PageFaultCode.Write) !== 0, (code & PageFaultCode.Fetch) !== 0, cpu.r32[4] >>> 0);
      } catch (e) {
        if (!(e instanceof Errno) || e.code !== LinuxErrno.ENOMEM) throw e;
        // Out of physical memory: the faulting process is killed (the OOM killer's choice, simplified).
        system.printk(`Out of memory: killed process ${t.process.pid} (${t.process.comm})`);
        system.processes.exitGroup(t.process, Signal.SIGKILL);
        system.scheduler.reschedule();
        return;
      }
      if (r === FaultResult.Ok) return;
      this.force(t, Signal.SIGSEGV, r === FaultResult.MapErr ? SiCode.SEGV_MAPERR : SiCode.SEGV_ACCERR, addr);
    } else if (kind === InterruptKind.Software && vector !== Vector.Breakpoint && vector !== Vector.Overflow) {
      // INT n to a vector user code may not use: #GP on real hardware.
      cpu.eip = (cpu.eip - 2) | 0;
      this.force(t, Signal.SIGSEGV, SiCode.SI_KERNEL, 0);
    } else {
      const [sig, si] = FAULT_SIGNALS[vector] ?? [Signal.SIGSEGV, SiCode.SI_KERNEL];
      this.force(t, sig, si, vector === Vector.InvalidOpcode || vector === Vector.DivideError ? cpu.eip >>> 0 : 0);
    }
    if (t.state === ThreadState.Running) system.signals.deliver(t);
    system.scheduler.reschedule();
  }

  /** force_sig: a fault signal that is blocked or ignored kills the process instead. */
  private force(t: import("./thread.ts").Thread, sig: number, code: number, addr: number): void {
    const act = t.process.sighand.actions[sig];
    if (t.blocks(sig) || act.handler === 1) {
      act.handler = 0;
      t.maskLo &= ~(1 << (sig - 1));
    }
    this.system.signals.sendThread(t, sig, { code, addr });
    this.system.printk(`pid ${t.process.pid} (${t.process.comm}): ${VECTOR_NAMES[sig === Signal.SIGSEGV && code <= 2 ? 14 : -1] ?? "fault"} -> signal ${sig} at eip 0x${(this.system.machine.cpu.eip >>> 0).toString(16)} addr 0x${(addr >>> 0).toString(16)}`);
  }

  /** A vector nobody handles (e.g. a hardware IRQ with no driver): acknowledge and log. */
  unexpected(vector: number, kind: InterruptKind): void {
    if (kind === InterruptKind.Hardware && vector >= 0x20 && vector < 0x30) this.system.arch.eoi(vector - 0x20);
    else {
      const t = this.system.scheduler.current;
      if (t && kind === InterruptKind.Software) {
        this.force(t, Signal.SIGSEGV, SiCode.SI_KERNEL, 0);
        this.system.signals.deliver(t);
        this.system.scheduler.reschedule();
      }
    }
  }
}
