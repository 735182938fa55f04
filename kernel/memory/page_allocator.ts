// The physical page allocator of thesis §3.2.3: first-fit over an address-ordered free list of
// blocks of pages, coalescing on free. The list lives inside the free pages themselves, so the
// allocator's own state is four numbers whatever the fragmentation. Platform-neutral.
import { PAGE_SIZE, type PhysicalMemory } from "../../core/memory/physical.ts";
import type { PhysRange } from "./physical_map.ts";

//   free block at `addr`, first page:
//   +0  next   physical address of the next free block (higher address), NIL at the tail
//   +4  pages  length of this block in pages
//   ...        rest of the block: unused while free
const NEXT = 0;
const LENGTH = 4;
/** End-of-list marker: never a page address, since RAM ends below 3 GiB. */
const NIL = 0xffff_ffff;

/** A free block as the monitor lists it. */
export interface FreeBlock {
  readonly start: number;
  readonly pages: number;
}

/**
 * First-fit page allocator over guest physical memory.
 *
 * `alloc` returns the lowest-addressed block that fits (O(1) best case, O(free blocks) worst);
 * `free` re-inserts in address order and merges with both neighbours. Allocated pages are not
 * cleared: the first 8 bytes hold a stale list node.
 */
export class PageAllocator {
  private readonly memory: PhysicalMemory;
  /** The usable ranges handed over at boot; read-only, used only to reject foreign frees. */
  private readonly ranges: readonly PhysRange[];
  // The four words of state (thesis: "apenas quatro palavras de memória").
  private head = NIL;
  private free_ = 0;
  private total = 0;
  private count = 0;
  /**
   * Asked to give pages back (the page cache) when an allocation finds no block large enough;
   * returns how many pages it freed. The allocation is retried once if it freed any.
   */
  reclaim: ((pages: number) => number) | undefined = undefined;

  /**
   * Builds the free list over `ranges` (page-aligned, sorted, disjoint, inside `memory`'s RAM), as
   * `usableRanges()` returns them. Touching ranges become one block.
   */
  constructor(memory: PhysicalMemory, ranges: readonly PhysRange[]) {
    this.memory = memory;
    this.ranges = ranges.map((r) => ({ start: r.start, end: r.end }));
    let tail = NIL;
    let previousEnd = -1;
    for (const r of this.ranges) {
      if (r.start % PAGE_SIZE || r.end % PAGE_SIZE || r.end <= r.start || r.start < previousEnd) {
        throw new RangeError(`usable range 0x${r.start.toString(16)}-0x${r.end.toString(16)} is misaligned, empty or out of order`);
      }
      if (r.end > memory.size) throw new RangeError(`usable range ends at 0x${r.end.toString(16)}, past RAM`);
      const pages = (r.end - r.start) / PAGE_SIZE;
      this.total += pages;
      this.free_ += pages;
      if (tail !== NIL && tail + this.length(tail) * PAGE_SIZE === r.start) {
        this.setLength(tail, this.length(tail) + pages);
      } else {
        this.writeNode(r.start, NIL, pages);
        if (tail === NIL) this.head = r.start;
        else this.setNext(tail, r.start);
        tail = r.start;
        this.count++;
      }
      previousEnd = r.end;
    }
  }

  /** Pages currently free. */
  get freePages(): number {
    return this.free_;
  }

  /** Pages managed (all usable pages at boot). */
  get totalPages(): number {
    return this.total;
  }

  /** Number of blocks on the free list (1 means no fragmentation). */
  get blockCount(): number {
    return this.count;
  }

  /**
   * Allocates `pages` contiguous pages and returns the physical address of the first, or -1 when no
   * free block is large enough even after `reclaim`. `pages` must be a positive integer.
   */
  alloc(pages: number): number {
    if (!Number.isInteger(pages) || pages <= 0) throw new RangeError(`cannot allocate ${pages} pages`);
    const p = this.firstFit(pages);
    if (p >= 0 || !this.reclaim || this.reclaim(pages) === 0) return p;
    return this.firstFit(pages);
  }

  private firstFit(pages: number): number {
    let previous = NIL;
    for (let block = this.head; block !== NIL; previous = block, block = this.next(block)) {
      const length = this.length(block);
      if (length < pages) continue;
      let rest = this.next(block);
      if (length === pages) {
        this.count--;
      } else {
        // Keep the low end for the caller; the remainder's node moves up past it.
        const remainder = block + pages * PAGE_SIZE;
        this.writeNode(remainder, rest, length - pages);
        rest = remainder;
      }
      if (previous === NIL) this.head = rest;
      else this.setNext(previous, rest);
      this.free_ -= pages;
      return block;
    }
    return -1;
  }

  /**
   * Returns `pages` pages at `addr` to the free list, merging with free neighbours. Throws a
   * RangeError if `addr` is misaligned, lies outside the usable ranges, or overlaps a free block
   * (a double free) — the last is found on the same walk that finds the insertion point.
   */
  free(addr: number, pages: number): void {
    const start = addr >>> 0;
    const hex = `0x${start.toString(16)}`;
    if (start % PAGE_SIZE) throw new RangeError(`free of misaligned address ${hex}`);
    if (!Number.isInteger(pages) || pages <= 0) throw new RangeError(`free of ${pages} pages at ${hex}`);
    const end = start + pages * PAGE_SIZE;
    if (!this.ranges.some((r) => start >= r.start && end <= r.end)) {
      throw new RangeError(`free of ${pages} pages at ${hex} outside usable memory`);
    }
    let previous = NIL;
    let next = this.head;
    while (next !== NIL && next < start) {
      previous = next;
      next = this.next(next);
    }
    const previousEnd = previous === NIL ? 0 : previous + this.length(previous) * PAGE_SIZE;
    if ((previous !== NIL && previousEnd > start) || (next !== NIL && next < end)) {
      throw new RangeError(`double free: ${pages} pages at ${hex} overlap a free block`);
    }
    this.free_ += pages;
    let merged = start;
    let mergedPages = pages;
    let after = next;
    if (next !== NIL && next === end) {
      mergedPages += this.length(next);
      after = this.next(next);
      this.count--;
    }
    if (previous !== NIL && previousEnd === start) {
      merged = previous;
      mergedPages += this.length(previous);
      this.writeNode(previous, after, mergedPages);
      return;
    }
    this.writeNode(merged, after, mergedPages);
    this.count++;
    if (previous === NIL) this.head = merged;
    else this.setNext(previous, merged);
  }

  /** The free blocks in address order (for `info mem` / `free` in the monitor). */
  *blocks(): IterableIterator<FreeBlock> {
    for (let block = this.head; block !== NIL; block = this.next(block)) {
      yield { start: block, pages: this.length(block) };
    }
  }

  private next(block: number): number {
    return this.memory.read32(block + NEXT) >>> 0;
  }

  private length(block: number): number {
    return this.memory.read32(block + LENGTH) >>> 0;
  }

  private setNext(block: number, next: number): void {
    this.memory.write32(block + NEXT, next);
  }

  private setLength(block: number, pages: number): void {
    this.memory.write32(block + LENGTH, pages);
  }

  private writeNode(block: number, next: number, pages: number): void {
    this.memory.write32(block + NEXT, next);
    this.memory.write32(block + LENGTH, pages);
  }
}
