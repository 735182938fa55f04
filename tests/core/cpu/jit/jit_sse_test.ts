// Compiled SSE2 double code (core/cpu/jit/emit_sse.ts) against the interpreter: random
// sequences of the compiled forms over XMM registers holding normal doubles, zeros, NaNs with
// payloads, infinities, denormals and extremes, under varied MXCSR (PE clear or set, directed
// rounding, DAZ/FTZ, unmasked PE), the SSE gate closed (#NM) and m64 operands aligned, 4-aligned,
// unaligned or crossing a page, must leave identical XMM registers, MXCSR, general registers,
// EFLAGS, memory, EIP, instruction count and vector.
import { expect, test } from "bun:test";
import { Cr0, Cr4 } from "../../../../core/cpu/control_regs.ts";
import { Xorshift32 as Rng } from "../../../support/xorshift.ts";
import { loopCase } from "../_loop_case.ts";

const CODE = 0x10000;
const DATA = 0x20ff0; // 16 bytes below a page boundary: an 8-byte operand at +12 straddles it

const d32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

/** Where LDMXCSR finds its value (inside the compared window, beyond the m64 operands). */
const MXCSR_AT = DATA + 24;

/** EBP while a case runs (memory operands address DATA through it, too). */
const EBP = DATA - 0x40;

/** ModRM + operand bytes: a register (mod 3), [DATA + off] (disp32) or [EBP + disp32] (+ `shift`). */
function operand(r: Rng, reg: number, memory: boolean, shift = 0): number[] {
  if (!memory) return [0xc0 | (reg << 3) | (r.next() & 7)];
  const off = r.pick([-16, -8, -4, 0, 4, 8, 12, 1, -3]);
  if (shift === 0 && r.next() & 1) return [(reg << 3) | 5, ...d32(DATA + off)];
  return [0x80 | (reg << 3) | 5, ...d32(DATA - EBP - shift + off)];
}

/** Generators of the compiled forms (register and memory operands). */
const FORMS: ((r: Rng) => number[])[] = [
  (r) => [0xf2, 0x0f, r.pick([0x58, 0x59, 0x5c, 0x5e, 0x51]), ...operand(r, r.next() & 7, r.next() % 3 === 0)], // ADD/MUL/SUB/DIV/SQRTSD
  (r) => [0xf2, 0x0f, r.pick([0x10, 0x11]), ...operand(r, r.next() & 7, r.next() % 2 === 0)], // MOVSD
  (r) => [0x66, 0x0f, r.pick([0x2e, 0x2f]), ...operand(r, r.next() & 7, r.next() % 3 === 0)], // UCOMISD, COMISD
  (r) => [0xf2, 0x0f, 0x2a, ...(r.next() % 3 === 0 ? operand(r, r.next() & 7, true) : [0xc0 | ((r.next() & 7) << 3) | r.pick([0, 2, 3, 5])])], // CVTSI2SD
  (r) => [0xf2, 0x0f, 0x2c, ...operand(r, r.pick([0, 2, 3, 6, 7]), r.next() % 3 === 0)], // CVTTSD2SI
  (r) => [...(r.next() & 1 ? [0x66] : []), 0x0f, r.pick([0x28, 0x29, 0x57, 0x54]), 0xc0 | (r.next() & 63)], // MOVAP*, XORP*, ANDP*
  (r) => [0x66, 0x0f, 0xef, 0xc0 | (r.next() & 63)], // PXOR xmm
  (r) => [0x66, 0x0f, r.pick([0x58, 0x59, 0x5c, 0x5e, 0x14, 0x15]), 0xc0 | (r.next() & 63)], // ADD/MUL/SUB/DIVPD, UNPCKL/HPD
  // MOVAPS/MOVAPD (#GP unless 16-aligned), MOVUPS/MOVUPD m128 loads and stores, crossing into the next
  // page at +4; MOV EDI, [DATA] first puts the page in the TLB (a TLB miss alone hands any form over).
  (r) => [0x8b, 0x3d, ...d32(DATA), ...(r.next() & 1 ? [0x66] : []), 0x0f, r.pick([0x28, 0x29, 0x10, 0x11]),
    ((r.next() & 7) << 3) | 5, ...d32(DATA + r.pick([-16, 0, 0, -8, 8, 4, 1]))],
  // ADD/MUL/SUB/DIVPD m128: 16-aligned, or 8- or 4-aligned (#GP).
  (r) => [0x8b, 0x3d, ...d32(DATA), 0x66, 0x0f, r.pick([0x58, 0x59, 0x5c, 0x5e]), ((r.next() & 7) << 3) | 5,
    ...d32(DATA + r.pick([-16, 0, 0, -8, 8, 4]))],
  (r) => [0x66, 0x0f, r.pick([0x12, 0x13, 0x16, 0x17]), ...operand(r, r.next() & 7, true)], // MOVLPD, MOVHPD m64
  (r) => r.next() & 1 ? [0xf3, 0x0f, 0x7e, ...operand(r, r.next() & 7, r.next() % 2 === 0)] // MOVQ xmm, xmm/m64
    : [0x66, 0x0f, 0xd6, ...operand(r, r.next() & 7, r.next() % 2 === 0)], // MOVQ xmm/m64, xmm
  (r) => r.pick([[0x42], [0x39, 0xd8]]), // INC EDX; CMP EAX, EBX
  () => [0x0f, 0xae, 0x15, ...d32(MXCSR_AT)], // LDMXCSR [MXCSR_AT]: its handler changes what the compiled code may assume
  // LEA EBP, [EBP+8]; an arithmetic m64 through EBP; LEA EBP, [EBP-8]: EBP changed in the compiled
  // code when a slow path hands the instruction to its handler.
  (r) => [0x8d, 0x6d, 0x08, 0xf2, 0x0f, r.pick([0x58, 0x59, 0x10, 0x11]), ...operand(r, r.next() & 7, true, 8), 0x8d, 0x6d, 0xf8],
];

/** A double's bits (lo, hi dwords): mostly normal values, sometimes specials. */
function double(r: Rng): [number, number] {
  const v = new Float64Array(1), w = new Uint32Array(v.buffer);
  switch (r.next() % 12) {
    case 0: v[0] = r.next() & 1 ? -0 : 0; break;
    case 1: w[0] = r.next(); w[1] = 0x7ff80000 | (r.next() & 0x8007ffff); break; // QNaN with a payload
    case 2: v[0] = r.next() & 1 ? -Infinity : Infinity; break;
    case 3: w[0] = r.next(); w[1] = r.next() & 0x800fffff; break; // denormal
    case 4: v[0] = (r.next() & 1 ? -1 : 1) * 2 ** (1000 + (r.next() % 23)); break; // huge
    case 5: v[0] = (r.next() & 1 ? -1 : 1) * 2 ** (-1000 - (r.next() % 22)); break; // tiny
    case 6: v[0] = (r.next() | 0) / (1 + (r.next() & 0xff)); break; // an int32-ish quotient
    default: v[0] = ((r.next() / 2 ** 32) - 0.5) * 2 ** ((r.next() % 60) - 30);
  }
  return [w[0], w[1]];
}

/** Runs one case (the sequence in a loop of 3) with the JIT on or off; returns everything observable. */
function run(code: number[], seed: number, jit: boolean): string {
  const r = new Rng(seed);
  const { m, vector } = loopCase(code, CODE, jit);
  const cpu = m.cpu;
  for (let k = 0; k < 8; k++) {
    const [lo, hi] = double(r);
    m.memory.write32(DATA - 16 + k * 4, k & 1 ? hi : lo);
  }
  for (let k = 0; k < 16; k++) [cpu.xmm[2 * k], cpu.xmm[2 * k + 1]] = double(r);
  m.memory.write32(MXCSR_AT, r.pick([0x1fa0, 0x1f80, 0x3fa0, 0x5fa0, 0x9fa0, 0x1fe0]));
  cpu.cr4 |= Cr4.OSFXSR;
  if (r.next() % 40 === 0) cpu.cr0 |= Cr0.TS;
  const pick = r.next() % 10;
  cpu.mxcsr = pick < 6 ? 0x1fa0 : pick === 6 ? 0x1f80 : pick === 7 ? 0x1fa0 | ((r.next() & 3) << 13)
    : pick === 8 ? 0x1fa0 | (r.next() & 1 ? 0x40 : 0x8000) : 0x0fa0; // PE clear; RC; DAZ/FTZ; PE unmasked
  for (const k of [0, 2, 3, 6, 7]) cpu.r32[k] = r.next() % 4 === 0 ? r.next() : (r.next() & 0xffff) - 0x8000;
  cpu.r32[5] = EBP;
  cpu.r32[1] = 3;
  cpu.r32[4] = 0x8000;
  cpu.eflags = 0x202 | (r.next() & 0x8d5);
  cpu.eip = CODE;
  cpu.run(400);
  return JSON.stringify({
    vector: vector(), eip: cpu.eip, count: cpu.instructionCount, eflags: cpu.eflags, mxcsr: cpu.mxcsr,
    regs: [...cpu.r32], xmm: [...cpu.xmm], mem: [...m.memory.readBytes(DATA - 16, 48)],
  });
}

test("compiled SSE2 double code matches the interpreter bit for bit", () => {
  const r = new Rng(0x55e2d0);
  const failures: string[] = [];
  for (let n = 0; n < 3000; n++) {
    const code: number[] = [];
    const len = 1 + (r.next() % 6);
    for (let k = 0; k < len; k++) code.push(...r.pick(FORMS)(r));
    const seed = r.next() | 1;
    const a = run(code, seed, true), b = run(code, seed, false);
    if (a !== b && failures.length < 5) failures.push(`seed ${seed}: ${code.map((x) => x.toString(16)).join(" ")}\n jit ${a}\n int ${b}`);
  }
  expect(failures).toEqual([]);
}, 60_000);
