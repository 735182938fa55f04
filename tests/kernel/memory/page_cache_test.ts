// PageCache with AddressSpace: private file mappings share cached frames read-only, writes copy,
// a changed file (tmpfs generation) gets fresh frames, the LRU bound holds, memory pressure and
// clear() give frames back, and nothing leaks once every mapper is gone.
import { expect, test } from "bun:test";
import { Machine } from "../../../core/machine.ts";
import { Pte } from "../../../core/cpu/control_regs.ts";
import { Arch } from "../../../kernel/arch/arch.ts";
import { PageAllocator } from "../../../kernel/memory/page_allocator.ts";
import { Frames } from "../../../kernel/memory/frames.ts";
import { PageCache } from "../../../kernel/memory/page_cache.ts";
import { AddressSpace, FaultResult, PAGE, Prot, type Backing } from "../../../kernel/memory/address_space.ts";
import { Tmpfs } from "../../../kernel/files/tmpfs.ts";
import type { Inode } from "../../../kernel/files/inode.ts";
import { loadElf } from "../../../kernel/process/loader.ts";
import { tinyExitElf } from "../../support/tiny_elf.ts";

const BASE = 0x08048000;

function setup(capacity = 64, memory = 8 << 20) {
  const machine = new Machine({ memory });
  const allocator = new PageAllocator(machine.memory, [{ start: 0x100000, end: memory }]);
  const arch = new Arch(machine, allocator);
  arch.init();
  const frames = new Frames(allocator, machine.memory);
  const cache = new PageCache(frames, capacity);
  allocator.reclaim = (pages) => cache.reclaim(pages);
  const space = () => {
    const as = new AddressSpace(arch, frames);
    as.pageCache = cache;
    return as;
  };
  return { machine, arch, allocator, frames, cache, space };
}

/** A tmpfs file of `pages` pages; page k is filled with byte k+1. */
function file(pages: number): Inode {
  const fs = new Tmpfs();
  const f = fs.root.create("prog", 0o100755);
  const data = new Uint8Array(pages * PAGE);
  for (let k = 0; k < pages; k++) data.fill(k + 1, k * PAGE, (k + 1) * PAGE);
  f.write(0, data);
  return f;
}

function mapFile(as: AddressSpace, f: Backing, pages: number, prot = Prot.Read | Prot.Exec): void {
  as.map(BASE, pages * PAGE, { prot, file: f, fileOffset: 0, fileBytes: pages * PAGE, name: "/prog" });
}

/** The frame behind `addr` after a read fault (or the page already present). */
function frameOf(as: AddressSpace, addr: number): number {
  let pte = as.arch.pdLookup(as.pd, addr);
  if (!(pte & Pte.P)) {
    expect(as.handleFault(addr, false, false, 0)).toBe(FaultResult.Ok);
    pte = as.arch.pdLookup(as.pd, addr);
  }
  return pte & ~0xfff;
}

function write8(as: AddressSpace, addr: number, value: number, machine: Machine): void {
  let pte = as.arch.pdLookup(as.pd, addr);
  if (!(pte & Pte.P) || !(pte & Pte.RW)) {
    expect(as.handleFault(addr, true, false, 0)).toBe(FaultResult.Ok);
    pte = as.arch.pdLookup(as.pd, addr);
  }
  machine.memory.write8((pte & ~0xfff) + (addr & 0xfff), value);
}

const read8 = (as: AddressSpace, addr: number, machine: Machine) => machine.memory.read8(frameOf(as, addr) + (addr & 0xfff));

test("PageCache: two mappings of the same file page share one read-only frame", () => {
  const { frames, cache, space } = setup();
  const f = file(2);
  const a = space(), b = space();
  mapFile(a, f, 2);
  mapFile(b, f, 2);
  const fa = frameOf(a, BASE + PAGE), fb = frameOf(b, BASE + PAGE);
  expect(fa).toBe(fb);
  expect(frames.count(fa)).toBe(3); // the cache and two mappings
  expect(a.arch.pdLookup(a.pd, BASE + PAGE) & Pte.RW).toBe(0);
  expect(cache.stats).toEqual({ hits: 1, misses: 1, evictions: 0 }); // page 0 was never read
  expect(a.arch.pdLookup(a.pd, BASE) & Pte.P).toBe(0);
});

test("loadElf(): the same program loaded twice maps the same frame at its entry", () => {
  const { frames, cache, arch } = setup();
  const fs = new Tmpfs();
  const elf = tinyExitElf(3);
  const inode = fs.root.create("exit3", 0o100755);
  inode.write(0, elf);
  const load = () => loadElf(arch, frames, {
    file: elf, backing: inode, argv: ["exit3"], envp: [], execPath: "/exit3", uid: 0, gid: 0,
    random: new Uint8Array(16), pageCache: cache,
  });
  const one = load(), two = load();
  expect(frameOf(one.as, one.entry)).toBe(frameOf(two.as, two.entry));
  expect(cache.stats.hits).toBe(1);
  one.as.destroy();
  two.as.destroy();
});

test("PageCache: a write to a cached page copies it; the cache and other mappers keep the original", () => {
  const { machine, frames, space } = setup();
  const f = file(1);
  const a = space(), b = space();
  mapFile(a, f, 1, Prot.Read | Prot.Write);
  mapFile(b, f, 1, Prot.Read);
  const shared = frameOf(a, BASE);
  expect(frameOf(b, BASE)).toBe(shared);
  write8(a, BASE + 10, 0xee, machine);
  expect(frameOf(a, BASE)).not.toBe(shared);
  expect(read8(a, BASE + 10, machine)).toBe(0xee);
  expect(machine.memory.read8(shared + 10)).toBe(1);
  expect(read8(b, BASE + 10, machine)).toBe(1);
  expect(frames.count(shared)).toBe(2);
  // A third mapper still gets the untouched cached frame.
  const c = space();
  mapFile(c, f, 1);
  expect(frameOf(c, BASE)).toBe(shared);
});

test("PageCache: mprotect to writable keeps a cached page read-only until the write copies it", () => {
  const { machine, space } = setup();
  const f = file(1);
  const a = space(), b = space();
  mapFile(a, f, 1);
  mapFile(b, f, 1);
  const shared = frameOf(a, BASE);
  frameOf(b, BASE);
  a.protect(BASE, PAGE, Prot.Read | Prot.Write | Prot.Exec);
  expect(a.arch.pdLookup(a.pd, BASE) & Pte.RW).toBe(0);
  write8(a, BASE, 0x90, machine);
  expect(frameOf(a, BASE)).not.toBe(shared);
  expect(read8(b, BASE, machine)).toBe(1);
  expect(machine.memory.read8(shared)).toBe(1);
});

test("PageCache: a file rewritten in place (same size) is read afresh; old mappers keep their frame", () => {
  const { machine, frames, space } = setup();
  const f = file(1);
  const a = space();
  mapFile(a, f, 1);
  const old = frameOf(a, BASE);
  f.write(0, new Uint8Array(PAGE).fill(0x55)); // same size; the tmpfs clock may not even move
  const b = space();
  mapFile(b, f, 1);
  const fresh = frameOf(b, BASE);
  expect(fresh).not.toBe(old);
  expect(read8(b, BASE, machine)).toBe(0x55);
  expect(read8(a, BASE, machine)).toBe(1);
  expect(frames.count(old)).toBe(1); // only `a` still maps it: the cache let it go
});

test("PageCache: a write through an open file description invalidates as well (generation)", () => {
  const { machine, space } = setup();
  const f = file(1);
  const a = space();
  mapFile(a, f, 1);
  const old = frameOf(a, BASE);
  const generation = f.generation;
  f.truncate(PAGE); // same size, same contents: only the generation says it changed
  expect(f.generation).toBeGreaterThan(generation);
  const b = space();
  mapFile(b, f, 1);
  expect(frameOf(b, BASE)).not.toBe(old);
  expect(read8(b, BASE, machine)).toBe(1);
});

test("PageCache: holds at most `capacity` pages, evicting the least recently used", () => {
  const { frames, allocator, cache, space } = setup(4);
  const free0 = allocator.freePages;
  const f = file(12);
  const a = space();
  mapFile(a, f, 12);
  for (let k = 0; k < 12; k++) frameOf(a, BASE + k * PAGE);
  expect(cache.size).toBe(4);
  // Every page is still mapped and readable; evicted ones are now owned by the mapping alone.
  const owned = [...Array(12).keys()].map((k) => frames.count(frameOf(a, BASE + k * PAGE)));
  expect(owned.filter((n) => n === 2).length).toBe(4);
  expect(owned.filter((n) => n === 1).length).toBe(8);
  a.destroy();
  expect(allocator.freePages).toBe(free0 - 4);
  cache.clear();
  expect(allocator.freePages).toBe(free0);
});

test("PageCache: nothing leaks after every mapper exits and the cache is dropped", () => {
  const { machine, allocator, cache, space } = setup();
  const free0 = allocator.freePages;
  const f = file(8);
  const a = space();
  mapFile(a, f, 8, Prot.Read | Prot.Write);
  for (let k = 0; k < 8; k++) frameOf(a, BASE + k * PAGE);
  write8(a, BASE + 3 * PAGE, 9, machine);
  const child = a.fork();
  write8(child, BASE + 5 * PAGE, 7, machine);
  a.destroy();
  child.destroy();
  expect(cache.size).toBe(8);
  expect(allocator.freePages).toBe(free0 - 8);
  cache.clear();
  expect(cache.size).toBe(0);
  expect(allocator.freePages).toBe(free0);
});

test("PageCache: allocations under memory pressure reclaim unmapped cached pages instead of failing", () => {
  const { frames, allocator, cache, space } = setup(1024, 4 << 20);
  const f = file(64);
  const a = space();
  mapFile(a, f, 64);
  for (let k = 0; k < 64; k++) frameOf(a, BASE + k * PAGE);
  a.destroy(); // 64 pages held by the cache alone
  expect(cache.size).toBe(64);
  const taken: number[] = [];
  for (;;) {
    const p = allocator.alloc(1);
    if (p < 0) break;
    taken.push(p);
  }
  expect(cache.size).toBe(0); // every cached page went back before the allocator gave up
  expect(() => frames.allocRaw()).toThrow();
  for (const p of taken) allocator.free(p, 1);
});

test("AddressSpace fault-around maps the cached neighbours of a faulting page", () => {
  const { cache, space } = setup();
  const f = file(4);
  const a = space();
  mapFile(a, f, 4);
  for (let k = 0; k < 4; k++) frameOf(a, BASE + k * PAGE);
  const b = space();
  mapFile(b, f, 4);
  frameOf(b, BASE + 2 * PAGE); // one fault maps all four
  for (let k = 0; k < 4; k++) {
    const pte = b.arch.pdLookup(b.pd, BASE + k * PAGE);
    expect(pte & Pte.P).toBe(Pte.P);
    expect(pte & Pte.RW).toBe(0);
  }
  expect(cache.stats.misses).toBe(4);
});

test("PageCache: backings without a content version (synthetic files) are never shared", () => {
  const { cache, space } = setup();
  const data = new Uint8Array(PAGE).fill(3);
  const generated: Backing = { read: (o, n) => data.slice(o, o + n) };
  const a = space(), b = space();
  mapFile(a, generated, 1);
  mapFile(b, generated, 1);
  expect(frameOf(a, BASE)).not.toBe(frameOf(b, BASE));
  expect(cache.size).toBe(0);
});
