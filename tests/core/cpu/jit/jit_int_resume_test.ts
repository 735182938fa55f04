// A loop region that makes a system call (INT 0x80 served by a kernel hook in JavaScript) continues
// in compiled code after the call when nothing it relies on changed, and leaves exactly where the
// interpreter goes when the call redirected EIP, stopped the CPU, rewrote the code or replaced the
// registers (codegen.ts, resumeAfterInt).
import { expect, test } from "bun:test";
import { d32, Snippet } from "../_run.ts";
import { InterruptKind } from "../../../../core/cpu/interrupts.ts";

// 0x1000: mov ecx, 400
// 0x1005 L: mov eax, 20; int 0x80      (block A: ends at the INT)
// 0x100c    add edx, eax; dec ecx; jnz L (block B)
// 0x1011    hlt
// 0x1100 handler: mov esi, 7; hlt
const LOOP = [
  0xb9, ...d32(400),
  0xb8, ...d32(20), 0xcd, 0x80,
  0x01, 0xc2, 0x49, 0x75, 0xf4,
  0xf4,
];
const HANDLER = [0xbe, ...d32(7), 0xf4];

/** What the "kernel" does on call number n (1-based), besides returning n * 3 in EAX. */
type Effect = (s: Snippet, n: number) => void;

function machine(jit: boolean, effect: Effect): { s: Snippet; calls: () => number } {
  const s = new Snippet();
  s.cpu.jitEnabled = jit;
  s.cpu.jitThreshold = 5;
  s.m.memory.writeBytes(0x1000, Uint8Array.from(LOOP));
  s.m.memory.writeBytes(0x1100, Uint8Array.from(HANDLER));
  s.cpu.eip = 0x1000;
  let n = 0;
  s.cpu.hooks.onInterrupt = (vector, _code, kind) => {
    if (vector !== 0x80 || kind !== InterruptKind.Software) {
      s.cpu.requestStop();
      return true;
    }
    n++;
    s.cpu.r32[0] = n * 3;
    effect(s, n);
    return true;
  };
  return { s, calls: () => n };
}

/** Runs both machines in slices of `budget` and compares instruction counts, EIP and registers. */
function lockstep(effect: Effect, budget: number): { jit: Snippet; interp: Snippet } {
  const jit = machine(true, effect).s, interp = machine(false, effect).s;
  const state = (s: Snippet, n: number) => [n, s.cpu.eip, ...s.cpu.r32, s.cpu.eflags, s.cpu.halted];
  for (let round = 0; round < 20000 && !interp.cpu.halted; round++) {
    const a = jit.cpu.run(budget), b = interp.cpu.run(budget);
    expect(state(jit, a)).toEqual(state(interp, b));
  }
  expect(interp.cpu.halted).toBe(true);
  return { jit, interp };
}

const BUDGETS = [1, 2, 3, 7, 50, 100_000];

test("a loop through INT 0x80 runs in its compiled region: few entries, the interpreter's results", () => {
  for (const budget of BUDGETS) lockstep(() => {}, budget);
  const { s, calls } = machine(true, () => {});
  s.cpu.run(200); // the loop gets hot and compiled
  let entries = 0;
  for (const block of s.cpu.blocks.values()) {
    const f = block.compiled;
    if (f !== undefined) block.compiled = (cpu) => { entries++; return f(cpu); };
  }
  const before = calls();
  s.cpu.run(100_000);
  expect(s.cpu.halted).toBe(true);
  expect(calls() - before).toBeGreaterThan(300);
  expect(entries).toBeLessThan(3); // once into the region; it leaves only at the HLT
  expect(s.cpu.r32[2]).toBe(3 * (400 * 401) / 2);
});

test("a call that redirects EIP (a signal handler) leaves the region for the new EIP", () => {
  for (const budget of BUDGETS) {
    const { jit } = lockstep((s, n) => { if (n === 150) s.cpu.eip = 0x1100; }, budget);
    expect(jit.cpu.r32[6]).toBe(7);
    expect(jit.cpu.eip).toBe(0x1106);
  }
});

test("a call that stops the CPU returns from run() right after the INT, as the interpreter does", () => {
  for (const budget of [50, 100_000]) {
    const stop: Effect = (s, n) => { if (n === 150) s.cpu.requestStop(); };
    const jit = machine(true, stop), interp = machine(false, stop);
    let a = 0, b = 0;
    while (jit.calls() < 150) a += jit.s.cpu.run(budget);
    while (interp.calls() < 150) b += interp.s.cpu.run(budget);
    expect([a, jit.s.cpu.eip, ...jit.s.cpu.r32]).toEqual([b, interp.s.cpu.eip, ...interp.s.cpu.r32]);
    expect(jit.s.cpu.eip).toBe(0x100c);
  }
});

test("a call that replaces the registers (another thread at the same EIP) continues with the new ones", () => {
  for (const budget of BUDGETS) {
    const { jit } = lockstep((s, n) => {
      if (n === 120) { s.cpu.r32[1] = 5; s.cpu.r32[2] = 1000; }
    }, budget);
    expect(jit.cpu.r32[1]).toBe(0);
  }
});

test("a call that rewrites the code after the INT runs the new code at once", () => {
  for (const budget of BUDGETS) {
    // At call 100 the "kernel" turns ADD EDX, EAX into SUB EDX, EAX (a read() into the code page).
    const { jit } = lockstep((s, n) => { if (n === 100) s.m.memory.write8(0x100c, 0x29); }, budget);
    expect(jit.m.memory.read8(0x100c)).toBe(0x29);
  }
});

test("a call that moves EIP to another mapping of the same code leaves the region (EIP-relative code)", () => {
  // Linear 0x400000 maps the code's physical page 0x1000 too; the call moves EIP to the alias of
  // the next instruction, so the TLB check alone would pass and only EIP tells the difference.
  const alias: Effect = (s, n) => {
    if (n === 1) {
      const mem = s.m.memory;
      mem.write32(0x80000, 0x81000 | 3);
      mem.write32(0x80004, 0x82000 | 3);
      for (let p = 0; p < 1024; p++) mem.write32(0x81000 + p * 4, (p << 12) | 3);
      mem.write32(0x82000, 0x1000 | 3);
      s.cpu.cr3 = 0x80000;
      s.cpu.cr0 |= 0x80000000;
    }
    if (n === 150) {
      s.cpu.read8(0x40000c); // the alias is in the TLB now (a kernel copy from it would do that)
      s.cpu.eip = 0x40000c;
    }
  };
  for (const budget of BUDGETS) {
    const { jit } = lockstep(alias, budget);
    expect(jit.cpu.eip).toBe(0x400012);
  }
});
