import { expect, test } from "bun:test";
import { Framebuffer, VbeEnable, VbeIndex } from "../../devices/framebuffer.ts";
import { collect, makeHost } from "./_harness.ts";

function setup() {
  const host = makeHost();
  const fb = new Framebuffer(host);
  const write = (i: number, v: number) => { host.ports.out16(0x1ce, i); host.ports.out16(0x1cf, v); };
  const read = (i: number) => { host.ports.out16(0x1ce, i); return host.ports.in16(0x1cf); };
  return { host, fb, write, read };
}

/** The Bochs/QEMU mode-set sequence a guest driver uses. */
function setMode(write: (i: number, v: number) => void, w: number, h: number, bpp: number, extra = 0) {
  write(VbeIndex.enable, 0);
  write(VbeIndex.xres, w);
  write(VbeIndex.yres, h);
  write(VbeIndex.bpp, bpp);
  write(VbeIndex.enable, VbeEnable.enabled | VbeEnable.lfbEnabled | extra);
}

test("Framebuffer reports the DISPI ID, memory size and caps", () => {
  const { read, write } = setup();
  expect(read(VbeIndex.id)).toBe(0xb0c5);
  write(VbeIndex.id, 0xb0c4);
  expect(read(VbeIndex.id)).toBe(0xb0c4);
  expect(read(VbeIndex.videoMemory64k)).toBe(256);
  write(VbeIndex.enable, VbeEnable.getCaps);
  expect(read(VbeIndex.xres)).toBe(2560);
  expect(read(VbeIndex.bpp)).toBe(32);
});

test("Framebuffer mode set + LFB write32 + renderRgba() at 32 bpp", () => {
  const { host, fb, write, read } = setup();
  const modes = collect<{ width: number }>(host, "vbe.mode");
  expect(fb.renderRgba()).toBeUndefined();
  setMode(write, 320, 200, 32);
  expect(modes.at(-1)?.width).toBe(320);
  expect(read(VbeIndex.virtWidth)).toBe(320);
  host.memory.write32(0xe000_0000 + (10 * 320 + 5) * 4, 0x00ff8040); // X R G B
  expect(host.memory.read32(0xe000_0000 + (10 * 320 + 5) * 4)).toBe(0x00ff8040);
  const img = fb.renderRgba()!;
  expect([img.width, img.height]).toEqual([320, 200]);
  const o = (10 * 320 + 5) * 4;
  expect([...img.rgba.subarray(o, o + 4)]).toEqual([0xff, 0x80, 0x40, 255]);
  expect(fb.describe()).toContain("320x200x32");
});

test("Framebuffer 16, 24 and 8 bpp pixel formats", () => {
  const { host, fb, write } = setup();
  setMode(write, 64, 32, 16);
  host.memory.write16(0xe000_0000, 0xf800); // pure red in 5:6:5
  expect([...fb.renderRgba()!.rgba.subarray(0, 3)]).toEqual([255, 0, 0]);
  setMode(write, 64, 32, 24);
  host.memory.write8(0xe000_0000 + 3, 0x11); host.memory.write8(0xe000_0000 + 4, 0x22); host.memory.write8(0xe000_0000 + 5, 0x33);
  expect([...fb.renderRgba()!.rgba.subarray(4, 7)]).toEqual([0x33, 0x22, 0x11]);
  setMode(write, 64, 32, 8);
  host.memory.write8(0xe000_0000, 200);
  expect([...fb.renderRgba()!.rgba.subarray(0, 3)]).toEqual([200, 200, 200]); // grey ramp without a DAC
});

test("Framebuffer clears memory on enable unless NOCLEARMEM, and honours Y offset panning", () => {
  const { host, fb, write } = setup();
  host.memory.write32(0xe000_0000, -1);
  setMode(write, 64, 32, 32, VbeEnable.noClearMem);
  expect(host.memory.read32(0xe000_0000)).toBe(-1);
  setMode(write, 64, 32, 32);
  expect(host.memory.read32(0xe000_0000)).toBe(0);
  host.memory.write32(0xe000_0000 + 64 * 4 * 32, 0x0000ff00); // first pixel of row 32 (off screen)
  write(VbeIndex.yOffset, 32);
  expect([...fb.renderRgba()!.rgba.subarray(0, 3)]).toEqual([0, 0xff, 0]);
});

test("Framebuffer refuses impossible modes and ignores geometry writes while enabled", () => {
  const { fb, write, read } = setup();
  setMode(write, 640, 480, 7);
  expect(fb.enabled).toBe(false);
  setMode(write, 640, 480, 32);
  write(VbeIndex.xres, 800);
  expect(read(VbeIndex.xres)).toBe(640);
});

test("Framebuffer saveState()/loadState() round-trips mode and pixels", () => {
  const { host, fb, write } = setup();
  setMode(write, 16, 16, 32);
  host.memory.write32(0xe000_0000 + 8, 0x123456);
  const saved = structuredClone(fb.saveState());
  const h2 = makeHost();
  const fb2 = new Framebuffer(h2);
  fb2.loadState(saved);
  expect(fb2.mode()).toEqual(fb.mode());
  expect(h2.memory.read32(0xe000_0000 + 8)).toBe(0x123456);
});
