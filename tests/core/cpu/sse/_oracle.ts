// Test support for the SIMD differential tests: generates a C program with one inline-asm block per
// snippet (gcc -m32 -msse2), takes the snippets' machine code from the same binary (a `nksnip` section
// of {start, end, id} records), runs random cases on the host and on nk, and diffs the outputs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Machine } from "../../../../core/machine.ts";
import { readMm, writeMm } from "../../../../core/cpu/sse/mmx_state.ts";
import type { Gen, Spec } from "./_specs.ts";

const HARNESS = `#include <stdio.h>
#include <string.h>
static unsigned char A[16] __attribute__((aligned(16))), B[16] __attribute__((aligned(16)));
static unsigned char M[16] __attribute__((aligned(16))), OX[16], OM[8];
static unsigned OEAX, OMX, OFL, MX, DMX = 0x1f80;
struct snip { unsigned start, end, id; };
extern struct snip __start_nksnip[], __stop_nksnip[];
#define RUN(id, body) asm volatile( \\
  "movdqu %[a], %%xmm0; movdqu %[b], %%xmm1; movq %[a], %%mm0; movq %[b], %%mm1; mov %[b], %%eax;" \\
  "lea %[b], %%esi; lea %[m], %%edi; ldmxcsr %[mx]; push $0x8d5; popf\\n" \\
  "9001: " body "\\n9002:\\n .pushsection nksnip,\\"a\\"\\n .long 9001b, 9002b, " #id "\\n .popsection\\n" \\
  "pushf; pop %[fl]; stmxcsr %[omx]; movdqu %%xmm0, %[ox]; movq %%mm0, %[om]; mov %%eax, %[oeax]; emms; ldmxcsr %[dmx]" \\
  : [ox] "=m"(OX), [om] "=m"(OM), [oeax] "=m"(OEAX), [omx] "=m"(OMX), [fl] "=m"(OFL), [m] "+m"(M) \\
  : [a] "m"(A), [b] "m"(B), [mx] "m"(MX), [dmx] "m"(DMX) \\
  : "eax", "esi", "edi", "xmm0", "xmm1", "mm0", "mm1", "memory", "cc")
static void hex(const unsigned char *p, int n) { for (int i = 0; i < n; i++) printf("%02x", p[i]); }
static void parse(const char *h, unsigned char *p) { for (int i = 0; i < 16; i++) { unsigned v; sscanf(h + 2 * i, "%2x", &v); p[i] = v; } }
int main(int argc, char **argv) {
  if (argc > 1) {
    for (struct snip *s = __start_nksnip; s < __stop_nksnip; s++) {
      printf("%u ", s->id); hex((const unsigned char *)s->start, s->end - s->start); printf("\\n");
    }
    return 0;
  }
  int id; char a[40], b[40];
  while (scanf("%d %x %39s %39s", &id, &MX, a, b) == 4) {
    parse(a, A); parse(b, B); memset(M, 0xcc, 16);
    switch (id) {
CASES
    }
    hex(OX, 16); printf(" "); hex(OM, 8); printf(" %08x %08x %08x ", OEAX, OMX, OFL & 0x8d5); hex(M, 16); printf("\\n");
  }
  return 0;
}
`;

/** A built oracle: the binary and each snippet's machine code. */
export interface Oracle {
  path: string;
  code: Uint8Array[];
}

/** Builds the oracle for `specs`; null when gcc -m32 is unavailable. */
export function buildOracle(specs: Spec[]): Oracle | null {
  const cases = specs.map((s, k) => `      case ${k}: RUN(${k}, "${s.asm.replace(/%/g, "%%")}"); break;`).join("\n");
  const dir = mkdtempSync(join(tmpdir(), "nk-sse-"));
  const src = join(dir, "sse_oracle.c"), out = join(dir, "sse_oracle");
  writeFileSync(src, HARNESS.replace("CASES", cases));
  const r = spawnSync("gcc", ["-m32", "-msse2", "-O1", "-fno-pie", "-no-pie", "-o", out, src], { encoding: "utf8" });
  if (r.status !== 0) { console.warn("SSE oracle build failed:", r.stderr.slice(0, 2000)); return null; }
  const dump = spawnSync(out, ["dump"], { encoding: "utf8" }).stdout.trim().split("\n");
  const code: Uint8Array[] = [];
  for (const line of dump) {
    const [id, h] = line.split(" ");
    code[Number(id)] = Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
  }
  return { path: out, code };
}

// ---- random operands -------------------------------------------------------------------------

let seed = 0x2545f491;
/** Deterministic xorshift32. */
export function rand(): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return seed >>> 0;
}
const pick = <T>(xs: readonly T[]): T => xs[rand() % xs.length];

const F32_EDGE = [
  0, 0x80000000, 0x3f800000, 0xbf800000, 1, 0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,
  0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345, 0x7f800001, 0xffa00000, 0x3f800001,
  0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001, 0x40200000, 0xc0200000, 0x3fc00000, 0x3f000000,
  0x00400000, 0x00000003, 0x0b800000, 0x33800000, 0x7f000000,
];
const F64_EDGE: [number, number][] = [
  [0, 0], [0, 0x80000000], [0, 0x3ff00000], [0, 0xbff00000], [1, 0], [0xffffffff, 0x800fffff],
  [0, 0x00100000], [0xffffffff, 0x7fefffff], [0, 0x7ff00000], [0, 0xfff00000], [0, 0x7ff80000],
  [0, 0xfff80000], [0x1234, 0x7ff81234], [1, 0x7ff00000], [0, 0xfff40000], [1, 0x3ff00000],
  [0xffc00000, 0x41dfffff], [0xffe00000, 0x41dfffff], [0, 0xc1e00000], [0x00100000, 0xc1e00000],
  [0, 0x41e00000], [0, 0x40040000], [0, 0xc0040000], [0, 0x3fe00000], [0, 0x36a00000], [0, 0x47efffff],
  [0xe0000000, 0x47efffff], [0, 0x38100000], [0x10000000, 0x36a00000], [0, 0x00080000],
];
const INT_EDGE = [0, 1, -1, 0x7fffffff, 0x80000000, 0x7fff, 0x8000, 0xffff, 0x80, 0x7f, 0x00ff00ff, 16777217];

function f32(): number {
  const r = rand() % 10;
  if (r < 3) return pick(F32_EDGE);
  if (r < 5) return rand();
  const sign = rand() & 0x80000000;
  const exp = r < 9 ? 127 - 30 + (rand() % 60) : pick([0, 1, 2, 3, 100, 160, 252, 253, 254]);
  return (sign | (exp << 23) | (rand() & 0x7fffff)) >>> 0;
}

function f64(): [number, number] {
  const r = rand() % 10;
  if (r < 3) return pick(F64_EDGE);
  if (r < 5) return [rand(), rand()];
  const sign = rand() & 0x80000000;
  const exp = r < 9 ? 1023 - 40 + (rand() % 80) : pick([0, 1, 2, 800, 873, 874, 897, 1150, 1151, 2045, 2046]);
  const lo = rand() % 4 === 0 ? rand() & 0xffffe000 : rand();
  return [lo, (sign | (exp << 20) | (rand() & 0xfffff)) >>> 0];
}

function int(): number {
  const r = rand() % 6;
  if (r === 0) return pick(INT_EDGE);
  if (r === 1) return rand() % 80;
  if (r === 2) return (rand() % 0x20000) - 0x10000;
  return rand();
}

/** Four random dwords from a generator. */
export function vector(g: Gen): number[] {
  if (g === "f32") return [f32(), f32(), f32(), f32()];
  if (g === "f64") return [...f64(), ...f64()];
  if (g === "int") return [int(), int(), int(), int()].map((x) => x >>> 0);
  return [rand(), rand(), rand(), rand()];
}

const MXCSRS = [0x1f80, 0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x9f80, 0x1fc0, 0x9fc0, 0xdfc0, 0x1fbf, 0xffc0];
/** A random all-masked MXCSR (rounding modes, DAZ, FTZ, pre-set flags). */
export function mxcsr(): number {
  return pick(MXCSRS);
}

const hex32 = (v: number) => (v >>> 0).toString(16).padStart(8, "0");
/** Dwords as the oracle's little-endian byte hex. */
export function bytesHex(d: number[]): string {
  return d.map((v) => hex32(v).match(/../g)!.reverse().join("")).join("");
}

/** Runs case lines ("id mxcsr A B") on the host. */
export function runHost(o: Oracle, lines: string[]): string[] {
  const r = spawnSync(o.path, [], { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
  return r.stdout.trimEnd().split("\n");
}

// ---- nk side ---------------------------------------------------------------------------------

const CODE = 0x200000, DATA_B = 0x100000, DATA_M = 0x100100;

/** Runs cases on one nk machine, returning output lines in the oracle's format. */
export class NkRunner {
  readonly m = new Machine({ memory: 16 << 20, framebuffer: false });
  private fault = -1;

  constructor(code: Uint8Array[]) {
    code.forEach((c, k) => {
      const b = new Uint8Array(c.length + 1);
      b.set(c);
      b[c.length] = 0xf4;
      this.m.memory.writeBytes(CODE + 32 * k, b);
    });
    this.m.cpu.cr4 |= 0x200;
    this.m.cpu.hooks.onInterrupt = (v) => { this.fault = v; this.m.cpu.requestStop(); return true; };
  }

  run(id: number, mx: number, a: number[], b: number[]): string {
    const cpu = this.m.cpu;
    const bytes = new Uint8Array(16);
    for (let k = 0; k < 4; k++) new DataView(bytes.buffer).setUint32(4 * k, b[k], true);
    this.m.memory.writeBytes(DATA_B, bytes);
    this.m.memory.writeBytes(DATA_M, new Uint8Array(16).fill(0xcc));
    cpu.xmm.fill(0);
    for (let k = 0; k < 4; k++) { cpu.xmm[k] = a[k]; cpu.xmm[4 + k] = b[k]; }
    writeMm(cpu, 0, a[0], a[1]);
    writeMm(cpu, 1, b[0], b[1]);
    cpu.r32[0] = b[0]; cpu.r32[6] = DATA_B; cpu.r32[7] = DATA_M;
    cpu.mxcsr = mx;
    cpu.eflags = 0x8d5 | 2;
    cpu.eip = CODE + 32 * id;
    cpu.halted = false;
    this.fault = -1;
    cpu.run(20);
    if (this.fault >= 0) return `fault ${this.fault}`;
    const x = Array.from(cpu.xmm.subarray(0, 4));
    const mm = new Int32Array(2);
    readMm(cpu, 0, mm);
    const mem = Array.from(this.m.memory.readBytes(DATA_M, 16));
    const memHex = mem.map((v) => v.toString(16).padStart(2, "0")).join("");
    return `${bytesHex(x)} ${bytesHex([mm[0], mm[1]])} ${hex32(cpu.r32[0])} ${hex32(cpu.mxcsr)} ${hex32(cpu.eflags & 0x8d5)} ${memHex}`;
  }
}
