// A VBE framebuffer driver for the CHIP-8 supervisor VM (thesis §3.5's "VESA" driver): sets a
// Bochs DISPI 8-bpp mode through ports 0x1CE/0x1CF, loads two palette entries through the VGA DAC
// ports, and draws the 64×32 CHIP-8 screen scaled up into the linear framebuffer with MMIO writes,
// touching only the CHIP-8 pixels that changed. Sources: Bochs vga.h (VBE_DISPI_*), IBM VGA
// Technical Reference (DAC write index 0x3C8, data 0x3C9). Platform-neutral.
import type { PortBus } from "../../core/bus/port_bus.ts";
import type { PhysicalMemory } from "../../core/memory/physical.ts";
import { CHIP8_HEIGHT, CHIP8_WIDTH } from "./chip8_cpu.ts";

/** DISPI registers and bits used (Bochs vga.h). */
const Dispi = { indexPort: 0x1ce, dataPort: 0x1cf, xres: 1, yres: 2, bpp: 3, enable: 4, enabled: 0x01, lfb: 0x40 } as const;
/** VGA DAC ports (IBM VGA Technical Reference). */
const Dac = { writeIndex: 0x3c8, data: 0x3c9 } as const;
/** Physical address of the linear framebuffer (QEMU/Bochs default BAR; devices/framebuffer.ts). */
export const LFB_BASE = 0xe000_0000;
/** Each CHIP-8 pixel becomes SCALE × SCALE framebuffer pixels: 64×32 → 512×256. */
export const SCALE = 8;

/** Palette as 6-bit DAC values: index 0 = background, 1 = lit pixel (a green phosphor look). */
const PALETTE = [[0x02, 0x05, 0x02], [0x14, 0x3f, 0x18]] as const;

/** The display driver. */
export class VbeDisplay {
  readonly width = CHIP8_WIDTH * SCALE;
  readonly height = CHIP8_HEIGHT * SCALE;
  /** What the framebuffer shows now, one byte per CHIP-8 pixel (-1 = unknown, forces a redraw). */
  private shown = new Int8Array(CHIP8_WIDTH * CHIP8_HEIGHT).fill(-1);
  /** MMIO writes issued so far (for the run report). */
  writes = 0;

  constructor(private readonly ports: PortBus, private readonly memory: PhysicalMemory) {}

  /** Programs the mode and the palette, as a driver's init routine does. */
  init(): void {
    const set = (index: number, value: number) => {
      this.ports.out16(Dispi.indexPort, index);
      this.ports.out16(Dispi.dataPort, value);
    };
    set(Dispi.enable, 0);
    set(Dispi.xres, this.width);
    set(Dispi.yres, this.height);
    set(Dispi.bpp, 8);
    set(Dispi.enable, Dispi.enabled | Dispi.lfb);
    this.ports.out8(Dac.writeIndex, 0);
    for (const rgb of PALETTE) for (const c of rgb) this.ports.out8(Dac.data, c);
    this.shown.fill(-1);
  }

  /** Draws every CHIP-8 pixel that differs from what the framebuffer shows. */
  present(display: Uint8Array): void {
    const mem = this.memory;
    for (let p = 0; p < display.length; p++) {
      const on = display[p];
      if (this.shown[p] === on) continue;
      this.shown[p] = on;
      const x = p % CHIP8_WIDTH, y = (p / CHIP8_WIDTH) | 0;
      const word = on ? 0x01010101 : 0; // four 8-bpp pixels of palette index 0 or 1
      let addr = LFB_BASE + (y * SCALE * this.width + x * SCALE);
      for (let row = 0; row < SCALE; row++, addr += this.width) {
        for (let col = 0; col < SCALE; col += 4) mem.write32(addr + col, word);
        this.writes += SCALE / 4;
      }
    }
  }
}
