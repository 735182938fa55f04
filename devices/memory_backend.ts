// A BlockBackend held in a Uint8Array (RAM disk, tests, images built in memory). Platform-neutral.

import { type BlockBackend, SECTOR_SIZE } from "./block_backend.ts";

/** A disk in memory. The array is used in place (not copied), so callers can inspect it. */
export class MemoryBackend implements BlockBackend {
  readonly data: Uint8Array;
  readonly sectorCount: number;

  /** `image` is either a byte array (length rounded down to whole sectors) or a size in sectors. */
  constructor(image: Uint8Array | number) {
    this.data = typeof image === "number" ? new Uint8Array(image * SECTOR_SIZE) : image;
    this.sectorCount = Math.floor(this.data.length / SECTOR_SIZE);
  }

  read(lba: number, count: number): Uint8Array {
    this.check(lba, count);
    return this.data.slice(lba * SECTOR_SIZE, (lba + count) * SECTOR_SIZE);
  }

  write(lba: number, data: Uint8Array): void {
    if (data.length % SECTOR_SIZE !== 0) throw new RangeError("write length is not a multiple of 512");
    this.check(lba, data.length / SECTOR_SIZE);
    this.data.set(data, lba * SECTOR_SIZE);
  }

  flush(): void {
    // RAM is as durable as it gets.
  }

  private check(lba: number, count: number): void {
    if (lba < 0 || count < 0 || lba + count > this.sectorCount) {
      throw new RangeError(`sectors ${lba}+${count} outside a disk of ${this.sectorCount}`);
    }
  }
}
