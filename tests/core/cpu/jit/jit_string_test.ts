// Compiled MOVS/STOS/LODS without REP (emit_string.ts) against the interpreter: faults in either
// access leave ESI/EDI as they were, a MOVS into the running block's own code takes effect at once,
// and a copy loop of single MOVSDs stays inside its compiled region.
import { expect, test } from "bun:test";
import { d32, pagingWithHole, Snippet } from "../_run.ts";

function machine(jit: boolean, code: number[], regs: [number, number][], paging = false): Snippet {
  const s = new Snippet();
  s.cpu.jitEnabled = jit;
  s.cpu.jitThreshold = 1;
  if (paging) pagingWithHole(s, 5); // 0x5000–0x5fff not present
  s.m.memory.writeBytes(0x1000, Uint8Array.from(code));
  for (let a = 0x3000; a < 0x3100; a += 4) s.m.memory.write32(a, a * 2654435761);
  for (const [r, v] of regs) s.cpu.r32[r] = v;
  return s;
}

/** Runs the same code compiled and interpreted; both states after `budget` instructions. */
function both(code: number[], regs: [number, number][], budget = 1000, paging = false) {
  const out = [true, false].map((jit) => {
    const s = machine(jit, code, regs, paging);
    const end = s.exec([], 0x1000, budget).end;
    return {
      end, eip: s.cpu.eip, count: s.cpu.instructionCount, regs: Array.from(s.cpu.r32), eflags: s.cpu.eflags,
      mem: Array.from(s.m.memory.readBytes(0x3000, 0x200)), code: Array.from(s.m.memory.readBytes(0x1000, 0x40)),
      cr2: s.cpu.cr2,
    };
  });
  return { jit: out[0], interp: out[1] };
}

const ESI = 6, EDI = 7, EAX = 0, ECX = 1;
const STD = 0xfd;

test("MOVS/STOS/LODS of each size and direction match the interpreter", () => {
  for (const op of [0xa4, 0xa5, 0xaa, 0xab, 0xac, 0xad]) {
    for (const o16 of [false, true]) {
      for (const down of [false, true]) {
        // (std;) op; op; op; hlt — three elements, from aligned and unaligned addresses.
        for (const start of [0x3040, 0x3043]) {
          const one = [...(o16 ? [0x66] : []), op];
          const code = [...(down ? [STD] : []), ...one, ...one, ...one, 0xf4];
          const { jit, interp } = both(code, [[ESI, start], [EDI, start + 0x81], [EAX, 0x12345678]]);
          expect(jit).toEqual(interp);
          expect(jit.end).toBe("hlt");
        }
      }
    }
  }
  // A segment override on the source (FS with base 0 here: the form is what is being compiled).
  const { jit, interp } = both([0x64, 0xa5, 0xf4], [[ESI, 0x3010], [EDI, 0x3090]]);
  expect(jit).toEqual(interp);
});

test("a MOVS that faults on its source or its destination leaves ESI and EDI as they were", () => {
  let faults = 0;
  // Page 5 is not present: inside it, or a dword access crossing into it from page 4.
  for (const [src, dst] of [[0x5ffe, 0x3080], [0x3080, 0x5ffd], [0x4ffe, 0x3080], [0x3080, 0x4fff]]) {
    for (const op of [0xa5, 0xa4]) {
      // mov ebx, 7; movs; hlt — the fault comes after one retired instruction.
      const code = [0xbb, ...d32(7), op, 0xf4];
      const { jit, interp } = both(code, [[ESI, src], [EDI, dst]], 1000, true);
      expect(jit).toEqual(interp);
      if (jit.end !== "#14") continue;
      faults++;
      expect([jit.regs[ESI], jit.regs[EDI], jit.eip, jit.count]).toEqual([src, dst, 0x1005, 1]);
    }
  }
  expect(faults).toBe(6); // all but the byte copies at the end of page 4
});

test("a MOVS into the running block's own code changes the next instruction at once", () => {
  // mov esi, 0x3000 (holds 0x90 0x90…); mov edi, 0x100b; movsb; inc eax (overwritten by NOP); hlt
  for (const jit of [true, false]) {
    const s = machine(jit, [0xbe, ...d32(0x3000), 0xbf, ...d32(0x100b), 0xa4, 0x40, 0xf4], []);
    s.m.memory.writeBytes(0x3000, Uint8Array.from([0x90, 0x90]));
    s.cpu.r32[EAX] = 5;
    expect(s.exec([], 0x1000).end).toBe("hlt");
    expect(s.cpu.r32[EAX]).toBe(5);
  }
});

test("a copy loop of single MOVSDs runs inside its compiled region", () => {
  // mov ecx, 200; outer: mov esi, 0x3000; mov edi, 0x3100; mov ebx, 0x3140
  // inner: movsd; cmp edi, ebx; jb inner; dec ecx; jnz outer; hlt
  const code = [0xb9, ...d32(200), 0xbe, ...d32(0x3000), 0xbf, ...d32(0x3100), 0xbb, ...d32(0x3140),
    0xa5, 0x39, 0xdf, 0x72, 0xfb, 0x49, 0x75, 0xe9, 0xf4];
  const { jit, interp } = both(code, [], 100_000);
  expect(jit).toEqual(interp);
  const s = machine(true, code, []);
  s.cpu.jitThreshold = 5;
  s.exec([], 0x1000, 2000);
  let entries = 0;
  for (const block of s.cpu.blocks.values()) {
    const f = block.compiled;
    if (f !== undefined) block.compiled = (cpu) => { entries++; return f(cpu); };
  }
  s.resume(s.cpu.eip, 100_000);
  expect(s.cpu.halted).toBe(true);
  expect(entries).toBeLessThan(4);
});
