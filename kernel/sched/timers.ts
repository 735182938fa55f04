// Kernel timers in virtual time: sleeps, alarms, timeouts. A sorted list is enough for the
// number of timers a guest creates; `next()` tells the idle loop how far it may skip ahead.
// Platform-neutral.

/** A pending timer; `cancel()` removes it. */
export interface Timer {
  at: number;
  fn: () => void;
  cancelled: boolean;
}

/** The timer list. */
export class Timers {
  private list: Timer[] = [];

  /** Calls `fn` once virtual time reaches `at` (ns). */
  add(at: number, fn: () => void): Timer {
    const t: Timer = { at, fn, cancelled: false };
    let i = this.list.length;
    while (i > 0 && this.list[i - 1].at > at) i--;
    this.list.splice(i, 0, t);
    return t;
  }

  cancel(t: Timer): void {
    t.cancelled = true;
    const i = this.list.indexOf(t);
    if (i >= 0) this.list.splice(i, 1);
  }

  /** Fires every timer due at `now`. */
  run(now: number): void {
    while (this.list.length && this.list[0].at <= now) {
      const t = this.list.shift()!;
      if (!t.cancelled) t.fn();
    }
  }

  /** The earliest deadline, or Infinity. */
  next(): number {
    return this.list.length ? this.list[0].at : Infinity;
  }
}
