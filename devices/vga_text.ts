// VGA in 80×25 colour text mode: the text buffer is ordinary RAM at 0xB8000; this chip holds the
// CRTC, sequencer, graphics, attribute and DAC registers (0x3C0–0x3CF, 0x3D4/0x3D5, 0x3DA) and renders.
// Sources: IBM VGA Technical Reference (register sets, BIOS mode 3 defaults); FreeVGA. Platform-neutral.

import type { Device, DeviceHost, DeviceState } from "./device.ts";
import { cp437ToString } from "./cp437.ts";
import { bytesFrom } from "./_state.ts";

/** VGA I/O ports (IBM VGA Technical Reference; colour addressing). */
export const VgaPorts = {
  attribute: 0x3c0, attributeRead: 0x3c1, miscWrite: 0x3c2, sequencerIndex: 0x3c4, sequencerData: 0x3c5,
  dacMask: 0x3c6, dacReadIndex: 0x3c7, dacWriteIndex: 0x3c8, dacData: 0x3c9, featureRead: 0x3ca,
  miscRead: 0x3cc, graphicsIndex: 0x3ce, graphicsData: 0x3cf, crtcIndex: 0x3d4, crtcData: 0x3d5,
  inputStatus1: 0x3da,
} as const;

/** CRTC register indexes used here (IBM VGA Technical Reference, CRT controller registers). */
export const Crtc = { maxScanLine: 0x09, cursorStart: 0x0a, cursorEnd: 0x0b, startHigh: 0x0c, startLow: 0x0d,
  cursorHigh: 0x0e, cursorLow: 0x0f } as const;

/** Physical address of the colour text buffer. */
export const TEXT_BUFFER = 0xb8000;
export const TEXT_COLS = 80;
export const TEXT_ROWS = 25;
const GLYPH_HEIGHT = 16;

// BIOS mode 3 register values (IBM VGA Technical Reference, video parameter table for mode 3+).
const MODE3_CRTC = [0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00,
  0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff];
const MODE3_SEQ = [0x03, 0x00, 0x03, 0x00, 0x02];
const MODE3_GC = [0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff];
const MODE3_ATTR = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
  0x0c, 0x00, 0x0f, 0x08, 0x00];
const MODE3_MISC = 0x67;

/** The text screen as raw cells (CP437 characters and attribute bytes), row-major. */
export interface TextCells { cols: number; rows: number; chars: Uint8Array; attrs: Uint8Array }

/** An RGBA image (4 bytes per pixel, row-major). */
export interface RgbaImage { width: number; height: number; rgba: Uint8Array }

/** The VGA text-mode adapter. */
export class VgaText implements Device {
  readonly name = "vga";
  private crtc = new Uint8Array(0x19);
  private seq = new Uint8Array(5);
  private gc = new Uint8Array(9);
  private attr = new Uint8Array(0x15);
  /** 256 entries × (r, g, b), 6 bits each. */
  private dac = new Uint8Array(768);
  private misc = 0; private crtcIndex = 0; private seqIndex = 0; private gcIndex = 0; private attrIndex = 0;
  private attrFlip = false; private dacMask = 0xff; private dacRead = 0; private dacWrite = 0;
  private dacReading = false; private retrace = false;

  constructor(private readonly host: DeviceHost) {
    this.reset();
    const reg = (port: number, read8?: () => number, write8?: (v: number) => void) =>
      host.ports.register(port, { read8, write8: write8 && ((_p, v) => write8(v)) });
    reg(VgaPorts.attribute, () => this.attrIndex, (v) => this.writeAttribute(v));
    reg(VgaPorts.attributeRead, () => this.attr[this.attrIndex & 0x1f] ?? 0);
    reg(VgaPorts.miscWrite, () => 0x10, (v) => { this.misc = v; });
    reg(VgaPorts.sequencerIndex, () => this.seqIndex, (v) => { this.seqIndex = v; });
    reg(VgaPorts.sequencerData, () => this.seq[this.seqIndex] ?? 0, (v) => { if (this.seqIndex < 5) this.seq[this.seqIndex] = v; });
    reg(VgaPorts.dacMask, () => this.dacMask, (v) => { this.dacMask = v; });
    reg(VgaPorts.dacReadIndex, () => (this.dacReading ? 3 : 0), (v) => { this.dacRead = v * 3; this.dacReading = true; });
    reg(VgaPorts.dacWriteIndex, () => this.dacWrite / 3 | 0, (v) => { this.dacWrite = v * 3; this.dacReading = false; });
    reg(VgaPorts.dacData, () => this.readDac(), (v) => this.writeDac(v));
    reg(VgaPorts.featureRead, () => 0);
    reg(VgaPorts.miscRead, () => this.misc);
    reg(VgaPorts.graphicsIndex, () => this.gcIndex, (v) => { this.gcIndex = v; });
    reg(VgaPorts.graphicsData, () => this.gc[this.gcIndex] ?? 0, (v) => { if (this.gcIndex < 9) this.gc[this.gcIndex] = v; });
    reg(VgaPorts.crtcIndex, () => this.crtcIndex, (v) => { this.crtcIndex = v; });
    reg(VgaPorts.crtcData, () => this.crtc[this.crtcIndex] ?? 0, (v) => { if (this.crtcIndex < 0x19) this.crtc[this.crtcIndex] = v; });
    reg(VgaPorts.inputStatus1, () => this.readInputStatus(), () => {});
  }

  reset(): void {
    this.crtc.set(MODE3_CRTC); this.seq.set(MODE3_SEQ); this.gc.set(MODE3_GC); this.attr.set(MODE3_ATTR);
    this.misc = MODE3_MISC;
    this.crtcIndex = this.seqIndex = this.gcIndex = this.attrIndex = this.dacRead = this.dacWrite = 0;
    this.attrFlip = this.dacReading = this.retrace = false;
    this.dacMask = 0xff;
    // The BIOS loads the EGA-compatible 64-colour palette into DAC 0–63 (bits: 0 b, 1 g, 2 r, 3 b', 4 g', 5 r').
    this.dac.fill(0);
    for (let i = 0; i < 64; i++) {
      this.dac[i * 3] = (i & 4 ? 42 : 0) + (i & 32 ? 21 : 0);
      this.dac[i * 3 + 1] = (i & 2 ? 42 : 0) + (i & 16 ? 21 : 0);
      this.dac[i * 3 + 2] = (i & 1 ? 42 : 0) + (i & 8 ? 21 : 0);
    }
  }

  /** Port 0x3DA: reading resets the attribute flip-flop; the retrace bits toggle so polling loops end. */
  private readInputStatus(): number {
    this.attrFlip = false;
    this.retrace = !this.retrace;
    return this.retrace ? 0x09 : 0x00; // bit 3 vertical retrace, bit 0 display disabled
  }

  private writeAttribute(v: number): void {
    if (!this.attrFlip) this.attrIndex = v & 0x3f; // bit 5 (PAS) is kept with the index
    else if ((this.attrIndex & 0x1f) < 0x15) this.attr[this.attrIndex & 0x1f] = v;
    this.attrFlip = !this.attrFlip;
  }

  private readDac(): number {
    const v = this.dac[this.dacRead % 768];
    this.dacRead = (this.dacRead + 1) % 768;
    return v;
  }

  private writeDac(v: number): void {
    this.dac[this.dacWrite % 768] = v & 0x3f;
    this.dacWrite = (this.dacWrite + 1) % 768;
  }

  /** Display start, in character cells from the start of the text buffer (CRTC 0x0C/0x0D). */
  private startCell(): number {
    return (this.crtc[Crtc.startHigh] << 8) | this.crtc[Crtc.startLow];
  }

  /** The 80×25 cells currently displayed. */
  cells(): TextCells {
    const n = TEXT_COLS * TEXT_ROWS;
    const chars = new Uint8Array(n);
    const attrs = new Uint8Array(n);
    const mem = this.host.memory;
    const start = this.startCell();
    for (let i = 0; i < n; i++) {
      const addr = TEXT_BUFFER + (((start + i) * 2) & 0x7fff); // the 32 KiB window wraps
      if (addr + 1 < mem.size) {
        chars[i] = mem.u8[addr];
        attrs[i] = mem.u8[addr + 1];
      }
    }
    return { cols: TEXT_COLS, rows: TEXT_ROWS, chars, attrs };
  }

  /** The screen as 25 strings (CP437 shown as Unicode), trailing spaces trimmed. */
  screenText(): string[] {
    const { chars } = this.cells();
    const lines: string[] = [];
    for (let r = 0; r < TEXT_ROWS; r++) {
      lines.push(cp437ToString(chars.subarray(r * TEXT_COLS, (r + 1) * TEXT_COLS)).replace(/ +$/, ""));
    }
    return lines;
  }

  /** Hardware cursor position (CRTC 0x0E/0x0F relative to the display start) and visibility. */
  cursor(): { row: number; col: number; visible: boolean } {
    const pos = ((this.crtc[Crtc.cursorHigh] << 8) | this.crtc[Crtc.cursorLow]) - this.startCell();
    const row = Math.floor(pos / TEXT_COLS);
    const col = pos - row * TEXT_COLS;
    const disabled = !!(this.crtc[Crtc.cursorStart] & 0x20);
    return { row, col, visible: !disabled && pos >= 0 && row < TEXT_ROWS };
  }

  /** The DAC palette as 256 × (r, g, b) 8-bit values, masked by the pel mask (for 8-bpp framebuffers too). */
  dacRgb8(): Uint8Array {
    const out = new Uint8Array(768);
    for (let i = 0; i < 256; i++) {
      const e = (i & this.dacMask) * 3;
      for (let c = 0; c < 3; c++) out[i * 3 + c] = (this.dac[e + c] << 2) | (this.dac[e + c] >> 4);
    }
    return out;
  }

  /**
   * Renders the screen with `font` (256 glyphs × 16 bytes). 9-dot characters (sequencer clocking
   * bit 0 clear, the mode 3 default) give 720 pixels; line-graphics characters 0xC0–0xDF repeat their
   * 8th column when the attribute mode's LGE bit is set. Blink is shown steady.
   */
  renderRgba(font: Uint8Array): RgbaImage {
    const dotWidth = this.seq[1] & 1 ? 8 : 9;
    const width = TEXT_COLS * dotWidth;
    const height = TEXT_ROWS * GLYPH_HEIGHT;
    const rgba = new Uint8Array(width * height * 4);
    const dac = this.dacRgb8();
    const mode = this.attr[0x10];
    const lineGraphics = !!(mode & 0x04);
    const blinkMode = !!(mode & 0x08);
    const colourHigh = (this.attr[0x14] & 0x0c) << 4;
    const colour = (index: number) => ((this.attr[index] & 0x3f) | colourHigh) * 3;
    const { chars, attrs } = this.cells();
    const cur = this.cursor();
    const curStart = this.crtc[Crtc.cursorStart] & 0x1f;
    const curEnd = this.crtc[Crtc.cursorEnd] & 0x1f;
    for (let cell = 0; cell < chars.length; cell++) {
      const row = Math.floor(cell / TEXT_COLS), col = cell % TEXT_COLS;
      const ch = chars[cell], a = attrs[cell];
      const fg = colour(a & 0x0f);
      const bg = colour(blinkMode ? (a >> 4) & 7 : a >> 4);
      const hasCursor = cur.visible && cur.row === row && cur.col === col;
      for (let y = 0; y < GLYPH_HEIGHT; y++) {
        let bits = font[ch * 16 + y] ?? 0;
        if (hasCursor && y >= curStart && y <= curEnd) bits = 0xff;
        const ninth = dotWidth === 9 && (hasCursor && y >= curStart && y <= curEnd ||
          (lineGraphics && ch >= 0xc0 && ch <= 0xdf && (bits & 1)));
        let p = ((row * GLYPH_HEIGHT + y) * width + col * dotWidth) * 4;
        for (let x = 0; x < dotWidth; x++, p += 4) {
          const on = x < 8 ? (bits >> (7 - x)) & 1 : ninth;
          const c = on ? fg : bg;
          rgba[p] = dac[c]; rgba[p + 1] = dac[c + 1]; rgba[p + 2] = dac[c + 2]; rgba[p + 3] = 255;
        }
      }
    }
    return { width, height, rgba };
  }

  saveState(): DeviceState {
    return {
      crtc: this.crtc.slice(), seq: this.seq.slice(), gc: this.gc.slice(), attr: this.attr.slice(), dac: this.dac.slice(),
      misc: this.misc, crtcIndex: this.crtcIndex, seqIndex: this.seqIndex, gcIndex: this.gcIndex,
      attrIndex: this.attrIndex, attrFlip: this.attrFlip, dacMask: this.dacMask, dacRead: this.dacRead,
      dacWrite: this.dacWrite, dacReading: this.dacReading, retrace: this.retrace,
    };
  }

  loadState(s: DeviceState): void {
    for (const k of ["crtc", "seq", "gc", "attr", "dac"] as const) this[k].set(bytesFrom(s[k]));
    Object.assign(this, {
      misc: s.misc, crtcIndex: s.crtcIndex, seqIndex: s.seqIndex, gcIndex: s.gcIndex, attrIndex: s.attrIndex,
      attrFlip: s.attrFlip, dacMask: s.dacMask, dacRead: s.dacRead, dacWrite: s.dacWrite, dacReading: s.dacReading,
      retrace: s.retrace,
    });
  }

  describe(): string {
    const c = this.cursor();
    return `vga: text 80x25 at 0x${TEXT_BUFFER.toString(16)}, start ${this.startCell()}, cursor ${c.row},${c.col}` +
      (c.visible ? "" : " (hidden)");
  }
}
