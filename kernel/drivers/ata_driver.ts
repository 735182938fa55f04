// ATA PIO driver (thesis §3.5 storage driver; ATA/ATAPI-6 §8 command protocol): identifies the
// primary master, reads and writes sectors with READ/WRITE SECTORS (EXT) through the task-file
// ports, polling BSY/DRQ, and flushes the drive cache. It is a BlockDevice for Storage/NFSII.
// Platform-neutral.
import type { PortBus } from "../../core/bus/port_bus.ts";
import type { BlockDevice } from "../files/block_device.ts";
import { SECTOR_SIZE } from "../files/block_device.ts";
import { fail } from "../linux/errno.ts";

/** Task-file registers (offsets from 0x1F0) and status bits. */
const Reg = { Data: 0, Error: 1, Count: 2, LbaLo: 3, LbaMid: 4, LbaHi: 5, Drive: 6, Command: 7 } as const;
const Status = { Err: 0x01, Drq: 0x08, Df: 0x20, Bsy: 0x80 } as const;
const Cmd = { Identify: 0xec, Read: 0x20, ReadExt: 0x24, Write: 0x30, WriteExt: 0x34, Flush: 0xe7, FlushExt: 0xea } as const;
const CONTROL = 0x3f6;
const MAX_POLL = 1_000_000;

/** The primary-master ATA disk as a block device. */
export class AtaDriver implements BlockDevice {
  readonly sectorSize = SECTOR_SIZE;
  sectorCount = 0;
  model = "";
  private lba48 = false;

  constructor(private readonly ports: PortBus, private readonly base = 0x1f0) {}

  /** Runs IDENTIFY; returns false if no drive answers. */
  probe(): boolean {
    const p = this.ports, b = this.base;
    p.out8(CONTROL, 0x02); // nIEN: this driver polls
    p.out8(b + Reg.Drive, 0xa0);
    if (p.in8(b + Reg.Command) === 0xff) return false; // floating bus: nothing attached
    p.out8(b + Reg.Command, Cmd.Identify);
    if (p.in8(b + Reg.Command) === 0) return false;
    if (!this.waitDrq()) return false;
    const id = new Uint16Array(256);
    for (let i = 0; i < 256; i++) id[i] = p.in16(b + Reg.Data);
    this.lba48 = (id[83] & (1 << 10)) !== 0;
    const lba28 = id[60] | (id[61] << 16);
    const lba48 = id[100] + id[101] * 65536 + id[102] * 2 ** 32;
    this.sectorCount = this.lba48 && lba48 ? lba48 : lba28 >>> 0;
    let model = "";
    for (let i = 27; i < 47; i++) model += String.fromCharCode(id[i] >> 8, id[i] & 0xff);
    this.model = model.trim();
    return this.sectorCount > 0;
  }

  private waitDrq(): boolean {
    const p = this.ports, b = this.base;
    for (let i = 0; i < MAX_POLL; i++) {
      const s = p.in8(b + Reg.Command);
      if (s & Status.Bsy) continue;
      if (s & (Status.Err | Status.Df)) return false;
      if (s & Status.Drq) return true;
    }
    return false;
  }

  private waitReady(): void {
    const p = this.ports, b = this.base;
    for (let i = 0; i < MAX_POLL; i++) {
      const s = p.in8(b + Reg.Command);
      if (!(s & Status.Bsy)) {
        if (s & (Status.Err | Status.Df)) fail("EIO", "ATA error");
        return;
      }
    }
    fail("EIO", "ATA timeout");
  }

  private select(lba: number, count: number, cmd28: number, cmd48: number): void {
    const p = this.ports, b = this.base;
    if (lba < 0 || count <= 0 || lba + count > this.sectorCount) fail("EIO", "sector out of range");
    this.waitReady();
    if (this.lba48 && (lba + count > 0x0fffffff || count > 256)) {
      p.out8(b + Reg.Drive, 0x40);
      p.out8(b + Reg.Count, (count >> 8) & 0xff);
      p.out8(b + Reg.LbaLo, Math.floor(lba / 2 ** 24) & 0xff);
      p.out8(b + Reg.LbaMid, Math.floor(lba / 2 ** 32) & 0xff);
      p.out8(b + Reg.LbaHi, Math.floor(lba / 2 ** 40) & 0xff);
      p.out8(b + Reg.Count, count & 0xff);
      p.out8(b + Reg.LbaLo, lba & 0xff);
      p.out8(b + Reg.LbaMid, (lba >> 8) & 0xff);
      p.out8(b + Reg.LbaHi, (lba >> 16) & 0xff);
      p.out8(b + Reg.Command, cmd48);
    } else {
      p.out8(b + Reg.Drive, 0xe0 | ((lba >> 24) & 0x0f));
      p.out8(b + Reg.Count, count & 0xff);
      p.out8(b + Reg.LbaLo, lba & 0xff);
      p.out8(b + Reg.LbaMid, (lba >> 8) & 0xff);
      p.out8(b + Reg.LbaHi, (lba >> 16) & 0xff);
      p.out8(b + Reg.Command, cmd28);
    }
  }

  readSectors(lba: number, count: number): Uint8Array {
    const out = new Uint8Array(count * SECTOR_SIZE);
    const p = this.ports, b = this.base;
    for (let done = 0; done < count;) {
      const n = Math.min(count - done, this.lba48 ? 65536 : 256);
      this.select(lba + done, n, Cmd.Read, Cmd.ReadExt);
      for (let s = 0; s < n; s++) {
        if (!this.waitDrq()) fail("EIO", "ATA read failed");
        const at = (done + s) * SECTOR_SIZE;
        for (let w = 0; w < 256; w++) {
          const v = p.in16(b + Reg.Data);
          out[at + w * 2] = v & 0xff;
          out[at + w * 2 + 1] = v >> 8;
        }
      }
      done += n;
    }
    return out;
  }

  writeSectors(lba: number, data: Uint8Array): void {
    const count = data.length / SECTOR_SIZE;
    const p = this.ports, b = this.base;
    for (let done = 0; done < count;) {
      const n = Math.min(count - done, this.lba48 ? 65536 : 256);
      this.select(lba + done, n, Cmd.Write, Cmd.WriteExt);
      for (let s = 0; s < n; s++) {
        if (!this.waitDrq()) fail("EIO", "ATA write failed");
        const at = (done + s) * SECTOR_SIZE;
        for (let w = 0; w < 256; w++) p.out16(b + Reg.Data, data[at + w * 2] | (data[at + w * 2 + 1] << 8));
      }
      done += n;
      this.waitReady();
    }
  }

  flush(): void {
    this.waitReady();
    this.ports.out8(this.base + Reg.Command, this.lba48 ? Cmd.FlushExt : Cmd.Flush);
    this.waitReady();
  }
}
