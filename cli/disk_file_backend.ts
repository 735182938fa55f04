// A BlockBackend on a host disk-image file (node:fs). Every write goes to the file at once with
// writeSync, so nothing the guest saw acknowledged is lost if nk dies; FLUSH CACHE becomes fsync.

import * as fs from "node:fs";
import { type BlockBackend, SECTOR_SIZE } from "../devices/mod.ts";

/** A raw image file opened read-write (or read-only: writes then throw). */
export class FileBackend implements BlockBackend {
  readonly sectorCount: number;
  private fd: number | undefined;

  /** Opens `path` (it must exist); a trailing partial sector is ignored. */
  constructor(readonly path: string, private readonly opts: { readOnly?: boolean } = {}) {
    this.fd = fs.openSync(path, opts.readOnly ? fs.constants.O_RDONLY : fs.constants.O_RDWR);
    this.sectorCount = Math.floor(fs.fstatSync(this.fd).size / SECTOR_SIZE);
  }

  private handle(): number {
    if (this.fd === undefined) throw new Error(`disk image ${this.path} is closed`);
    return this.fd;
  }

  read(lba: number, count: number): Uint8Array {
    this.check(lba, count);
    const out = new Uint8Array(count * SECTOR_SIZE);
    let done = 0;
    while (done < out.length) {
      const n = fs.readSync(this.handle(), out, done, out.length - done, lba * SECTOR_SIZE + done);
      if (n === 0) break; // the file shrank under us: the rest reads as zeros
      done += n;
    }
    return out;
  }

  write(lba: number, data: Uint8Array): void {
    if (this.opts.readOnly) throw new Error(`disk image ${this.path} is read-only`);
    if (data.length % SECTOR_SIZE !== 0) throw new RangeError("write length is not a multiple of 512");
    this.check(lba, data.length / SECTOR_SIZE);
    let done = 0;
    while (done < data.length) {
      done += fs.writeSync(this.handle(), data, done, data.length - done, lba * SECTOR_SIZE + done);
    }
  }

  flush(): void {
    if (!this.opts.readOnly) fs.fsyncSync(this.handle());
  }

  /** Flushes and closes the file; later accesses throw. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private check(lba: number, count: number): void {
    if (lba < 0 || count < 0 || lba + count > this.sectorCount) {
      throw new RangeError(`sectors ${lba}+${count} outside ${this.path} (${this.sectorCount} sectors)`);
    }
  }
}
