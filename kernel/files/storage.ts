// Storage: the physical file layer of §3.3 — a byte-addressed cursor (seek/read/write/shift/flush)
// over a BlockDevice, with a small LRU cache of blocks. Platform-neutral.
import { fail } from "../linux/errno.ts";
import type { BlockDevice } from "./block_device.ts";

/** Options of a Storage. */
export interface StorageOptions {
  /** Cached blocks (LRU). Default 16. */
  cacheBlocks?: number;
  /** Sectors per cache block. Default 8 (4 KiB). */
  blockSectors?: number;
  /**
   * Write-through (the disk default): every write reaches the device before `write` returns, so a
   * write the guest was told succeeded survives nk being killed. Off: write-back until `flush()` or
   * eviction. Default true.
   */
  writeThrough?: boolean;
}

interface CacheBlock {
  index: number;
  data: Uint8Array;
  dirty: boolean;
}

/** Cache and device traffic counters. */
export interface StorageStats {
  hits: number;
  misses: number;
  deviceReads: number;
  deviceWrites: number;
}

/**
 * A byte view of a block device. Offsets are JS numbers (exact to 2^53, i.e. 64-bit LBAs in
 * practice). Reads and writes past the end of the device throw EIO. The cache holds the most
 * recently used blocks; in write-through mode only the sectors a write touched go to the device.
 */
export class Storage {
  readonly device: BlockDevice;
  readonly blockSize: number;
  readonly byteLength: number;
  /** The cursor used by seek/read/write/shift. */
  position = 0;
  readonly stats: StorageStats = { hits: 0, misses: 0, deviceReads: 0, deviceWrites: 0 };
  private writeThroughMode: boolean;
  private readonly capacity: number;
  private readonly blockSectors: number;
  /** Map iteration order is insertion order: the first entry is the least recently used. */
  private readonly cache = new Map<number, CacheBlock>();

  constructor(device: BlockDevice, options: StorageOptions = {}) {
    this.device = device;
    this.blockSectors = options.blockSectors ?? 8;
    this.capacity = Math.max(1, options.cacheBlocks ?? 16);
    this.writeThroughMode = options.writeThrough ?? true;
    this.blockSize = this.blockSectors * device.sectorSize;
    this.byteLength = device.sectorCount * device.sectorSize;
  }

  get writeThrough(): boolean {
    return this.writeThroughMode;
  }

  /** Switching write-through on first flushes what the cache holds dirty. */
  set writeThrough(on: boolean) {
    if (on && !this.writeThroughMode) this.flush();
    this.writeThroughMode = on;
  }

  /** Moves the cursor to an absolute byte offset (0 ≤ offset ≤ byteLength). */
  seek(byteOffset: number): void {
    if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset > this.byteLength) {
      fail("EINVAL", `seek to ${byteOffset} outside a ${this.byteLength}-byte device`);
    }
    this.position = byteOffset;
  }

  /** Moves the cursor by `n` bytes (negative allowed), typically inside the cached block. */
  shift(n: number): void {
    this.seek(this.position + n);
  }

  /** Reads `n` bytes at the cursor and advances it. */
  read(n: number): Uint8Array {
    const out = this.readAt(this.position, n);
    this.position += n;
    return out;
  }

  /** Writes `bytes` at the cursor and advances it. */
  write(bytes: Uint8Array): void {
    this.writeAt(this.position, bytes);
    this.position += bytes.length;
  }

  /** Reads `n` bytes at `offset` without moving the cursor. */
  readAt(offset: number, n: number): Uint8Array {
    this.checkRange(offset, n);
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const at = offset + done;
      const block = this.block(Math.floor(at / this.blockSize));
      const inBlock = at % this.blockSize;
      const take = Math.min(n - done, block.data.length - inBlock);
      out.set(block.data.subarray(inBlock, inBlock + take), done);
      done += take;
    }
    return out;
  }

  /** Writes `bytes` at `offset` without moving the cursor (write-through or cached, per mode). */
  writeAt(offset: number, bytes: Uint8Array): void {
    this.checkRange(offset, bytes.length);
    let done = 0;
    while (done < bytes.length) {
      const at = offset + done;
      const block = this.block(Math.floor(at / this.blockSize));
      const inBlock = at % this.blockSize;
      const take = Math.min(bytes.length - done, block.data.length - inBlock);
      block.data.set(bytes.subarray(done, done + take), inBlock);
      if (this.writeThroughMode) this.writeSectorsOf(block, inBlock, inBlock + take);
      else block.dirty = true;
      done += take;
    }
  }

  /** Writes every dirty block to the device, then flushes the device. */
  flush(): void {
    for (const block of this.cache.values()) this.clean(block);
    this.device.flush();
  }

  /** Drops the cache (after flushing it): the next reads come from the device. */
  invalidate(): void {
    this.flush();
    this.cache.clear();
  }

  private checkRange(offset: number, n: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(n) || offset < 0 || n < 0 || offset + n > this.byteLength) {
      fail("EIO", `bytes ${offset}+${n} outside a ${this.byteLength}-byte device`);
    }
  }

  /** The cached block `index`, loaded on a miss; marks it most recently used. */
  private block(index: number): CacheBlock {
    const hit = this.cache.get(index);
    if (hit) {
      this.stats.hits++;
      this.cache.delete(index);
      this.cache.set(index, hit);
      return hit;
    }
    this.stats.misses++;
    if (this.cache.size >= this.capacity) {
      const lru = this.cache.values().next().value as CacheBlock;
      this.clean(lru);
      this.cache.delete(lru.index);
    }
    const lba = index * this.blockSectors;
    const count = Math.min(this.blockSectors, this.device.sectorCount - lba);
    this.stats.deviceReads++;
    const block = { index, data: this.device.readSectors(lba, count), dirty: false };
    this.cache.set(index, block);
    return block;
  }

  private clean(block: CacheBlock): void {
    if (!block.dirty) return;
    this.writeSectorsOf(block, 0, block.data.length);
    block.dirty = false;
  }

  /** Writes the sectors of `block` covering bytes [from, to) to the device. */
  private writeSectorsOf(block: CacheBlock, from: number, to: number): void {
    const size = this.device.sectorSize;
    const first = Math.floor(from / size);
    const end = Math.ceil(to / size);
    this.stats.deviceWrites++;
    this.device.writeSectors(block.index * this.blockSectors + first, block.data.slice(first * size, end * size));
  }
}
