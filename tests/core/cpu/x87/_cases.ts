// Test support: deterministic random operand generators for the x87 differential tests, covering
// edge encodings (zeros, denormals, infinities, NaNs, unsupported formats, extremes, rounding ties).

/** xorshift32 PRNG, deterministic per seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return this.u32() % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)];
  }
}

const h4 = (v: number) => (v >>> 0).toString(16).padStart(4, "0").slice(-4);
const h8 = (v: number) => (v >>> 0).toString(16).padStart(8, "0");
export const f80hex = (se: number, hi: number, lo: number) => h4(se) + h8(hi) + h8(lo);

/** Named edge encodings (hex20). */
export const EDGES = [
  f80hex(0, 0, 0), f80hex(0x8000, 0, 0), // ±0
  f80hex(0x7fff, 0x80000000, 0), f80hex(0xffff, 0x80000000, 0), // ±inf
  f80hex(0x7fff, 0xc0000000, 0), f80hex(0xffff, 0xc0000000, 0), // QNaN, indefinite
  f80hex(0x7fff, 0xc1234567, 0x89abcdef), f80hex(0x7fff, 0x81234567, 0x89abcdef), // QNaN, SNaN
  f80hex(0xffff, 0x80000000, 1), // SNaN
  f80hex(0, 0x00000000, 1), f80hex(0x8000, 0x40000000, 0), f80hex(0, 0x7fffffff, 0xffffffff), // denormals
  f80hex(0, 0x80000000, 0), // pseudo-denormal
  f80hex(0x3fff, 0x40000000, 0), // unnormal
  f80hex(0x7fff, 0x40000000, 0), f80hex(0x7fff, 0, 0), // pseudo-NaN, pseudo-inf
  f80hex(0x7ffe, 0xffffffff, 0xffffffff), f80hex(0xfffe, 0xffffffff, 0xffffffff), // ±max
  f80hex(1, 0x80000000, 0), f80hex(0x8001, 0x80000000, 0), // ±min normal
  f80hex(0x3fff, 0x80000000, 0), f80hex(0xbfff, 0x80000000, 0), // ±1
  f80hex(0x403e, 0xffffffff, 0xffffffff), f80hex(0x403d, 0xffffffff, 0xfffffc00), f80hex(0xc03e, 0x80000000, 0), // near 2^63
  f80hex(0x401e, 0xffffffff, 0x00000000), f80hex(0xc01e, 0x80000000, 1), f80hex(0x400e, 0xffff0000, 0), // near 2^31, 2^15
  f80hex(0x3ffe, 0x80000000, 0), f80hex(0x3fff, 0xc0000000, 0), f80hex(0x4000, 0xa0000000, 0), // 0.5, 1.5, 2.5
  f80hex(0x3fff, 0x80000000, 0x400), f80hex(0x3fff, 0x80000000, 0xc00), f80hex(0x3fff, 0x80000080, 0), // PC ties
];

/** A random supported finite value with exponent near `center` (±spread), sometimes with tie-ish low bits. */
export function randomNormal(rng: Rng, center = 0x3fff, spread = 64): string {
  let exp = center + rng.below(2 * spread + 1) - spread;
  if (exp < 1) exp = 1;
  if (exp > 0x7ffe) exp = 0x7ffe;
  const sign = rng.below(2) << 15;
  let hi = (rng.u32() | 0x80000000) >>> 0;
  let lo = rng.u32();
  const t = rng.below(8);
  if (t === 0) lo = (lo & ~0x7ff) | 0x400; // 53-bit tie
  else if (t === 1) { hi = (hi & ~0xff) | 0x80; lo = 0; } // 24-bit tie
  else if (t === 2) lo &= 0xfffff000; // short significand
  return f80hex(sign | exp, hi, lo);
}

/** A random operand: edges, denormals, full-range or near-1 normals. */
export function randomOperand(rng: Rng): string {
  const t = rng.below(10);
  if (t === 0) return rng.pick(EDGES);
  if (t === 1) return f80hex(rng.below(2) << 15, rng.u32() >>> 1, rng.u32()); // denormal
  if (t === 2) return randomNormal(rng, 0x3fff, 0x3ffe); // anywhere
  return randomNormal(rng);
}

/** Every PC×RC combination with all exceptions masked (PC=01 reserved is skipped). */
export const CONTROL_WORDS = [0x007f, 0x027f, 0x037f].flatMap((pc) => [0, 0x400, 0x800, 0xc00].map((rc) => pc | rc));
