import { expect, test } from "bun:test";
import { ExtentAllocator } from "../../../../kernel/files/nfs2/extent_allocator.ts";
import { Errno } from "../../../../kernel/linux/errno.ts";

test("ExtentAllocator.allocate() is first-fit by address", () => {
  const allocator = new ExtentAllocator(100);
  expect(allocator.allocate(10)).toBe(0);
  expect(allocator.allocate(10)).toBe(10);
  allocator.release(0, 5);
  expect(allocator.allocate(3)).toBe(0); // first hole that fits, not the big tail
  expect(allocator.allocate(3)).toBe(20); // the 2-block hole at 3 is too small
  expect(allocator.freeBlocks).toBe(100 - 10 - 10 + 5 - 3 - 3);
});

test("ExtentAllocator.release() coalesces with both neighbours", () => {
  const allocator = new ExtentAllocator(30);
  const a = allocator.allocate(10)!;
  const b = allocator.allocate(10)!;
  const c = allocator.allocate(10)!;
  allocator.release(a, 10);
  allocator.release(c, 10);
  expect(allocator.extents()).toEqual([{ start: 0, length: 10 }, { start: 20, length: 10 }]);
  allocator.release(b, 10);
  expect(allocator.extents()).toEqual([{ start: 0, length: 30 }]);
  expect(allocator.allocate(30)).toBe(0);
});

test("ExtentAllocator fragmentation: a request bigger than every hole fails until holes merge", () => {
  const allocator = new ExtentAllocator(20);
  const starts = Array.from({ length: 10 }, () => allocator.allocate(2)!);
  for (const start of starts.filter((_, i) => i % 2 === 0)) allocator.release(start, 2);
  expect(allocator.freeBlocks).toBe(10);
  expect(allocator.allocate(4)).toBeUndefined();
  allocator.release(starts[1], 2); // joins holes 0 and 2 into one of 6
  expect(allocator.allocate(4)).toBe(0);
});

test("ExtentAllocator.extend() grows in place only into an adjacent free extent", () => {
  const allocator = new ExtentAllocator(20);
  const a = allocator.allocate(4)!;
  expect(allocator.extend(a, 4, 8)).toBe(true);
  const b = allocator.allocate(2)!;
  expect(b).toBe(8);
  expect(allocator.extend(a, 8, 9)).toBe(false);
  expect(allocator.freeBlocks).toBe(10);
});

test("ExtentAllocator.reserve() detects cross-linked blocks and double frees", () => {
  const allocator = new ExtentAllocator(10);
  allocator.reserve(2, 3);
  expect(allocator.extents()).toEqual([{ start: 0, length: 2 }, { start: 5, length: 5 }]);
  expect(() => allocator.reserve(4, 2)).toThrow(Errno);
  expect(() => allocator.release(0, 1)).toThrow(Errno);
});

test("ExtentAllocator random alloc/free returns to the initial free size (thesis Fig. 4.1)", () => {
  const allocator = new ExtentAllocator(4096);
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const live: [number, number][] = [];
  for (let i = 0; i < 5000; i++) {
    if (live.length > 0 && random() < 0.5) {
      const [start, length] = live.splice(Math.floor(random() * live.length), 1)[0];
      allocator.release(start, length);
    } else {
      const length = 1 + Math.floor(random() * 32);
      const start = allocator.allocate(length);
      if (start !== undefined) live.push([start, length]);
    }
  }
  for (const [start, length] of live) allocator.release(start, length);
  expect(allocator.freeBlocks).toBe(4096);
  expect(allocator.extents()).toEqual([{ start: 0, length: 4096 }]);
});
