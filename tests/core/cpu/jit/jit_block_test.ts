// Compiled blocks keep the interpreter's contract: exact instruction counts under any budget (also
// while a block loops on itself), precise faults with EIP at the faulting instruction, breakpoints
// before the instruction, and self-modifying code inside a compiled block.
import { expect, test } from "bun:test";
import { d32, pagingWithHole, Snippet } from "../_run.ts";
import { blockSource } from "../../../../core/cpu/jit/codegen.ts";

function snippet(jit: boolean): Snippet {
  const s = new Snippet();
  s.cpu.jitEnabled = jit;
  s.cpu.jitThreshold = 1;
  return s;
}


// 0x1000: mov ecx, 1000; xor eax, eax; loop: add eax, ecx; dec ecx; jnz loop; hlt
const LOOP = [0xb9, ...d32(1000), 0x31, 0xc0, 0x01, 0xc8, 0x49, 0x75, 0xfb, 0xf4];

test("a self-looping compiled block retires exactly the budget's instructions, like the interpreter", () => {
  for (const budget of [1, 2, 3, 7, 100, 301]) {
    const jit = snippet(true), interp = snippet(false);
    jit.m.memory.writeBytes(0x1000, Uint8Array.from(LOOP));
    interp.m.memory.writeBytes(0x1000, Uint8Array.from(LOOP));
    jit.cpu.eip = interp.cpu.eip = 0x1000;
    for (let round = 0; round < 40 && !jit.cpu.halted; round++) {
      const a = jit.cpu.run(budget), b = interp.cpu.run(budget);
      expect([a, jit.cpu.eip, jit.cpu.r32[0], jit.cpu.r32[1]]).toEqual([b, interp.cpu.eip, interp.cpu.r32[0], interp.cpu.r32[1]]);
    }
  }
  const s = snippet(true);
  expect(s.exec(LOOP, 0x1000, 100_000).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(500500);
  expect(s.cpu.instructionCount).toBe(2 + 3 * 1000 + 1);
});

test("a fault inside a compiled block rewinds EIP to the faulting instruction and counts only the ones before", () => {
  const s = snippet(true);
  // mov eax, 5; mov ebx, 7; add eax, ebx; ud2
  const code = [0xb8, ...d32(5), 0xbb, ...d32(7), 0x01, 0xd8, 0x0f, 0x0b];
  const before = s.cpu.instructionCount;
  const end = s.exec(code);
  expect(end.end).toBe("#6");
  expect(s.cpu.eip).toBe(0x1000 + 12);
  expect(s.cpu.instructionCount - before).toBe(3);
  expect(s.cpu.r32[0]).toBe(12);
  expect(s.cpu.eflags & 0x8d5).toBe(0x04); // add 5+7: PF only
});

test("a page fault on an inline load in a compiled block is precise (EIP, count, CR2)", () => {
  const s = snippet(true);
  const cpu = s.cpu;
  pagingWithHole(s);
  // inc eax; inc eax; mov ebx, [0x5010]; inc eax
  const code = [0x40, 0x40, 0x8b, 0x1d, ...d32(0x5010), 0x40];
  const before = cpu.instructionCount;
  expect(s.exec(code).end).toBe("#14");
  expect(cpu.eip).toBe(0x1002);
  expect(cpu.cr2).toBe(0x5010);
  expect(cpu.instructionCount - before).toBe(2);
  expect(cpu.r32[0]).toBe(2);
});

test("a store into the executing compiled block takes effect on the next instruction", () => {
  const s = snippet(true);
  // 0x1000: mov byte [0x100b], 0x02; nop; nop; nop; mov al, 1 (patched to 2); hlt
  const code = [0xc6, 0x05, ...d32(0x100b), 0x02, 0x90, 0x90, 0x90, 0xb0, 0x01, 0xf4];
  expect(s.exec(code).end).toBe("hlt");
  expect(s.cpu.r8[0]).toBe(2);
});

test("a breakpoint at the start of a self-looping compiled block stops every iteration", () => {
  const s = snippet(true);
  s.m.memory.writeBytes(0x1000, Uint8Array.from(LOOP));
  s.cpu.eip = 0x1000;
  s.cpu.run(10); // compile and enter the loop
  s.cpu.breakpoints.add(0x1007);
  s.cpu.flushCode();
  let stops = 0;
  for (let n = 0; n < 5; n++) {
    s.cpu.run(1000);
    if (s.cpu.eip === 0x1007) stops++;
  }
  expect(stops).toBe(5);
});

test("blockSource() inlines the hot integer instructions and elides dead flag updates", () => {
  const s = snippet(true);
  s.exec([0x01, 0xc8, 0x31, 0xd2, 0x39, 0xd8, 0x74, 0x00, 0xf4]); // add eax,ecx; xor edx,edx; cmp eax,ebx; je +0
  const block = [...s.cpu.blocks.values()].find((b) => b.insns[0].op === 0x01)!;
  const src = blockSource(block, 1, 1);
  expect(src).not.toContain("H[");
  // Only CMP's record survives, deferred into locals (FO…) and written to lf only at exits.
  expect(src.match(/FO = \d/g)?.length).toBe(1);
  expect(src).toContain("FO = 2; FS = 31; FA = A; FB = B; FR = R;");
  expect(src).toContain("A === B"); // JE fused with the CMP
});

test("blockSource() inlines IMUL, ADC, NEG, NOT, XCHG, BSWAP and shifts by CL, with registers in locals", () => {
  const s = snippet(true);
  // imul eax, ecx; adc edx, ebx; neg esi; not edi; xchg eax, edx; bswap ecx; shl ebx, cl; mov ah, 7; hlt
  s.exec([0x0f, 0xaf, 0xc1, 0x11, 0xda, 0xf7, 0xde, 0xf7, 0xd7, 0x92, 0x0f, 0xc9, 0xd3, 0xe3, 0xb4, 0x07, 0xf4]);
  const block = [...s.cpu.blocks.values()].find((b) => b.insns[0].op === 0x1af)!;
  const src = blockSource(block, 1, 1);
  expect(src.match(/H\[/g)?.length).toBe(1); // only HLT calls its handler
  expect(src).not.toContain("r8[");
  expect(src).toContain("g0 = (g0 & -65281) | (((7) & 0xff) << 8);"); // MOV AH, 7 on the EAX local
});

test("integer code has no exception handler: a slow path's fault leaves through the fault exit; x87 code keeps its catch", () => {
  const s = snippet(true);
  // mov eax, [ebx]; add [ebx+4], eax; hlt
  s.exec([0x8b, 0x03, 0x01, 0x43, 0x04, 0xf4]);
  const block = [...s.cpu.blocks.values()].find((b) => b.insns[0].op === 0x8b)!;
  const src = blockSource(block, 1, 1);
  expect(src).not.toContain("try");
  expect(src).toContain("faulted: {");
  expect(src.match(/break faulted;/g)?.length).toBe(3); // the load, the RMW's load and its store
  const x = snippet(true);
  x.exec([0xdd, 0x03, 0xf4]); // fld qword [ebx]; hlt (a lone x87 instruction calls its x87 entry point)
  const xb = [...x.cpu.blocks.values()].find((b) => b.insns[0].op === 0xdd)!;
  expect(blockSource(xb, 1, 1)).toContain("try");
});

test("registers written by compiled code are visible to handlers and after a fault", () => {
  const s = snippet(true);
  // mov eax, 3; imul eax, eax, 5; mov ah, 1; bsr ecx, eax (a handler); ud2
  const end = s.exec([0xb8, ...d32(3), 0x6b, 0xc0, 0x05, 0xb4, 0x01, 0x0f, 0xbd, 0xc8, 0x0f, 0x0b]);
  expect(end.end).toBe("#6");
  expect(s.cpu.r32[0]).toBe(0x10f);
  expect(s.cpu.r32[1]).toBe(8); // BSR of 0x10F, run by the handler on the EAX the compiled code stored
});

test("indirect CALL/JMP (FF /2 /4, register and memory) compile inline and match the interpreter", () => {
  // 0x1000: mov ecx, 5; mov eax, 0x1100; mov dword [0x3000], 0x1200
  // 0x1014: call eax           → 0x1100: add edx, ecx; ret
  // 0x1016: call [0x3000]      → 0x1200: add edx, 100; ret
  // 0x101c: dec ecx; jnz 0x1014; mov ebx, 0x1300; jmp ebx → 0x1300: hlt
  const main = [
    0xb9, ...d32(5), 0xb8, ...d32(0x1100), 0xc7, 0x05, ...d32(0x3000), ...d32(0x1200),
    0xff, 0xd0, 0xff, 0x15, ...d32(0x3000), 0x49, 0x75, 0xf3, 0xbb, ...d32(0x1300), 0xff, 0xe3,
  ];
  const results = [true, false].map((jit) => {
    const s = snippet(jit);
    s.m.memory.writeBytes(0x1100, Uint8Array.from([0x01, 0xca, 0xc3]));
    s.m.memory.writeBytes(0x1200, Uint8Array.from([0x83, 0xc2, 100, 0xc3]));
    s.m.memory.writeBytes(0x1300, Uint8Array.from([0xf4]));
    s.cpu.r32[4] = 0x8000;
    const end = s.exec(main, 0x1000, 10_000).end;
    const src = jit ? [...s.cpu.blocks.values()].filter((b) => b.compiled && b.insns[0].op !== 0xf4).map((b) => blockSource(b, 1, 1)).join("") : "";
    return { end, eip: s.cpu.eip, regs: [...s.cpu.r32], count: s.cpu.instructionCount, calls: (src.match(/H\[/g) ?? []).length };
  });
  expect(results[0].calls).toBe(0); // every instruction of these blocks (but HLT's) is inline
  expect({ ...results[0], calls: 0 }).toEqual({ ...results[1], calls: 0 });
  expect(results[0].end).toBe("hlt");
  expect(results[0].regs[2]).toBe(5 * (5 + 100) - (1 + 2 + 3 + 4)); // edx: sum of ecx 5..1, plus 500
});

test("a page fault on the return-address push of an indirect CALL leaves ESP and EIP unchanged", () => {
  for (const jit of [true, false]) {
    const s = snippet(jit);
    const cpu = s.cpu;
    pagingWithHole(s);
    cpu.r32[4] = 0x6000; // the push goes to 0x5ffc: not present
    // inc eax; mov ebx, 0x1100; call ebx
    expect(s.exec([0x40, 0xbb, ...d32(0x1100), 0xff, 0xd3]).end).toBe("#14");
    expect([cpu.eip, cpu.r32[4], cpu.r32[0], cpu.cr2]).toEqual([0x1006, 0x6000, 1, 0x5ffc]);
  }
});
