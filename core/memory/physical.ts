// Guest physical memory: RAM as one ArrayBuffer with 8/16/32-bit views, plus memory-mapped I/O
// regions above RAM (e.g. the linear framebuffer). Platform-neutral.
//
// Code tracking: the CPU caches decoded instructions per physical page. A page that holds cached
// code is marked in `codePages`; every write path below that lands on such a page calls
// `onCodeWrite(page)` so the CPU can drop stale translations (self-modifying code, exec of a new
// program into recycled frames). The CPU's TLB never grants fast writes to marked pages.

/** A memory-mapped device region [start, start+length). */
export interface MmioRegion {
  readonly start: number;
  readonly length: number;
  read8(offset: number): number;
  write8(offset: number, value: number): void;
  /** Optional wide accessors; fall back to byte accesses. */
  read32?(offset: number): number;
  write32?(offset: number, value: number): void;
}

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

/**
 * Physical memory of `size` bytes (a multiple of 4 KiB). Addresses are unsigned 32-bit numbers;
 * callers may pass them signed (`| 0`), every accessor normalises with `>>> 0`.
 */
export class PhysicalMemory {
  readonly size: number;
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  /** Float views for compiled x87 code (host byte order, as the integer views: little-endian hosts). */
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  /** One byte per RAM page: non-zero while the CPU holds decoded code from that page. */
  readonly codePages: Uint8Array;
  /** Set by the CPU: drop cached code of a page that is about to be written. */
  onCodeWrite: (page: number) => void = () => {};
  private readonly regions: MmioRegion[] = [];

  constructor(size: number) {
    if (size <= 0 || size % PAGE_SIZE !== 0 || size > 0xc000_0000) {
      throw new RangeError(`memory size ${size} must be a positive multiple of 4 KiB below 3 GiB`);
    }
    this.size = size;
    this.buffer = new ArrayBuffer(size);
    this.u8 = new Uint8Array(this.buffer);
    this.u16 = new Uint16Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.codePages = new Uint8Array(size >>> PAGE_SHIFT);
  }

  /** Maps a device region. Regions must lie above RAM and not overlap each other. */
  mapMmio(region: MmioRegion): void {
    if (region.start < this.size) throw new RangeError("MMIO region overlaps RAM");
    for (const r of this.regions) {
      if (region.start < r.start + r.length && r.start < region.start + region.length) {
        throw new RangeError("MMIO regions overlap");
      }
    }
    this.regions.push(region);
  }

  /** The MMIO region containing `addr`, if any. */
  mmioAt(addr: number): MmioRegion | undefined {
    const a = addr >>> 0;
    for (const r of this.regions) if (a >= r.start && a - r.start < r.length) return r;
    return undefined;
  }

  /** True if `addr` is backed by RAM. */
  isRam(addr: number): boolean {
    return (addr >>> 0) < this.size;
  }

  read8(addr: number): number {
    const a = addr >>> 0;
    if (a < this.size) return this.u8[a];
    const r = this.mmioAt(a);
    return r ? r.read8(a - r.start) & 0xff : 0xff;
  }

  read16(addr: number): number {
    const a = addr >>> 0;
    if (a + 1 < this.size) {
      return (a & 1) === 0 ? this.u16[a >>> 1] : this.u8[a] | (this.u8[a + 1] << 8);
    }
    return this.read8(a) | (this.read8(a + 1) << 8);
  }

  /** Reads 32 bits, returned as a signed int32. */
  read32(addr: number): number {
    const a = addr >>> 0;
    if (a + 3 < this.size) {
      if ((a & 3) === 0) return this.i32[a >>> 2];
      const m = this.u8;
      return m[a] | (m[a + 1] << 8) | (m[a + 2] << 16) | (m[a + 3] << 24);
    }
    const r = this.mmioAt(a);
    if (r && r.read32 && a - r.start + 3 < r.length) return r.read32(a - r.start) | 0;
    return this.read16(a) | (this.read16(a + 2) << 16);
  }

  write8(addr: number, value: number): void {
    const a = addr >>> 0;
    if (a < this.size) {
      if (this.codePages[a >>> PAGE_SHIFT]) this.onCodeWrite(a >>> PAGE_SHIFT);
      this.u8[a] = value;
      return;
    }
    const r = this.mmioAt(a);
    if (r) r.write8(a - r.start, value & 0xff);
  }

  write16(addr: number, value: number): void {
    const a = addr >>> 0;
    if (a + 1 < this.size && (a & 1) === 0) {
      if (this.codePages[a >>> PAGE_SHIFT]) this.onCodeWrite(a >>> PAGE_SHIFT);
      this.u16[a >>> 1] = value;
      return;
    }
    this.write8(a, value);
    this.write8(a + 1, value >>> 8);
  }

  write32(addr: number, value: number): void {
    const a = addr >>> 0;
    if (a + 3 < this.size && (a & 3) === 0) {
      if (this.codePages[a >>> PAGE_SHIFT]) this.onCodeWrite(a >>> PAGE_SHIFT);
      this.i32[a >>> 2] = value;
      return;
    }
    const r = a >= this.size ? this.mmioAt(a) : undefined;
    if (r && r.write32 && a - r.start + 3 < r.length) {
      r.write32(a - r.start, value);
      return;
    }
    this.write16(a, value);
    this.write16(a + 2, value >>> 16);
  }

  /** Copies `data` to physical `addr` (must be RAM), invalidating cached code it overwrites. */
  writeBytes(addr: number, data: Uint8Array): void {
    const a = addr >>> 0;
    if (a + data.length > this.size) throw new RangeError(`physical write past RAM at 0x${a.toString(16)}`);
    this.touchCode(a, data.length);
    this.u8.set(data, a);
  }

  /** Fills [addr, addr+length) of RAM with `value`, invalidating cached code it overwrites. */
  fill(addr: number, length: number, value = 0): void {
    const a = addr >>> 0;
    if (a + length > this.size) throw new RangeError(`physical fill past RAM at 0x${a.toString(16)}`);
    this.touchCode(a, length);
    this.u8.fill(value, a, a + length);
  }

  /** Returns a copy of [addr, addr+length) (RAM or MMIO). */
  readBytes(addr: number, length: number): Uint8Array {
    const a = addr >>> 0;
    if (a + length <= this.size) return this.u8.slice(a, a + length);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.read8(a + i);
    return out;
  }

  /** Signals that [addr, addr+length) is about to change by a path that bypasses write8/16/32. */
  touchCode(addr: number, length: number): void {
    if (length <= 0) return;
    const first = addr >>> PAGE_SHIFT;
    const last = (addr + length - 1) >>> PAGE_SHIFT;
    for (let p = first; p <= last && p < this.codePages.length; p++) {
      if (this.codePages[p]) this.onCodeWrite(p);
    }
  }
}
