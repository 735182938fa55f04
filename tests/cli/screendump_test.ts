// screendump: VGA text rendered with the 8×16 font, and the VBE framebuffer's exact pixels,
// checked by decoding the PNG written to disk.
import { test, expect } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Machine } from "../../core/machine.ts";
import { VGA_FONT_8X16 } from "../../devices/vga_font.ts";
import { VbeIndex, VbePorts } from "../../devices/framebuffer.ts";
import { decodePng } from "../../cli/png.ts";
import { screendump } from "../../cli/screendump.ts";

const dir = mkdtempSync(join(tmpdir(), "nk-screendump-"));

function pixel(png: { width: number; rgba: Uint8Array }, x: number, y: number): number[] {
  const p = (y * png.width + x) * 4;
  return Array.from(png.rgba.subarray(p, p + 4));
}

test("screendump() renders VGA text cells with the 8x16 font", () => {
  const machine = new Machine({ memory: 1 << 20 });
  // Row 1, column 2: 'A' bright white (0xF) on blue (0x1); hide the cursor (CRTC 0x0A bit 5).
  const cell = 0xb8000 + (1 * 80 + 2) * 2;
  machine.memory.write8(cell, 0x41);
  machine.memory.write8(cell + 1, 0x1f);
  machine.ports.out8(0x3d4, 0x0a);
  machine.ports.out8(0x3d5, 0x20);
  const file = join(dir, "text.png");
  expect(screendump(machine, file)).toBe(`screendump: 720x400 VGA text -> ${file}`);
  const png = decodePng(new Uint8Array(readFileSync(file)));
  expect([png.width, png.height]).toEqual([720, 400]);
  const white = [0xff, 0xff, 0xff, 0xff], blue = [0x00, 0x00, 0xaa, 0xff], black = [0, 0, 0, 0xff];
  let lit = 0;
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 9; x++) {
      const on = x < 8 && ((VGA_FONT_8X16[0x41 * 16 + y]! >> (7 - x)) & 1) === 1;
      if (on) lit++;
      expect(pixel(png, 2 * 9 + x, 16 + y)).toEqual(on ? white : blue);
    }
  }
  expect(lit).toBeGreaterThan(10); // the glyph really has pixels
  expect(pixel(png, 0, 0)).toEqual(black); // an empty cell (char 0, attribute 0)
});

test("screendump() writes the VBE framebuffer's exact colours when a mode is enabled", () => {
  const machine = new Machine({ memory: 1 << 20 });
  const dispi = (index: number, value: number) => {
    machine.ports.out16(VbePorts.index, index);
    machine.ports.out16(VbePorts.data, value);
  };
  dispi(VbeIndex.xres, 320);
  dispi(VbeIndex.yres, 200);
  dispi(VbeIndex.bpp, 32);
  dispi(VbeIndex.enable, 0x41); // enabled | LFB
  const lfb = machine.devices.vbe!.base;
  const put = (x: number, y: number, rgb: number) => machine.memory.write32(lfb + (y * 320 + x) * 4, rgb);
  put(0, 0, 0x123456);
  put(319, 199, 0xff8000);
  put(10, 20, 0x00ff00);
  const file = join(dir, "vbe.png");
  expect(screendump(machine, file)).toBe(`screendump: 320x200 VBE framebuffer -> ${file}`);
  const png = decodePng(new Uint8Array(readFileSync(file)));
  expect([png.width, png.height]).toEqual([320, 200]);
  expect(pixel(png, 0, 0)).toEqual([0x12, 0x34, 0x56, 0xff]);
  expect(pixel(png, 319, 199)).toEqual([0xff, 0x80, 0x00, 0xff]);
  expect(pixel(png, 10, 20)).toEqual([0x00, 0xff, 0x00, 0xff]);
  expect(pixel(png, 11, 20)).toEqual([0, 0, 0, 0xff]);
});
