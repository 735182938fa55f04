import { expect, test } from "bun:test";
import { AtaDisk } from "../../devices/ata_disk.ts";
import { MemoryBackend } from "../../devices/memory_backend.ts";
import { makeHost, RecordingIrq } from "./_harness.ts";

function setup(sectors = 2048) {
  const host = makeHost();
  const irq = new RecordingIrq();
  const disk = new MemoryBackend(sectors);
  let flushes = 0;
  const backend = { sectorCount: disk.sectorCount, read: disk.read.bind(disk), write: disk.write.bind(disk), flush: () => { flushes++; } };
  const ata = new AtaDisk(host, { disk: backend, irq });
  const p = host.ports;
  const waitReady = () => { for (let i = 0; i < 100 && p.in8(0x3f6) & 0x80; i++); };
  /** LBA28 task file + command, as a PIO driver writes it. */
  const lba28 = (cmd: number, lba: number, count: number) => {
    waitReady();
    p.out8(0x1f6, 0xe0 | ((lba >>> 24) & 0x0f));
    p.out8(0x1f2, count);
    p.out8(0x1f3, lba & 0xff);
    p.out8(0x1f4, (lba >>> 8) & 0xff);
    p.out8(0x1f5, (lba >>> 16) & 0xff);
    p.out8(0x1f7, cmd);
  };
  const readSector = () => { const b = new Uint8Array(512); for (let i = 0; i < 512; i += 2) { const w = p.in16(0x1f0); b[i] = w & 0xff; b[i + 1] = w >> 8; } return b; };
  return { host, irq, disk, ata, p, lba28, readSector, flushes: () => flushes };
}

test("AtaDisk IDENTIFY returns model, LBA28 and LBA48 sector counts, with IRQ14", () => {
  const { p, irq, readSector } = setup(100_000);
  p.out8(0x1f6, 0xa0);
  p.out8(0x1f7, 0xec);
  expect(irq.level).toBe(true);
  expect(p.in8(0x1f7) & 0x08).toBe(0x08); // DRQ; reading status acknowledged the IRQ
  expect(irq.level).toBe(false);
  const id = readSector();
  const word = (n: number) => id[2 * n] | (id[2 * n + 1] << 8);
  let model = "";
  for (let i = 27; i <= 46; i++) model += String.fromCharCode(word(i) >> 8, word(i) & 0xff);
  expect(model.trim()).toBe("NK DISK");
  expect(word(60) | (word(61) << 16)).toBe(100_000);
  expect(word(100) | (word(101) << 16)).toBe(100_000);
  expect(word(83) & 0x0400).toBe(0x0400); // LBA48
  expect(word(49) & 0x0200).toBe(0x0200); // LBA
  expect(p.in8(0x1f7) & 0x08).toBe(0); // transfer done
});

test("AtaDisk WRITE SECTORS then READ SECTORS round-trips data through the backend", () => {
  const { p, lba28, readSector, disk, irq } = setup();
  lba28(0x30, 7, 2);
  expect(p.in8(0x1f7) & 0x08).toBe(0x08);
  for (let i = 0; i < 512; i++) p.out16(0x1f0, (i * 3) & 0xffff); // 2 sectors of 16-bit words
  expect(irq.level).toBe(true);
  expect(p.in8(0x1f7)).toBe(0x50); // DRDY | DSC, no error
  expect(disk.data[7 * 512]).toBe(0);
  expect(disk.data[7 * 512 + 2]).toBe(3);
  expect(disk.data[8 * 512 + 510]).toBe((511 * 3) & 0xff);
  lba28(0x20, 7, 2);
  const a = readSector();
  expect(p.in8(0x1f7) & 0x08).toBe(0x08); // second sector ready
  const b = readSector();
  expect(p.in8(0x1f7) & 0x08).toBe(0);
  expect([...a.subarray(0, 4)]).toEqual([0, 0, 3, 0]);
  expect(b[510] | (b[511] << 8)).toBe((511 * 3) & 0xffff);
});

test("AtaDisk READ SECTORS EXT uses the LBA48 high-order bytes and 32-bit data reads", () => {
  const { p, disk } = setup(1 << 17);
  disk.data.set([0xde, 0xad, 0xbe, 0xef], 0x10203 * 512);
  p.out8(0x1f6, 0x40);
  p.out8(0x1f2, 0); p.out8(0x1f2, 1); // count high, low
  p.out8(0x1f3, 0x00); p.out8(0x1f3, 0x03); // LBA bits 24–31, 0–7
  p.out8(0x1f4, 0x00); p.out8(0x1f4, 0x02);
  p.out8(0x1f5, 0x00); p.out8(0x1f5, 0x01);
  p.out8(0x1f7, 0x24);
  expect(p.in8(0x1f7) & 0x09).toBe(0x08);
  expect(p.in32(0x1f0) >>> 0).toBe(0xefbeadde);
  p.out8(0x3f6, 0x80); // HOB: read back the previous (high-order) values
  expect(p.in8(0x1f3)).toBe(0x00);
  p.out8(0x3f6, 0x00);
  expect(p.in8(0x1f3)).toBe(0x03);
});

test("AtaDisk aborts unknown commands and out-of-range LBAs", () => {
  const { p, lba28 } = setup(16);
  p.out8(0x1f6, 0xe0);
  p.out8(0x1f7, 0xc6); // SET MULTIPLE: not supported
  expect(p.in8(0x1f7) & 0x01).toBe(0x01);
  expect(p.in8(0x1f1)).toBe(0x04); // ABRT
  lba28(0x20, 15, 2);
  expect(p.in8(0x1f7) & 0x01).toBe(0x01);
  expect(p.in8(0x1f1)).toBe(0x10); // IDNF
});

test("AtaDisk FLUSH CACHE flushes the backend; SET FEATURES is accepted", () => {
  const { p, flushes } = setup();
  p.out8(0x1f6, 0xe0);
  p.out8(0x1f7, 0xe7);
  p.out8(0x1f7, 0xea);
  expect(flushes()).toBe(2);
  p.out8(0x1f1, 0x03);
  p.out8(0x1f7, 0xef);
  expect(p.in8(0x1f7)).toBe(0x50);
});

test("AtaDisk nIEN masks IRQ14 and SRST restores the signature", () => {
  const { p, irq } = setup();
  p.out8(0x3f6, 0x02); // nIEN
  p.out8(0x1f6, 0xe0);
  p.out8(0x1f7, 0xe7);
  expect(irq.level).toBe(false);
  p.out8(0x1f2, 0x55);
  p.out8(0x3f6, 0x04); // SRST
  expect(p.in8(0x3f6) & 0x80).toBe(0x80);
  p.out8(0x3f6, 0x00);
  expect(p.in8(0x1f7)).toBe(0x50);
  expect([p.in8(0x1f2), p.in8(0x1f3), p.in8(0x1f4), p.in8(0x1f5), p.in8(0x1f1)]).toEqual([1, 1, 0, 0, 1]);
  p.out8(0x1f6, 0xf0); // select the absent slave
  expect(p.in8(0x1f7)).toBe(0);
});

test("AtaDisk CHS addressing maps through the 16-head, 63-sector geometry", () => {
  const { p, disk, readSector } = setup();
  const lba = (1 * 16 + 2) * 63 + (5 - 1); // cylinder 1, head 2, sector 5
  disk.data[lba * 512] = 0x99;
  p.out8(0x1f6, 0xa0 | 2);
  p.out8(0x1f2, 1); p.out8(0x1f3, 5); p.out8(0x1f4, 1); p.out8(0x1f5, 0);
  p.out8(0x1f7, 0x20);
  expect(readSector()[0]).toBe(0x99);
});

test("AtaDisk saveState()/loadState() resumes a transfer mid-sector", () => {
  const { ata, lba28, disk, p } = setup();
  disk.data.fill(0x5a, 3 * 512, 4 * 512);
  lba28(0x20, 3, 1);
  p.in16(0x1f0);
  const saved = JSON.parse(JSON.stringify(ata.saveState()));
  const { ata: a2, p: p2, disk: d2 } = setup();
  d2.data.fill(0x5a, 3 * 512, 4 * 512);
  a2.loadState(saved);
  let words = 0;
  while (p2.in8(0x1f7) & 0x08) { expect(p2.in16(0x1f0)).toBe(0x5a5a); words++; }
  expect(words).toBe(255);
});
