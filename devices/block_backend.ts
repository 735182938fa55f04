// The storage behind an emulated disk: fixed 512-byte sectors addressed by LBA. Platform-neutral.
// Implementations: MemoryBackend (RAM, devices/memory_backend.ts) and FileBackend (cli/).

/** Bytes per sector of every BlockBackend. */
export const SECTOR_SIZE = 512;

/**
 * A block device. All offsets are in sectors; callers never pass ranges past `sectorCount`
 * (the ATA model checks bounds and reports IDNF itself).
 */
export interface BlockBackend {
  /** Number of 512-byte sectors. */
  readonly sectorCount: number;
  /** Returns `count` sectors starting at `lba` (a new array of count × 512 bytes). */
  read(lba: number, count: number): Uint8Array;
  /** Writes `data` (a multiple of 512 bytes) starting at `lba`. Durable once it returns, unless the backend says otherwise. */
  write(lba: number, data: Uint8Array): void;
  /** Makes every write so far durable (FLUSH CACHE). */
  flush(): void;
}
