// The interface between Storage (§3.3, the physical file layer) and anything that stores 512-byte
// sectors: a RAM disk, the ATA driver, a host image file. Platform-neutral.

/** Bytes per sector of every nk block device. */
export const SECTOR_SIZE = 512;

/**
 * A device addressed by 64-bit LBA (JS numbers, exact up to 2^53). Contract: `readSectors` returns
 * exactly `count * sectorSize` bytes; `writeSectors` writes `data.length / sectorSize` whole
 * sectors; both throw (e.g. `Errno` EIO) on a range outside `[0, sectorCount)`. A write that returned
 * has reached the medium as far as nk can tell (a host file write); `flush()` asks for durability
 * beyond that (fsync), if the device has such a notion.
 */
export interface BlockDevice {
  readonly sectorSize: number;
  readonly sectorCount: number;
  readSectors(lba: number, count: number): Uint8Array;
  writeSectors(lba: number, data: Uint8Array): void;
  flush(): void;
}
