import { expect, test } from "bun:test";
import { RamDisk } from "../../../kernel/files/ram_disk.ts";
import { Storage } from "../../../kernel/files/storage.ts";
import { Errno } from "../../../kernel/linux/errno.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);

test("Storage seek/write/read/shift move the cursor across block boundaries", () => {
  const disk = new RamDisk(64 * 1024);
  const storage = new Storage(disk, { blockSectors: 2 }); // 1 KiB blocks
  storage.seek(1020);
  storage.write(bytes(1, 2, 3, 4, 5, 6, 7, 8));
  expect(storage.position).toBe(1028);
  storage.shift(-8);
  expect([...storage.read(8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect([...disk.bytes.subarray(1020, 1028)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // write-through
});

test("Storage write-through reaches the device before returning, only the touched sectors", () => {
  const disk = new RamDisk(64 * 1024);
  const storage = new Storage(disk);
  storage.writeAt(600, bytes(9));
  expect(disk.bytes[600]).toBe(9);
  expect(disk.writes).toBe(1);
  storage.writeAt(511, bytes(1, 2)); // straddles sectors 0 and 1: one device write of two sectors
  expect(disk.writes).toBe(2);
  expect(disk.bytes[511]).toBe(1);
});

test("Storage write-back holds data until flush()", () => {
  const disk = new RamDisk(64 * 1024);
  const storage = new Storage(disk, { writeThrough: false });
  storage.writeAt(100, bytes(7, 7));
  expect(disk.bytes[100]).toBe(0);
  expect([...storage.readAt(100, 2)]).toEqual([7, 7]); // served from cache
  storage.flush();
  expect(disk.bytes[100]).toBe(7);
});

test("Storage evicts least recently used blocks, writing dirty ones back", () => {
  const disk = new RamDisk(64 * 4096);
  const storage = new Storage(disk, { writeThrough: false, cacheBlocks: 2 });
  storage.writeAt(0, bytes(1)); // block 0 dirty
  storage.readAt(4096, 1); // block 1
  storage.readAt(0, 1); // touch block 0: block 1 is now LRU
  storage.readAt(8192, 1); // evicts block 1 (clean)
  expect(disk.bytes[0]).toBe(0);
  storage.readAt(12288, 1); // evicts block 0 (dirty) → written
  expect(disk.bytes[0]).toBe(1);
  expect(storage.stats.misses).toBe(4);
  expect(storage.stats.hits).toBe(1);
});

test("Storage switching to write-through flushes the cache", () => {
  const disk = new RamDisk(8192);
  const storage = new Storage(disk, { writeThrough: false });
  storage.writeAt(5, bytes(3));
  storage.writeThrough = true;
  expect(disk.bytes[5]).toBe(3);
});

test("Storage rejects access past the end with EIO, and handles a short last block", () => {
  const disk = new RamDisk(5 * 512); // 5 sectors: the second 8-sector block is short
  const storage = new Storage(disk);
  storage.writeAt(5 * 512 - 1, bytes(4));
  expect(disk.bytes[5 * 512 - 1]).toBe(4);
  expect(() => storage.readAt(5 * 512 - 1, 2)).toThrow(Errno);
  expect(() => storage.seek(5 * 512 + 1)).toThrow(Errno);
});

test("Storage addresses offsets beyond 32 bits (64-bit LBA)", () => {
  const sectors = 2 ** 33 / 512 + 16;
  const written = new Map<number, Uint8Array>();
  const device = {
    sectorSize: 512,
    sectorCount: sectors,
    readSectors: (lba: number, count: number) => {
      const out = new Uint8Array(count * 512);
      for (let i = 0; i < count; i++) if (written.has(lba + i)) out.set(written.get(lba + i)!, i * 512);
      return out;
    },
    writeSectors: (lba: number, data: Uint8Array) => {
      for (let i = 0; i < data.length / 512; i++) written.set(lba + i, data.slice(i * 512, (i + 1) * 512));
    },
    flush: () => {},
  };
  const storage = new Storage(device);
  storage.writeAt(2 ** 33 + 3, bytes(42));
  expect(written.has(2 ** 33 / 512)).toBe(true);
  storage.invalidate();
  expect([...storage.readAt(2 ** 33 + 3, 1)]).toEqual([42]);
});
