// Test support for the x87 instruction diff: a generated C program (gcc -m32) runs each snippet
// natively between FRSTOR and FNSAVE, and the snippets' machine code (a `nksnip` section) runs in
// nk from the same state. Outputs: FNSAVE image, EFLAGS, EAX, a 112-byte memory operand area.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Machine } from "../../../../core/machine.ts";
import { Cr0 } from "../../../../core/cpu/control_regs.ts";

/** One snippet: raw bytes (memory operands use (%esi)), the memory generator, the stack generator. */
export interface InsnSpec {
  name: string;
  bytes: number[];
  mem: string;
  stack?: string;
  /** Results may differ in the last bits (transcendentals): compare with `close`. */
  approx?: boolean;
  /** The memory area receives an FNSTENV/FNSAVE image: normalise its pointer fields too. */
  envOut?: boolean;
}

const MEM_SIZE = 112;

const HARNESS = `#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
static unsigned char IMG[108], OIMG[108], M[${MEM_SIZE}] __attribute__((aligned(16)));
static unsigned FL, OFL, OEAX;
static sigjmp_buf jb;
static void onfpe(int s) { (void)s; siglongjmp(jb, 1); }
struct snip { unsigned start, end, id; };
extern struct snip __start_nksnip[], __stop_nksnip[];
static unsigned starts[4096];
#define RUN(id, body) asm volatile( \\
  "frstor %[img]; lea %[m], %%esi; mov $0x12345678, %%eax; push %[fl]; popf\\n" \\
  "9001: " body "\\n9002:\\n .pushsection nksnip,\\"a\\"\\n .long 9001b, 9002b, " #id "\\n .popsection\\n" \\
  "pushf; pop %[ofl]; mov %%eax, %[oeax]; fnsave %[oimg]" \\
  : [oimg] "=m"(OIMG), [ofl] "=m"(OFL), [oeax] "=m"(OEAX), [m] "+m"(M) \\
  : [img] "m"(IMG), [fl] "m"(FL) : "eax", "esi", "memory", "cc")
static void hex(const unsigned char *p, int n) { for (int i = 0; i < n; i++) printf("%02x", p[i]); }
static void parse(const char *h, unsigned char *p, int n) { for (int i = 0; i < n; i++) { unsigned v; sscanf(h + 2 * i, "%2x", &v); p[i] = v; } }
int main(int argc, char **argv) {
  for (struct snip *s = __start_nksnip; s < __stop_nksnip; s++) {
    if (argc > 1) { printf("%u ", s->id); hex((const unsigned char *)s->start, s->end - s->start); printf("\\n"); }
    starts[s->id] = s->start;
  }
  if (argc > 1) return 0;
  signal(SIGFPE, onfpe);
  static char img[300], mem[300];
  int id;
  while (scanf("%d %x %299s %299s", &id, &FL, img, mem) == 4) {
    parse(img, IMG, 108); parse(mem, M, ${MEM_SIZE});
    if (sigsetjmp(jb, 1)) { asm volatile("fninit"); printf("fault 16\\n"); continue; }
    switch (id) {
CASES
    }
    hex(OIMG, 108); printf(" %08x %08x ", OFL & 0x8d5, OEAX); hex(M, ${MEM_SIZE});
    printf(" %08x %08x\\n", starts[id], (unsigned)M);
  }
  return 0;
}
`;

/** A built oracle: binary path and each snippet's machine code. */
export interface Oracle {
  path: string;
  code: Uint8Array[];
}

/** Builds the oracle for `specs`; null when gcc -m32 is unavailable. */
export function buildOracle(specs: InsnSpec[]): Oracle | null {
  const cases = specs
    .map((s, k) => `      case ${k}: RUN(${k}, ".byte ${s.bytes.map((b) => "0x" + b.toString(16)).join(",")}"); break;`)
    .join("\n");
  const dir = mkdtempSync(join(tmpdir(), "nk-x87i-"));
  const src = join(dir, "x87_insn.c"), out = join(dir, "x87_insn");
  writeFileSync(src, HARNESS.replace("CASES", cases));
  const r = spawnSync("gcc", ["-m32", "-O1", "-fno-pie", "-no-pie", "-o", out, src], { encoding: "utf8" });
  if (r.status !== 0) {
    console.warn("x87 oracle build failed:", r.stderr.slice(0, 2000));
    return null;
  }
  const code: Uint8Array[] = [];
  for (const line of spawnSync(out, ["dump"], { encoding: "utf8" }).stdout.trim().split("\n")) {
    const [id, h] = line.split(" ");
    code[Number(id)] = Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
  }
  return { path: out, code };
}

/** Runs case lines ("id eflags imghex memhex") on the host. */
export function runHost(o: Oracle, lines: string[]): string[] {
  const r = spawnSync(o.path, [], { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
  return r.stdout.trimEnd().split("\n");
}

const hexOf = (b: Uint8Array) => Array.from(b, (v) => v.toString(16).padStart(2, "0")).join("");
const fromHex = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
const hex32 = (v: number) => (v >>> 0).toString(16).padStart(8, "0");

function get32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}
function put32(b: Uint8Array, o: number, v: number): void {
  for (let k = 0; k < 4; k++) b[o + k] = (v >>> (8 * k)) & 0xff;
}

/**
 * Makes an environment image comparable across the two runs: FIP relative to the snippet, FDP
 * relative to the memory area (or ffffffff if elsewhere), FCS and FDS zeroed (selectors differ).
 */
function normaliseEnv(b: Uint8Array, off: number, code: number, codeEnd: number, mem: number): void {
  const fip = get32(b, off + 12), fdp = get32(b, off + 20);
  put32(b, off + 12, fip >= code && fip < codeEnd ? fip - code : 0xffffffff);
  put32(b, off + 20, fdp >= mem && fdp < mem + MEM_SIZE ? fdp - mem : 0xffffffff);
  b[off + 16] = b[off + 17] = 0;
  b[off + 24] = b[off + 25] = 0;
}

/** Turns a raw output line (either side) into the compared form. */
export function normalise(line: string, spec: InsnSpec, codeLen: number): string {
  if (line.startsWith("fault")) return line;
  const [img, fl, eax, mem, start, maddr] = line.split(" ");
  const code = parseInt(start, 16), m = parseInt(maddr, 16);
  const i = fromHex(img), mm = fromHex(mem);
  normaliseEnv(i, 0, code, code + codeLen, m);
  if (spec.envOut) normaliseEnv(mm, 0, code, code + codeLen, m);
  return `${hexOf(i)} ${fl} ${eax} ${hexOf(mm)}`;
}

const CODE = 0x200000, MEM = 0x100000;

/** Runs cases on one nk machine and prints them in the oracle's raw format. */
export class NkRunner {
  readonly m = new Machine({ memory: 16 << 20, framebuffer: false });
  private fault = -1;
  private readonly out = new Uint8Array(108);

  constructor(code: Uint8Array[]) {
    code.forEach((c, k) => {
      const b = new Uint8Array(c.length + 1);
      b.set(c);
      b[c.length] = 0xf4;
      this.m.memory.writeBytes(CODE + 64 * k, b);
    });
    this.m.cpu.cr0 |= Cr0.NE;
    this.m.cpu.hooks.onInterrupt = (v) => {
      this.fault = v;
      this.m.cpu.requestStop();
      return true;
    };
  }

  run(id: number, flags: number, img: string, mem: string): string {
    const cpu = this.m.cpu;
    this.m.memory.writeBytes(MEM, fromHex(mem));
    cpu.fpu.restore(fromHex(img), 0);
    cpu.r32[0] = 0x12345678;
    cpu.r32[6] = MEM;
    cpu.eflags = flags | 2;
    cpu.eip = CODE + 64 * id;
    cpu.halted = false;
    this.fault = -1;
    cpu.run(20);
    if (this.fault >= 0) {
      cpu.fpu.reset();
      return `fault ${this.fault}`;
    }
    cpu.fpu.save(this.out, 0);
    const memOut = this.m.memory.readBytes(MEM, MEM_SIZE);
    return `${hexOf(this.out)} ${hex32(cpu.eflags & 0x8d5)} ${hex32(cpu.r32[0])} ${hexOf(memOut)} ${hex32(CODE + 64 * id)} ${hex32(MEM)}`;
  }
}

export { MEM_SIZE };
