// Decoder unit tests: ModRM/SIB/displacement forms, 16-bit addressing, prefixes, lengths, and the
// effective addresses they produce (blink modrm_test.c style).
import { expect, test } from "bun:test";
import { decodeInsn } from "../../../core/cpu/decode.ts";
import { Seg } from "../../../core/cpu/registers.ts";
import { Snippet } from "./_run.ts";

const s = new Snippet();
function dec(bytes: number[]) {
  s.m.memory.writeBytes(0x2000, Uint8Array.from(bytes));
  s.cpu.flushCode();
  return decodeInsn(s.cpu, 0x2000);
}
function setRegs(...v: number[]) { v.forEach((x, r) => { s.cpu.r32[r] = x; }); }

test("decodeInsn() lengths of common encodings", () => {
  const cases: [number[], number][] = [
    [[0x90], 1], // nop
    [[0x01, 0xd8], 2], // add eax, ebx
    [[0x01, 0x00], 2], // add [eax], eax
    [[0x01, 0x40, 0x10], 3], // add [eax+0x10], eax
    [[0x01, 0x80, 1, 2, 3, 4], 6], // add [eax+disp32], eax
    [[0x01, 0x05, 1, 2, 3, 4], 6], // add [disp32], eax
    [[0x01, 0x04, 0x24], 3], // add [esp], eax (SIB)
    [[0x01, 0x44, 0x24, 0x08], 4], // add [esp+8], eax
    [[0x01, 0x04, 0x25, 1, 2, 3, 4], 7], // add [disp32 + 0*1] (SIB base 5, mod 0)
    [[0x81, 0xc0, 1, 2, 3, 4], 6], // add eax, imm32
    [[0x66, 0x81, 0xc0, 1, 2], 5], // add ax, imm16
    [[0x83, 0xc0, 0xff], 3], // add eax, imm8
    [[0x67, 0x01, 0x06, 0x34, 0x12], 5], // add [0x1234], eax (16-bit addressing)
    [[0x67, 0x01, 0x40, 0x10], 4], // add [bx+si+0x10], eax
    [[0x67, 0x01, 0x80, 0x10, 0x20], 5], // add [bx+si+0x2010], eax
    [[0xc8, 0x10, 0x00, 0x01], 4], // enter 16, 1
    [[0x0f, 0xa4, 0xc0, 0x05], 4], // shld eax, eax, 5
    [[0xf3, 0xa5], 2], // rep movsd
    [[0x2e, 0x3e, 0x66, 0x67, 0x90], 5], // prefixes on nop
    [[0xa1, 1, 2, 3, 4], 5], // mov eax, [moffs32]
    [[0x67, 0xa1, 1, 2], 4], // mov eax, [moffs16]
    [[0x0f, 0x84, 1, 2, 3, 4], 6], // je rel32
    [[0x66, 0x0f, 0x84, 1, 2], 5], // je rel16
    [[0xf6, 0xc0, 0x12], 3], // test al, imm8 (group 3 /0 has an immediate)
    [[0xf6, 0xd0], 2], // not al (group 3 /2 has none)
    [[0xf7, 0xc0, 1, 2, 3, 4], 6], // test eax, imm32
  ];
  for (const [b, len] of cases) expect([b.map((x) => x.toString(16)).join(" "), dec(b).len]).toEqual([b.map((x) => x.toString(16)).join(" "), len]);
});

test("decodeInsn() 32-bit effective addresses with SIB scale and index", () => {
  setRegs(0x100, 0x200, 0x300, 0x400, 0x500, 0x600, 0x700, 0x800);
  // lea eax, [ebx + esi*4 + 0x10]
  let i = dec([0x8d, 0x44, 0xb3, 0x10]);
  expect(s.cpu.eaOffset(i)).toBe(0x400 + 0x700 * 4 + 0x10);
  // lea eax, [ecx*8 + disp32] (SIB base 5, mod 0: no base)
  i = dec([0x8d, 0x04, 0xcd, 0x00, 0x10, 0, 0]);
  expect(s.cpu.eaOffset(i)).toBe(0x200 * 8 + 0x1000);
  // index 4 means none: lea eax, [esp + 4]
  i = dec([0x8d, 0x44, 0x24, 0x04]);
  expect(s.cpu.eaOffset(i)).toBe(0x504);
  expect(i.seg).toBe(Seg.SS);
  // [ebp + disp8] defaults to SS, [eax] to DS, and a prefix overrides
  expect(dec([0x8b, 0x45, 0x00]).seg).toBe(Seg.SS);
  expect(dec([0x8b, 0x00]).seg).toBe(Seg.DS);
  expect(dec([0x26, 0x8b, 0x45, 0x00]).seg).toBe(Seg.ES);
  // negative disp8 is sign-extended
  i = dec([0x8d, 0x43, 0xf0]);
  expect(s.cpu.eaOffset(i)).toBe(0x400 - 0x10);
});

test("decodeInsn() 16-bit addressing forms and wrap-around", () => {
  setRegs(0, 0, 0, 0xfff0, 0, 0x2000, 0x0020, 0x0030); // bx bp si di
  const forms: [number, number][] = [
    [0x00, 0xfff0 + 0x20], [0x01, 0xfff0 + 0x30], [0x02, 0x2000 + 0x20], [0x03, 0x2000 + 0x30],
    [0x04, 0x20], [0x05, 0x30], [0x07, 0xfff0],
  ];
  for (const [rm, ea] of forms) {
    const i = dec([0x67, 0x8d, rm]); // lea eax, [rm16]
    expect(s.cpu.eaOffset(i)).toBe(ea & 0xffff);
  }
  expect(s.cpu.eaOffset(dec([0x67, 0x8d, 0x46, 0x04]))).toBe(0x2004); // [bp+4]
  expect(dec([0x67, 0x8d, 0x46, 0x04]).seg).toBe(Seg.SS);
  expect(dec([0x67, 0x8d, 0x42, 0x04]).seg).toBe(Seg.SS); // [bp+si+4]
  expect(s.cpu.eaOffset(dec([0x67, 0x8d, 0x47, 0x7f]))).toBe((0xfff0 + 0x7f) & 0xffff); // wraps
  expect(s.cpu.eaOffset(dec([0x67, 0x8d, 0x87, 0x00, 0x80]))).toBe((0xfff0 - 0x8000) & 0xffff);
});

test("decodeInsn() prefixes: operand size, REP, LOCK, segment", () => {
  let i = dec([0xf3, 0x66, 0xab]);
  expect([i.rep, i.o16]).toEqual([1, 1]);
  i = dec([0xf2, 0xae]);
  expect(i.rep).toBe(2);
  i = dec([0xf0, 0x01, 0x03]); // lock add [ebx], eax: allowed
  expect(i.lock).toBe(1);
  expect(i.exec.name).not.toBe("undefinedOpcode");
  i = dec([0x64, 0x8b, 0x03]);
  expect(i.seg).toBe(Seg.FS);
});

test("decodeInsn() 15-byte limit raises #GP", () => {
  expect(s.exec([0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x81, 0xc0, 1, 2, 0xf4]).end).toBe("hlt");
  const r = s.exec([0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x81, 0xc0, 1, 2, 0xf4]);
  expect(r.end).toBe("#13");
});
