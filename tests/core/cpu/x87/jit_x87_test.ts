// Compiled x87 code (core/cpu/jit/emit_x87.ts → core/cpu/x87/jit_ops.ts) against the interpreter:
// random sequences of the compiled forms over random register files (specials, empty registers,
// every precision/rounding control, masked and unmasked exceptions), with #NM, pending #MF and
// memory operands straddling pages, must leave identical x87 state, memory, EFLAGS, EIP and vector.
import { expect, test } from "bun:test";
import { Cr0 } from "../../../../core/cpu/control_regs.ts";
import { planX87 } from "../../../../core/cpu/jit/emit_x87.ts";
import { Insn } from "../../../../core/cpu/insn.ts";
import { Xorshift32 as Rng } from "../../../support/xorshift.ts";
import { loopCase } from "../_loop_case.ts";

const CODE = 0x10000;
const HOLE = 5; // a page that is not present
const DATA = 0x20ff8; // 8 bytes below a page boundary: wide operands at +4 straddle it


/** Memory operand ModRM with disp32 (mod 00, rm 101): [DATA + off]. */
function mem(esc: number, reg: number, off: number): number[] {
  const a = DATA + off;
  return [esc, (reg << 3) | 5, a & 0xff, (a >>> 8) & 0xff, (a >>> 16) & 0xff, a >>> 24];
}

/** Instruction generators for the compiled forms. */
const FORMS: ((r: Rng) => number[])[] = [
  (r) => [0xd8 + 2 * (r.next() % 4), 0xc0 | (r.pick([0, 1, 4, 5, 6, 7]) << 3) | (r.next() & 7)], // arith reg (D8/DA→fcmov/DC/DE)
  (r) => [r.pick([0xd8, 0xdc, 0xde]), 0xc0 | (r.next() & 0x3f)],
  (r) => mem(r.pick([0xd8, 0xda, 0xdc, 0xde]), r.next() & 7, r.pick([0, 4, 8, -8])),
  (r) => mem(0xdd, r.pick([0, 2, 3]), r.pick([0, 4, -8])), // FLD/FST/FSTP m64
  (r) => mem(0xd9, r.pick([0, 2, 3]), r.pick([0, 2, 4])), // m32
  (r) => mem(0xdb, r.pick([0, 2, 3, 5, 7]), r.pick([0, 4, -8])), // m32int, m80
  (r) => mem(0xdf, r.pick([0, 2, 3, 5, 7]), r.pick([0, 6, -8])), // m16int, m64int
  (r) => [0xd9, 0xc0 | (r.next() & 0x1f)], // FLD ST(i), FXCH
  (r) => [0xdd, 0xd0 | (r.next() & 0xf)], // FST/FSTP ST(i)
  (r) => [0xdf, r.pick([0xc8, 0xd0, 0xd8, 0xe8, 0xf0]) | (r.next() & 7)], // FXCH7, FSTP8/9, FUCOMIP, FCOMIP
  (r) => [0xdb, r.pick([0xc0, 0xc8, 0xd0, 0xd8, 0xe8, 0xf0]) | (r.next() & 7)], // FCMOVNcc, FUCOMI, FCOMI
  (r) => [0xd9, r.pick([0xe0, 0xe1, 0xe4, 0xe5, 0xe8, 0xee, 0xfa, 0xfc, 0xfd])], // FCHS…FSQRT, FRNDINT, FSCALE
  () => [0xf9], // STC: FCMOV/FCOMI see a changing carry
  () => [0x3c, 0x01], // CMP AL, 1: a flag producer before a flag reader
];

/** Interesting 80-bit encodings: normals near doubles, denormals, ±0, ±inf, NaNs, unnormals. */
function value(r: Rng): [number, number, number] {
  const hi = r.next(), lo = r.next();
  switch (r.next() % 10) {
    case 0: return [r.next() & 0x8000, 0, 0];
    case 1: return [(r.next() & 0x8000) | 0x7fff, 0x80000000, 0];
    case 2: return [(r.next() & 0x8000) | 0x7fff, (hi | 0x80000000) >>> 0, lo];
    case 3: return [r.next() & 0x8000, hi & 0x7fffffff, lo];
    case 4: return [0x3fff + (r.next() % 64) - 32, (hi | 0x80000000) >>> 0, lo & ~0x7ff];
    case 5: return [(r.next() & 0x8000) | (r.next() % 3 ? 0x3fff : 0x7ffd), (hi | 0x80000000) >>> 0, lo];
    case 6: return [r.next() & 0xffff, hi & 0x7fffffff, lo];
    default: return [(r.next() & 0x8000) | (0x3fff + (r.next() % 200) - 100), (hi | 0x80000000) >>> 0, lo];
  }
}

/**
 * The forms compiled x87 runs keep in locals (core/cpu/jit/x87_run.ts), register-only integer
 * instructions a run continues across, and forms that end a run (FTST, FNSTSW AX).
 */
const RUN_FORMS: ((r: Rng) => number[])[] = [
  (r) => mem(0xdd, r.pick([0, 0, 2, 3, 3]), r.pick([-16, -8, -12, 0, 4, 8])), // FLD/FST/FSTP m64
  (r) => mem(0xdc, r.pick([0, 1, 4, 5, 6, 7]), r.pick([-16, -8, -4, 0, 4])), // arithmetic m64
  (r) => mem(0xd8, r.pick([0, 1, 4, 5, 6, 7]), r.pick([-16, -12, -8, 2])), // arithmetic m32
  (r) => mem(0xd9, 0, r.pick([-16, -12, 0, 2])), // FLD m32
  (r) => [r.pick([0xd8, 0xdc, 0xde]), 0xc0 | (r.pick([0, 1, 4, 5, 6, 7]) << 3) | (r.next() & 7)], // arithmetic ST(i)
  (r) => [0xd9, 0xc0 | (r.next() & 0xf)], // FLD ST(i), FXCH
  (r) => [0xdd, 0xd0 | (r.next() & 0xf)], // FST/FSTP ST(i)
  (r) => [r.pick([0xdb, 0xdf]), r.pick([0xe8, 0xf0]) | (r.next() & 7)], // FUCOMI(P), FCOMI(P)
  (r) => [0xd9, r.pick([0xe0, 0xe1, 0xe8, 0xee, 0xee, 0xfa])], // FCHS, FABS, FLD1, FLDZ, FSQRT
  (r) => r.pick([[0x42], [0x39, 0xd8], [0x83, 0xc6, 0x08]]), // INC EDX; CMP EAX, EBX; ADD ESI, 8
  (r) => r.pick([[0xd9, 0xe4], [0xdf, 0xe0]]), // FTST, FNSTSW AX: not in a run
];

/** A register value for run cases: mostly plain (in the shadow range, or ±0), some anything. */
function plainValue(r: Rng): [number, number, number] {
  const sign = r.next() & 0x8000, exp = 0x3fff + (r.next() % 80) - 40;
  switch (r.next() % 10) {
    case 0: return [sign, 0, 0];
    case 1: return value(r);
    case 2: case 3: case 4: return [sign | exp, (r.next() | 0x80000000) >>> 0, r.next() & ~0x7ff]; // a double
    default: return [sign | exp, (r.next() | 0x80000000) >>> 0, r.next()];
  }
}

/** 8 bytes of a memory operand for run cases: a double of moderate size, ±0 or random bits. */
function plainDouble(r: Rng): number[] {
  const b = new Uint8Array(8), v = new DataView(b.buffer);
  const k = r.next() % 8;
  if (k === 0) v.setFloat64(0, r.next() & 1 ? -0 : 0, true);
  else if (k === 1) for (let j = 0; j < 8; j++) b[j] = r.next() & 0xff;
  else v.setFloat64(0, ((r.next() / 2 ** 32) - 0.5) * 2 ** ((r.next() % 40) - 20), true);
  return [...b];
}

type Snapshot = string;

/**
 * Runs one case with the JIT on or off; returns everything observable. `plain` cases favour what
 * x87 runs compile: plain values, a contiguous stack, the default control word, a loop of 3.
 */
function run(code: number[], seed: number, jit: boolean, plain = false): Snapshot {
  const r = new Rng(seed);
  // DEC ECX; JNZ adds a flag producer and a region branch after the x87 code (ECX = 1: it falls
  // through to HLT).
  const { m, vector: caught } = loopCase(code, CODE, jit);
  const cpu = m.cpu;
  // Identity paging with page HOLE not present: integer accesses there page-fault.
  m.memory.write32(0x80000, 0x81000 | 3);
  for (let p = 0; p < 256; p++) m.memory.write32(0x81000 + p * 4, p === HOLE ? 0 : (p << 12) | 3);
  cpu.cr3 = 0x80000;
  cpu.cr0 |= 0x80000000;
  const data = new Uint8Array(32);
  for (let k = 0; k < 32; k++) data[k] = r.next() & 0xff;
  if (r.next() % 2) data.set([0, 0, 0, 0, 0, 0, 0xf0, 0x3f], 8 + (r.next() % 3) * 4); // a plain double
  if (plain) for (let k = 0; k < 4; k++) data.set(plainDouble(r), k * 8);
  m.memory.writeBytes(DATA - 16, data);
  const f = cpu.fpu;
  f.top = r.next() & 7;
  const depth = r.next() % 9;
  for (let p = 0; p < 8; p++) {
    [f.signExp[p], f.mantissaHi[p], f.mantissaLo[p]] = plain ? plainValue(r) : value(r);
    f.empty[p] = plain ? (((p - f.top) & 7) < depth ? 0 : 1) : r.next() % 6 === 0 ? 1 : 0;
  }
  const pcRc = r.next() % (plain ? 12 : 3) === 0 ? r.next() & 0xf00 : 0x300;
  f.cw = 0x40 | pcRc | (r.next() % (plain ? 12 : 4) === 0 ? r.next() & 0x3f : 0x3f);
  f.sw = r.next() % (plain ? 24 : 8) === 0 ? 0x80a1 : r.next() & 0x4700;
  cpu.cr0 |= r.next() % 2 ? Cr0.NE : 0;
  if (r.next() % (plain ? 48 : 16) === 0) cpu.cr0 |= Cr0.TS;
  cpu.r32[0] = r.next();
  cpu.r32[1] = plain ? 3 : 1;
  cpu.r32[3] = r.next();
  cpu.eip = CODE;
  cpu.run(200);
  const bytes = [...m.memory.readBytes(DATA - 16, 32)];
  const regs = [...f.signExp].map((s, p) => `${s.toString(16)}_${f.mantissaHi[p].toString(16)}_${f.mantissaLo[p].toString(16)}`);
  return JSON.stringify({
    vector: caught(), eip: cpu.eip, count: cpu.instructionCount, eflags: cpu.eflags, ecx: cpu.r32[1], regs, empty: [...f.empty],
    top: f.top, cw: f.cw, sw: f.sw, fip: f.fip, fcs: f.fcs, fop: f.fop, fdp: f.fdp, fds: f.fds, bytes,
  });
}

test("the compiled forms are the ones expected (FNSTSW AX and the control forms keep the handler)", () => {
  const insn = (op: number, modrm: number) => {
    const i = new Insn(() => {});
    i.op = op; i.mod = modrm >> 6; i.reg = (modrm >> 3) & 7; i.rm = modrm & 7;
    if (i.mod !== 3) i.disp = DATA;
    return i;
  };
  expect(planX87(insn(0xdc, 0xc9))).toBeDefined(); // FMUL ST(1),ST(0)
  expect(planX87(insn(0xdd, 0x05))?.stores).toBe(false); // FLD m64
  expect(planX87(insn(0xdd, 0x1d))?.stores).toBe(true); // FSTP m64
  expect(planX87(insn(0xdf, 0xe9))?.reads).toBe(true); // FUCOMIP reads and sets EFLAGS
  expect(planX87(insn(0xdf, 0xe0))).toBeUndefined(); // FNSTSW AX
  expect(planX87(insn(0xd9, 0x2d))).toBeUndefined(); // FLDCW
  expect(planX87(insn(0xdd, 0x35))).toBeUndefined(); // FNSAVE
  expect(planX87(insn(0x90, 0x00))).toBeUndefined();
});

/**
 * Runs `cases` random sequences of `minLen` + [0, spread) instructions from `forms`, each compiled
 * and interpreted from the same random state; returns the first differences.
 */
function differences(seed: number, forms: ((r: Rng) => number[])[], cases: number, minLen: number, spread: number, plain: boolean): string[] {
  const r = new Rng(seed);
  const failures: string[] = [];
  for (let n = 0; n < cases; n++) {
    const code: number[] = [];
    const len = minLen + (r.next() % spread);
    for (let k = 0; k < len; k++) code.push(...r.pick(forms)(r));
    const state = r.next() | 1;
    const a = run(code, state, true, plain), b = run(code, state, false, plain);
    if (a !== b && failures.length < 5) failures.push(`seed ${state}: ${code.map((x) => x.toString(16)).join(" ")}\n jit ${a}\n int ${b}`);
  }
  return failures;
}

test("compiled x87 sequences match the interpreter bit for bit", () => {
  expect(differences(0x87c0de, FORMS, 1000, 1, 4, false)).toEqual([]);
}, 30_000);

test("compiled x87 runs (stack in locals) match the interpreter bit for bit", () => {
  expect(differences(0x5eed87, RUN_FORMS, 3000, 2, 12, true)).toEqual([]);
}, 60_000);

// Region mode (x87_run.ts x87Region): loops of several blocks whose stack has the same shape each
// time round. Balanced bodies: pushes and pops matched, neutral forms between them.
const PUSHES: ((r: Rng) => number[])[] = [
  (r) => mem(0xdd, 0, r.pick([-16, -8, 0, 4])), // FLD m64
  (r) => mem(0xd9, 0, r.pick([-16, -12, 0])), // FLD m32
  (r) => [0xd9, 0xc0 | (r.next() & 3)], // FLD ST(i)
  (r) => [0xd9, r.pick([0xe8, 0xee])], // FLD1, FLDZ
];
const POPS: ((r: Rng) => number[])[] = [
  (r) => [0xde, r.pick([0xc1, 0xc9, 0xe1, 0xe9, 0xf1, 0xf9])], // FADDP/FMULP/FSUBRP/FSUBP/FDIVRP/FDIVP ST(1)
  (r) => [0xdd, 0xd8 | (r.next() & 1)], // FSTP ST(0), ST(1)
  (r) => mem(0xdd, 3, r.pick([-16, -8, 4])), // FSTP m64
  (r) => [r.pick([0xdf, 0xdf, 0xdb]), r.pick([0xe9, 0xf1])], // FUCOMIP/FCOMIP ST(1) (DB: no pop)
];
const NEUTRAL: ((r: Rng) => number[])[] = [
  (r) => mem(0xdc, r.pick([0, 1, 4, 5, 6, 7]), r.pick([-16, -8, 0])), // arithmetic m64
  (r) => [0xd8, 0xc0 | (r.pick([0, 1, 4, 5]) << 3) | (r.next() & 1)], // arithmetic ST(0), ST(i)
  (r) => [0xd9, 0xc8 | (r.next() & 1)], // FXCH ST(1)
  (r) => [0xd9, r.pick([0xe0, 0xe1])], // FCHS, FABS
  (r) => r.pick([[0x42], [0x39, 0xd8], [0x83, 0xc6, 0x08]]), // INC EDX; CMP EAX, EBX; ADD ESI, 8
];

/** `op` with ModRM EDI, [disp32]. */
const edi = (op: number, a: number) => [op, 0x3d, a & 0xff, (a >>> 8) & 0xff, (a >>> 16) & 0xff, a >>> 24];
/**
 * Integer code that reads and writes memory between x87 instructions (region mode brings its locals
 * up to date before it): loads, stores the x87 code reads back, a store into the code's own page
 * (the region leaves: its code may have changed) and, rarely, a load that page-faults.
 */
const INT_MEMORY: ((r: Rng) => number[])[] = [
  (r) => edi(r.pick([0x8b, 0x03, 0x33]), DATA + r.pick([-16, -8, 0])), // MOV/ADD/XOR EDI, [m32]
  (r) => edi(0x89, DATA + r.pick([-12, -4, 4])), // MOV [m32], EDI
  () => edi(0x89, CODE + 0xc00), // MOV [code page], EDI
  (r) => r.next() % 4 === 0 ? edi(0x8b, (HOLE << 12) + 0x40) : [0x90], // MOV EDI, [not present]
];

/** A loop body of matched pushes and pops in two or three blocks (JMP $+2 splits, Jcc skips neutral code). */
function balancedBody(r: Rng, neutral = NEUTRAL): number[] {
  const out: number[] = [];
  let depth = 0;
  const len = 3 + (r.next() % 10);
  for (let k = 0; k < len; k++) {
    const x = r.next() % 10;
    if (x < 3 && depth < 3) { out.push(...r.pick(PUSHES)(r)); depth++; }
    else if (x < 5 && depth > 0) {
      const pop = r.pick(POPS)(r);
      out.push(...pop);
      if (pop[0] !== 0xdb) depth--;
    } else if (x === 5) out.push(0xeb, 0x00); // JMP $+2: a block boundary
    else if (x === 6) {
      const skip = r.pick(neutral)(r);
      out.push(0x70 | (r.next() & 15), skip.length, ...skip); // Jcc over a neutral instruction
    } else out.push(...r.pick(neutral)(r));
  }
  while (depth-- > 0) out.push(0xdd, 0xd8); // FSTP ST(0)
  return out;
}

/**
 * Runs `cases` balanced loop bodies (neutral forms from `neutral`) compiled and interpreted; returns
 * the first differences, how many compiled x87 regions they made and how many cases page-faulted.
 */
async function loopCases(seed: number, cases: number, neutral: ((r: Rng) => number[])[]) {
  const { jitStats } = await import("../../../../core/cpu/jit/codegen.ts");
  const r = new Rng(seed);
  const before = jitStats.x87Regions;
  const failures: string[] = [];
  let pageFaults = 0;
  for (let n = 0; n < cases; n++) {
    const code = balancedBody(r, neutral);
    const state = r.next() | 1;
    const a = run(code, state, true, true), b = run(code, state, false, true);
    if (a !== b && failures.length < 5) failures.push(`seed ${state}: ${code.map((x) => x.toString(16)).join(" ")}\n jit ${a}\n int ${b}`);
    if (a.includes(`"vector":14,`)) pageFaults++;
  }
  return { failures, regions: jitStats.x87Regions - before, pageFaults };
}

test("x87 loops of several blocks (the stack in locals across the region) match the interpreter bit for bit", async () => {
  const cases = 2000;
  const { failures, regions } = await loopCases(0x4e9107, cases, NEUTRAL);
  expect(failures).toEqual([]);
  // Most bodies qualify (the rest compile runs per block); each compiled loop counts once.
  expect(regions).toBeGreaterThan(cases / 4);
}, 60_000);

test("x87 loops whose integer code loads, stores and faults match the interpreter bit for bit", async () => {
  const cases = 1500;
  const { failures, regions, pageFaults } = await loopCases(0x1e87a1, cases, [...NEUTRAL, ...INT_MEMORY, ...INT_MEMORY]);
  expect(failures).toEqual([]);
  expect(pageFaults).toBeGreaterThan(cases / 20);
  expect(regions).toBeGreaterThan(cases / 4);
}, 60_000);
