// A thread: the schedulable entity (seed 003: Linux threads are tasks that share a PID and have
// their own TID). Holds the hardware context, scheduling state, signal mask and pending signals,
// and what it is blocked on. Platform-neutral.
import type { CpuContext } from "../arch/context.ts";
import type { Process } from "./process.ts";
import type { SyscallContext } from "../syscall/context.ts";

/** Thread states (as `ps` shows them: R S T Z). */
export const ThreadState = {
  Running: 0, // on the CPU
  Ready: 1, // in the run queue
  Blocked: 2, // waiting (interruptible sleep)
  Stopped: 3, // SIGSTOP/SIGTSTP
  Dead: 4, // exited
} as const;
export type ThreadState = (typeof ThreadState)[keyof typeof ThreadState];

export const STATE_LETTER = ["R", "R", "S", "T", "Z"] as const;

/** A queued signal with its siginfo fields. */
export interface PendingSignal {
  sig: number;
  code: number;
  pid: number;
  uid: number;
  status: number;
  addr: number;
  errno: number;
}

/** One kernel-scheduled thread. */
export class Thread {
  state: ThreadState = ThreadState.Ready;
  /** Signal mask, bit (n-1) for signal n (64 signals: two 32-bit words). */
  maskLo = 0;
  maskHi = 0;
  /** Signals sent to this thread (tkill, faults). */
  readonly pending: PendingSignal[] = [];
  /** set_tid_address / CLONE_CHILD_CLEARTID. */
  clearChildTid = 0;
  robustList = 0;
  altStack = { sp: 0, size: 0, flags: 2 /* SS_DISABLE */ };
  /** Cancels whatever the thread is blocked on (wait queues, timers). */
  unblock: (() => void) | undefined;
  /** Deadline (virtual ns) remembered across restarts of a blocking syscall. */
  syscallDeadline = -1;
  /** Set when a signal interrupted the blocked syscall. */
  interrupted = false;
  /** Saved mask of rt_sigsuspend / ppoll / pselect, restored after the handler runs. */
  savedMask: [number, number] | undefined;
  /** The context its syscalls see, cached by the syscall manager (rebuilt after exec). */
  syscallContext: SyscallContext | undefined;
  /** CPU time consumed (virtual ns). */
  cpuTimeNs = 0;
  /** Scheduler bookkeeping (policy-specific). */
  sched = { quantumLeftNs: 0, level: 0, pass: 0, tickets: 100, lastRunNs: 0, slices: 0 };
  /** Run-queue links (circular doubly linked list with a head node). */
  prev: Thread | undefined;
  next: Thread | undefined;

  constructor(public tid: number, public process: Process, public ctx: CpuContext) {}

  /** True if signal `sig` is blocked by this thread's mask. */
  blocks(sig: number): boolean {
    const b = sig - 1;
    return b < 32 ? ((this.maskLo >>> b) & 1) === 1 : ((this.maskHi >>> (b - 32)) & 1) === 1;
  }
}
