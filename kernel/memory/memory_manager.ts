// The memory manager (thesis §3.2): the physical layer (usable ranges from the memory map, never
// a reserved range) and the page allocator, plus reference-counted frames for user pages and the
// page cache of file pages, which gives frames back when the allocator runs dry. Platform-neutral.
import { Manager } from "../manager.ts";
import { PageAllocator } from "./page_allocator.ts";
import { pcMemoryMap, usableRanges } from "./physical_map.ts";
import { Frames } from "./frames.ts";
import { PageCache } from "./page_cache.ts";

/** Share of usable memory the page cache may hold (Linux lets it grow to all free memory; nk bounds it). */
const PAGE_CACHE_SHARE = 1 / 8;

/** Physical memory management. */
export class MemoryManager extends Manager {
  readonly name = "memory";
  allocator!: PageAllocator;
  frames!: Frames;
  pageCache!: PageCache;

  override attach(system: Parameters<Manager["attach"]>[0]): void {
    super.attach(system);
    const mem = system.machine.memory;
    // The first MiB stays out of the allocator: it holds the PC's tables and device windows.
    const ranges = usableRanges(pcMemoryMap(mem.size), [{ start: 0, end: 0x100000, why: "low memory" }]);
    this.allocator = new PageAllocator(mem, ranges);
    this.frames = new Frames(this.allocator, mem);
    this.pageCache = new PageCache(this.frames, Math.floor(this.allocator.totalPages * PAGE_CACHE_SHARE));
    // Before an allocation fails (and the OOM path kills a process), cached pages no one maps go back.
    this.allocator.reclaim = (pages) => this.pageCache.reclaim(Math.max(pages, 64));
  }
}
