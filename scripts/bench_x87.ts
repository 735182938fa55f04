// Micro-benchmark of the x87 software float (not a test): ops/sec of fadd/fmul/fdiv/fsqrt on random
// normal operands. Usage: bun scripts/bench_x87.ts
import { F80, FpuEnv } from "../core/cpu/x87/f80.ts";
import { fadd, fdiv, fmul, fsqrt } from "../core/cpu/x87/arith.ts";
import { fsin } from "../core/cpu/x87/transcendental.ts";

const n = 1 << 12;
const xs: F80[] = [];
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed);
for (let i = 0; i < n; i++) xs.push(new F80(0x3fff + (rnd() % 64) - 32, rnd() | 0x80000000, rnd()));
const env = new FpuEnv();
const out = new F80();
const ops: [string, (i: number) => void, number][] = [
  ["fadd", (i) => fadd(env, out, xs[i & (n - 1)], xs[(i * 7 + 1) & (n - 1)]), 4e6],
  ["fmul", (i) => fmul(env, out, xs[i & (n - 1)], xs[(i * 7 + 1) & (n - 1)]), 4e6],
  ["fdiv", (i) => fdiv(env, out, xs[i & (n - 1)], xs[(i * 7 + 1) & (n - 1)]), 2e6],
  ["fsqrt", (i) => fsqrt(env, out, xs[i & (n - 1)]), 2e5],
  ["fsin", (i) => fsin(env, out, xs[i & (n - 1)]), 2e3],
];
for (const [name, f, iters] of ops) {
  for (let i = 0; i < iters / 10; i++) f(i);
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) f(i);
  const dt = (performance.now() - t0) / 1000;
  console.log(`${name.padEnd(6)} ${(iters / dt / 1e6).toFixed(2)} M ops/s`);
}
