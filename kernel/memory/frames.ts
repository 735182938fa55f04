// Physical frames for user pages: the page allocator plus a reference count per frame, so fork
// can share pages copy-on-write and a frame returns to the allocator when its last mapping goes.
// Platform-neutral.
import type { PhysicalMemory } from "../../core/memory/physical.ts";
import type { PageAllocator } from "./page_allocator.ts";
import { fail } from "../linux/errno.ts";

/** Reference-counted 4 KiB frames. */
export class Frames {
  private readonly refs: Uint16Array;

  constructor(readonly allocator: PageAllocator, readonly memory: PhysicalMemory) {
    this.refs = new Uint16Array(memory.size >>> 12);
  }

  /** A new frame with count 1, zero-filled; ENOMEM when memory is exhausted. */
  allocZeroed(): number {
    const p = this.allocRaw();
    this.memory.fill(p, 4096);
    return p;
  }

  /** A new frame with count 1, contents undefined. */
  allocRaw(): number {
    const p = this.allocator.alloc(1);
    if (p < 0) fail("ENOMEM", "out of physical memory");
    this.refs[p >>> 12] = 1;
    return p;
  }

  /** Adds a reference (a second mapping after fork). */
  ref(p: number): void {
    this.refs[p >>> 12]++;
  }

  /** Drops a reference; frees the frame at zero. */
  unref(p: number): void {
    const n = p >>> 12;
    if (this.refs[n] === 0) throw new Error(`frame 0x${p.toString(16)} freed twice`);
    if (--this.refs[n] === 0) this.allocator.free(p & ~0xfff, 1);
  }

  /** Current reference count. */
  count(p: number): number {
    return this.refs[p >>> 12];
  }

  /** Free frames left. */
  get freePages(): number {
    return this.allocator.freePages;
  }
}
