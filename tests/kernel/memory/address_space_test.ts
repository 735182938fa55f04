// AddressSpace fork/unmap/destroy over ARCH's table-walking range operations (pdShareRange,
// pdUnmapRange): copy-on-write sharing, private writes after a fault, and every frame and page
// table returned to the allocator.
import { expect, test } from "bun:test";
import { Machine } from "../../../core/machine.ts";
import { Pte } from "../../../core/cpu/control_regs.ts";
import { Arch } from "../../../kernel/arch/arch.ts";
import { PageAllocator } from "../../../kernel/memory/page_allocator.ts";
import { Frames } from "../../../kernel/memory/frames.ts";
import { AddressSpace, FaultResult, PAGE, Prot } from "../../../kernel/memory/address_space.ts";

function setup(): { machine: Machine; arch: Arch; frames: Frames; allocator: PageAllocator } {
  const machine = new Machine({ memory: 8 << 20 });
  const allocator = new PageAllocator(machine.memory, [{ start: 0x100000, end: 8 << 20 }]);
  const arch = new Arch(machine, allocator);
  arch.init();
  return { machine, arch, frames: new Frames(allocator, machine.memory), allocator };
}

/** Writes through a fault, as the CPU would after a write #PF was resolved. */
function poke(as: AddressSpace, arch: Arch, addr: number, value: number, machine: Machine): void {
  let pte = arch.pdLookup(as.pd, addr);
  if (!(pte & Pte.P) || !(pte & Pte.RW)) {
    expect(as.handleFault(addr, true, false, 0)).toBe(FaultResult.Ok);
    pte = arch.pdLookup(as.pd, addr);
  }
  machine.memory.write32((pte & ~0xfff) + (addr & 0xfff), value);
}

function peek(as: AddressSpace, arch: Arch, addr: number, machine: Machine): number {
  let pte = arch.pdLookup(as.pd, addr);
  if (!(pte & Pte.P)) {
    expect(as.handleFault(addr, false, false, 0)).toBe(FaultResult.Ok);
    pte = arch.pdLookup(as.pd, addr);
  }
  return machine.memory.read32((pte & ~0xfff) + (addr & 0xfff));
}

test("AddressSpace.fork() shares present pages read-only across page tables and copies on write", () => {
  const { machine, arch, frames } = setup();
  const parent = new AddressSpace(arch, frames);
  // A region straddling a 4 MiB page-table boundary, with a hole of never-touched pages.
  const start = 0x083fe000;
  parent.map(start, 6 * PAGE, { prot: Prot.Read | Prot.Write });
  const touched = [start, start + PAGE, start + 2 * PAGE, start + 5 * PAGE];
  touched.forEach((a, k) => poke(parent, arch, a, 0x1000 + k, machine));
  const child = parent.fork();
  for (const a of touched) {
    const p = arch.pdLookup(parent.pd, a), c = arch.pdLookup(child.pd, a);
    expect(p & ~0xfff).toBe(c & ~0xfff); // the same frame
    expect(p & Pte.RW).toBe(0); // both read-only until written
    expect(c & Pte.RW).toBe(0);
    expect(frames.count(p & ~0xfff)).toBe(2);
  }
  expect(arch.pdLookup(child.pd, start + 3 * PAGE) & Pte.P).toBe(0); // holes stay holes
  poke(child, arch, start + PAGE, 0xbeef, machine);
  expect(peek(child, arch, start + PAGE, machine)).toBe(0xbeef);
  expect(peek(parent, arch, start + PAGE, machine)).toBe(0x1001);
  // The parent is now the only owner of its frame: its write fault re-enables writing in place.
  const before = arch.pdLookup(parent.pd, start + PAGE) & ~0xfff;
  poke(parent, arch, start + PAGE, 7, machine);
  expect(arch.pdLookup(parent.pd, start + PAGE) & ~0xfff).toBe(before);
  expect(peek(child, arch, start + 5 * PAGE, machine)).toBe(0x1003);
});

test("AddressSpace.fork() leaves shared mappings writable in both", () => {
  const { machine, arch, frames } = setup();
  const parent = new AddressSpace(arch, frames);
  parent.map(0x40000000, PAGE, { prot: Prot.Read | Prot.Write, shared: true });
  poke(parent, arch, 0x40000000, 1, machine);
  const child = parent.fork();
  expect(arch.pdLookup(parent.pd, 0x40000000) & Pte.RW).toBe(Pte.RW);
  expect(arch.pdLookup(child.pd, 0x40000000) & Pte.RW).toBe(Pte.RW);
  poke(child, arch, 0x40000000, 2, machine);
  expect(peek(parent, arch, 0x40000000, machine)).toBe(2);
});

test("AddressSpace.unmap() and destroy() return every frame and page table", () => {
  const { machine, arch, frames, allocator } = setup();
  const free0 = allocator.freePages;
  const a = new AddressSpace(arch, frames);
  a.map(0x08048000, 3 * PAGE, { prot: Prot.Read | Prot.Write });
  a.map(0xbf000000, 2 * PAGE, { prot: Prot.Read | Prot.Write });
  for (const addr of [0x08048000, 0x0804a000, 0xbf000000, 0xbf001000]) poke(a, arch, addr, 1, machine);
  const b = a.fork();
  a.unmap(0x08048000, 3 * PAGE);
  expect(arch.pdLookup(a.pd, 0x08048000) & Pte.P).toBe(0);
  expect(peek(b, arch, 0x08048000, machine)).toBe(1); // the child keeps its reference
  a.destroy();
  b.destroy();
  expect(allocator.freePages).toBe(free0);
});

test("munmap of a PROT_NONE page frees it: a new mapping at the address reads zeros, no frame leaks", () => {
  const { machine, arch, frames, allocator } = setup();
  const as = new AddressSpace(arch, frames);
  const start = 0x10000000;
  as.map(start, 2 * PAGE, { prot: Prot.Read | Prot.Write });
  poke(as, arch, start, 0x5ec7e7, machine);
  const free = allocator.freePages;
  as.protect(start, 2 * PAGE, 0); // PROT_NONE: the written page is parked, not mapped
  as.unmap(start, 2 * PAGE);
  expect(allocator.freePages).toBe(free + 1); // its frame came back
  as.map(start, PAGE, { prot: Prot.Read | Prot.Write });
  expect(peek(as, arch, start, machine)).toBe(0); // not the old contents
  as.protect(start, PAGE, Prot.Read); // nothing parked may resurface here either
  expect(peek(as, arch, start, machine)).toBe(0);
});
