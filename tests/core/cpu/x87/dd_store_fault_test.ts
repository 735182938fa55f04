// FST m64 of a shadowed register that faults on the write changes nothing: the status word's PE and
// C1 are set only once the store has succeeded (the page fault must be restartable), with the JIT
// and in the interpreter.
import { expect, test } from "bun:test";
import { d32, pagingWithHole, Snippet } from "../_run.ts";


/** Runs the prologue (1/3, inexact, then FNCLEX), then `tail`; returns how it ended and the FPU state. */
function run(jit: boolean, tail: number[]): { end: string; eip: number; sw: number; top: number } {
  const s = new Snippet();
  s.cpu.jitEnabled = jit;
  s.cpu.jitThreshold = 1;
  pagingWithHole(s);
  const three = new DataView(new ArrayBuffer(8));
  three.setFloat64(0, 3, true);
  s.m.memory.writeBytes(0x2000, new Uint8Array(three.buffer));
  // fld1; fld qword [0x2000]; fdivp st(1), st (1/3: inexact); fnclex
  const code = [0xd9, 0xe8, 0xdd, 0x05, ...d32(0x2000), 0xde, 0xf9, 0xdb, 0xe2, ...tail];
  const end = s.exec(code).end;
  return { end, eip: s.cpu.eip, sw: s.cpu.fpu.sw, top: s.cpu.fpu.top };
}

test("a page-faulting FSTP m64 of an inexact value leaves the status word and the stack as they were", () => {
  for (const jit of [true, false]) {
    const before = run(jit, [0xf4]); // hlt
    const fault = run(jit, [0xdd, 0x1d, ...d32(0x5010)]); // fstp qword [0x5010]: page 5 is not present
    expect(fault.end).toBe("#14");
    expect(fault.eip).toBe(0x1000 + 12);
    expect([fault.sw, fault.top]).toEqual([before.sw, before.top]);
    const stored = run(jit, [0xdd, 0x1d, ...d32(0x6010), 0xf4]); // the same store to a present page
    expect(stored.end).toBe("hlt");
    expect(stored.sw & 0x20).toBe(0x20); // PE: 1/3 is inexact as a double too
  }
});
