// A small deterministic generator for tests (xorshift32): the same seed gives the same cases on
// every run and every machine.

/** xorshift32 (Marsaglia). */
export class Xorshift32 {
  constructor(private s: number) {}

  /** The next 32-bit value, unsigned. */
  next(): number {
    let x = this.s;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (this.s = x >>> 0);
  }

  /** A uniformly chosen element of `a`. */
  pick<T>(a: readonly T[]): T {
    return a[this.next() % a.length];
  }
}
