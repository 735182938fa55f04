import { expect, test } from "bun:test";
import { VgaText } from "../../devices/vga_text.ts";
import { VGA_FONT_8X16 } from "../../devices/vga_font.ts";
import { makeHost } from "./_harness.ts";

function setup() {
  const host = makeHost();
  const vga = new VgaText(host);
  /** Writes a string at (row, col) with attribute `attr`, as a guest writes the text buffer. */
  const put = (row: number, col: number, s: string, attr = 0x07) => {
    for (let i = 0; i < s.length; i++) host.memory.write16(0xb8000 + (row * 80 + col + i) * 2, s.charCodeAt(i) | (attr << 8));
  };
  const crtc = (i: number, v: number) => { host.ports.out8(0x3d4, i); host.ports.out8(0x3d5, v); };
  return { host, vga, put, crtc };
}

test("VgaText.screenText() reads 25 trimmed lines from RAM at 0xB8000, CP437 as Unicode", () => {
  const { vga, put, host } = setup();
  host.memory.fill(0xb8000, 4000, 0);
  put(0, 0, "Hello, nk");
  put(24, 70, "bottom");
  host.memory.write16(0xb8000 + 80 * 2 * 2, 0x07c9); // ╔ at row 2
  const lines = vga.screenText();
  expect(lines.length).toBe(25);
  expect(lines[0]).toBe("Hello, nk");
  expect(lines[1]).toBe("");
  expect(lines[2]).toBe("╔");
  expect(lines[24]).toBe(" ".repeat(70) + "bottom");
  const cells = vga.cells();
  expect(cells.chars[0]).toBe(0x48);
  expect(cells.attrs[0]).toBe(0x07);
});

test("VgaText follows the CRTC start address and cursor location registers", () => {
  const { vga, put, crtc } = setup();
  put(1, 0, "second line");
  crtc(0x0c, 0); crtc(0x0d, 80); // start one row down
  expect(vga.screenText()[0]).toBe("second line");
  crtc(0x0e, 0x00); crtc(0x0f, 80 + 2 * 80 + 5);
  expect(vga.cursor()).toEqual({ row: 2, col: 5, visible: true });
  crtc(0x0a, 0x20); // cursor disable bit
  expect(vga.cursor().visible).toBe(false);
  expect(vga.describe()).toContain("hidden");
});

test("VgaText 0x3DA toggles retrace and resets the attribute flip-flop", () => {
  const { host } = setup();
  const p = host.ports;
  const a = p.in8(0x3da) & 0x08;
  const b = p.in8(0x3da) & 0x08;
  expect(a).not.toBe(b);
  p.in8(0x3da);
  p.out8(0x3c0, 0x01); // index 1
  p.out8(0x3c0, 0x3f); // data
  p.in8(0x3da);
  p.out8(0x3c0, 0x01);
  expect(p.in8(0x3c1)).toBe(0x3f);
});

test("VgaText DAC palette is writable and readable through 0x3C7–0x3C9", () => {
  const { host, vga } = setup();
  const p = host.ports;
  p.out8(0x3c7, 0x3e); // default entry 0x3E: bright yellow
  expect([p.in8(0x3c9), p.in8(0x3c9), p.in8(0x3c9)]).toEqual([63, 63, 21]);
  p.out8(0x3c8, 0x10);
  p.out8(0x3c9, 0x3f); p.out8(0x3c9, 0x00); p.out8(0x3c9, 0x20);
  p.out8(0x3c7, 0x10);
  expect([p.in8(0x3c9), p.in8(0x3c9), p.in8(0x3c9)]).toEqual([0x3f, 0x00, 0x20]);
  expect([...vga.dacRgb8().subarray(0x30, 0x33)]).toEqual([255, 0, 130]);
});

test("VgaText.renderRgba() draws glyphs in palette colours at 720×400", () => {
  const { vga, put, host, crtc } = setup();
  host.memory.fill(0xb8000, 4000, 0);
  crtc(0x0a, 0x20); // no cursor
  put(0, 0, "\u00db", 0x1e); // full block █ (0xDB), yellow on blue
  const img = vga.renderRgba(VGA_FONT_8X16);
  expect([img.width, img.height]).toEqual([720, 400]);
  const px = (x: number, y: number) => [...img.rgba.subarray((y * 720 + x) * 4, (y * 720 + x) * 4 + 4)];
  expect(px(0, 0)).toEqual([255, 255, 85, 255]); // foreground 0xE: yellow
  expect(px(8, 0)).toEqual([255, 255, 85, 255]); // 0xDB is line graphics: 9th column repeats
  expect(px(9, 0)).toEqual([0, 0, 0, 255]); // next cell: black
  put(0, 1, "A", 0x1e);
  const img2 = vga.renderRgba(VGA_FONT_8X16);
  const p2 = (x: number, y: number) => [...img2.rgba.subarray((y * 720 + x) * 4, (y * 720 + x) * 4 + 3)];
  expect(p2(9 + 8, 5)).toEqual([0, 0, 170]); // 9th column of "A": background blue
  host.ports.out8(0x3c4, 1); host.ports.out8(0x3c5, 0x01); // 8-dot clocking
  expect(vga.renderRgba(VGA_FONT_8X16).width).toBe(640);
});

test("VgaText renders the cursor lines in the cell's foreground colour", () => {
  const { vga, put, host, crtc } = setup();
  host.memory.fill(0xb8000, 4000, 0);
  put(0, 0, " ", 0x07);
  crtc(0x0a, 14); crtc(0x0b, 15); crtc(0x0e, 0); crtc(0x0f, 0);
  const img = vga.renderRgba(VGA_FONT_8X16);
  expect(img.rgba[(14 * 720 + 3) * 4]).toBe(170); // grey cursor line
  expect(img.rgba[(13 * 720 + 3) * 4]).toBe(0);
});

test("VgaText saveState()/loadState() round-trips registers and the DAC", () => {
  const { vga, crtc, host } = setup();
  crtc(0x0f, 42);
  host.ports.out8(0x3c8, 5); host.ports.out8(0x3c9, 1); host.ports.out8(0x3c9, 2); host.ports.out8(0x3c9, 3);
  const saved = JSON.parse(JSON.stringify(vga.saveState()));
  const h2 = makeHost();
  const v2 = new VgaText(h2);
  v2.loadState(saved);
  expect(v2.cursor().col).toBe(42);
  expect([...v2.dacRgb8().subarray(15, 18)]).toEqual([...vga.dacRgb8().subarray(15, 18)]);
});
