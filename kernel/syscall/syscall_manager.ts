// The system-call manager (thesis §3.6): `int 0x80` with the Linux i386 convention (number in EAX,
// arguments in EBX ECX EDX ESI EDI EBP, result or -errno in EAX) dispatched in O(1) through one table
// of rows that also drives tracing and statistics; and `int 0x30`, the VM-private line, with a
// registry where VM modules add their own calls. Platform-neutral.
import { Manager } from "../manager.ts";
import { InterruptKind } from "../../core/cpu/interrupts.ts";
import { Errno, LinuxErrno } from "../linux/errno.ts";
import { ThreadState, type Thread } from "../process/thread.ts";
import { UserMemory } from "../memory/user_memory.ts";
import { Block, type SyscallContext, type SyscallRow } from "./context.ts";
import type { System } from "../system.ts";
import { SYSCALL_ROWS } from "../linux/syscall_table.ts";
import type { Cpu } from "../../core/cpu/cpu.ts";

/** Per-call statistics (`info syscalls`, like strace -c). */
export interface SyscallStats {
  calls: number;
  errors: number;
  /**
   * Virtual kernel time. Virtual time advances only with retired guest instructions, and none
   * retire inside a handler, so this stays 0 (strace -c's column layout is kept for the monitor).
   */
  ns: number;
}

/** A completed (or blocked) call, as the tracer sees it. */
export interface TraceEvent {
  thread: Thread;
  row: SyscallRow | undefined;
  nr: number;
  args: number[];
  /** Result, or undefined while the call is blocked. */
  result: number | undefined;
  /** User memory of the caller (to decode buffers after the call). */
  mem: UserMemory;
}

/** A handler on the VM-private `int 0x30` line: EAX = call number, EBX.. = arguments. */
export type VmCall = (ctx: SyscallContext, ...args: number[]) => number;

const INT_LENGTH = 2; // CD 80 / CD 30

/** System-call dispatch. */
export class SyscallManager extends Manager {
  readonly name = "syscalls";
  readonly rows: (SyscallRow | undefined)[] = [];
  readonly stats = new Map<number, SyscallStats>();
  /** Unimplemented numbers that were called, with counts. */
  readonly missing = new Map<number, number>();
  readonly vmCalls = new Map<number, { name: string; fn: VmCall }>();
  /** Trace observer (strace); called after each call completes. */
  tracer: ((e: TraceEvent) => void) | undefined;

  constructor(rows: readonly SyscallRow[] = SYSCALL_ROWS) {
    super();
    for (const r of rows) {
      if (this.rows[r.nr]) throw new Error(`syscall table: duplicate number ${r.nr} (${r.name})`);
      this.rows[r.nr] = r;
    }
  }

  override start(): void {
    const system = this.system;
    const arch = system.arch;
    this.cpu = system.machine.cpu;
    // One closure per line, testing the kind inline: this is the whole kernel entry of every call.
    arch.register(0x80, (_v, _c, kind) => {
      if (kind === InterruptKind.Software) this.dispatch(false);
      else system.faults.unexpected(0x80, kind);
    });
    arch.register(0x30, (_v, _c, kind) => {
      if (kind === InterruptKind.Software) this.dispatch(true);
      else system.faults.unexpected(0x30, kind);
    });
  }

  /** Registers a VM-private call on `int 0x30`. */
  registerVmCall(nr: number, name: string, fn: VmCall): void {
    if (this.vmCalls.has(nr)) throw new Error(`int 0x30 call ${nr} already registered`);
    this.vmCalls.set(nr, { name, fn });
  }

  /** Statistics by number (the same objects as in `stats`, for O(1) updates). */
  private readonly statsByNr: (SyscallStats | undefined)[] = [];
  /** The CPU (cached at start: read on every call). */
  private cpu!: Cpu;

  /**
   * The context object for a thread's syscalls: kept on the thread (a field read, not a map
   * lookup, on every call) and rebuilt when exec replaces the address space.
   */
  context(t: Thread): SyscallContext {
    const c = t.syscallContext;
    if (c !== undefined && c.mem.as === t.process.as) return c;
    return (t.syscallContext = new ThreadContext(this.system, t));
  }

  /**
   * The syscall path: read the registers, run the row's handler, write EAX, count, trace, and
   * deliver signals. ARCH's return path (afterInterrupt) then lets the scheduler switch.
   */
  private dispatch(vm: boolean): void {
    const system = this.system;
    const t = system.scheduler.current;
    if (t === undefined) return;
    const cpu = this.cpu;
    const r = cpu.r32;
    const nr = r[0] >>> 0;
    const a0 = r[3], a1 = r[1], a2 = r[2], a3 = r[6], a4 = r[7], a5 = r[5];
    let ctx = t.syscallContext;
    if (ctx === undefined || ctx.mem.as !== t.process.as) ctx = this.context(t);
    const row = vm ? undefined : this.rows[nr];
    let result: number;
    // A thread woken by a signal re-runs its call first (the condition may now hold, e.g. wait4
    // finding the child whose SIGCHLD woke it); only if it would block again is it interrupted.
    const interrupted = t.interrupted;
    t.interrupted = false;
    try {
      if (row !== undefined) {
        result = row.handler(ctx, a0, a1, a2, a3, a4, a5);
      } else if (vm) {
        const call = this.vmCalls.get(nr);
        result = call ? call.fn(ctx, a0, a1, a2, a3, a4, a5) : -LinuxErrno.ENOSYS;
      } else {
        this.missing.set(nr, (this.missing.get(nr) ?? 0) + 1);
        result = -LinuxErrno.ENOSYS;
      }
    } catch (e) {
      if (e instanceof Block) {
        if (interrupted && system.signals.hasDeliverable(t)) {
          if (row?.restart && system.signals.restartsSyscall(t)) {
            t.syscallDeadline = -1;
            cpu.eip = (cpu.eip - INT_LENGTH) | 0;
            this.finish(t);
            return;
          }
          result = row?.onInterrupt ? row.onInterrupt(ctx, a0, a1, a2, a3, a4, a5) : -LinuxErrno.EINTR;
          this.complete(t, row, nr, a0, a1, a2, a3, a4, a5, result, ctx);
          return;
        }
        this.park(t, e);
        return;
      }
      if (e instanceof Errno) result = -e.code;
      else throw e;
    }
    this.complete(t, row, nr, a0, a1, a2, a3, a4, a5, result, ctx);
  }

  private complete(
    t: Thread, row: SyscallRow | undefined, nr: number,
    a0: number, a1: number, a2: number, a3: number, a4: number, a5: number,
    result: number, ctx: SyscallContext,
  ): void {
    t.syscallDeadline = -1;
    if (this.system.scheduler.current === t && t.state === ThreadState.Running) this.cpu.r32[0] = result;
    if (row !== undefined) {
      let s = this.statsByNr[nr];
      if (s === undefined) {
        s = { calls: 0, errors: 0, ns: 0 };
        this.statsByNr[nr] = s;
        this.stats.set(nr, s);
      }
      s.calls++;
      if (result < 0 && result > -4096) s.errors++;
    }
    if (this.tracer !== undefined) {
      this.tracer({ thread: t, row, nr, args: [a0, a1, a2, a3, a4, a5], result, mem: ctx.mem });
    }
    // Signals go out on the way back to user mode (the common case is two empty arrays).
    if (t.pending.length !== 0 || t.process.pending.length !== 0) this.finish(t);
  }

  /**
   * Return-to-user path of a restarted call: deliver signals. (The scheduler's switch, if any,
   * follows in ARCH's afterInterrupt, which runs after every handler.)
   */
  private finish(t: Thread): void {
    if (this.system.scheduler.current === t && t.state === ThreadState.Running) this.system.signals.deliver(t);
  }

  /** Blocks `t` until a queue in `b` wakes it or its deadline passes; the int 0x80 is re-executed. */
  private park(t: Thread, b: Block): void {
    const system = this.system;
    const cpu = system.machine.cpu;
    cpu.eip = (cpu.eip - INT_LENGTH) | 0;
    const cancels: (() => void)[] = [];
    const wake = () => {
      t.unblock = undefined;
      for (const c of cancels) c();
      if (t.state === ThreadState.Blocked) system.scheduler.makeReady(t);
    };
    for (const q of b.queues) cancels.push(q.wait(wake));
    if (b.deadline !== Infinity) {
      const timer = system.scheduler.timers.add(b.deadline, wake);
      cancels.push(() => system.scheduler.timers.cancel(timer));
    }
    t.unblock = () => { for (const c of cancels) c(); };
    system.scheduler.suspend(t, ThreadState.Blocked);
    if (system.signals.hasDeliverable(t)) {
      // A signal is already pending: do not sleep at all.
      t.interrupted = true;
      wake();
    }
    system.scheduler.reschedule();
  }
}

/** The SyscallContext of one thread: built once, reused by every call the thread makes. */
class ThreadContext implements SyscallContext {
  readonly process: Thread["process"];
  readonly mem: UserMemory;

  constructor(readonly system: System, readonly thread: Thread) {
    this.process = thread.process;
    const cpu = system.machine.cpu;
    this.mem = new UserMemory(system.machine.memory, thread.process.as, () => cpu.r32[4] >>> 0);
  }

  now(): number {
    return this.system.machine.clock.now();
  }

  deadline(ns: number): number {
    const t = this.thread;
    if (t.syscallDeadline < 0) t.syscallDeadline = this.system.machine.clock.now() + ns;
    return t.syscallDeadline;
  }
}
