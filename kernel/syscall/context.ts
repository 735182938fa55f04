// What a syscall handler sees (thesis §3.6, Serenity Syscall.h): the calling thread and process,
// validated user-memory access, the system, and the blocking protocol. Handlers return a value
// or throw `Errno`; to wait they throw `Block`, and the dispatcher parks the thread and re-runs
// the whole syscall when a wait queue or the deadline wakes it (restart semantics, no spinning).
// Platform-neutral.
import type { System } from "../system.ts";
import type { Process } from "../process/process.ts";
import type { Thread } from "../process/thread.ts";
import type { UserMemory } from "../memory/user_memory.ts";
import type { WaitQueue } from "../files/wait_queue.ts";

/** Thrown by a handler that must wait: the syscall is retried when any queue wakes or at `deadline`. */
export class Block {
  constructor(readonly queues: readonly WaitQueue[], readonly deadline = Infinity) {}
}

/** Parks the calling thread on `queues` (and/or until `deadline`, virtual ns). */
export function block(queues: readonly WaitQueue[], deadline = Infinity): never {
  throw new Block(queues, deadline);
}

/** The calling context of one syscall. */
export interface SyscallContext {
  readonly system: System;
  readonly thread: Thread;
  readonly process: Process;
  readonly mem: UserMemory;
  /** Virtual now (ns). */
  now(): number;
  /**
   * The absolute deadline for a relative timeout of `ns`, fixed at the syscall's first attempt so
   * retries after a wake-up keep counting from the original start.
   */
  deadline(ns: number): number;
}

/** Argument kinds for tracing (strace-style formatting). */
export type ArgKind =
  | "int" | "uint" | "hex" | "fd" | "dirfd" | "str" | "path" | "ptr" | "size" | "mode" | "oflags"
  | "signal" | "inbuf" | "outbuf" | "strv" | "prot" | "mflags" | "clone" | "whence" | "ioctl";

/** A syscall handler: six raw register arguments in, a result (≥ 0 or -errno) out. */
export type SyscallHandler = (ctx: SyscallContext, ...args: number[]) => number;

/** One row of the Linux syscall table. */
export interface SyscallRow {
  nr: number;
  name: string;
  handler: SyscallHandler;
  /** Argument kinds, in order; `inbuf`/`outbuf` take their length from the next argument. */
  args: readonly ArgKind[];
  /** How the result prints: "int" (default), "hex", "fd". */
  ret?: "int" | "hex" | "fd";
  /** Restarted after a SA_RESTART handler instead of failing with EINTR. */
  restart?: boolean;
  /** Called instead of the handler when a signal interrupts the blocked call (e.g. nanosleep's rem). */
  onInterrupt?: (ctx: SyscallContext, ...args: number[]) => number;
  /** "full" | "partial": how complete the implementation is (for the published table). */
  status?: "full" | "partial";
  note?: string;
}
