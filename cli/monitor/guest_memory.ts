// The monitor's view of one process's virtual memory: walks the process's page directory the way
// core/cpu/paging.ts `probe` walks CR3 (SDM Vol. 3 §4.3, 4 KiB and 4 MiB pages), pages in
// untouched pages of a region like ptrace's access_process_vm does, and writes through
// PhysicalMemory's write methods so cached decoded code on the page is invalidated.
import { Cr4, Pte } from "../../core/cpu/control_regs.ts";
import type { System } from "../../kernel/system.ts";
import type { Process } from "../../kernel/process/process.ts";
import { FaultResult, PAGE } from "../../kernel/memory/address_space.ts";
import { PageVector } from "../../kernel/memory/page_vector.ts";
import { MemoryAccessError } from "./target.ts";

/** An address that no region of the process covers: `address 0x… is not mapped in pid N`. */
export class UnmappedAddressError extends MemoryAccessError {
  constructor(address: number, readonly pid: number) {
    super(address);
    this.message = `address 0x${(address >>> 0).toString(16)} is not mapped in pid ${pid}`;
  }
}

/**
 * The physical address of `lin` in page directory `pd`, or -1 when not present. Same walk as
 * paging.ts `probe` but on any directory, not only the loaded CR3; no accessed/dirty side effects.
 */
export function walkPageDirectory(system: System, pd: number, lin: number): number {
  const mem = system.machine.memory;
  const pde = mem.read32(pd + ((lin >>> 22) << 2));
  if (!(pde & Pte.P)) return -1;
  if ((pde & Pte.PS) && (system.machine.cpu.cr4 & Cr4.PSE)) return ((pde & 0xffc00000) | (lin & 0x3fffff)) >>> 0;
  const pte = mem.read32((pde & ~0xfff) + (((lin >>> 12) & 0x3ff) << 2));
  if (!(pte & Pte.P)) return -1;
  return ((pte & ~0xfff) | (lin & 0xfff)) >>> 0;
}

/** The raw PTE of `lin` in `pd` (0 when its page table is absent). */
export function pageTableEntry(system: System, pd: number, lin: number): number {
  return system.arch.pdLookup(pd, lin);
}

// Physical address of `lin` for reading; pages in a page of a region that was never touched.
function physForRead(system: System, p: Process, lin: number): number {
  let phys = walkPageDirectory(system, p.as.pd, lin);
  if (phys >= 0) return phys;
  if (!p.as.find(lin) || p.as.handleFault(lin, false, false, 0) !== FaultResult.Ok) throw new UnmappedAddressError(lin, p.pid);
  phys = walkPageDirectory(system, p.as.pd, lin);
  if (phys < 0) throw new UnmappedAddressError(lin, p.pid);
  return phys;
}

// Physical address of `lin` for writing. Writable regions go through the kernel's fault path
// (breaks copy-on-write); read-only ones (text) are forced like ptrace POKETEXT: a frame shared
// with another process is first copied so the write stays private to `p`.
function physForWrite(system: System, p: Process, lin: number): number {
  const as = p.as;
  const vma = as.find(lin);
  if (!vma) throw new UnmappedAddressError(lin, p.pid);
  const page = lin - (lin % PAGE);
  let pte = system.arch.pdLookup(as.pd, page);
  if (!(pte & Pte.P) || !(pte & Pte.RW)) {
    const writable = (vma.prot & 2) !== 0;
    if (as.handleFault(lin, writable, false, 0) !== FaultResult.Ok) throw new UnmappedAddressError(lin, p.pid);
    pte = system.arch.pdLookup(as.pd, page);
    if (!(pte & Pte.P)) throw new UnmappedAddressError(lin, p.pid);
  }
  const frame = pte & ~0xfff;
  if (!(pte & Pte.RW) && !vma.shared && as.frames.count(frame) > 1) {
    const copy = as.frames.allocRaw();
    const mem = system.machine.memory;
    mem.writeBytes(copy, mem.u8.subarray(frame, frame + PAGE));
    as.frames.unref(frame);
    system.arch.pdUpdate(as.pd, page, copy, PageVector.fromPte(pte));
    return (copy | (lin & 0xfff)) >>> 0;
  }
  return (frame | (lin & 0xfff)) >>> 0;
}

/** Reads `length` bytes at `address` in `p`'s address space (throws UnmappedAddressError). */
export function readProcessMemory(system: System, p: Process, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const mem = system.machine.memory;
  let done = 0;
  while (done < length) {
    const lin = (address + done) >>> 0;
    const n = Math.min(length - done, PAGE - (lin & 0xfff));
    const phys = physForRead(system, p, lin);
    for (let i = 0; i < n; i++) out[done + i] = mem.read8(phys + i);
    done += n;
  }
  return out;
}

/** Writes `bytes` at `address` in `p`'s address space, invalidating cached code on the way. */
export function writeProcessMemory(system: System, p: Process, address: number, bytes: Uint8Array): void {
  const mem = system.machine.memory;
  let done = 0;
  while (done < bytes.length) {
    const lin = (address + done) >>> 0;
    const n = Math.min(bytes.length - done, PAGE - (lin & 0xfff));
    const phys = physForWrite(system, p, lin);
    for (let i = 0; i < n; i++) mem.write8(phys + i, bytes[done + i]!);
    done += n;
  }
}
