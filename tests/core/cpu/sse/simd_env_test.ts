// Unit tests for the SIMD environment: CR0/CR4 gates, unmasked exceptions (#XM/#UD), alignment
// #GP, LDMXCSR reserved bits, FXSAVE/FXRSTOR layout and round trip, EMMS, and the CPUID bits.
import { expect, test } from "bun:test";
import { Machine } from "../../../../core/machine.ts";
import { cpuid, CpuidEdx } from "../../../../core/cpu/cpuid.ts";
import { MXCSR_MASK } from "../../../../core/cpu/sse/simd_env.ts";

const CODE = 0x1000, DATA = 0x8000;

/** Runs `bytes` + HLT; returns the vector of the first exception, or -1. */
function run(m: Machine, bytes: number[]): number {
  let fault = -1;
  m.cpu.hooks.onInterrupt = (v) => { if (fault < 0) fault = v; m.cpu.requestStop(); return true; };
  m.memory.writeBytes(CODE, Uint8Array.from([...bytes, 0xf4]));
  m.cpu.eip = CODE;
  m.cpu.halted = false;
  m.cpu.r32[6] = DATA;
  m.cpu.run(50);
  return fault;
}

function machine(): Machine {
  const m = new Machine({ memory: 1 << 20, framebuffer: false });
  m.cpu.cr4 |= 0x200;
  return m;
}

const ADDPS = [0x0f, 0x58, 0xc1], PADDB_MM = [0x0f, 0xfc, 0xc1], DIVSS = [0xf3, 0x0f, 0x5e, 0xc1];

test("gates: CR0.EM → #UD, CR0.TS → #NM, SSE without CR4.OSFXSR → #UD", () => {
  const m = machine();
  expect(run(m, ADDPS)).toBe(-1);
  m.cpu.cr0 |= 4;
  expect(run(m, ADDPS)).toBe(6);
  expect(run(m, PADDB_MM)).toBe(6);
  m.cpu.cr0 = (m.cpu.cr0 & ~4) | 8;
  expect(run(m, ADDPS)).toBe(7);
  expect(run(m, PADDB_MM)).toBe(7);
  m.cpu.cr0 &= ~8;
  m.cpu.cr4 &= ~0x200;
  expect(run(m, ADDPS)).toBe(6);
});

test("unmasked divide-by-zero raises #XM with OSXMMEXCPT, else #UD; destination unchanged", () => {
  const m = machine();
  m.cpu.xmm.set([0x3f800000, 0, 0, 0, 0, 0, 0, 0]);
  m.cpu.mxcsr = 0x1f80 & ~0x200; // ZM clear
  expect(run(m, DIVSS)).toBe(6);
  expect(m.cpu.xmm[0]).toBe(0x3f800000);
  expect(m.cpu.mxcsr & 4).toBe(4);
  m.cpu.cr4 |= 0x400;
  expect(run(m, DIVSS)).toBe(19);
  m.cpu.mxcsr = 0x1f80;
  expect(run(m, DIVSS)).toBe(-1);
  expect(m.cpu.xmm[0]).toBe(0x7f800000);
});

test("MOVAPS from a misaligned address raises #GP; MOVUPS does not", () => {
  const m = machine();
  m.cpu.r32[6] = DATA;
  expect(run(m, [0x83, 0xc6, 0x04, 0x0f, 0x28, 0x06])).toBe(13); // add esi,4; movaps xmm0,[esi]
  expect(run(m, [0x83, 0xc6, 0x04, 0x0f, 0x10, 0x06])).toBe(-1); // movups
});

test("LDMXCSR: #GP(0) on reserved bits, loads valid values", () => {
  const m = machine();
  m.memory.write32(DATA, 0x10000);
  expect(run(m, [0x0f, 0xae, 0x16])).toBe(13);
  m.memory.write32(DATA, 0x7fc0);
  expect(run(m, [0x0f, 0xae, 0x16])).toBe(-1);
  expect(m.cpu.mxcsr).toBe(0x7fc0);
});

test("FXSAVE writes the SDM layout and FXRSTOR restores XMM and MXCSR", () => {
  const m = machine();
  for (let k = 0; k < 32; k++) m.cpu.xmm[k] = k * 0x01010101;
  m.cpu.mxcsr = 0x3fa0;
  expect(run(m, [0x0f, 0xae, 0x06])).toBe(-1); // fxsave [esi]
  expect(m.memory.read32(DATA + 24)).toBe(0x3fa0);
  expect(m.memory.read32(DATA + 28)).toBe(MXCSR_MASK);
  expect(m.memory.read32(DATA + 160 + 4 * 5)).toBe(5 * 0x01010101);
  m.cpu.xmm.fill(0);
  m.cpu.mxcsr = 0x1f80;
  expect(run(m, [0x0f, 0xae, 0x0e])).toBe(-1); // fxrstor [esi]
  expect(m.cpu.mxcsr).toBe(0x3fa0);
  expect(m.cpu.xmm[31]).toBe(31 * 0x01010101);
  m.memory.write32(DATA + 24, 0xffff0000);
  expect(run(m, [0x0f, 0xae, 0x0e])).toBe(13);
  m.cpu.r32[6] = DATA + 8;
  expect(run(m, [0x83, 0xc6, 0x08, 0x0f, 0xae, 0x06])).toBe(13); // misaligned FXSAVE
});

test("CPUID advertises MMX, FXSR, SSE and SSE2", () => {
  const edx = cpuid(1)[3];
  for (const bit of [CpuidEdx.MMX, CpuidEdx.FXSR, CpuidEdx.SSE, CpuidEdx.SSE2]) expect(edx & bit).toBe(bit);
});
