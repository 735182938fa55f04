// Test support: random x87 machine states (FRSTOR images: TOP, depth, control word, values with
// edge cases) and memory operands per format; runs specs through the host and nk and diffs them.
import { buildOracle, type InsnSpec, MEM_SIZE, NkRunner, normalise, runHost } from "./_insn_oracle.ts";

let seed = 0x9e3779b9;
/** Deterministic xorshift32. */
export function rand(): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return seed >>> 0;
}
const pick = <T>(xs: readonly T[]): T => xs[rand() % xs.length];

/** 80-bit values as [se, hi, lo]. */
type V80 = [number, number, number];
const EDGE: V80[] = [
  [0, 0, 0], [0x8000, 0, 0], [0x3fff, 0x80000000, 0], [0xbfff, 0x80000000, 0], [0x7fff, 0x80000000, 0],
  [0xffff, 0x80000000, 0], [0x7fff, 0xc0000000, 0x1234], [0xffff, 0xc0000000, 0], [0x7fff, 0x80000000, 1],
  [0x7fff, 0xa0000000, 0], [0x7ffe, 0xffffffff, 0xffffffff], [0x0001, 0x80000000, 0], [0, 0, 1],
  [0x8000, 0x00400000, 0], [0, 0x80000000, 0], [0x3fff, 0x40000000, 0], [0x7fff, 0, 0], [0x403e, 0x80000000, 0],
  [0x403e, 0xffffffff, 0xffffffff], [0x3ffe, 0x80000000, 0], [0x3fff, 0xc0000000, 0], [0x4000, 0xa0000000, 0],
  [0xc000, 0xa0000000, 0], [0x400d, 0xffff0000, 0], [0x401d, 0xffffffff, 0], [0x401e, 0x80000000, 0],
  [0x403a, 0xde0b6b3a, 0x763ffff0], [0x4002, 0xa0000000, 0], [0x3c00, 0x80000000, 0], [0x43fe, 0x80000000, 0],
  [0x3f80, 0x80000000, 1], [0x407e, 0xffffff00, 0], [0x43fe, 0xffffffff, 0xfffff800],
];

/** A random value of kind "any" (mixed), "trans" (moderate magnitudes), "int" (near integers). */
/** Edge values for the transcendentals (no denormals: vendors differ there). */
const EDGE_TRANS: V80[] = [
  [0, 0, 0], [0x8000, 0, 0], [0x3fff, 0x80000000, 0], [0xbfff, 0x80000000, 0], [0x7fff, 0x80000000, 0],
  [0xffff, 0x80000000, 0], [0x7fff, 0xc0000000, 0x1234], [0xffff, 0xc0000000, 0], [0x7fff, 0xa0000000, 0],
  [0x3ffe, 0x80000000, 0], [0x403e, 0x80000000, 0], [0x3fff, 0x40000000, 0],
];

function value(kind: string): V80 {
  const r = rand() % 16;
  if (r < 3) return pick(kind === "trans" ? EDGE_TRANS : kind === "small" ? EDGE_TRANS.filter((v) => (v[0] & 0x7fff) === 0 || (v[0] & 0x7fff) === 0x7fff && v[1] !== 0x80000000) : EDGE);
  const sign = rand() & 1 ? 0x8000 : 0;
  let exp: number;
  if (kind === "trans") exp = 0x3fff - 70 + (rand() % 74);
  else if (kind === "small") exp = 0x3fff - 70 + (rand() % 68);
  else if (kind === "int") exp = 0x3fff + (rand() % 66) - 2;
  else if (r < 12) exp = 0x3fff + (rand() % 140) - 70;
  else if (r < 14) exp = pick([1, 2, 0x3f80, 0x3c00, 0x3c01, 0x4400, 0x43ff, 0x407f, 0x3f6a, 0x7ffe, 0x7ffd, 0x4020, 0x403d]) + (rand() % 3);
  else return [rand() & 0xffff, rand(), rand()];
  let hi = (rand() | 0x80000000) >>> 0, lo = rand();
  const cut = rand() % 4;
  if (cut === 0) lo = (lo & 0xfffff800) >>> 0;
  else if (cut === 1) { lo = 0; hi = (hi & 0xffffff00) >>> 0; }
  if (kind === "int" && rand() % 2) {
    const shift = 63 - (exp - 0x3fff);
    if (shift >= 32 && shift < 64) { lo = 0; hi = (hi & ~((1 << (shift - 32)) - 1) | (rand() % 3 === 0 ? 1 << (shift - 33) : 0)) >>> 0; }
  }
  return [(sign | exp) & 0xffff, hi, lo];
}

const MASKED_CW = [0x037f, 0x037f, 0x037f, 0x027f, 0x007f, 0x0f7f, 0x077f, 0x0b7f, 0x0e7f, 0x047f, 0x1f7f];
const UNMASKED_CW = [0x037e, 0x037d, 0x037b, 0x0377, 0x036f, 0x035f, 0x0340, 0x0b72, 0x0060, 0x0f7e];

const hex = (b: Uint8Array) => Array.from(b, (v) => v.toString(16).padStart(2, "0")).join("");
function put(b: Uint8Array, o: number, v: number, n: number): void {
  for (let k = 0; k < n; k++) b[o + k] = (v >>> (8 * k)) & 0xff;
}

/** A random FRSTOR image (32-bit protected-mode layout). */
export function image(kind: string): Uint8Array {
  const b = new Uint8Array(108);
  const unmasked = rand() % 5 === 0;
  const cw = unmasked ? pick(UNMASKED_CW) : pick(MASKED_CW);
  const top = rand() % 8;
  const d = rand() % 10;
  const depth = d < 6 ? 2 + (d % 3) : d === 6 ? (kind === "full" ? 1 : 0) : d === 7 ? 1 : d === 8 ? 8 : 7;
  let sw = (top << 11) | (rand() & 0x4700);
  if (!unmasked && rand() % 3 === 0) sw |= rand() & 0x3f;
  let tw = 0;
  for (let st = 0; st < 8; st++) {
    const p = (top + st) & 7;
    if (st >= depth) tw |= 3 << (2 * p);
    const [se, hi, lo] = st < depth ? value(kind === "full" ? "any" : kind) : value("any");
    put(b, 28 + 10 * st, lo, 4);
    put(b, 32 + 10 * st, hi, 4);
    put(b, 36 + 10 * st, se, 2);
  }
  put(b, 0, 0xffff0000 | cw, 4);
  put(b, 4, 0xffff0000 | sw, 4);
  put(b, 8, 0xffff0000 | tw, 4);
  return b;
}

/** Random memory operand contents for a format. */
export function memory(fmt: string): Uint8Array {
  const b = new Uint8Array(MEM_SIZE);
  for (let k = 0; k < MEM_SIZE; k++) b[k] = rand() & 0xff;
  const r = rand() % 8;
  switch (fmt) {
    case "f32":
      if (r < 2) put(b, 0, pick([0, 0x80000000, 0x3f800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 1, 0x807fffff, 0x7f7fffff]), 4);
      else if (r < 7) put(b, 0, ((rand() & 0x80000000) | ((127 - 40 + (rand() % 80)) << 23) | (rand() & 0x7fffff)) >>> 0, 4);
      break;
    case "f64":
      if (r < 2) {
        const [lo, hi] = pick([[0, 0], [0, 0x80000000], [0, 0x3ff00000], [0, 0x7ff00000], [0, 0xfff80000], [1, 0x7ff00000], [1, 0], [0xffffffff, 0x7fefffff], [0, 0x00100000]]);
        put(b, 0, lo, 4); put(b, 4, hi, 4);
      } else if (r < 7) {
        put(b, 0, rand(), 4);
        put(b, 4, ((rand() & 0x80000000) | ((1023 - 70 + (rand() % 140)) << 20) | (rand() & 0xfffff)) >>> 0, 4);
      }
      break;
    case "i16": if (r < 4) put(b, 0, pick([0, 1, 0xffff, 0x7fff, 0x8000, 3]) + (r < 2 ? 0 : rand() % 100), 2); break;
    case "i32": if (r < 3) put(b, 0, pick([0, 1, -1, 0x7fffffff, 0x80000000, 16777217, 1000]), 4); else if (r < 5) put(b, 0, rand() % 2000 - 1000, 4); break;
    case "i64": if (r < 3) { put(b, 0, pick([0, 1, -1, 0]), 4); put(b, 4, pick([0, 0x80000000, -1, 0x7fffffff]), 4); } else if (r < 5) { put(b, 0, rand() % 100000, 4); put(b, 4, 0, 4); } break;
    case "f80": {
      const [se, hi, lo] = value("any");
      put(b, 0, lo, 4); put(b, 4, hi, 4); put(b, 8, se, 2);
      break;
    }
    case "bcd":
      for (let k = 0; k < 9; k++) b[k] = ((rand() % 10) << 4) | (rand() % 10);
      b[9] = r < 6 ? rand() & 0x80 : rand() & 0xff;
      if (r === 7) b[k3()] = 0xab;
      break;
    case "cw": put(b, 0, rand() % 3 === 0 ? pick(UNMASKED_CW) : pick(MASKED_CW) | (rand() & 0xe0c0), 2); break;
    case "env": case "save": b.set(image("any").subarray(0, fmt === "env" ? 28 : 108)); put(b, 12, 0, 4); put(b, 20, 0, 4); break;
  }
  return b;
}
const k3 = () => rand() % 9;

/**
 * AMD parts save FIP/FOP/FDP with FXSAVE/XSAVE only while ES is set, so if the host kernel switches
 * away between the snippet and its FNSAVE the pointers come back as zero. Such host lines (FOP 0,
 * FIP outside the snippet, no ES) carry no pointer information.
 */
function pointersLost(line: string): boolean {
  if (line.startsWith("fault")) return false;
  const sw = parseInt(line.slice(10, 12) + line.slice(8, 10), 16);
  return line.slice(24, 32) === "ffffffff" && line.slice(36, 40) === "0000" && (sw & 0x80) === 0;
}

/** Blanks FIP, FOP and FDP of a compared line. */
function dropPointers(line: string): string {
  if (line.startsWith("fault")) return line;
  return line.slice(0, 24) + "-".repeat(24) + line.slice(48);
}

/** Formats a compared line as named fields for mismatch reports. */
function fields(line: string): string {
  if (line.startsWith("fault")) return line;
  const [img, fl, eax, mem] = line.split(" ");
  const w = (o: number) => img.slice(2 * o, 2 * o + 4).match(/../g)!.reverse().join("");
  const d = (o: number) => img.slice(2 * o, 2 * o + 8).match(/../g)!.reverse().join("");
  const regs = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => {
    const r = img.slice(56 + 20 * k, 76 + 20 * k).match(/../g)!.reverse().join("");
    return r.slice(0, 4) + "_" + r.slice(4);
  });
  return `cw=${w(0)} sw=${w(4)} tw=${w(8)} fip=${d(12)} fop=${w(18)} fdp=${d(20)} fl=${fl} eax=${eax} st=${regs.join(",")} mem=${mem.slice(0, 32)}`;
}

/**
 * Transcendental results are not correctly rounded on real parts (and differ between vendors): two
 * outputs are close if everything but C1 and the last 3 bits of each register significand agrees.
 */
function close(a: string, b: string): boolean {
  if (a.startsWith("fault") || b.startsWith("fault")) return false;
  const x = a.split(" "), y = b.split(" ");
  if (x[1] !== y[1] || x[2] !== y[2] || x[3] !== y[3]) return false;
  const swx = parseInt(x[0].slice(10, 12) + x[0].slice(8, 10), 16), swy = parseInt(y[0].slice(10, 12) + y[0].slice(8, 10), 16);
  if ((swx & ~0x200) !== (swy & ~0x200) || x[0].slice(0, 8) !== y[0].slice(0, 8) || x[0].slice(12, 56) !== y[0].slice(12, 56)) return false;
  for (let k = 0; k < 8; k++) {
    const rx = x[0].slice(56 + 20 * k, 76 + 20 * k), ry = y[0].slice(56 + 20 * k, 76 + 20 * k);
    if (rx === ry) continue;
    const vx = BigInt("0x" + rx.match(/../g)!.reverse().join("")), vy = BigInt("0x" + ry.match(/../g)!.reverse().join(""));
    const d = vx > vy ? vx - vy : vy - vx;
    if (d > 8n) return false;
  }
  return true;
}

/** Outcome of a differential run. */
export interface DiffResult {
  cases: number;
  mismatches: string[];
  skipped: boolean;
}

/** Runs `perSpec` random cases of every spec on the host and on nk. */
export function diff(specs: InsnSpec[], perSpec: number | ((s: InsnSpec) => number), report = 20): DiffResult {
  const o = buildOracle(specs);
  if (!o) return { cases: 0, mismatches: [], skipped: true };
  const lines: string[] = [];
  const ids: number[] = [];
  specs.forEach((s, id) => {
    const n = typeof perSpec === "number" ? perSpec : perSpec(s);
    for (let k = 0; k < n; k++) {
      const flags = (rand() & 0x8d5) | 2;
      lines.push(`${id} ${flags.toString(16)} ${hex(image(s.stack ?? "any"))} ${hex(memory(s.mem))}`);
      ids.push(id);
    }
  });
  const host = runHost(o, lines);
  const nk = new NkRunner(o.code);
  const mismatches: string[] = [];
  let bad = 0;
  lines.forEach((line, k) => {
    const id = ids[k], spec = specs[id], len = o.code[id].length;
    const [, fl, img, mem] = line.split(" ");
    let want = normalise(host[k] ?? "(missing)", spec, len);
    let got = normalise(nk.run(id, parseInt(fl, 16), img, mem), spec, len);
    if (pointersLost(want)) {
      want = dropPointers(want);
      got = dropPointers(got);
    }
    if (want !== got && !(spec.approx && close(want, got))) {
      bad++;
      if (mismatches.length < report) mismatches.push(`${spec.name}\n  in   ${fields(img + " 0 0 " + mem)}\n  host ${fields(want)}\n  nk   ${fields(got)}`);
    }
  });
  if (bad > mismatches.length) mismatches.push(`… ${bad} mismatches in all`);
  return { cases: lines.length, mismatches, skipped: false };
}
