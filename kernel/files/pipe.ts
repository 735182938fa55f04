// Pipes and FIFOs (pipe(7)): a 64 KiB ring buffer with reader/writer counts. Never blocks: where
// Linux would sleep it throws EAGAIN and the process manager parks the caller on `waitQueue`.
// Platform-neutral.
import { fail } from "../linux/errno.ts";
import { PIPE_BUF, Poll } from "./file_mode.ts";
import type { Inode } from "./inode.ts";
import { WaitQueue } from "./wait_queue.ts";

/** Default pipe capacity (Linux: 16 pages). Source: pipe(7) "Pipe capacity". */
export const PIPE_CAPACITY = 65536;

/** Which end an open file description holds. */
export const PipeEnd = {
  Read: 1,
  Write: 2,
  Both: 3,
} as const;
export type PipeEnd = (typeof PipeEnd)[keyof typeof PipeEnd];

/**
 * The shared pipe object. Ends are counted by `attach`/`detach` (open file descriptions call them);
 * every state change wakes `waitQueue` (readers and writers share one queue: a woken process
 * simply retries its syscall).
 */
export class Pipe {
  readonly waitQueue = new WaitQueue();
  readers = 0;
  writers = 0;
  /** How many read / write ends were ever attached: a FIFO opener waits for these to move. */
  readerOpens = 0;
  writerOpens = 0;
  private readonly ring: Uint8Array;
  private head = 0; // next byte to read
  private count = 0; // bytes buffered

  constructor(readonly capacity = PIPE_CAPACITY) {
    this.ring = new Uint8Array(capacity);
  }

  /** Bytes buffered (FIONREAD). */
  get available(): number {
    return this.count;
  }

  attach(end: PipeEnd): void {
    if (end & PipeEnd.Read) {
      this.readers++;
      this.readerOpens++;
    }
    if (end & PipeEnd.Write) {
      this.writers++;
      this.writerOpens++;
    }
    this.waitQueue.wakeAll();
  }

  detach(end: PipeEnd): void {
    if (end & PipeEnd.Read) this.readers--;
    if (end & PipeEnd.Write) this.writers--;
    this.waitQueue.wakeAll();
  }

  /**
   * Reads up to `length` bytes. Empty result = end of file (no writers left). Throws EAGAIN when
   * empty while a writer exists.
   */
  read(length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    if (this.count === 0) {
      if (this.writers === 0) return new Uint8Array(0);
      fail("EAGAIN");
    }
    const n = Math.min(length, this.count);
    const out = new Uint8Array(n);
    const first = Math.min(n, this.capacity - this.head);
    out.set(this.ring.subarray(this.head, this.head + first));
    out.set(this.ring.subarray(0, n - first), first);
    this.head = (this.head + n) % this.capacity;
    this.count -= n;
    this.waitQueue.wakeAll();
    return out;
  }

  /**
   * Writes as much of `data` as fits and returns the count. Throws EPIPE with no readers (the
   * caller raises SIGPIPE), EAGAIN if nothing fits — or, for writes ≤ PIPE_BUF, if not all of it
   * fits (those are atomic: all or nothing). A blocking writer of a large buffer loops: write what
   * fits, park, retry with the rest.
   */
  write(data: Uint8Array): number {
    if (this.readers === 0) fail("EPIPE");
    if (data.length === 0) return 0;
    const room = this.capacity - this.count;
    if (room === 0 || (data.length <= PIPE_BUF && data.length > room)) fail("EAGAIN");
    const n = Math.min(room, data.length);
    const tail = (this.head + this.count) % this.capacity;
    const first = Math.min(n, this.capacity - tail);
    this.ring.set(data.subarray(0, first), tail);
    this.ring.set(data.subarray(first, n), 0);
    this.count += n;
    this.waitQueue.wakeAll();
    return n;
  }

  /** poll(2) bits as seen from `end`. */
  poll(end: PipeEnd): number {
    let bits = 0;
    if (end & PipeEnd.Read) {
      if (this.count > 0) bits |= Poll.POLLIN | Poll.POLLRDNORM;
      if (this.writers === 0 && this.writerOpens > 0) bits |= Poll.POLLHUP;
    }
    if (end & PipeEnd.Write) {
      // As Linux pipe_poll: POLLOUT reflects free space even with no reader (write then fails EPIPE).
      if (this.capacity - this.count >= PIPE_BUF) bits |= Poll.POLLOUT | Poll.POLLWRNORM;
      if (this.readers === 0) bits |= Poll.POLLERR;
    }
    return bits;
  }
}

const fifos = new WeakMap<Inode, Pipe>();

/** The pipe shared by every opener of FIFO node `inode` (created on first use). */
export function fifoPipe(inode: Inode): Pipe {
  let pipe = fifos.get(inode);
  if (!pipe) {
    pipe = new Pipe();
    fifos.set(inode, pipe);
  }
  return pipe;
}
