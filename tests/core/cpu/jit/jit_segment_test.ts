// Compiled regions leave out segment bases that were zero when they were compiled (codegen.ts
// zeroSegments). A base that changes later — before the region is entered (a context switch
// restoring other segment caches), inside it (MOV DS), or in a system call it resumes after — must
// still reach every later address: the results equal the interpreter's.
import { expect, test } from "bun:test";
import { d32, Snippet } from "../_run.ts";
import { InterruptKind } from "../../../../core/cpu/interrupts.ts";
import { regionSource } from "../../../../core/cpu/jit/codegen.ts";
import { Seg } from "../../../../core/cpu/registers.ts";

const MOVED = 0x10000; // the base of GDT selector 0x18
const SEL = 0x18;

/** A snippet with a GDT whose entry 3 (selector 0x18) is a flat-limit data segment based at MOVED. */
function machine(jit: boolean): Snippet {
  const s = new Snippet();
  s.cpu.jitEnabled = jit;
  s.cpu.jitThreshold = 3;
  const gdt = 0x8000, mem = s.m.memory;
  mem.write32(gdt + SEL, 0x0000ffff | ((MOVED & 0xffff) << 16));
  mem.write32(gdt + SEL + 4, ((MOVED >>> 16) & 0xff) | 0x00cf9300 | (MOVED & 0xff000000));
  s.cpu.gdtBase = gdt;
  s.cpu.gdtLimit = 0x7f;
  // The loop's data: 1 at DS:0x3000 while DS is flat, 1000 once DS is based at MOVED.
  mem.write32(0x3000, 1);
  mem.write32(MOVED + 0x3000, 1000);
  return s;
}

/** Runs `code` at 0x1000 in both machines in slices of `budget`; returns ESI (the sum) of each. */
function both(code: number[], budget: number, prepare?: (s: Snippet) => void): number[] {
  return [true, false].map((jit) => {
    const s = machine(jit);
    prepare?.(s);
    s.m.memory.writeBytes(0x1000, Uint8Array.from(code));
    s.cpu.eip = 0x1000;
    for (let round = 0; round < 100_000 && !s.cpu.halted; round++) s.cpu.run(budget);
    expect(s.cpu.halted).toBe(true);
    return s.cpu.r32[6];
  });
}

// 0x1000: mov ecx, 300; mov edx, 0x18
// L:      add esi, [0x3000]; cmp ecx, 100; jne N
//         <switch>; add esi, [0x3000]       (the base changes inside the compiled loop)
// N:      dec ecx; jnz L; hlt
function switchInside(change: number[]): number[] {
  const tail = [...change, 0x03, 0x35, ...d32(0x3000)];
  return [
    0xb9, ...d32(300), 0xba, ...d32(SEL),
    0x03, 0x35, ...d32(0x3000), 0x83, 0xf9, 0x64, 0x75, tail.length, ...tail,
    0x49, 0x75, (-(tail.length + 14)) & 0xff, 0xf4,
  ];
}
const MOV_DS = [0x8e, 0xda]; // mov ds, dx (ends its block)
const LDS = [0xc5, 0x05, ...d32(0x4000)]; // lds eax, [0x4000] (does not: the add runs in the same block)

test("a MOV DS or LDS inside a compiled loop moves every later DS address, in the same block too", () => {
  const farPointer = (s: Snippet) => { s.m.memory.write32(0x4000, 0x1234); s.m.memory.write32(0x4004, SEL); };
  // Iterations 300…100 read 1 (201), the one after the switch reads 1000, iterations 99…1 read 1000.
  for (const change of [MOV_DS, LDS]) {
    for (const budget of [1, 5, 64, 1_000_000]) {
      expect(both(switchInside(change), budget, farPointer)).toEqual([100_201, 100_201]);
    }
  }
});

// 0x1000: mov ecx, 200
// L:      add esi, [0x3000]; dec ecx; jnz L; hlt
const LOOP = [0xb9, ...d32(200), 0x03, 0x35, ...d32(0x3000), 0x49, 0x75, 0xf7, 0xf4];

test("a region compiled with DS at base 0 and entered after the base changed reads through the new base", () => {
  const s = machine(true);
  s.m.memory.writeBytes(0x1000, Uint8Array.from(LOOP));
  s.cpu.eip = 0x1000;
  s.cpu.run(100_000);
  expect(s.cpu.r32[6]).toBe(200);
  const entry = [...s.cpu.blocks.values()].find((b) => b.compiled !== undefined)!;
  expect(entry.segmentsVary).toBe(false);
  // A context switch restores segment caches directly (kernel/arch/context.ts), as here.
  for (const base of [MOVED, 0, MOVED]) {
    s.cpu.segBase[Seg.DS] = base;
    s.cpu.r32[6] = 0;
    s.cpu.halted = false;
    s.cpu.eip = 0x1000;
    s.cpu.run(100_000);
    expect(s.cpu.r32[6]).toBe(base === 0 ? 200 : 200_000);
  }
  // The entry was recompiled with DS's base read at run time.
  expect(entry.segmentsVary).toBe(true);
  expect(entry.compiled).toBeDefined();
});

// 0x1000: mov ecx, 300
// L:      add esi, [0x3000]; mov eax, 20; int 0x80     (the call moves DS at call 120)
//         dec ecx; jnz L; hlt
const SYSCALL_LOOP = [
  0xb9, ...d32(300),
  0x03, 0x35, ...d32(0x3000), 0xb8, ...d32(20), 0xcd, 0x80,
  0x49, 0x75, 0xf0, 0xf4,
];

test("a compiled loop resumed after a system call that moved DS reads through the new base", () => {
  const kernel = (s: Snippet) => {
    let n = 0;
    s.cpu.hooks.onInterrupt = (vector, _code, kind) => {
      if (vector !== 0x80 || kind !== InterruptKind.Software) { s.cpu.requestStop(); return true; }
      if (++n === 120) s.cpu.segBase[Seg.DS] = MOVED;
      return true;
    };
  };
  // 120 reads of 1 before the switch, 180 of 1000 after it.
  for (const budget of [3, 100, 1_000_000]) expect(both(SYSCALL_LOOP, budget, kernel)).toEqual([180_120, 180_120]);
});

test("only the zero bases of segments the code addresses are left out, and only those are checked", () => {
  const s = machine(true);
  s.m.memory.writeBytes(0x1000, Uint8Array.from(LOOP));
  s.cpu.eip = 0x1000;
  s.cpu.run(100_000);
  const entry = [...s.cpu.blocks.values()].find((b) => b.compiled !== undefined)!;
  const region = [{ insns: entry.insns, off: 0 }];
  const flat = regionSource(region, 1, 1, 0b111111), none = regionSource(region, 1, 1, 0);
  expect(none).toContain("seg[3] + ");
  expect(flat).not.toContain("seg[3] + ");
  expect(flat).toContain("if ((seg[3]) !== 0) return -2;");
  expect(regionSource(region, 1, 1, 0b110111)).toBe(none); // DS not zero: nothing left out
});
