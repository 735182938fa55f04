// The ready list of thesis §3.4.2: a doubly linked list anchored in a head node (whose prev/next
// close the circle at the tail and the front), so insert, remove and rotate are O(1). Threads carry their own `prev`/`next` links. Platform-neutral.
import type { Thread } from "../process/thread.ts";

/** A circular list of threads with a sentinel head. */
export class RunQueue {
  private readonly head: { prev: Thread | undefined; next: Thread | undefined } = { prev: undefined, next: undefined };
  size = 0;

  /** Appends at the tail. */
  push(t: Thread): void {
    if ((t as { queued?: RunQueue }).queued) return; // already queued somewhere
    const last = this.head.prev;
    t.prev = last;
    t.next = undefined;
    if (last) last.next = t; else this.head.next = t;
    this.head.prev = t;
    (t as { queued?: RunQueue }).queued = this;
    this.size++;
  }

  /** Removes `t` if queued here. */
  remove(t: Thread): void {
    if ((t as { queued?: RunQueue }).queued !== this) return;
    if (t.prev) t.prev.next = t.next; else this.head.next = t.next;
    if (t.next) t.next.prev = t.prev; else this.head.prev = t.prev;
    t.prev = t.next = undefined;
    (t as { queued?: RunQueue }).queued = undefined;
    this.size--;
  }

  /** Removes and returns the first thread. */
  shift(): Thread | undefined {
    const t = this.head.next;
    if (t) this.remove(t);
    return t;
  }

  /** The first thread without removing it. */
  peek(): Thread | undefined {
    return this.head.next;
  }

  /** True if `t` is in this queue. */
  has(t: Thread): boolean {
    return (t as { queued?: RunQueue }).queued === this;
  }

  *[Symbol.iterator](): IterableIterator<Thread> {
    for (let t = this.head.next; t; t = t.next) yield t;
  }
}
