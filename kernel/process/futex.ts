// Fast user-space mutexes (futex(2)): wait queues keyed by the physical address of the futex word,
// so private and shared futexes (and CLONE_VM threads) meet on the same key. A waiter carries a
// bitset; wake/requeue move waiters in FIFO order. Platform-neutral.
import { Manager } from "../manager.ts";
import type { AddressSpace } from "../memory/address_space.ts";
import { UserMemory } from "../memory/user_memory.ts";
import type { Thread } from "./thread.ts";

interface Waiter {
  thread: Thread;
  bitset: number;
  woken: boolean;
  wake: () => void;
}

/** The futex table. */
export class Futexes extends Manager {
  readonly name = "futex";
  private readonly queues = new Map<number, Waiter[]>();
  /** Waiters by thread, so a retried FUTEX_WAIT knows it was woken. */
  private readonly byThread = new Map<Thread, { key: number; w: Waiter }>();

  private key(as: AddressSpace, addr: number): number {
    return new UserMemory(this.system.machine.memory, as).phys(addr, false);
  }

  /** If `t` was woken from a futex wait since it last blocked, consumes that and returns true. */
  consumeWake(t: Thread): boolean {
    const e = this.byThread.get(t);
    if (e && e.w.woken) { this.byThread.delete(t); return true; }
    return false;
  }

  /** Registers `t` as a waiter; returns a function that removes it (for timeouts and signals). */
  enqueue(t: Thread, as: AddressSpace, addr: number, bitset: number, wake: () => void): () => void {
    const key = this.key(as, addr);
    const w: Waiter = { thread: t, bitset, woken: false, wake };
    const list = this.queues.get(key) ?? [];
    list.push(w);
    this.queues.set(key, list);
    this.byThread.set(t, { key, w });
    return () => this.remove(key, w);
  }

  /** Forgets a waiter that gave up (timeout, signal) without being woken. */
  forget(t: Thread): void {
    const e = this.byThread.get(t);
    if (e) { this.remove(e.key, e.w); this.byThread.delete(t); }
  }

  private remove(key: number, w: Waiter): void {
    const list = this.queues.get(key);
    if (!list) return;
    const i = list.indexOf(w);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.queues.delete(key);
  }

  /** Wakes up to `n` waiters on `addr` whose bitset intersects `bitset`; returns how many. */
  wake(as: AddressSpace, addr: number, n: number, bitset = -1): number {
    const key = this.key(as, addr);
    const list = this.queues.get(key);
    if (!list) return 0;
    let woken = 0;
    for (const w of [...list]) {
      if (woken >= n) break;
      if (!(w.bitset & bitset)) continue;
      this.remove(key, w);
      w.woken = true;
      w.wake();
      woken++;
    }
    return woken;
  }

  /** Wakes `n` waiters on `addr` and moves up to `m` others to `addr2`; returns woken + moved. */
  requeue(as: AddressSpace, addr: number, n: number, addr2: number, m: number): number {
    const woken = this.wake(as, addr, n);
    const from = this.queues.get(this.key(as, addr));
    if (!from || m <= 0) return woken;
    const to = this.key(as, addr2);
    const moved = from.splice(0, m);
    if (!from.length) this.queues.delete(this.key(as, addr));
    const dest = this.queues.get(to) ?? [];
    dest.push(...moved);
    this.queues.set(to, dest);
    for (const w of moved) { const e = this.byThread.get(w.thread); if (e) e.key = to; }
    return woken + moved.length;
  }
}
