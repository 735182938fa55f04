// The scheduler manager (thesis §3.4.2): preemptive, driven by the PIT's IRQ0 in virtual time,
// with a pluggable policy that can be switched while threads run. It owns the running thread and
// performs context switches through ARCH (_sstate/_lstate/_pdload). Blocking never spins: a
// blocked thread is off every queue until a wait queue or timer makes it ready. Platform-neutral.
import { Manager } from "../manager.ts";
import { IRQ_BASE, TICK_HZ } from "../arch/arch.ts";
import { type Thread, ThreadState } from "../process/thread.ts";
import { POLICIES, RoundRobin, type SchedPolicy } from "./policies.ts";
import { Timers } from "./timers.ts";

/** Default quantum: 8.2 ms of guest time (thesis §3.4.2). */
export const DEFAULT_QUANTUM_NS = 8_200_000;
const TICK_NS = 1e9 / TICK_HZ;
/** How long the idle loop skips ahead before handing control back to the host. */
const IDLE_YIELD_NS = 10_000_000;

/** One slice of CPU time, for `info sched`'s timeline. */
export interface Slice {
  tid: number;
  pid: number;
  start: number;
  end: number;
}

/** How many past slices `history` keeps (the monitor's timeline). */
const HISTORY_LENGTH = 512;

/** The scheduler. */
export class Scheduler extends Manager {
  readonly name = "scheduler";
  policy: SchedPolicy = new RoundRobin();
  quantumNs = DEFAULT_QUANTUM_NS;
  current: Thread | undefined;
  readonly timers = new Timers();
  /** The last HISTORY_LENGTH slices, oldest first (a copy: the ring below is the storage). */
  get history(): Slice[] {
    const ring = this.historyRing;
    return ring.length < HISTORY_LENGTH ? ring.slice() : [...ring.slice(this.historyNext), ...ring.slice(0, this.historyNext)];
  }
  /** Recent slices as a ring: a context switch costs O(1), not a shift of the whole list. */
  private readonly historyRing: Slice[] = [];
  private historyNext = 0;
  private sliceStart = 0;
  private sliceEnd = Infinity;
  private needResched = false;
  /** Virtual time spent idle since the host last called System.run(). */
  idleNs = 0;
  /** Live threads (for policy ticks and `ps`). */
  readonly threads = new Set<Thread>();
  /** Called after every switch (strace/monitor hooks, signal delivery). */
  onSwitch: ((t: Thread | undefined) => void) | undefined;

  override start(): void {
    const arch = this.system.arch;
    arch.register(IRQ_BASE + 0, () => {
      arch.eoi(0);
      this.tick();
    });
    arch.enableIrq(0);
    arch.afterInterrupt = () => this.reschedule();
  }

  /** Virtual now (ns). */
  now(): number {
    return this.system.machine.clock.now();
  }

  /** Switches the policy live: ready threads move to the new policy in their current order. */
  setPolicy(name: string, quantumNs?: number): void {
    const make = POLICIES[name];
    if (!make) throw new Error(`unknown scheduling policy '${name}' (one of: ${Object.keys(POLICIES).join(", ")})`);
    const ready = this.policy.ready();
    for (const t of ready) this.policy.remove(t);
    this.policy = make();
    if (quantumNs !== undefined) this.quantumNs = quantumNs;
    for (const t of ready) this.policy.enqueue(t, false);
    this.needResched = true;
  }

  /** Adds a new thread (ready). */
  add(t: Thread): void {
    this.threads.add(t);
    this.makeReady(t);
  }

  /** Makes a blocked/new/stopped thread runnable. */
  makeReady(t: Thread, expired = false): void {
    if (t.state === ThreadState.Dead) return;
    t.state = ThreadState.Ready;
    this.policy.enqueue(t, expired);
    if (!this.current) this.needResched = true;
  }

  /** Takes `t` off the CPU/run queue in state `state` (Blocked, Stopped or Dead). */
  suspend(t: Thread, state: ThreadState): void {
    if (t.state === ThreadState.Ready) this.policy.remove(t);
    t.state = state;
    if (state === ThreadState.Dead) this.threads.delete(t);
    if (t === this.current) this.needResched = true;
  }

  /** Asks for a reschedule at the next kernel exit (sched_yield, policy change). */
  yieldCurrent(): void {
    this.needResched = true;
    if (this.current) this.current.sched.quantumLeftNs = 0;
  }

  /** Timer interrupt: timers, accounting, quantum expiry, idle management. */
  tick(): void {
    const now = this.now();
    this.timers.run(now);
    this.policy.tick?.(now, this.threads);
    if (this.current) {
      if (now >= this.sliceEnd) this.needResched = true;
    } else {
      this.idleNs += TICK_NS;
      if (!this.policy.ready().length && (this.timers.next() === Infinity || this.idleNs >= IDLE_YIELD_NS)) {
        this.system.machine.stop();
      }
    }
    this.reschedule();
  }

  /**
   * Called at the end of every kernel entry: if the running thread blocked, exited or used up its
   * slice, picks the next one and switches to it.
   */
  reschedule(): void {
    const prev = this.current;
    if (!this.needResched && prev && prev.state === ThreadState.Running) return;
    this.needResched = false;
    const now = this.now();
    if (prev && prev.state === ThreadState.Running) {
      const expired = now >= this.sliceEnd;
      if (!expired && this.policy.ready().length === 0) {
        return; // nobody else to run: keep going without a switch
      }
      this.makeReady(prev, expired);
    }
    const next = this.policy.pick();
    if (next === prev && next) {
      next.state = ThreadState.Running;
      this.beginSlice(next, now);
      return;
    }
    if (prev) this.endSlice(prev, now);
    const arch = this.system.arch;
    if (prev && prev.state !== ThreadState.Dead) arch.saveState(prev.ctx);
    this.current = next;
    const cpu = this.system.machine.cpu;
    if (next) {
      next.state = ThreadState.Running;
      if (arch.loadedPd !== next.process.as.pd) arch.pdLoad(next.process.as.pd);
      arch.loadState(next.ctx);
      cpu.halted = false;
      this.beginSlice(next, now);
    } else {
      cpu.halted = true; // idle: the machine skips ahead to the next timer interrupt
      cpu.eflags = cpu.eflags | 0x200;
    }
    this.onSwitch?.(next);
  }

  private beginSlice(t: Thread, now: number): void {
    this.sliceStart = now;
    this.sliceEnd = now + this.policy.quantum(t, this.quantumNs);
  }

  private endSlice(t: Thread, now: number): void {
    const used = now - this.sliceStart;
    t.cpuTimeNs += used;
    t.sched.slices++;
    if (used > 0) {
      const slice = { tid: t.tid, pid: t.process.pid, start: this.sliceStart, end: now };
      if (this.historyRing.length < HISTORY_LENGTH) this.historyRing.push(slice);
      else {
        this.historyRing[this.historyNext] = slice;
        this.historyNext = (this.historyNext + 1) % HISTORY_LENGTH;
      }
    }
  }

  /** Charges the running thread for time so far (for getrusage/times while running). */
  accountCurrent(): void {
    if (!this.current) return;
    const now = this.now();
    this.current.cpuTimeNs += now - this.sliceStart;
    this.sliceStart = now;
  }
}
