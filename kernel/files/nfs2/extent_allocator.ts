// First-fit allocator of block extents over an address-sorted free list with coalescing — the
// thesis's page allocator (§3.2.3) applied to disk blocks for NFSII's contiguous files. Platform-neutral.
import { fail } from "../../linux/errno.ts";

/** A run of blocks [start, start + length). */
export interface Extent {
  start: number;
  length: number;
}

/**
 * Free-extent list, sorted by address, never holding two adjacent extents (they are merged on
 * free). Allocation takes the first extent big enough: O(1) best case, O(free extents) worst.
 */
export class ExtentAllocator {
  private readonly free: Extent[] = [];
  freeBlocks = 0;

  /** All of [0, totalBlocks) starts free; `reserve` the used parts. */
  constructor(readonly totalBlocks: number) {
    if (totalBlocks > 0) this.release(0, totalBlocks);
  }

  /** Copy of the free list (tests, fsck). */
  extents(): Extent[] {
    return this.free.map((extent) => ({ ...extent }));
  }

  /** First-fit: the start of `length` free blocks, or undefined if no extent is big enough. */
  allocate(length: number): number | undefined {
    if (length <= 0) fail("EINVAL", "empty extent");
    for (let i = 0; i < this.free.length; i++) {
      const extent = this.free[i];
      if (extent.length < length) continue;
      const start = extent.start;
      extent.start += length;
      extent.length -= length;
      if (extent.length === 0) this.free.splice(i, 1);
      this.freeBlocks -= length;
      return start;
    }
    return undefined;
  }

  /**
   * Grows the used extent [start, start + oldLength) in place to `newLength` blocks if the blocks
   * right after it are free. Returns false (changing nothing) otherwise.
   */
  extend(start: number, oldLength: number, newLength: number): boolean {
    const end = start + oldLength;
    const need = newLength - oldLength;
    const i = this.indexAfter(end);
    const next = this.free[i];
    if (!next || next.start !== end || next.length < need) return false;
    next.start += need;
    next.length -= need;
    if (next.length === 0) this.free.splice(i, 1);
    this.freeBlocks -= need;
    return true;
  }

  /** Marks [start, start + length) used; EUCLEAN if any of it is not free (a cross-linked block). */
  reserve(start: number, length: number): void {
    if (length === 0) return;
    const i = this.indexAfter(start + 1) - 1;
    const extent = this.free[i];
    if (!extent || start < extent.start || start + length > extent.start + extent.length) {
      fail("EUCLEAN", `NFSII: blocks ${start}+${length} used twice or outside the disk`);
    }
    const tail = { start: start + length, length: extent.start + extent.length - (start + length) };
    extent.length = start - extent.start;
    const replacement = [extent, tail].filter((part) => part.length > 0);
    this.free.splice(i, 1, ...replacement);
    this.freeBlocks -= length;
  }

  /** Returns [start, start + length) to the list, merging with free neighbours. */
  release(start: number, length: number): void {
    if (length === 0) return;
    if (start < 0 || start + length > this.totalBlocks) fail("EINVAL", "extent outside the disk");
    const i = this.indexAfter(start);
    const before = this.free[i - 1];
    const after = this.free[i];
    if ((before && before.start + before.length > start) || (after && start + length > after.start)) {
      fail("EUCLEAN", `NFSII: double free of blocks ${start}+${length}`);
    }
    const joinsBefore = before !== undefined && before.start + before.length === start;
    const joinsAfter = after !== undefined && start + length === after.start;
    if (joinsBefore && joinsAfter) {
      before.length += length + after.length;
      this.free.splice(i, 1);
    } else if (joinsBefore) {
      before.length += length;
    } else if (joinsAfter) {
      after.start = start;
      after.length += length;
    } else {
      this.free.splice(i, 0, { start, length });
    }
    this.freeBlocks += length;
  }

  /** Index of the first free extent starting at or after `block` (binary search). */
  private indexAfter(block: number): number {
    let low = 0;
    let high = this.free.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.free[mid].start < block) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
