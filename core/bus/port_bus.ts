// The I/O port space (IN/OUT): 64 Ki byte-wide ports, each with optional 8/16/32-bit handlers.
// Platform-neutral (no Bun/Node APIs). Unclaimed ports read as all-ones, like an ISA bus (v86 io.js).

/** Reads a port of one width; returns the value zero-extended. */
export type PortReader = (port: number) => number;
/** Writes a port of one width. */
export type PortWriter = (port: number, value: number) => void;

/** Called when the CPU touches a port nobody claimed (the kernel or CLI may log it). */
export type PortMissHandler = (port: number, size: 1 | 2 | 4, write: boolean, value: number) => void;

/**
 * The port bus. Devices register handlers for the ports they own; a 16/32-bit access to a port
 * with only an 8-bit handler is split into byte accesses on consecutive ports, as the ISA bus does.
 */
export class PortBus {
  private readonly read8s: (PortReader | undefined)[] = new Array(0x10000);
  private readonly read16s: (PortReader | undefined)[] = new Array(0x10000);
  private readonly read32s: (PortReader | undefined)[] = new Array(0x10000);
  private readonly write8s: (PortWriter | undefined)[] = new Array(0x10000);
  private readonly write16s: (PortWriter | undefined)[] = new Array(0x10000);
  private readonly write32s: (PortWriter | undefined)[] = new Array(0x10000);
  /** Optional observer for accesses to unclaimed ports. */
  onMiss: PortMissHandler | undefined;

  /** Claims `port` for the given handlers (any may be omitted). Throws if a width is already claimed. */
  register(
    port: number,
    handlers: {
      read8?: PortReader; read16?: PortReader; read32?: PortReader;
      write8?: PortWriter; write16?: PortWriter; write32?: PortWriter;
    },
  ): void {
    const p = port & 0xffff;
    const claim = <T>(table: (T | undefined)[], h: T | undefined, what: string) => {
      if (!h) return;
      if (table[p]) throw new Error(`port 0x${p.toString(16)} ${what} is already claimed`);
      table[p] = h;
    };
    claim(this.read8s, handlers.read8, "read8");
    claim(this.read16s, handlers.read16, "read16");
    claim(this.read32s, handlers.read32, "read32");
    claim(this.write8s, handlers.write8, "write8");
    claim(this.write16s, handlers.write16, "write16");
    claim(this.write32s, handlers.write32, "write32");
  }

  /** Claims `count` consecutive byte ports starting at `base` with one reader/writer pair. */
  registerRange(base: number, count: number, read8?: PortReader, write8?: PortWriter): void {
    for (let i = 0; i < count; i++) this.register(base + i, { read8, write8 });
  }

  /** True if any handler owns `port`. */
  isClaimed(port: number): boolean {
    const p = port & 0xffff;
    return !!(this.read8s[p] || this.write8s[p] || this.read16s[p] || this.write16s[p] ||
      this.read32s[p] || this.write32s[p]);
  }

  in8(port: number): number {
    const h = this.read8s[port & 0xffff];
    if (h) return h(port & 0xffff) & 0xff;
    this.onMiss?.(port & 0xffff, 1, false, 0);
    return 0xff;
  }

  in16(port: number): number {
    const h = this.read16s[port & 0xffff];
    if (h) return h(port & 0xffff) & 0xffff;
    if (this.read8s[port & 0xffff] || this.read8s[(port + 1) & 0xffff]) {
      return this.in8(port) | (this.in8(port + 1) << 8);
    }
    this.onMiss?.(port & 0xffff, 2, false, 0);
    return 0xffff;
  }

  in32(port: number): number {
    const h = this.read32s[port & 0xffff];
    if (h) return h(port & 0xffff) >>> 0;
    if (this.read16s[port & 0xffff] || this.read8s[port & 0xffff]) {
      return (this.in16(port) | (this.in16(port + 2) << 16)) >>> 0;
    }
    this.onMiss?.(port & 0xffff, 4, false, 0);
    return 0xffffffff;
  }

  out8(port: number, value: number): void {
    const h = this.write8s[port & 0xffff];
    if (h) h(port & 0xffff, value & 0xff);
    else this.onMiss?.(port & 0xffff, 1, true, value & 0xff);
  }

  out16(port: number, value: number): void {
    const h = this.write16s[port & 0xffff];
    if (h) h(port & 0xffff, value & 0xffff);
    else if (this.write8s[port & 0xffff] || this.write8s[(port + 1) & 0xffff]) {
      this.out8(port, value);
      this.out8(port + 1, value >>> 8);
    } else this.onMiss?.(port & 0xffff, 2, true, value & 0xffff);
  }

  out32(port: number, value: number): void {
    const h = this.write32s[port & 0xffff];
    if (h) h(port & 0xffff, value >>> 0);
    else if (this.write16s[port & 0xffff] || this.write8s[port & 0xffff]) {
      this.out16(port, value);
      this.out16(port + 2, value >>> 16);
    } else this.onMiss?.(port & 0xffff, 4, true, value >>> 0);
  }
}
