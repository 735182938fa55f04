// WaitQueue: how a non-blocking file object tells the process manager "try again now". File
// operations never block; the manager parks a process with wait() and retries when woken.
// Platform-neutral.

/** A set of one-shot wake callbacks. */
export class WaitQueue {
  private waiters = new Set<() => void>();

  /** Registers `wake`, called once by the next wakeAll(). Returns a function that cancels it. */
  wait(wake: () => void): () => void {
    const entry = () => wake();
    this.waiters.add(entry);
    return () => {
      this.waiters.delete(entry);
    };
  }

  /** Calls and removes every registered callback (callbacks may re-register for the next wake). */
  wakeAll(): void {
    if (this.waiters.size === 0) return;
    const now = this.waiters;
    this.waiters = new Set();
    for (const wake of now) wake();
  }

  /** Number of parked waiters. */
  get size(): number {
    return this.waiters.size;
  }
}
