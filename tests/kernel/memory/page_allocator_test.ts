// Tests for the first-fit page allocator, including the thesis's Fig. 4.1 random test.
import { expect, test } from "bun:test";
import { PAGE_SIZE, PhysicalMemory } from "../../../core/memory/physical.ts";
import { PageAllocator } from "../../../kernel/memory/page_allocator.ts";
import { pcMemoryMap, rangesBytes, usableRanges } from "../../../kernel/memory/physical_map.ts";

const MiB = 1024 * 1024;

function small(): { memory: PhysicalMemory; allocator: PageAllocator } {
  const memory = new PhysicalMemory(MiB);
  // Two ranges with a hole between them, like low memory and extended memory.
  const allocator = new PageAllocator(memory, [
    { start: 0x1000, end: 0x5000 }, // 4 pages
    { start: 0x10000, end: 0x20000 }, // 16 pages
  ]);
  return { memory, allocator };
}

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("PageAllocator keeps its free list inside the free pages", () => {
  const { memory, allocator } = small();
  expect(allocator.totalPages).toBe(20);
  expect(allocator.freePages).toBe(20);
  expect(allocator.blockCount).toBe(2);
  // Node of the first block: next = 0x10000, length = 4 pages.
  expect(memory.read32(0x1000) >>> 0).toBe(0x10000);
  expect(memory.read32(0x1004)).toBe(4);
  expect(memory.read32(0x10000) >>> 0).toBe(0xffffffff);
  expect(memory.read32(0x10004)).toBe(16);
  expect([...allocator.blocks()]).toEqual([
    { start: 0x1000, pages: 4 },
    { start: 0x10000, pages: 16 },
  ]);
});

test("PageAllocator.alloc() is first-fit by address and returns -1 when nothing fits", () => {
  const { allocator } = small();
  expect(allocator.alloc(2)).toBe(0x1000);
  expect(allocator.alloc(3)).toBe(0x10000); // 2 pages left at 0x3000: too small, skip
  expect(allocator.alloc(2)).toBe(0x3000); // exact fit unlinks the first block
  expect(allocator.blockCount).toBe(1);
  expect(allocator.alloc(14)).toBe(-1);
  expect(allocator.alloc(13)).toBe(0x13000);
  expect(allocator.freePages).toBe(0);
  expect(allocator.blockCount).toBe(0);
  expect(allocator.alloc(1)).toBe(-1);
  expect(() => allocator.alloc(0)).toThrow(RangeError);
});

test("PageAllocator.free() coalesces with both neighbours", () => {
  const { allocator } = small();
  const a = allocator.alloc(4);
  const b = allocator.alloc(1);
  const c = allocator.alloc(1);
  const d = allocator.alloc(1);
  expect([a, b, c, d]).toEqual([0x1000, 0x10000, 0x11000, 0x12000]);
  allocator.free(b, 1);
  expect(allocator.blockCount).toBe(2); // [b] and the tail after d
  allocator.free(d, 1); // merges with the tail
  expect(allocator.blockCount).toBe(2);
  allocator.free(c, 1); // bridges b and d+tail
  expect(allocator.blockCount).toBe(1);
  expect([...allocator.blocks()]).toEqual([{ start: 0x10000, pages: 16 }]);
  allocator.free(a, 4); // separate range: never merged across the hole
  expect([...allocator.blocks()]).toEqual([
    { start: 0x1000, pages: 4 },
    { start: 0x10000, pages: 16 },
  ]);
  expect(allocator.freePages).toBe(20);
});

test("PageAllocator.free() rejects double frees, overlaps, misalignment and foreign pages", () => {
  const { allocator } = small();
  const a = allocator.alloc(3);
  const b = allocator.alloc(1);
  allocator.free(a + PAGE_SIZE, 1);
  expect(() => allocator.free(a + PAGE_SIZE, 1)).toThrow(/double free/);
  expect(() => allocator.free(a, 2)).toThrow(/double free/); // tail overlaps the free page
  expect(() => allocator.free(a, 3)).toThrow(/double free/); // spans the free page
  expect(() => allocator.free(a + 1, 1)).toThrow(/misaligned/);
  expect(() => allocator.free(0x8000, 1)).toThrow(/outside usable/); // the hole
  expect(() => allocator.free(0x4000, 2)).toThrow(/outside usable/); // straddles the range end
  expect(() => allocator.free(0x20000, 1)).toThrow(/outside usable/);
  allocator.free(b, 1);
  expect(() => allocator.free(b, 1)).toThrow(/double free/);
  expect(allocator.freePages).toBe(20 - 2);
});

test("PageAllocator rejects bad ranges", () => {
  const memory = new PhysicalMemory(MiB);
  expect(() => new PageAllocator(memory, [{ start: 0x1800, end: 0x3000 }])).toThrow(RangeError);
  expect(() => new PageAllocator(memory, [{ start: 0, end: 2 * MiB }])).toThrow(/past RAM/);
  expect(
    () => new PageAllocator(memory, [{ start: 0x5000, end: 0x6000 }, { start: 0x1000, end: 0x2000 }]),
  ).toThrow(RangeError);
  // Touching ranges become one block.
  const joined = new PageAllocator(memory, [{ start: 0x1000, end: 0x2000 }, { start: 0x2000, end: 0x4000 }]);
  expect([...joined.blocks()]).toEqual([{ start: 0x1000, pages: 3 }]);
});

test("PageAllocator Fig. 4.1: 4 × 80,000 random allocations and frees", () => {
  const ramBytes = 32 * MiB;
  const memory = new PhysicalMemory(ramBytes);
  const ranges = usableRanges(pcMemoryMap(ramBytes));
  const allocator = new PageAllocator(memory, ranges);
  const freeAtStart = allocator.freePages;
  expect(freeAtStart * PAGE_SIZE).toBe(rangesBytes(ranges));
  const usable = new Uint8Array(ramBytes / PAGE_SIZE);
  for (const r of ranges) usable.fill(1, r.start / PAGE_SIZE, r.end / PAGE_SIZE);
  const live = new Uint8Array(ramBytes / PAGE_SIZE); // 1 = page belongs to a live block

  const BUFFER_SIZE = 1024;
  const blocks = new Int32Array(BUFFER_SIZE).fill(-1);
  const next = random(0x4e4b);
  let failures = 0;
  const check = (ok: boolean) => {
    if (!ok) failures++;
  };
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 80_000; i++) {
      const pos = Math.floor(next() * BUFFER_SIZE);
      const pages = (pos % 5) + 1;
      if (blocks[pos] === -1) {
        const addr = allocator.alloc(pages);
        check(addr !== -1 && addr % PAGE_SIZE === 0);
        const first = addr / PAGE_SIZE;
        for (let p = first; p < first + pages; p++) {
          check(usable[p] === 1 && live[p] === 0);
          live[p] = 1;
        }
        blocks[pos] = addr;
      } else {
        const first = blocks[pos] / PAGE_SIZE;
        live.fill(0, first, first + pages);
        allocator.free(blocks[pos], pages);
        blocks[pos] = -1;
      }
    }
  }
  expect(failures).toBe(0);
  expect(allocator.freePages).toBeLessThan(freeAtStart);
  for (let pos = 0; pos < BUFFER_SIZE; pos++) {
    if (blocks[pos] !== -1) allocator.free(blocks[pos], (pos % 5) + 1);
  }
  expect(allocator.freePages).toBe(freeAtStart);
  // Everything coalesced back into the boot-time blocks.
  expect([...allocator.blocks()]).toEqual(ranges.map((r) => ({ start: r.start, pages: (r.end - r.start) / PAGE_SIZE })));
});
