// Test support: runs a list of snippets through the host oracle and nk with random operands and
// returns the mismatches (at most `report` of them, formatted) and the case count.
import { buildOracle, bytesHex, mxcsr, NkRunner, runHost, vector } from "./_oracle.ts";
import type { Spec } from "./_specs.ts";

/** Outcome of a differential run. */
export interface DiffResult {
  cases: number;
  mismatches: string[];
  skipped: boolean;
}

/** Relative comparison of one binary32 lane for RCP/RSQRT (both sides within 1.5·2^-12 of exact). */
function closeF32(a: number, b: number): boolean {
  if (a === b) return true;
  const f = new Float32Array(new Uint32Array([a, b]).buffer);
  if (!Number.isFinite(f[0]) || !Number.isFinite(f[1]) || f[0] === 0 || Math.sign(f[0]) !== Math.sign(f[1])) return false;
  return Math.abs(f[0] - f[1]) / Math.abs(f[0]) <= 2 ** -10;
}

function lanes(line: string): number[] {
  const h = line.slice(0, 32);
  return [0, 1, 2, 3].map((k) => parseInt(h.slice(8 * k, 8 * k + 8).match(/../g)!.reverse().join(""), 16) >>> 0);
}

/** A fixed case: spec index, MXCSR, A and B dwords. */
export type FixedCase = [number, number, number[], number[]];

/** Runs `perSpec` random cases of every spec, plus `fixed` cases. */
export function diff(specs: Spec[], perSpec: number, fixed: FixedCase[] = [], report = 25): DiffResult {
  const o = buildOracle(specs);
  if (!o) return { cases: 0, mismatches: [], skipped: true };
  const lines: string[] = [], inputs: [number, number, number[], number[]][] = [];
  for (const [id, mx, a, b] of fixed) {
    inputs.push([id, mx, a, b]);
    lines.push(`${id} ${mx.toString(16)} ${bytesHex(a)} ${bytesHex(b)}`);
  }
  specs.forEach((s, id) => {
    for (let n = 0; n < perSpec; n++) {
      const a = vector(s.gen), b = vector(s.genB ?? s.gen), mx = mxcsr();
      inputs.push([id, mx, a, b]);
      lines.push(`${id} ${mx.toString(16)} ${bytesHex(a)} ${bytesHex(b)}`);
    }
  });
  const host = runHost(o, lines);
  const nk = new NkRunner(o.code);
  const mismatches: string[] = [];
  let bad = 0;
  inputs.forEach(([id, mx, a, b], k) => {
    const spec = specs[id];
    let want = host[k], got = nk.run(id, mx, a, b);
    if (!spec.flags) { want = want.slice(0, 61) + want.slice(69); got = got.slice(0, 61) + got.slice(69); }
    let same = want === got;
    if (!same && spec.approx && !got.startsWith("fault") && want.slice(32) === got.slice(32)) {
      const w = lanes(want), g = lanes(got);
      same = w.every((v, j) => closeF32(v, g[j]));
    }
    if (!same) {
      bad++;
      if (mismatches.length < report) {
        mismatches.push(`${spec.asm} mxcsr=${mx.toString(16)} a=${bytesHex(a)} b=${bytesHex(b)}\n  host ${want}\n  nk   ${got}`);
      }
    }
  });
  if (bad > mismatches.length) mismatches.push(`… ${bad} mismatches in all`);
  return { cases: inputs.length, mismatches, skipped: false };
}
