// A BlockDevice over a Uint8Array: the thesis's only storage ("a RAM disk built at compile time"),
// and the test double of every disk. Platform-neutral.
import { fail } from "../linux/errno.ts";
import { type BlockDevice, SECTOR_SIZE } from "./block_device.ts";

/** A RAM disk. `bytes` is the live medium (copy it to simulate a crash snapshot). */
export class RamDisk implements BlockDevice {
  readonly sectorSize = SECTOR_SIZE;
  readonly bytes: Uint8Array;
  /** Number of writeSectors calls so far (tests use it to count device traffic). */
  writes = 0;

  /** A zeroed disk of `sizeOrBytes` bytes (rounded up to whole sectors), or over given bytes. */
  constructor(sizeOrBytes: number | Uint8Array) {
    if (typeof sizeOrBytes === "number") {
      this.bytes = new Uint8Array(Math.ceil(sizeOrBytes / SECTOR_SIZE) * SECTOR_SIZE);
    } else {
      if (sizeOrBytes.length % SECTOR_SIZE !== 0) fail("EINVAL", "RAM disk size is not whole sectors");
      this.bytes = sizeOrBytes;
    }
  }

  get sectorCount(): number {
    return this.bytes.length / SECTOR_SIZE;
  }

  readSectors(lba: number, count: number): Uint8Array {
    this.check(lba, count);
    return this.bytes.slice(lba * SECTOR_SIZE, (lba + count) * SECTOR_SIZE);
  }

  writeSectors(lba: number, data: Uint8Array): void {
    if (data.length % SECTOR_SIZE !== 0) fail("EINVAL", "partial sector write");
    this.check(lba, data.length / SECTOR_SIZE);
    this.bytes.set(data, lba * SECTOR_SIZE);
    this.writes++;
  }

  flush(): void {}

  private check(lba: number, count: number): void {
    if (!Number.isInteger(lba) || lba < 0 || count < 0 || lba + count > this.sectorCount) {
      fail("EIO", `sectors ${lba}+${count} outside a ${this.sectorCount}-sector disk`);
    }
  }
}
