// String instructions with REP/REPE/REPNE and both directions (SDM Vol. 2 "MOVS", "CMPS", "SCAS",
// "STOS", "LODS", "REP/REPE/REPNE").
import { expect, test } from "bun:test";
import { Snippet } from "./_run.ts";

const s = new Snippet();
const mem = s.m.memory;
function setup(esi: number, edi: number, ecx: number, df: boolean) {
  s.cpu.r32[6] = esi; s.cpu.r32[7] = edi; s.cpu.r32[1] = ecx;
  s.cpu.eflags = 0x202 | (df ? 0x400 : 0);
}

test("REP MOVSD copies forward with DF=0 and backward with DF=1", () => {
  for (let k = 0; k < 16; k++) mem.write8(0x3000 + k, k + 1);
  setup(0x3000, 0x4000, 4, false);
  expect(s.exec([0xf3, 0xa5, 0xf4]).end).toBe("hlt");
  expect(Array.from(mem.u8.slice(0x4000, 0x4010))).toEqual(Array.from(mem.u8.slice(0x3000, 0x3010)));
  expect([s.cpu.r32[6], s.cpu.r32[7], s.cpu.r32[1]]).toEqual([0x3010, 0x4010, 0]);
  setup(0x300c, 0x500c, 4, true);
  expect(s.exec([0xf3, 0xa5, 0xf4]).end).toBe("hlt");
  expect(Array.from(mem.u8.slice(0x5000, 0x5010))).toEqual(Array.from(mem.u8.slice(0x3000, 0x3010)));
  expect([s.cpu.r32[6], s.cpu.r32[7], s.cpu.r32[1]]).toEqual([0x2ffc, 0x4ffc, 0]);
});

test("REP with ECX=0 does nothing", () => {
  mem.write8(0x6000, 0xaa);
  setup(0x3000, 0x6000, 0, false);
  s.cpu.r32[0] = 0x11;
  expect(s.exec([0xf3, 0xaa, 0xf4]).end).toBe("hlt");
  expect(mem.read8(0x6000)).toBe(0xaa);
  expect(s.cpu.r32[7]).toBe(0x6000);
});

test("REPNE SCASB stops at the match; REPE CMPSB stops at the first difference", () => {
  mem.writeBytes(0x7000, new TextEncoder().encode("hello\0world"));
  setup(0, 0x7000, 100, false);
  s.cpu.r32[0] = 0;
  expect(s.exec([0xf2, 0xae, 0xf4]).end).toBe("hlt");
  expect(s.cpu.r32[7]).toBe(0x7006); // one past the NUL
  expect(s.cpu.r32[1]).toBe(100 - 6);
  expect(s.cpu.eflags & 0x40).toBe(0x40);
  mem.writeBytes(0x7100, new TextEncoder().encode("hellO"));
  setup(0x7000, 0x7100, 5, false);
  expect(s.exec([0xf3, 0xa6, 0xf4]).end).toBe("hlt");
  expect([s.cpu.r32[6], s.cpu.r32[7], s.cpu.r32[1]]).toEqual([0x7005, 0x7105, 0]);
  expect(s.cpu.eflags & 0x41).toBe(0); // 'o' (0x6f) - 'O' (0x4f): ZF=0, no borrow
});

test("STOSW/LODSD step by the element size in either direction", () => {
  setup(0x8008, 0x8100, 3, true);
  s.cpu.r32[0] = 0xbeef;
  expect(s.exec([0xf3, 0x66, 0xab, 0xf4]).end).toBe("hlt");
  expect([mem.read16(0x8100), mem.read16(0x80fe), mem.read16(0x80fc)]).toEqual([0xbeef, 0xbeef, 0xbeef]);
  expect(s.cpu.r32[7]).toBe(0x80fa);
  mem.write32(0x8008, 0x01020304);
  expect(s.exec([0xad, 0xf4]).end).toBe("hlt"); // lodsd, DF still 1
  expect([s.cpu.r32[0], s.cpu.r32[6]]).toEqual([0x01020304, 0x8004]);
});
