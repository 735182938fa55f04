// Scheduling policies (thesis §3.4.2: "the policy is meant to be replaced per VM"). Each is an
// object behind one interface, so the scheduler can switch policy while threads run: the ready
// threads are drained from the old policy and enqueued into the new one. Platform-neutral.
import type { Thread } from "../process/thread.ts";
import { RunQueue } from "./run_queue.ts";

/** The contract of a scheduling policy. */
export interface SchedPolicy {
  readonly name: string;
  readonly description: string;
  /** Adds a ready thread; `expired` is true when it was preempted at the end of its quantum. */
  enqueue(t: Thread, expired: boolean): void;
  /** Removes a thread that is no longer ready. */
  remove(t: Thread): void;
  /** Chooses and removes the next thread to run. */
  pick(): Thread | undefined;
  /** Time slice for `t` (ns; Infinity = run until it blocks). */
  quantum(t: Thread, base: number): number;
  /** Called on every timer tick with the running thread (MLFQ boosts, accounting). */
  tick?(now: number, all: Iterable<Thread>): void;
  /** Ready threads in order. */
  ready(): Thread[];
}

/** Round robin: one FIFO queue, fixed quantum (the thesis policy). */
export class RoundRobin implements SchedPolicy {
  readonly name = "rr";
  readonly description = "round robin, fixed quantum (thesis §3.4.2)";
  private readonly q = new RunQueue();
  enqueue(t: Thread): void { this.q.push(t); }
  remove(t: Thread): void { this.q.remove(t); }
  pick(): Thread | undefined { return this.q.shift(); }
  quantum(_t: Thread, base: number): number { return base; }
  ready(): Thread[] { return [...this.q]; }
}

/** FIFO / batch: runs each thread until it blocks or exits; no preemption. */
export class Fifo implements SchedPolicy {
  readonly name = "fifo";
  readonly description = "first come first served, no preemption (batch)";
  private readonly q = new RunQueue();
  enqueue(t: Thread): void { this.q.push(t); }
  remove(t: Thread): void { this.q.remove(t); }
  pick(): Thread | undefined { return this.q.shift(); }
  quantum(): number { return Infinity; }
  ready(): Thread[] { return [...this.q]; }
}

/** Static priority by nice value (-20 … 19): the lowest nice always runs first; RR within a level. */
export class StaticPriority implements SchedPolicy {
  readonly name = "prio";
  readonly description = "static priority by nice, round robin within a level";
  private readonly levels = Array.from({ length: 40 }, () => new RunQueue());
  enqueue(t: Thread): void { this.levels[t.process.nice + 20].push(t); }
  remove(t: Thread): void { for (const q of this.levels) q.remove(t); }
  pick(): Thread | undefined {
    for (const q of this.levels) if (q.size) return q.shift();
    return undefined;
  }
  quantum(_t: Thread, base: number): number { return base; }
  ready(): Thread[] { return this.levels.flatMap((q) => [...q]); }
}

/**
 * Multilevel feedback queue: 4 levels, quantum doubling per level; a thread that uses its whole
 * quantum drops a level, one that blocks keeps its level; every second all threads go back to the top.
 */
export class Mlfq implements SchedPolicy {
  readonly name = "mlfq";
  readonly description = "multilevel feedback queue: 4 levels, demote on full quantum, boost every 1 s";
  private readonly levels = Array.from({ length: 4 }, () => new RunQueue());
  private lastBoost = 0;
  enqueue(t: Thread, expired: boolean): void {
    if (expired && t.sched.level < 3) t.sched.level++;
    this.levels[t.sched.level].push(t);
  }
  remove(t: Thread): void { for (const q of this.levels) q.remove(t); }
  pick(): Thread | undefined {
    for (const q of this.levels) if (q.size) return q.shift();
    return undefined;
  }
  quantum(t: Thread, base: number): number { return base * (1 << t.sched.level); }
  tick(now: number, all: Iterable<Thread>): void {
    if (now - this.lastBoost < 1e9) return;
    this.lastBoost = now;
    const ready = this.ready();
    for (const q of this.levels) while (q.shift());
    for (const t of all) t.sched.level = 0;
    for (const t of ready) this.levels[0].push(t);
  }
  ready(): Thread[] { return this.levels.flatMap((q) => [...q]); }
}

/** Stride scheduling: tickets from nice (nice 0 = 100), pass += stride; the lowest pass runs. */
export class Stride implements SchedPolicy {
  readonly name = "stride";
  readonly description = "stride scheduling: CPU share proportional to tickets (from nice)";
  private readonly q = new RunQueue();
  private static readonly BIG = 1 << 20;
  /** The pass of the last thread picked: the policy's virtual time. */
  private globalPass = 0;
  enqueue(t: Thread): void {
    t.sched.tickets = Math.max(1, Math.round(100 * Math.pow(1.25, -t.process.nice)));
    // A thread returning from sleep starts at the current virtual time instead of banking credit.
    if (t.sched.pass < this.globalPass) t.sched.pass = this.globalPass;
    this.q.push(t);
  }
  remove(t: Thread): void { this.q.remove(t); }
  pick(): Thread | undefined {
    let best: Thread | undefined;
    for (const t of this.q) if (!best || t.sched.pass < best.sched.pass) best = t;
    if (best) {
      this.q.remove(best);
      this.globalPass = best.sched.pass;
      best.sched.pass += Stride.BIG / best.sched.tickets;
    }
    return best;
  }
  quantum(_t: Thread, base: number): number { return base; }
  ready(): Thread[] { return [...this.q]; }
}

/** Lottery scheduling with a seeded generator (deterministic runs): tickets from nice. */
export class Lottery implements SchedPolicy {
  readonly name = "lottery";
  readonly description = "lottery scheduling: random draw weighted by tickets (seeded, deterministic)";
  private readonly q = new RunQueue();
  private seed = 12345;
  enqueue(t: Thread): void {
    t.sched.tickets = Math.max(1, Math.round(100 * Math.pow(1.25, -t.process.nice)));
    this.q.push(t);
  }
  remove(t: Thread): void { this.q.remove(t); }
  pick(): Thread | undefined {
    let total = 0;
    for (const t of this.q) total += t.sched.tickets;
    if (!total) return undefined;
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
    let draw = this.seed % total;
    for (const t of this.q) {
      draw -= t.sched.tickets;
      if (draw < 0) { this.q.remove(t); return t; }
    }
    return this.q.shift();
  }
  quantum(_t: Thread, base: number): number { return base; }
  ready(): Thread[] { return [...this.q]; }
}

/** Policy constructors by name (the `--sched` option and the monitor's `sched POLICY`). */
export const POLICIES: Readonly<Record<string, () => SchedPolicy>> = {
  rr: () => new RoundRobin(),
  fifo: () => new Fifo(),
  prio: () => new StaticPriority(),
  mlfq: () => new Mlfq(),
  stride: () => new Stride(),
  lottery: () => new Lottery(),
};
