// Read-modify-write memory operands compile to one TLB check (emit_memory.ts rmwLoad/rmwStore) and
// IMUL's flags are deferred in locals (deferred_flags.ts): both must stay exact at faults, on
// read-only pages and on code pages. Each case runs compiled and interpreted and compares the state.
import { expect, test } from "bun:test";
import { d32, pagingWithHole, Snippet } from "../_run.ts";

const RO_PAGE = 7;

/** Identity paging with page 5 missing and page 7 read-only (CR0.WP: supervisor writes fault too). */
function machine(jit: boolean): Snippet {
  const s = new Snippet();
  s.cpu.jitEnabled = jit;
  s.cpu.jitThreshold = 1;
  pagingWithHole(s);
  s.m.memory.write32(0x81000 + RO_PAGE * 4, (RO_PAGE << 12) | 1);
  s.cpu.cr0 |= 1 << 16;
  return s;
}

/** Runs `code` at 0x1000 both ways; returns [jit, interpreter] snapshots. */
function both(code: number[], watch: number, words: number): unknown[][] {
  return [true, false].map((jit) => {
    const s = machine(jit);
    for (let k = 0; k < words; k++) s.m.memory.write32(watch + 4 * k, 0x1000 * k + 1);
    const end = s.exec(code, 0x1000, 10_000);
    const mem = Array.from({ length: words }, (_, k) => s.m.memory.read32(watch + 4 * k));
    return [end.end, end.errorCode, s.cpu.eip, s.cpu.instructionCount, [...s.cpu.r32], s.cpu.eflags & 0x8d5, s.cpu.cr2, mem];
  });
}

test("a compiled RMW loop that walks onto a read-only page faults as a write there, memory intact", () => {
  // mov ebx, 0x6fe0; mov ecx, 20; loop: add [ebx], ecx; add ebx, 4; dec ecx; jnz loop; hlt
  const code = [0xbb, ...d32(0x6fe0), 0xb9, ...d32(20), 0x01, 0x0b, 0x83, 0xc3, 0x04, 0x49, 0x75, 0xf8, 0xf4];
  for (const op of [0x01, 0x29, 0x21, 0x09, 0x31]) { // ADD SUB AND OR XOR [ebx], ecx
    code[10] = op;
    const [jit, interp] = both(code, 0x6fe0, 12);
    expect(jit).toEqual(interp);
    expect(jit[0]).toBe("#14");
    expect(jit[1]).toBe(0x3); // present, write, supervisor
    expect(jit[6]).toBe(0x7000);
    expect(jit[5]).toBe(0x04); // EFLAGS as DEC ECX (13 → 12) left them: the faulting write changed nothing
  }
});

test("compiled INC/NOT/NEG of memory and byte/word RMW forms fault exactly like the interpreter", () => {
  // mov ebx, 0x6ff0; mov ecx, 9; loop: <rmw [ebx]>; add ebx, 2; dec ecx; jnz loop; hlt
  const forms = [[0xff, 0x03], [0xf7, 0x13], [0xf7, 0x1b], [0x80, 0x03, 0x7f], [0x66, 0x83, 0x2b, 0x05], [0x66, 0xff, 0x0b]];
  for (const rmw of forms) {
    const tail = [0x83, 0xc3, 0x02, 0x49];
    const back = -(rmw.length + tail.length + 2);
    const code = [0xbb, ...d32(0x6ff0), 0xb9, ...d32(9), ...rmw, ...tail, 0x75, back & 0xff, 0xf4];
    const [jit, interp] = both(code, 0x6ff0, 8);
    expect(jit).toEqual(interp);
    expect(jit[0]).toBe("#14");
  }
});

test("an RMW of the executing compiled block's own code takes effect on the next instruction", () => {
  for (const jit of [true, false]) {
    const s = machine(jit);
    // 0x1000: add byte [0x100b], 1; nop; nop; nop; mov al, 1 (patched to 2); hlt
    const code = [0x80, 0x05, ...d32(0x100b), 0x01, 0x90, 0x90, 0x90, 0xb0, 0x01, 0xf4];
    expect(s.exec(code).end).toBe("hlt");
    expect(s.cpu.r8[0]).toBe(2);
  }
});

test("IMUL's deferred flags are exact when a later load faults (CF = OF = overflow)", () => {
  for (const factor of [0x10000, 3]) {
    // mov ecx, factor; mov ebx, 0x4ff0; loop: mov eax, ecx; imul eax, ecx; mov edx, [ebx]; add ebx, 4; jmp loop
    const code = [0xb9, ...d32(factor), 0xbb, ...d32(0x4ff0), 0x89, 0xc8, 0x0f, 0xaf, 0xc1, 0x8b, 0x13,
      0x8d, 0x5b, 0x04, 0xeb, 0xf4];
    const [jit, interp] = both(code, 0x4ff0, 4);
    expect(jit).toEqual(interp);
    expect(jit[0]).toBe("#14");
    expect((jit[5] as number) & 0x801).toBe(factor === 3 ? 0 : 0x801);
  }
});

test("an interpreted ALU write that faults leaves EFLAGS as they were (row and specialised handlers)", () => {
  // xor eax, eax (ZF PF); mov ebx, 0x7000 (read-only); mov ecx, 3; <op [ebx], …>
  const forms = [[0x01, 0x0b], [0x11, 0x0b], [0x29, 0x0b], [0x00, 0x0b], [0x66, 0x19, 0x0b], [0x80, 0x13, 0x01],
    [0x81, 0x03, ...d32(0x12345)], [0x83, 0x33, 0x7f], [0x66, 0x81, 0x2b, 0x34, 0x12]];
  for (const form of forms) {
    for (const jit of [true, false]) {
      const s = machine(jit);
      s.cpu.jitThreshold = 1 << 30; // the row handlers run even with the JIT on
      const end = s.exec([0x31, 0xc0, 0xbb, ...d32(0x7000), 0xb9, ...d32(3), ...form, 0xf4]);
      expect([end.end, s.cpu.eip, s.cpu.eflags & 0x8d5]).toEqual(["#14", 0x100c, 0x44]);
    }
  }
});

test("a shift or rotate of memory whose write faults leaves EFLAGS as they were (RCL/RCR read CF)", () => {
  // xor eax, eax; stc; mov ebx, 0x7000 (read-only); mov cl, 5; <shift [ebx]>
  for (const form of [[0xd1, 0x13], [0xc0, 0x1b, 0x03], [0xd3, 0x23], [0x66, 0xd1, 0x3b], [0xd0, 0x03]]) {
    for (const jit of [true, false]) {
      const s = machine(jit);
      s.exec([0x31, 0xc0, 0xf9, 0xbb, ...d32(0x7000), 0xb1, 0x05, ...form, 0xf4]);
      expect([s.cpu.eip, s.cpu.eflags & 0x8d5]).toEqual([0x100a, 0x45]); // ZF PF from XOR, CF from STC
    }
  }
});

test("XADD/CMPXCHG of memory whose write faults leave EFLAGS and the registers as they were", () => {
  // xor eax, eax (ZF PF); mov ebx, 0x7000 (read-only); mov ecx, 3; <op [ebx], ecx/cl>
  for (const form of [[0x0f, 0xc1, 0x0b], [0x0f, 0xc0, 0x0b], [0x66, 0x0f, 0xc1, 0x0b], [0x0f, 0xb1, 0x0b], [0x0f, 0xb0, 0x0b]]) {
    for (const jit of [true, false]) {
      const s = machine(jit);
      s.m.memory.write32(0x7000, 0x11223344);
      const end = s.exec([0x31, 0xc0, 0xbb, ...d32(0x7000), 0xb9, ...d32(3), ...form, 0xf4]);
      expect([end.end, s.cpu.eip, s.cpu.eflags & 0x8d5, s.cpu.r32[0], s.cpu.r32[1], s.m.memory.read32(0x7000)])
        .toEqual(["#14", 0x100c, 0x44, 0, 3, 0x11223344]);
    }
  }
});

test("deferred shift and rotate flags (CF/OF over a pending record) are exact when a later load faults", () => {
  // mov ecx, X; mov ebx, 0x4ff0; loop: xor eax, ecx; <shift eax>; mov edx, [ebx]; lea ebx, [ebx+4]; jmp loop
  for (const shift of [[0xc1, 0xc8, 0x07], [0xd1, 0xc0], [0xc1, 0xe8, 0x03], [0xc1, 0xe0, 0x1f], [0xc1, 0xf8, 0x05]]) {
    for (const x of [0x80000001, 0x12345678, 0]) {
      const code = [0xb9, ...d32(x), 0xbb, ...d32(0x4ff0), 0x31, 0xc8, ...shift, 0x8b, 0x13, 0x8d, 0x5b, 0x04, 0xeb,
        (-(2 + shift.length + 2 + 3 + 2)) & 0xff];
      const [jit, interp] = both(code, 0x4ff0, 4);
      expect(jit).toEqual(interp);
      expect(jit[0]).toBe("#14");
    }
  }
});
