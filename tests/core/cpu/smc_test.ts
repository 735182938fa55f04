// Self-modifying code: a store into the block being executed (or one already cached) must change
// what runs next (SDM Vol. 3 §11.6; nk drops cached blocks on writes to code pages).
import { expect, test } from "bun:test";
import { d32, Snippet } from "./_run.ts";

test("self-modifying code: a store into the current block changes the next instruction", () => {
  const s = new Snippet();
  // 0x1000: mov byte [0x100b], 0x02   (patches the imm8 of the `mov al, 1` below)
  // 0x1007: nop; nop; nop
  // 0x100a: mov al, 1 → becomes mov al, 2
  // 0x100c: hlt
  const code = [0xc6, 0x05, ...d32(0x100b), 0x02, 0x90, 0x90, 0x90, 0xb0, 0x01, 0xf4];
  expect(s.exec(code).end).toBe("hlt");
  expect(s.cpu.r8[0]).toBe(2);
});

test("self-modifying code: a cached block is re-decoded after a store into it", () => {
  const s = new Snippet();
  // 0x2000: mov eax, 1; hlt   — run once so the block is cached
  expect(s.exec([0xb8, ...d32(1), 0xf4], 0x2000).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(1);
  // 0x1000: mov dword [0x2001], 7; jmp 0x2000
  const patch = [0xc7, 0x05, ...d32(0x2001), ...d32(7), 0xe9, ...d32(0x2000 - 0x100f)];
  expect(s.exec(patch).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(7);
});

test("self-modifying code: a REP STOSB over the following instructions takes effect", () => {
  const s = new Snippet();
  // edi = 0x1010, ecx = 5, al = 0x90 (nop): rep stosb overwrites the 5-byte `mov eax, -1` at 0x1010 with nops
  s.cpu.r32[7] = 0x1010; s.cpu.r32[1] = 5; s.cpu.r32[0] = 0x90;
  const code = new Array(0x16).fill(0x90);
  code[0] = 0xf3; code[1] = 0xaa; // rep stosb
  code[0x10] = 0xb8; code[0x11] = 0xff; code[0x12] = 0xff; code[0x13] = 0xff; code[0x14] = 0xff; // mov eax, -1
  code[0x15] = 0xf4;
  expect(s.exec(code).end).toBe("hlt");
  expect(s.cpu.r32[0]).toBe(0x90);
});
