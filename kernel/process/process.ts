// A process (thesis §3.4): address space + threads + the software context spread over the modules
// that own each resource (files, signals, credentials, limits). PID = thread-group id (seed 003).
// Platform-neutral.
import type { AddressSpace } from "../memory/address_space.ts";
import type { FdTable } from "../files/fd_table.ts";
import type { Inode } from "../files/inode.ts";
import type { Thread } from "./thread.ts";
import { WaitQueue } from "../files/wait_queue.ts";

/** A signal disposition (sigaction). */
export interface SigAction {
  handler: number; // 0 = SIG_DFL, 1 = SIG_IGN, else a user address
  flags: number;
  restorer: number;
  maskLo: number;
  maskHi: number;
}

/** Handlers shared by CLONE_SIGHAND threads. */
export class SignalHandlers {
  readonly actions: SigAction[];

  constructor(actions?: SigAction[]) {
    if (actions) this.actions = actions;
    else {
      this.actions = new Array(65);
      for (let i = 0; i < 65; i++) this.actions[i] = { handler: 0, flags: 0, restorer: 0, maskLo: 0, maskHi: 0 };
    }
  }

  /** An independent copy (fork without CLONE_SIGHAND). */
  clone(): SignalHandlers {
    const copy = new Array<SigAction>(65);
    for (let i = 0; i < 65; i++) {
      const a = this.actions[i];
      copy[i] = { handler: a.handler, flags: a.flags, restorer: a.restorer, maskLo: a.maskLo, maskHi: a.maskHi };
    }
    return new SignalHandlers(copy);
  }
}

/** cwd / umask / root shared by CLONE_FS. */
export interface FsContext {
  cwd: Inode;
  umask: number;
}

/** Resource limits (cur, max) by RLIMIT_* number. */
export type Rlimits = [number, number][];

/** One process. */
export class Process {
  readonly threads: Thread[] = [];
  readonly children: Process[] = [];
  parent: Process | undefined;
  pgid: number;
  sid: number;
  uid = 0;
  gid = 0;
  euid = 0;
  egid = 0;
  /** Exit status in wait(2) encoding once a zombie. */
  exitStatus = 0;
  zombie = false;
  /** Process-directed pending signals. */
  readonly pending: import("./thread.ts").PendingSignal[] = [];
  /** Signalled when a child changes state (wait4). */
  readonly childEvents = new WaitQueue();
  /** Stopped by job control; report to the parent once. */
  stopReport = 0;
  continuedReport = false;
  /** argv for /proc/PID/cmdline and ps. */
  argv: string[] = [];
  comm = "";
  exePath = "";
  exe: Inode | undefined;
  startNs = 0;
  /** Children's accumulated CPU time (times(2)). */
  childCpuNs = 0;
  nice = 0;
  /** ITIMER_REAL: next expiry (virtual ns, -1 off) and interval. */
  alarmAt = -1;
  alarmInterval = 0;
  /** Thread whose exit ends a vfork parent's wait. */
  vforkParent: Thread | undefined;
  personality = 0;
  /** Signal sent to the parent at exit (SIGCHLD for fork; clone's low byte). */
  exitSignal = 17;
  /** CPU time of threads that already exited. */
  deadThreadCpuNs = 0;

  constructor(
    public pid: number,
    public as: AddressSpace,
    public files: FdTable,
    public fs: FsContext,
    public sighand: SignalHandlers,
    public rlimits: Rlimits,
  ) {
    this.pgid = pid;
    this.sid = pid;
  }

  /** The main thread (or any live one). */
  get leader(): Thread | undefined {
    return this.threads[0];
  }
}
