// VGA text-mode driver (thesis §3.5 "text-mode video" driver, Fig. 3.9 OutputDevice): an 80×25
// teletype over the text buffer at physical 0xB8000 with the hardware cursor moved through the
// CRTC (0x3D4/0x3D5), plus raw cell access for /dev/vga. The kernel log is mirrored to it (the
// thesis's setDefaultError(video)). Platform-neutral.
import type { PortBus } from "../../core/bus/port_bus.ts";
import type { PhysicalMemory } from "../../core/memory/physical.ts";
import type { OutputDevice } from "../io/char_device.ts";

const TEXT_BASE = 0xb8000;
const COLS = 80, ROWS = 25;
/** CRTC registers: cursor location high/low (VGA reference, CRT controller registers 0Eh/0Fh). */
const CRTC_INDEX = 0x3d4, CRTC_DATA = 0x3d5, CURSOR_HIGH = 0x0e, CURSOR_LOW = 0x0f;
/** Light grey on black. */
const ATTR = 0x07;

/** The text screen as an output device. */
export class VgaTextDriver implements OutputDevice {
  readonly name = "vga";
  private row = 0;
  private col = 0;

  constructor(private readonly ports: PortBus, private readonly memory: PhysicalMemory) {}

  /** Bytes in the text buffer (char, attribute pairs). */
  readonly size = COLS * ROWS * 2;

  isr(): void {}

  isReady(): boolean {
    return true;
  }

  /** Clears the screen and homes the cursor. */
  clear(): void {
    for (let i = 0; i < COLS * ROWS; i++) this.memory.write16(TEXT_BASE + i * 2, (ATTR << 8) | 0x20);
    this.row = this.col = 0;
    this.moveCursor();
  }

  private moveCursor(): void {
    const pos = this.row * COLS + this.col;
    this.ports.out8(CRTC_INDEX, CURSOR_HIGH);
    this.ports.out8(CRTC_DATA, pos >> 8);
    this.ports.out8(CRTC_INDEX, CURSOR_LOW);
    this.ports.out8(CRTC_DATA, pos & 0xff);
  }

  private scroll(): void {
    const mem = this.memory;
    for (let i = 0; i < COLS * (ROWS - 1); i++) mem.write16(TEXT_BASE + i * 2, mem.read16(TEXT_BASE + (i + COLS) * 2));
    for (let c = 0; c < COLS; c++) mem.write16(TEXT_BASE + ((ROWS - 1) * COLS + c) * 2, (ATTR << 8) | 0x20);
    this.row = ROWS - 1;
  }

  /** Teletype output: printable bytes, \n, \r, \b, \t. */
  write(bytes: Uint8Array): number {
    for (const b of bytes) {
      if (b === 10) { this.col = 0; this.row++; }
      else if (b === 13) this.col = 0;
      else if (b === 8) { if (this.col > 0) this.col--; }
      else if (b === 9) this.col = Math.min(COLS - 1, (this.col + 8) & ~7);
      else {
        this.memory.write16(TEXT_BASE + (this.row * COLS + this.col) * 2, (ATTR << 8) | b);
        if (++this.col === COLS) { this.col = 0; this.row++; }
      }
      if (this.row === ROWS) this.scroll();
    }
    this.moveCursor();
    return bytes.length;
  }

  print(text: string): void {
    this.write(new TextEncoder().encode(text));
  }

  /** Raw cells (/dev/vga read). */
  readCells(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, this.size - offset));
    return this.memory.readBytes(TEXT_BASE + offset, n);
  }

  /** Raw cells (/dev/vga write at an offset: char/attribute pairs). */
  writeCells(offset: number, data: Uint8Array): number {
    const n = Math.max(0, Math.min(data.length, this.size - offset));
    for (let i = 0; i < n; i++) this.memory.write8(TEXT_BASE + offset + i, data[i]);
    return n;
  }
}
