// Stack frames and bulk register transfers: ENTER/LEAVE with nesting levels, PUSHA/POPA in both
// operand sizes (SDM Vol. 2 "ENTER", "LEAVE", "PUSHA/PUSHAD", "POPA/POPAD").
import { expect, test } from "bun:test";
import { Snippet } from "./_run.ts";

const s = new Snippet();
const mem = s.m.memory;

test("ENTER 16, 0 then LEAVE restores ESP and EBP", () => {
  s.cpu.r32[4] = 0x9000; s.cpu.r32[5] = 0x1234;
  expect(s.exec([0xc8, 0x10, 0x00, 0x00, 0xf4]).end).toBe("hlt");
  expect([s.cpu.r32[5], s.cpu.r32[4], mem.read32(0x8ffc)]).toEqual([0x8ffc, 0x8ffc - 16, 0x1234]);
  expect(s.exec([0xc9, 0xf4]).end).toBe("hlt");
  expect([s.cpu.r32[5], s.cpu.r32[4]]).toEqual([0x1234, 0x9000]);
});

test("ENTER with nesting level 3 copies two outer frame pointers and pushes the new one", () => {
  s.cpu.r32[4] = 0x9000; s.cpu.r32[5] = 0x9100;
  mem.write32(0x90fc, 0xaaaa); mem.write32(0x90f8, 0xbbbb);
  expect(s.exec([0xc8, 0x08, 0x00, 0x03, 0xf4]).end).toBe("hlt");
  // frame: [0x8ffc]=old ebp, [0x8ff8]=0xaaaa, [0x8ff4]=0xbbbb, [0x8ff0]=frame (0x8ffc)
  expect([mem.read32(0x8ffc), mem.read32(0x8ff8), mem.read32(0x8ff4), mem.read32(0x8ff0)])
    .toEqual([0x9100, 0xaaaa, 0xbbbb, 0x8ffc]);
  expect([s.cpu.r32[5], s.cpu.r32[4]]).toEqual([0x8ffc, 0x8ff0 - 8]);
});

test("PUSHAD stores the original ESP; POPAD skips it", () => {
  const vals = [1, 2, 3, 4, 0x9000, 6, 7, 8];
  vals.forEach((v, r) => { s.cpu.r32[r] = v; });
  expect(s.exec([0x60, 0xf4]).end).toBe("hlt");
  expect(s.cpu.r32[4]).toBe(0x9000 - 32);
  // pushed order EAX ECX EDX EBX ESP EBP ESI EDI: EDI lowest
  const img = Array.from({ length: 8 }, (_, k) => mem.read32(0x9000 - 4 - 4 * k));
  expect(img).toEqual(vals);
  mem.write32(0x9000 - 20, 0xdead); // the saved ESP slot is ignored by POPAD
  for (let r = 0; r < 8; r++) if (r !== 4) s.cpu.r32[r] = 0;
  expect(s.exec([0x61, 0xf4]).end).toBe("hlt");
  expect(Array.from(s.cpu.r32)).toEqual(vals);
});

test("PUSHA/POPA with a 16-bit operand size move words and keep the upper halves", () => {
  [0x11110001, 0x22220002, 0x33330003, 0x44440004, 0x9000, 0x66660006, 0x77770007, 0x88880008]
    .forEach((v, r) => { s.cpu.r32[r] = v; });
  expect(s.exec([0x66, 0x60, 0xf4]).end).toBe("hlt");
  expect(s.cpu.r32[4]).toBe(0x9000 - 16);
  expect(mem.read16(0x9000 - 2)).toBe(1);
  expect(mem.read16(0x9000 - 10)).toBe(0x9000); // SP slot
  expect(mem.read16(0x9000 - 16)).toBe(8);
  s.cpu.r32[0] = 0xffff0000;
  expect(s.exec([0x66, 0x61, 0xf4]).end).toBe("hlt");
  expect(s.cpu.r32[0] >>> 0).toBe(0xffff0001);
  expect(s.cpu.r32[4]).toBe(0x9000);
});
