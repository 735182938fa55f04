// CpuContext save/load/clone of the FPU through copyFields (the per-class cached layout used on
// every context switch).
import { expect, test } from "bun:test";
import { Machine } from "../../../core/machine.ts";
import { CpuContext, copyFields } from "../../../kernel/arch/context.ts";

test("copyFields() copies scalars and typed arrays, never sharing the arrays", () => {
  class State { a = 1; flag = false; readonly regs = new Uint16Array(4); readonly env = { x: 1 }; }
  const src = new State(), dst = new State();
  src.a = 42; src.flag = true; src.regs.set([1, 2, 3, 4]); src.env.x = 9;
  copyFields(dst, src);
  expect(dst.a).toBe(42);
  expect(dst.flag).toBe(true);
  expect([...dst.regs]).toEqual([1, 2, 3, 4]);
  expect(dst.regs).not.toBe(src.regs);
  expect(dst.env.x).toBe(1); // plain objects are not state: left alone
  src.a = 5; // a second copy reuses the cached layout and still sees new values
  copyFields(dst, src);
  expect(dst.a).toBe(5);
});

test("CpuContext.save()/load() round-trip the x87 registers and control word", () => {
  const cpu = new Machine({ memory: 1 << 20 }).cpu;
  cpu.fpu.cw = 0x27f;
  cpu.fpu.top = 5;
  cpu.fpu.mantissaHi[3] = 0x80000000;
  const ctx = new CpuContext();
  ctx.save(cpu);
  const copy = ctx.clone();
  cpu.fpu.reset();
  cpu.fpu.mantissaHi[3] = 0;
  copy.load(cpu);
  expect(cpu.fpu.cw).toBe(0x27f);
  expect(cpu.fpu.top).toBe(5);
  expect(cpu.fpu.mantissaHi[3]).toBe(0x80000000);
});
