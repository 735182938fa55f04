// Loop regions: a loop whose body is split into several blocks compiles into one function holding
// just the blocks on the cycle, and runs with the interpreter's exact results and instruction counts.
import { expect, test } from "bun:test";
import { d32, Snippet } from "../_run.ts";
import { collectRegion } from "../../../../core/cpu/jit/region.ts";
import { decodeBlock } from "../../../../core/cpu/decode.ts";

// 0x1000: mov ecx, 300; xor eax, eax; xor edx, edx
// 0x1009 top:  test cl, 1; jz even          (block A)
// 0x100e       add eax, ecx; jmp next       (block B: odd)
// 0x1012 even: add edx, ecx                 (block C: falls into next)
// 0x1014 next: dec ecx; jnz top             (block D)
// 0x1017       hlt                          (block E: leaves the loop)
const SPLIT_LOOP = [
  0xb9, ...d32(300), 0x31, 0xc0, 0x31, 0xd2,
  0xf6, 0xc1, 0x01, 0x74, 0x04,
  0x01, 0xc8, 0xeb, 0x02,
  0x01, 0xca,
  0x49, 0x75, 0xf2,
  0xf4,
];

function snippet(jit: boolean): Snippet {
  const s = new Snippet();
  s.cpu.jitEnabled = jit;
  s.cpu.jitThreshold = 1;
  return s;
}

test("collectRegion keeps the blocks on the loop through the entry and leaves the exit block out", () => {
  const s = snippet(false);
  s.m.memory.writeBytes(0x1000, Uint8Array.from(SPLIT_LOOP));
  const region = collectRegion(decodeBlock(s.cpu, 0x1009, 64), 0x1009, 1, (lin) => decodeBlock(s.cpu, lin, 64));
  expect(region.map((b) => 0x1009 + b.off).sort()).toEqual([0x1009, 0x100e, 0x1012, 0x1014]);
  expect(region[0].off).toBe(0);
});

test("a self-looping entry block is compiled alone", () => {
  const s = snippet(false);
  // 0x1000: dec ecx; jnz 0x1000; hlt
  s.m.memory.writeBytes(0x1000, Uint8Array.from([0x49, 0x75, 0xfd, 0xf4]));
  const region = collectRegion(decodeBlock(s.cpu, 0x1000, 64), 0x1000, 1, (lin) => decodeBlock(s.cpu, lin, 64));
  expect(region.length).toBe(1);
});

test("a multi-block loop region retires exactly the interpreter's instructions under any budget", () => {
  for (const budget of [1, 2, 5, 13, 64, 1000]) {
    const jit = snippet(true), interp = snippet(false);
    for (const s of [jit, interp]) {
      s.m.memory.writeBytes(0x1000, Uint8Array.from(SPLIT_LOOP));
      s.cpu.eip = 0x1000;
    }
    for (let round = 0; round < 2000 && !interp.cpu.halted; round++) {
      const a = jit.cpu.run(budget), b = interp.cpu.run(budget);
      expect([a, jit.cpu.eip, jit.cpu.r32[0], jit.cpu.r32[1], jit.cpu.r32[2], jit.cpu.eflags])
        .toEqual([b, interp.cpu.eip, interp.cpu.r32[0], interp.cpu.r32[1], interp.cpu.r32[2], interp.cpu.eflags]);
    }
    expect(jit.cpu.halted).toBe(true);
    // Sum of odd numbers 1..299 in EAX, even numbers 2..300 in EDX.
    expect([jit.cpu.r32[0], jit.cpu.r32[2]]).toEqual([22500, 22650]);
  }
});
