import { expect, test } from "bun:test";
import { F80 } from "../../../../core/cpu/x87/f80.ts";
import { ENV_SIZE, FpuState, SAVE_SIZE, Tag } from "../../../../core/cpu/x87/fpu_state.ts";

const one = new F80(0x3fff, 0x80000000, 0);

test("FpuState.push()/pop() move TOP and keep values", () => {
  const s = new FpuState();
  s.push(one);
  expect(s.top).toBe(7);
  expect(s.statusWord() & 0x3800).toBe(7 << 11);
  expect(s.stNumber(0)).toBe(1);
  s.setStNumber(0, -2.5);
  expect(s.stNumber(0)).toBe(-2.5);
  s.pop();
  expect(s.top).toBe(0);
  expect(s.isEmpty(0)).toBe(true);
});

test("FpuState.push() on a full stack: IE|SF, C1 = 1, masked response pushes the indefinite", () => {
  const s = new FpuState();
  for (let i = 0; i < 8; i++) expect(s.push(one)).toBe(true);
  expect(s.push(one)).toBe(false);
  expect(s.sw & 0x241).toBe(0x241);
  const v = s.read(0, new F80());
  expect([v.se, v.hi, v.lo]).toEqual([0xffff, 0xc0000000, 0]);
});

test("FpuState.underflow() flags an empty register with IE|SF and C1 = 0", () => {
  const s = new FpuState();
  expect(s.underflow(0)).toBe(true);
  expect(s.sw & 0x241).toBe(0x41);
});

test("FpuState.tagWord() derives valid/zero/special/empty tags", () => {
  const s = new FpuState();
  s.push(one); // phys 7 valid
  s.push(new F80(0, 0, 0)); // phys 6 zero
  s.push(new F80(0x7fff, 0x80000000, 0)); // phys 5 special
  expect(s.tagWord()).toBe((Tag.Valid << 14) | (Tag.Zero << 12) | (Tag.Special << 10) | 0x3ff);
  expect(s.abridgedTag()).toBe(0xe0);
});

test("FpuState.save()/restore() round-trip the 108-byte image and save reinitializes", () => {
  const s = new FpuState();
  s.cw = 0x0c7f;
  s.push(one);
  s.push(new F80(0xc000, 0xc0000000, 0x1234));
  s.fip = 0x401000;
  s.fop = 0x1d9;
  const mem = new Uint8Array(SAVE_SIZE);
  s.save(mem, 0);
  expect(s.cw).toBe(0x037f);
  expect(s.tagWord()).toBe(0xffff);
  expect(mem[0] | (mem[1] << 8)).toBe(0x0c7f);
  expect(mem.subarray(ENV_SIZE, ENV_SIZE + 10)).toEqual(new Uint8Array([0x34, 0x12, 0, 0, 0, 0, 0, 0xc0, 0, 0xc0]));
  const t = new FpuState();
  t.restore(mem, 0);
  expect([t.cw, t.top, t.fip, t.fop, t.stNumber(0), t.stNumber(1)]).toEqual([0x0c7f, 6, 0x401000, 0x1d9, t.stNumber(0), 1]);
  expect(t.read(0, new F80()).lo).toBe(0x1234);
});

test("FpuState.fxsaveX87()/fxrstorX87() round-trip with the abridged tag", () => {
  const s = new FpuState();
  s.push(one);
  const mem = new Uint8Array(512);
  s.fxsaveX87(mem, 0);
  expect(mem[4]).toBe(0x80);
  const t = new FpuState();
  t.fxrstorX87(mem, 0);
  expect([t.top, t.stNumber(0), t.isEmpty(1)]).toEqual([7, 1, true]);
});
