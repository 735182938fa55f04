// The memory manager (thesis §3.2): the physical layer (usable ranges from the memory map, never
// a reserved range) and the page allocator, plus reference-counted frames for user pages.
// Platform-neutral.
import { Manager } from "../manager.ts";
import { PageAllocator } from "./page_allocator.ts";
import { pcMemoryMap, usableRanges } from "./physical_map.ts";
import { Frames } from "./frames.ts";

/** Physical memory management. */
export class MemoryManager extends Manager {
  readonly name = "memory";
  allocator!: PageAllocator;
  frames!: Frames;

  override attach(system: Parameters<Manager["attach"]>[0]): void {
    super.attach(system);
    const mem = system.machine.memory;
    // The first MiB stays out of the allocator: it holds the PC's tables and device windows.
    const ranges = usableRanges(pcMemoryMap(mem.size), [{ start: 0, end: 0x100000, why: "low memory" }]);
    this.allocator = new PageAllocator(mem, ranges);
    this.frames = new Frames(this.allocator, mem);
  }
}
