// Primary ATA channel (0x1F0–0x1F7, control 0x3F6, IRQ14) with one PIO hard disk as master.
// Commands complete instantly (no BSY period); LBA28, LBA48 and CHS addressing. Platform-neutral.
// Sources: ATA/ATAPI-6 (T13/1410D) §6 (register block), §8 (commands), §8.15 (IDENTIFY DEVICE words); QEMU hw/ide/core.c.

import type { Device, DeviceHost, DeviceState, IrqLine } from "./device.ts";
import { type BlockBackend, SECTOR_SIZE } from "./block_backend.ts";
import { bytesFrom } from "./_state.ts";

/** Command block ports of the primary channel (offsets per ATA-6 §6). */
export const AtaPorts = {
  data: 0x1f0, errorFeatures: 0x1f1, sectorCount: 0x1f2, lbaLow: 0x1f3, lbaMid: 0x1f4, lbaHigh: 0x1f5,
  device: 0x1f6, statusCommand: 0x1f7, altStatusControl: 0x3f6,
} as const;

/** Status register bits (ATA-6 §7.15.6). */
export const AtaStatus = { err: 0x01, drq: 0x08, dsc: 0x10, df: 0x20, drdy: 0x40, bsy: 0x80 } as const;
/** Error register bits (ATA-6 §7.9). */
export const AtaError = { abrt: 0x04, idnf: 0x10 } as const;
/** Device control bits (ATA-6 §7.8). */
export const AtaControl = { nIEN: 0x02, srst: 0x04, hob: 0x80 } as const;

/** Commands implemented (ATA-6 §8). */
export const AtaCommand = {
  recalibrate: 0x10, readSectors: 0x20, readSectorsNoRetry: 0x21, readSectorsExt: 0x24, writeSectors: 0x30,
  writeSectorsNoRetry: 0x31, writeSectorsExt: 0x34, readVerify: 0x40, readVerifyNoRetry: 0x41, diagnostic: 0x90,
  initParameters: 0x91, standbyImmediate: 0xe0, idleImmediate: 0xe1, checkPowerMode: 0xe5, flushCache: 0xe7,
  flushCacheExt: 0xea, identify: 0xec, setFeatures: 0xef,
} as const;

/** Model string in IDENTIFY words 27–46. */
export const ATA_MODEL = "NK DISK";
/** Translated CHS geometry reported for CHS addressing and IDENTIFY words 1/3/6. */
const HEADS = 16;
const SECTORS_PER_TRACK = 63;

const Transfer = { none: 0, pioIn: 1, pioOut: 2 } as const;

/** The channel with a master disk on `disk`; the slave position is empty. */
export class AtaDisk implements Device {
  readonly name = "ata0";
  private buffer: Uint8Array = new Uint8Array(SECTOR_SIZE);
  private pos = 0;
  private transfer: number = Transfer.none;
  private nextLba = 0;
  private remaining = 0;
  /** Task file: current values and the previous ones (the LBA48 "high order byte" FIFO). */
  private tf = { features: 0, count: 0, lbaLow: 0, lbaMid: 0, lbaHigh: 0 };
  private hob = { features: 0, count: 0, lbaLow: 0, lbaMid: 0, lbaHigh: 0 };
  private device = 0; private status = 0; private error = 0; private control = 0;
  private irqPending = false; private level = false;

  constructor(host: DeviceHost, private readonly opts: { disk: BlockBackend; irq: IrqLine }) {
    const regs = ["features", "count", "lbaLow", "lbaMid", "lbaHigh"] as const;
    host.ports.register(AtaPorts.data, {
      read8: () => this.readData(1), read16: () => this.readData(2), read32: () => this.readData(4),
      write16: (_p, v) => this.writeData(v, 2), write32: (_p, v) => this.writeData(v, 4),
      write8: (_p, v) => this.writeData(v, 1),
    });
    for (let i = 0; i < regs.length; i++) {
      const reg = regs[i];
      host.ports.register(AtaPorts.errorFeatures + i, {
        read8: () => (i === 0 ? this.error : this.readTaskFile(reg)),
        write8: (_p, v) => { this.control &= ~AtaControl.hob; this.hob[reg] = this.tf[reg]; this.tf[reg] = v; },
      });
    }
    host.ports.register(AtaPorts.device, { read8: () => this.device | 0xa0, write8: (_p, v) => { this.device = v; } });
    host.ports.register(AtaPorts.statusCommand, { read8: () => this.readStatus(true), write8: (_p, v) => this.command(v) });
    host.ports.register(AtaPorts.altStatusControl, {
      read8: () => this.readStatus(false),
      write8: (_p, v) => this.writeControl(v),
    });
    this.reset();
  }

  reset(): void {
    this.control = 0;
    this.softReset();
  }

  /** SRST or power-on: signature in the task file, diagnostic code 1 (no error) in the error register. */
  private softReset(): void {
    this.tf = { features: 0, count: 1, lbaLow: 1, lbaMid: 0, lbaHigh: 0 };
    this.hob = { features: 0, count: 0, lbaLow: 0, lbaMid: 0, lbaHigh: 0 };
    this.device = 0; this.error = 1; this.status = AtaStatus.drdy | AtaStatus.dsc;
    this.transfer = Transfer.none; this.pos = 0; this.remaining = 0;
    this.irqPending = false;
    this.updateIrq();
  }

  private get slaveSelected(): boolean {
    return !!(this.device & 0x10);
  }

  private readTaskFile(reg: keyof AtaDisk["tf"]): number {
    if (this.slaveSelected) return 0;
    return this.control & AtaControl.hob ? this.hob[reg] : this.tf[reg];
  }

  private readStatus(acknowledge: boolean): number {
    if (this.slaveSelected) return 0; // no device: the bus floats low on a channel with a master
    if (acknowledge && this.irqPending) {
      this.irqPending = false; // reading Status (not Alternate Status) clears INTRQ
      this.updateIrq();
    }
    return this.status;
  }

  private writeControl(v: number): void {
    const wasReset = this.control & AtaControl.srst;
    this.control = v;
    if (v & AtaControl.srst) this.status = AtaStatus.bsy;
    else if (wasReset) this.softReset();
    this.updateIrq();
  }

  private updateIrq(): void {
    const level = this.irqPending && !(this.control & AtaControl.nIEN);
    if (level !== this.level) {
      this.level = level;
      this.opts.irq.set(level);
    }
  }

  private raiseIrq(): void {
    // A completion while the previous one is unacknowledged still needs a fresh edge for the PIC.
    if (this.level) this.opts.irq.set(false);
    this.level = false;
    this.irqPending = true;
    this.updateIrq();
  }

  private abort(error: number = AtaError.abrt): void {
    this.error = error;
    this.status = AtaStatus.drdy | AtaStatus.dsc | AtaStatus.err;
    this.transfer = Transfer.none;
    this.raiseIrq();
  }

  private complete(): void {
    this.error = 0;
    this.status = AtaStatus.drdy | AtaStatus.dsc;
    this.raiseIrq();
  }

  /** Decodes the task file into (first LBA, sector count) for a 28- or 48-bit command. */
  private addressing(ext: boolean): [number, number] {
    const t = this.tf, h = this.hob;
    if (ext) {
      const lba = t.lbaLow + t.lbaMid * 2 ** 8 + t.lbaHigh * 2 ** 16 + h.lbaLow * 2 ** 24 + h.lbaMid * 2 ** 32 +
        h.lbaHigh * 2 ** 40;
      return [lba, ((h.count << 8) | t.count) || 65536];
    }
    const count = t.count || 256;
    if (this.device & 0x40) return [t.lbaLow | (t.lbaMid << 8) | (t.lbaHigh << 16) | ((this.device & 0x0f) * 2 ** 24), count];
    const cylinder = t.lbaMid | (t.lbaHigh << 8);
    return [(cylinder * HEADS + (this.device & 0x0f)) * SECTORS_PER_TRACK + t.lbaLow - 1, count];
  }

  private command(cmd: number): void {
    if (this.slaveSelected) return; // commands to an absent device are ignored
    const C = AtaCommand;
    switch (cmd) {
      case C.identify: {
        this.buffer = this.identifyData();
        this.startTransfer(Transfer.pioIn, 0, 1);
        this.raiseIrq();
        return;
      }
      case C.readSectors: case C.readSectorsNoRetry: case C.readSectorsExt: {
        const [lba, count] = this.addressing(cmd === C.readSectorsExt);
        if (!this.inRange(lba, count)) return this.abort(AtaError.idnf);
        this.startTransfer(Transfer.pioIn, lba, count);
        this.buffer = this.opts.disk.read(lba, 1);
        this.raiseIrq();
        return;
      }
      case C.writeSectors: case C.writeSectorsNoRetry: case C.writeSectorsExt: {
        const [lba, count] = this.addressing(cmd === C.writeSectorsExt);
        if (!this.inRange(lba, count)) return this.abort(AtaError.idnf);
        this.buffer = new Uint8Array(SECTOR_SIZE);
        this.startTransfer(Transfer.pioOut, lba, count); // the first DRQ comes without an interrupt
        return;
      }
      case C.readVerify: case C.readVerifyNoRetry: {
        const [lba, count] = this.addressing(false);
        return this.inRange(lba, count) ? this.complete() : this.abort(AtaError.idnf);
      }
      case C.flushCache: case C.flushCacheExt:
        this.opts.disk.flush();
        return this.complete();
      case C.diagnostic:
        this.softReset();
        return this.raiseIrq();
      case C.checkPowerMode:
        this.tf.count = 0xff; // active or idle
        return this.complete();
      case C.setFeatures: case C.initParameters: case C.idleImmediate: case C.standbyImmediate:
        return this.complete();
      default:
        if (cmd >= 0x10 && cmd <= 0x1f) return this.complete(); // RECALIBRATE (obsolete, harmless)
        return this.abort();
    }
  }

  private inRange(lba: number, count: number): boolean {
    return lba >= 0 && lba + count <= this.opts.disk.sectorCount;
  }

  private startTransfer(kind: number, lba: number, count: number): void {
    this.transfer = kind;
    this.nextLba = lba;
    this.remaining = count;
    this.pos = 0;
    this.error = 0;
    this.status = AtaStatus.drdy | AtaStatus.dsc | AtaStatus.drq;
  }

  private readData(bytes: 1 | 2 | 4): number {
    if (this.transfer !== Transfer.pioIn) return bytes === 4 ? 0xffffffff : (1 << (bytes * 8)) - 1;
    let v = 0;
    for (let i = 0; i < bytes && this.pos < SECTOR_SIZE; i++) v |= this.buffer[this.pos++] << (8 * i);
    if (this.pos >= SECTOR_SIZE) this.sectorDone();
    return v >>> 0;
  }

  private writeData(v: number, bytes: 1 | 2 | 4): void {
    if (this.transfer !== Transfer.pioOut) return;
    for (let i = 0; i < bytes && this.pos < SECTOR_SIZE; i++) this.buffer[this.pos++] = (v >>> (8 * i)) & 0xff;
    if (this.pos >= SECTOR_SIZE) this.sectorDone();
  }

  /** One 512-byte block has crossed the data port: move to the next sector or finish. */
  private sectorDone(): void {
    this.pos = 0;
    if (this.transfer === Transfer.pioOut) this.opts.disk.write(this.nextLba, this.buffer.slice());
    this.nextLba++;
    this.remaining--;
    if (this.remaining > 0) {
      if (this.transfer === Transfer.pioIn) this.buffer = this.opts.disk.read(this.nextLba, 1);
      this.status = AtaStatus.drdy | AtaStatus.dsc | AtaStatus.drq;
      this.raiseIrq();
      return;
    }
    const wasWrite = this.transfer === Transfer.pioOut;
    this.transfer = Transfer.none;
    this.status = AtaStatus.drdy | AtaStatus.dsc;
    if (wasWrite) this.raiseIrq(); // a write ends with an interrupt once the last sector is stored
  }

  /** IDENTIFY DEVICE data (ATA-6 §8.15.8, table 27). */
  private identifyData(): Uint8Array {
    const w = new Uint16Array(256);
    const total = this.opts.disk.sectorCount;
    const cylinders = Math.min(16383, Math.floor(total / (HEADS * SECTORS_PER_TRACK)));
    const chsSectors = cylinders * HEADS * SECTORS_PER_TRACK;
    const lba28 = Math.min(total, 0x0fffffff);
    const putString = (first: number, words: number, s: string) => {
      const padded = s.padEnd(words * 2, " ");
      // ATA strings hold the first character of each pair in the high byte.
      for (let i = 0; i < words; i++) w[first + i] = (padded.charCodeAt(2 * i) << 8) | padded.charCodeAt(2 * i + 1);
    };
    w[0] = 0x0040; // fixed disk, not removable
    w[1] = cylinders; w[3] = HEADS; w[6] = SECTORS_PER_TRACK;
    putString(10, 10, "NK00000001");
    putString(23, 4, "1.0");
    putString(27, 20, ATA_MODEL);
    w[47] = 0x8000; // READ/WRITE MULTIPLE not supported
    w[49] = 0x0200; // LBA supported
    w[50] = 0x4000;
    w[53] = 0x0001; // words 54–58 valid
    w[54] = cylinders; w[55] = HEADS; w[56] = SECTORS_PER_TRACK;
    w[57] = chsSectors & 0xffff; w[58] = chsSectors >>> 16;
    w[60] = lba28 & 0xffff; w[61] = lba28 >>> 16;
    w[80] = 0x007e; // ATA-1 … ATA-6
    w[83] = 0x4000 | 0x2000 | 0x1000 | 0x0400; // FLUSH CACHE EXT, FLUSH CACHE, 48-bit addressing
    w[84] = 0x4000;
    w[86] = 0x2000 | 0x1000 | 0x0400;
    w[87] = 0x4000;
    for (let i = 0; i < 4; i++) w[100 + i] = Math.floor(total / 2 ** (16 * i)) & 0xffff;
    const bytes = new Uint8Array(SECTOR_SIZE);
    for (let i = 0; i < 256; i++) { bytes[2 * i] = w[i] & 0xff; bytes[2 * i + 1] = w[i] >> 8; }
    return bytes;
  }

  saveState(): DeviceState {
    return {
      buffer: this.buffer.slice(), pos: this.pos, transfer: this.transfer, nextLba: this.nextLba, remaining: this.remaining,
      tf: { ...this.tf }, hob: { ...this.hob }, device: this.device, status: this.status, error: this.error,
      control: this.control, irqPending: this.irqPending, level: this.level,
    };
  }

  loadState(s: DeviceState): void {
    this.buffer = bytesFrom(s.buffer);
    this.tf = { ...(s.tf as AtaDisk["tf"]) };
    this.hob = { ...(s.hob as AtaDisk["hob"]) };
    Object.assign(this, {
      pos: s.pos, transfer: s.transfer, nextLba: s.nextLba, remaining: s.remaining, device: s.device,
      status: s.status, error: s.error, control: s.control, irqPending: s.irqPending, level: s.level,
    });
  }

  describe(): string {
    const mib = (this.opts.disk.sectorCount * SECTOR_SIZE) / (1 << 20);
    return `ata0: master "${ATA_MODEL}" ${this.opts.disk.sectorCount} sectors (${mib.toFixed(1)} MiB), ` +
      `status=${this.status.toString(16)}`;
  }
}
