// Micro-benchmark of the SSE float lanes (not a test): ns/op of the host-double fast path
// (core/cpu/sse/fast_float.ts) against the exact BigInt path (softfloat.ts) for binary64 and binary32
// add/mul/div/sqrt on random normal operands, MXCSR default. Usage: bun scripts/bench_sse.ts
import { ENV } from "../core/cpu/sse/simd_env.ts";
import { VD, VS } from "../core/cpu/sse/operands.ts";
import { fast32, fast64, FastOp } from "../core/cpu/sse/fast_float.ts";
import { arith, F32, F64, sqrt } from "../core/cpu/sse/softfloat.ts";
import { lane } from "../core/cpu/sse/sse_arith.ts";

const n = 1 << 10;
const d64 = new Float64Array(2 * n), d32 = new Float32Array(2 * n);
for (let i = 0; i < 2 * n; i++) {
  d64[i] = (Math.random() + 0.5) * 2 ** ((i % 40) - 20);
  d32[i] = d64[i];
}
const V64D = new Float64Array(VD.buffer, VD.byteOffset, 2), V64S = new Float64Array(VS.buffer, VS.byteOffset, 2);
const V32D = new Float32Array(VD.buffer, VD.byteOffset, 4), V32S = new Float32Array(VS.buffer, VS.byteOffset, 4);
ENV.rc = 0;
const names = ["add", "sub", "mul", "div", "sqrt"];
for (const [fmt, iters] of [["f64", 2e6], ["f32", 2e6]] as const) {
  for (let op = 0; op <= FastOp.Sqrt; op++) {
    if (op === FastOp.Sub) continue;
    const set = (i: number) => {
      const k = i & (n - 1);
      if (fmt === "f64") { V64D[0] = d64[2 * k]; V64S[0] = d64[2 * k + 1]; } else { V32D[0] = d32[2 * k]; V32S[0] = d32[2 * k + 1]; }
    };
    let t0 = performance.now();
    for (let i = 0; i < iters; i++) { set(i); if (fmt === "f64") fast64(op, 0); else fast32(op, 0); }
    const fast = ((performance.now() - t0) * 1e6) / iters;
    const f = fmt === "f64" ? F64 : F32;
    const slowIters = iters / 20;
    t0 = performance.now();
    for (let i = 0; i < slowIters; i++) {
      set(i);
      if (op === FastOp.Sqrt) sqrt(f, lane(VS, f, 0));
      else arith(f, op, lane(VD, f, 0), lane(VS, f, 0));
    }
    const slow = ((performance.now() - t0) * 1e6) / slowIters;
    console.log(`${fmt} ${names[op].padEnd(5)} fast ${fast.toFixed(1).padStart(7)} ns  exact ${slow.toFixed(1).padStart(8)} ns`);
  }
}
