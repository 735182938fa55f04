// Bochs VBE "DISPI" display interface (index 0x1CE, data 0x1CF) with a linear framebuffer mapped
// as MMIO at 0xE0000000 (16 MiB), as QEMU's std VGA and Bochs provide. Platform-neutral.
// Sources: Bochs iodev/vga.h + docs (VBE_DISPI_* registers); QEMU hw/display/vga.c vbe_ioport_write_data.

import type { Device, DeviceHost, DeviceState } from "./device.ts";
import type { RgbaImage } from "./vga_text.ts";
import { bytesFrom } from "./_state.ts";

/** DISPI I/O ports (Bochs vga.h: VBE_DISPI_IOPORT_INDEX/DATA). */
export const VbePorts = { index: 0x1ce, data: 0x1cf } as const;

/** DISPI register indexes (Bochs vga.h VBE_DISPI_INDEX_*). */
export const VbeIndex = {
  id: 0x0, xres: 0x1, yres: 0x2, bpp: 0x3, enable: 0x4, bank: 0x5, virtWidth: 0x6, virtHeight: 0x7,
  xOffset: 0x8, yOffset: 0x9, videoMemory64k: 0xa,
} as const;

/** ENABLE register bits (Bochs vga.h VBE_DISPI_*). */
export const VbeEnable = { enabled: 0x01, getCaps: 0x02, dac8Bit: 0x20, lfbEnabled: 0x40, noClearMem: 0x80 } as const;

/** Interface versions a guest may negotiate by writing ID (VBE_DISPI_ID0..ID5). */
export const VBE_ID0 = 0xb0c0;
export const VBE_ID5 = 0xb0c5;
/** Maximum mode: 2560×1600×32 is the largest that fits 16 MiB. */
const MAX_XRES = 2560;
const MAX_YRES = 1600;
const BPPS = [8, 15, 16, 24, 32];

/** Options: where the LFB goes and how 8-bpp colours are looked up (the VGA DAC). */
export interface FramebufferOptions {
  /** Physical base of the LFB; default 0xE0000000 (QEMU/Bochs PCI BAR default). */
  base?: number;
  /** Video memory in bytes; default 16 MiB. */
  size?: number;
  /** 256 × (r, g, b) 8-bit palette for 8 bpp, e.g. () => vga.dacRgb8(); grey ramp if absent. */
  palette?: () => Uint8Array;
}

/** The DISPI registers plus video memory. `vram` is the LFB contents, readable by the host. */
export class Framebuffer implements Device {
  readonly name = "vbe";
  readonly base: number;
  readonly vram: Uint8Array;
  private regs = new Uint16Array(11);
  private index = 0;

  constructor(private readonly host: DeviceHost, private readonly opts: FramebufferOptions = {}) {
    this.base = opts.base ?? 0xe000_0000;
    this.vram = new Uint8Array(opts.size ?? 16 << 20);
    const vram = this.vram;
    const view = new DataView(vram.buffer);
    host.ports.register(VbePorts.index, { read16: () => this.index, write16: (_p, v) => { this.index = v; } });
    host.ports.register(VbePorts.data, { read16: () => this.read(this.index), write16: (_p, v) => this.write(this.index, v) });
    host.memory.mapMmio({
      start: this.base,
      length: vram.length,
      read8: (o) => vram[o],
      write8: (o, v) => { vram[o] = v; },
      read32: (o) => view.getInt32(o, true),
      write32: (o, v) => view.setInt32(o, v, true),
    });
    this.reset();
  }

  reset(): void {
    this.regs.fill(0);
    this.regs[VbeIndex.id] = VBE_ID5;
    this.regs[VbeIndex.xres] = 640;
    this.regs[VbeIndex.yres] = 480;
    this.regs[VbeIndex.bpp] = 8;
    this.regs[VbeIndex.videoMemory64k] = this.vram.length >>> 16;
    this.index = 0;
  }

  /** True when the guest has enabled a DISPI mode. */
  get enabled(): boolean {
    return !!(this.regs[VbeIndex.enable] & VbeEnable.enabled);
  }

  /** The current mode, for the monitor and the display front end. */
  mode(): { width: number; height: number; bpp: number; enabled: boolean; lfb: boolean } {
    const r = this.regs;
    return { width: r[VbeIndex.xres], height: r[VbeIndex.yres], bpp: r[VbeIndex.bpp], enabled: this.enabled,
      lfb: !!(r[VbeIndex.enable] & VbeEnable.lfbEnabled) };
  }

  private read(index: number): number {
    const r = this.regs;
    if (r[VbeIndex.enable] & VbeEnable.getCaps) {
      // With GETCAPS set, the geometry registers report the maximums instead (Bochs vga.cc).
      if (index === VbeIndex.xres) return MAX_XRES;
      if (index === VbeIndex.yres) return MAX_YRES;
      if (index === VbeIndex.bpp) return 32;
    }
    return index < r.length ? r[index] : 0;
  }

  private write(index: number, v: number): void {
    const r = this.regs;
    switch (index) {
      case VbeIndex.id:
        if (v >= VBE_ID0 && v <= VBE_ID5) r[index] = v;
        break;
      case VbeIndex.xres: case VbeIndex.yres: case VbeIndex.bpp: case VbeIndex.bank:
        // Geometry cannot change while a mode is enabled (QEMU ignores such writes too).
        if (index === VbeIndex.bank || !this.enabled) r[index] = v;
        break;
      case VbeIndex.enable: this.setEnable(v); break;
      case VbeIndex.virtWidth: r[index] = v; this.clampVirtual(); break;
      case VbeIndex.xOffset: case VbeIndex.yOffset: r[index] = v; break;
      default: break; // VIRT_HEIGHT is derived; VIDEO_MEMORY_64K is read-only
    }
  }

  private setEnable(v: number): void {
    const r = this.regs;
    const was = this.enabled;
    if (v & VbeEnable.enabled && !was) {
      const bpp = r[VbeIndex.bpp] === 0 ? 8 : r[VbeIndex.bpp];
      if (!BPPS.includes(bpp) || r[VbeIndex.xres] === 0 || r[VbeIndex.yres] === 0 ||
        r[VbeIndex.xres] > MAX_XRES || r[VbeIndex.yres] > MAX_YRES ||
        r[VbeIndex.xres] * r[VbeIndex.yres] * Math.ceil(bpp / 8) > this.vram.length) {
        r[VbeIndex.enable] = v & ~VbeEnable.enabled; // an impossible mode is refused, not half-set
        return;
      }
      r[VbeIndex.bpp] = bpp;
      r[VbeIndex.virtWidth] = r[VbeIndex.xres];
      r[VbeIndex.xOffset] = r[VbeIndex.yOffset] = 0;
      this.clampVirtual();
      if (!(v & VbeEnable.noClearMem)) this.vram.fill(0);
    }
    r[VbeIndex.enable] = v;
    this.host.events.emit("vbe.mode", this.mode());
  }

  /** VIRT_HEIGHT follows from the virtual width and the memory size. */
  private clampVirtual(): void {
    const r = this.regs;
    if (r[VbeIndex.virtWidth] < r[VbeIndex.xres]) r[VbeIndex.virtWidth] = r[VbeIndex.xres];
    const lineBytes = r[VbeIndex.virtWidth] * this.bytesPerPixel();
    r[VbeIndex.virtHeight] = lineBytes ? Math.min(0xffff, Math.floor(this.vram.length / lineBytes)) : 0;
  }

  private bytesPerPixel(): number {
    return Math.ceil((this.regs[VbeIndex.bpp] || 8) / 8);
  }

  /** The visible picture when a mode is enabled (honouring X/Y offsets), else undefined. */
  renderRgba(): RgbaImage | undefined {
    if (!this.enabled) return undefined;
    const r = this.regs;
    const width = r[VbeIndex.xres], height = r[VbeIndex.yres], bpp = r[VbeIndex.bpp];
    const bytes = this.bytesPerPixel();
    const pitch = r[VbeIndex.virtWidth] * bytes;
    const origin = r[VbeIndex.yOffset] * pitch + r[VbeIndex.xOffset] * bytes;
    const palette = bpp === 8 ? this.opts.palette?.() ?? greyRamp() : undefined;
    const m = this.vram;
    const rgba = new Uint8Array(width * height * 4);
    let q = 0;
    for (let y = 0; y < height; y++) {
      let p = origin + y * pitch;
      for (let x = 0; x < width; x++, p += bytes, q += 4) {
        let red = 0, green = 0, blue = 0;
        if (p + bytes <= m.length) {
          if (bpp === 8) {
            const c = m[p] * 3;
            red = palette![c]; green = palette![c + 1]; blue = palette![c + 2];
          } else if (bpp === 15 || bpp === 16) {
            const w = m[p] | (m[p + 1] << 8);
            const g6 = bpp === 16 ? (w >> 5) & 63 : ((w >> 5) & 31) << 1;
            red = ((w >> (bpp === 16 ? 11 : 10)) & 31) * 255 / 31 | 0;
            green = g6 * 255 / 63 | 0;
            blue = (w & 31) * 255 / 31 | 0;
          } else { // 24 and 32 bpp store blue, green, red (and an unused byte)
            blue = m[p]; green = m[p + 1]; red = m[p + 2];
          }
        }
        rgba[q] = red; rgba[q + 1] = green; rgba[q + 2] = blue; rgba[q + 3] = 255;
      }
    }
    return { width, height, rgba };
  }

  saveState(): DeviceState {
    return { regs: [...this.regs], index: this.index, vram: this.vram.slice() };
  }

  loadState(s: DeviceState): void {
    this.regs.set(s.regs as number[]);
    this.index = s.index as number;
    this.vram.set(bytesFrom(s.vram));
  }

  describe(): string {
    const m = this.mode();
    return `vbe: ${m.enabled ? `${m.width}x${m.height}x${m.bpp}` : "disabled"}, LFB 0x${this.base.toString(16)} ` +
      `(${this.vram.length >>> 20} MiB)`;
  }
}

function greyRamp(): Uint8Array {
  const p = new Uint8Array(768);
  for (let i = 0; i < 768; i++) p[i] = Math.floor(i / 3);
  return p;
}
