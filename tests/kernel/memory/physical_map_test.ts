// Tests for the physical layer: usable ranges from a multiboot map minus the PC's reserved areas.
import { expect, test } from "bun:test";
import {
  MemoryType,
  PC_RESERVED,
  pcMemoryMap,
  rangesBytes,
  usableRanges,
} from "../../../kernel/memory/physical_map.ts";

const MiB = 1024 * 1024;

test("pcMemoryMap() reports the thesis Table 3.1 layout", () => {
  expect(pcMemoryMap(32 * MiB)).toEqual([
    { base: 0, length: 0x9fc00, type: 1 },
    { base: 0x9fc00, length: 0x400, type: 2 },
    { base: 0xf0000, length: 0x10000, type: 2 },
    { base: 0x100000, length: 32 * MiB - 0x100000, type: 1 },
  ]);
  expect(pcMemoryMap(MiB).length).toBe(3);
  expect(() => pcMemoryMap(512 * 1024)).toThrow(RangeError);
});

test("usableRanges() drops the PC reserved areas of the low megabyte", () => {
  const ranges = usableRanges(pcMemoryMap(16 * MiB));
  // Page 0 (IVT/BDA) is gone, low memory stops at the EBDA reservation, everything above 1 MiB stays.
  expect(ranges).toEqual([
    { start: 0x1000, end: 0x80000 },
    { start: 0x100000, end: 16 * MiB },
  ]);
  for (const r of ranges) {
    for (const reserved of PC_RESERVED) expect(r.end <= reserved.start || r.start >= reserved.end).toBe(true);
  }
  expect(rangesBytes(ranges)).toBe(0x7f000 + 15 * MiB);
});

test("usableRanges() shrinks usable entries to whole pages and grows reservations", () => {
  const map = [
    { base: 0x100123, length: 0x10000, type: MemoryType.Usable },
    { base: 0x105010, length: 0x10, type: MemoryType.AcpiNvs },
  ];
  expect(usableRanges(map)).toEqual([
    { start: 0x101000, end: 0x105000 },
    { start: 0x106000, end: 0x110000 },
  ]);
});

test("usableRanges() lets reservations win over overlapping usable entries", () => {
  const map = [
    { base: 0x100000, length: 0x400000, type: MemoryType.Usable },
    { base: 0x200000, length: 0x1000, type: MemoryType.Reserved },
    { base: 0x300000, length: 0x100000, type: MemoryType.Usable }, // overlaps the first, merged
    { base: 0x600000, length: 0x100000, type: MemoryType.Usable },
  ];
  const kernel = { start: 0x100000, end: 0x180800, why: "kernel image" };
  expect(usableRanges(map, [kernel])).toEqual([
    { start: 0x181000, end: 0x200000 },
    { start: 0x201000, end: 0x500000 },
    { start: 0x600000, end: 0x700000 },
  ]);
});

test("usableRanges() ignores memory above 4 GiB and sorts unsorted maps", () => {
  const map = [
    { base: 0x1_0000_0000, length: 0x1000_0000, type: MemoryType.Usable },
    { base: 0xfff0_0000, length: 0x20_0000, type: MemoryType.Usable },
    { base: 0x100000, length: 0x100000, type: MemoryType.Usable },
  ];
  expect(usableRanges(map)).toEqual([
    { start: 0x100000, end: 0x200000 },
    { start: 0xfff0_0000, end: 0x1_0000_0000 },
  ]);
});

test("usableRanges() of the thesis Table 3.1 map", () => {
  const table31 = [
    { base: 0x00000000, length: 0x0009fc00, type: 1 },
    { base: 0x0009fc00, length: 0x00000400, type: 2 },
    { base: 0x000f0000, length: 0x00010000, type: 2 },
    { base: 0x00100000, length: 0x1fefe000, type: 1 },
    { base: 0x1fffe000, length: 0x00002000, type: 2 },
    { base: 0xfffc0000, length: 0x00040000, type: 2 },
  ];
  expect(usableRanges(table31)).toEqual([
    { start: 0x1000, end: 0x80000 },
    { start: 0x100000, end: 0x1fffe000 },
  ]);
});
