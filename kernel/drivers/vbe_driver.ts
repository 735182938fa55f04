// Bochs VBE framebuffer driver (thesis §3.5 "VESA" driver): sets a linear-framebuffer mode through
// the DISPI index/data ports (0x1CE/0x1CF) and reads/writes pixels through the LFB's physical
// memory window, like a real driver — it never touches the device object. Backs /dev/fb0.
// Platform-neutral.
import type { PortBus } from "../../core/bus/port_bus.ts";
import type { PhysicalMemory } from "../../core/memory/physical.ts";
import { fail } from "../linux/errno.ts";

/** DISPI registers (Bochs vbe.h). */
const Dispi = { Id: 0, XRes: 1, YRes: 2, Bpp: 3, Enable: 4, VirtWidth: 6, VirtHeight: 7 } as const;
const ENABLED = 0x01, LFB_ENABLED = 0x40;
const INDEX_PORT = 0x1ce, DATA_PORT = 0x1cf;
/** Where the emulated VBE device puts its linear framebuffer. */
export const LFB_BASE = 0xe0000000;

/** A framebuffer mode. */
export interface FbMode {
  width: number;
  height: number;
  bpp: number;
}

/** The VBE framebuffer driver. */
export class VbeDriver {
  mode: FbMode | undefined;

  constructor(private readonly ports: PortBus, private readonly memory: PhysicalMemory, private readonly base = LFB_BASE) {}

  private write(reg: number, value: number): void {
    this.ports.out16(INDEX_PORT, reg);
    this.ports.out16(DATA_PORT, value);
  }

  private read(reg: number): number {
    this.ports.out16(INDEX_PORT, reg);
    return this.ports.in16(DATA_PORT);
  }

  /** True if a Bochs VBE adapter answers the ID register (0xB0C0–0xB0C5). */
  probe(): boolean {
    const id = this.read(Dispi.Id);
    return id >= 0xb0c0 && id <= 0xb0c5;
  }

  /** Programs a mode (disable, set geometry, enable with the LFB). */
  setMode(mode: FbMode): void {
    this.write(Dispi.Enable, 0);
    this.write(Dispi.XRes, mode.width);
    this.write(Dispi.YRes, mode.height);
    this.write(Dispi.Bpp, mode.bpp);
    this.write(Dispi.VirtWidth, mode.width);
    this.write(Dispi.VirtHeight, mode.height);
    this.write(Dispi.Enable, ENABLED | LFB_ENABLED);
    this.mode = mode;
  }

  /** Bytes in the visible framebuffer. */
  get size(): number {
    const m = this.mode;
    return m ? (m.width * m.height * m.bpp) / 8 : 0;
  }

  /** Reads framebuffer bytes [offset, offset+length) through the LFB window. */
  readBytes(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, this.size - offset));
    return this.memory.readBytes(this.base + offset, n);
  }

  /** Writes framebuffer bytes through the LFB window (32-bit stores where aligned); ENOSPC past the end. */
  writeBytes(offset: number, data: Uint8Array): number {
    if (offset >= this.size) fail("ENOSPC");
    const n = Math.min(data.length, this.size - offset);
    let i = 0;
    const mem = this.memory, base = this.base + offset;
    for (; i < n && ((base + i) & 3); i++) mem.write8(base + i, data[i]);
    for (; i + 4 <= n; i += 4) mem.write32(base + i, data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    for (; i < n; i++) mem.write8(base + i, data[i]);
    return n;
  }
}
