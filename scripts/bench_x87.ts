// Micro-benchmark of the x87 software float (not a test): ns/op of fadd/fmul/fdiv/fsqrt/fsin on random
// normal operands, on the fast path (CW 0x037F: PC 64, RC nearest) and on the general path (CW 0x017F:
// the reserved PC 01, which computes as 64 bits but bypasses the fast path). Usage: bun scripts/bench_x87.ts
import { F80, FpuEnv } from "../core/cpu/x87/f80.ts";
import { fadd, fdiv, fmul, fsqrt } from "../core/cpu/x87/arith.ts";
import { fsin } from "../core/cpu/x87/transcendental.ts";

const n = 1 << 12;
const xs: F80[] = [];
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed);
// Half the operands look like loaded doubles (low 11 bits clear), half like 64-bit results.
for (let i = 0; i < n; i++) {
  xs.push(new F80(0x3fff + (rnd() % 64) - 32, rnd() | 0x80000000, i & 1 ? rnd() & 0xfffff800 : rnd()));
}
const env = new FpuEnv();
const out = new F80();
const ops: [string, (i: number) => void, number][] = [
  ["fadd", (i) => fadd(env, out, xs[i & (n - 1)], xs[(i * 7 + 1) & (n - 1)]), 4e6],
  ["fmul", (i) => fmul(env, out, xs[i & (n - 1)], xs[(i * 7 + 1) & (n - 1)]), 4e6],
  ["fdiv", (i) => fdiv(env, out, xs[i & (n - 1)], xs[(i * 7 + 1) & (n - 1)]), 2e6],
  ["fsqrt", (i) => fsqrt(env, out, xs[i & (n - 1)]), 1e6],
  ["fsin", (i) => fsin(env, out, xs[i & (n - 1)]), 2e3],
];
for (const [label, cw] of [["fast path", 0x037f], ["general path", 0x017f]] as const) {
  env.cw = cw;
  console.log(`${label} (CW ${cw.toString(16)}):`);
  for (const [name, f, iters] of ops) {
    for (let i = 0; i < iters / 10; i++) f(i);
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) f(i);
    const ns = ((performance.now() - t0) * 1e6) / iters;
    console.log(`  ${name.padEnd(6)} ${ns.toFixed(1).padStart(8)} ns/op`);
  }
}
