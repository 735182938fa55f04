// A process's virtual address space (thesis §3.2.2, virtual layer): the list of regions (VMAs)
// and the page directory the MMU walks. Pages are filled on demand: zero pages, file pages,
// copy-on-write after fork, stack growth. Platform-neutral.
//
//   0x00000000 ┌──────────────┐
//              │ (unmapped)   │  NULL guard
//   0x08048000 │ ELF segments │  file-backed, private
//              │ heap (brk)   │  anonymous, grows up
//              │      …       │
//              │ mmap area    │  allocated top-down from MMAP_TOP
//   0xBF800000 │ stack        │  grows down from STACK_TOP
//   0xC0000000 └──────────────┘  (no kernel mapping: the kernel is TypeScript outside the guest)
import type { Arch } from "../arch/arch.ts";
import type { Frames } from "./frames.ts";
import type { PageCache } from "./page_cache.ts";
import { PageVector } from "./page_vector.ts";
import { fail } from "../linux/errno.ts";
import { Pte } from "../../core/cpu/control_regs.ts";

export const PAGE = 4096;
export const USER_TOP = 0xc0000000;
export const STACK_TOP = 0xc0000000;
export const STACK_LIMIT = 8 << 20;
export const MMAP_TOP = 0xbf000000;

/** Pages mapped from the page cache around a read fault (Linux's fault_around_bytes, 64 KiB). */
export const FAULT_AROUND_PAGES = 16;

/** mmap protections (PROT_*). */
export const Prot = { Read: 1, Write: 2, Exec: 4 } as const;

/** Something a region can be backed by: reads at a byte offset (an inode). */
export interface Backing {
  read(offset: number, length: number): Uint8Array;
  /**
   * A string that changes whenever the contents may have changed, or undefined (or no method) when
   * the pages must not be shared through the page cache (contents generated on each read).
   */
  contentVersion?(): string | undefined;
}

/** One virtual memory area. */
export interface Vma {
  start: number;
  end: number;
  prot: number;
  /** Changes are shared with other mappers (MAP_SHARED) instead of copied on write. */
  shared: boolean;
  /** File backing: bytes [0, fileBytes) of the region come from file at fileOffset; the rest is zero. */
  file?: Backing;
  fileOffset: number;
  fileBytes: number;
  /** Grows down on faults just below it (the stack). */
  growsDown: boolean;
  /** Label for /proc/PID/maps ("[heap]", "[stack]", a path). */
  name: string;
}

/** Why a fault could not be resolved. */
export const FaultResult = { Ok: 0, MapErr: 1, AccErr: 2 } as const;

const pageDown = (a: number) => a - (a % PAGE);
const pageUp = (a: number) => Math.ceil(a / PAGE) * PAGE;

/** A process address space. */
export class AddressSpace {
  readonly pd: number;
  vmas: Vma[] = [];
  brkStart = 0;
  brk = 0;
  /** READ_IMPLIES_EXEC (programs that asked for an executable stack). */
  readImpliesExec = false;
  /** RLIMIT_AS in bytes (checked when mappings grow). */
  limitBytes = Infinity;
  /** Where private file pages are shared from (none: every fault reads a private copy). */
  pageCache: PageCache | undefined = undefined;

  /** Total mapped bytes. */
  mappedBytes(): number {
    let n = 0;
    for (const v of this.vmas) n += v.end - v.start;
    return n;
  }

  private checkLimit(extra: number): void {
    if (this.mappedBytes() + extra > this.limitBytes) fail("ENOMEM", "RLIMIT_AS");
  }

  constructor(readonly arch: Arch, readonly frames: Frames) {
    this.pd = arch.pdCreate();
  }

  /** The region containing `addr`, if any. */
  find(addr: number): Vma | undefined {
    for (const v of this.vmas) if (addr >= v.start && addr < v.end) return v;
    return undefined;
  }

  private perm(v: Vma, writable: boolean): number {
    let p = PageVector.Valid;
    if (writable && (v.prot & Prot.Write)) p |= PageVector.Writable;
    if ((v.prot & Prot.Exec) || (this.readImpliesExec && (v.prot & Prot.Read))) p |= PageVector.Exec;
    return p;
  }

  /** Inserts a region (the range must be free). */
  insert(v: Vma): void {
    let i = 0;
    while (i < this.vmas.length && this.vmas[i].start < v.start) i++;
    this.vmas.splice(i, 0, v);
  }

  /** Finds a free range of `length` bytes, top-down below MMAP_TOP. */
  findFree(length: number, below = MMAP_TOP): number {
    let top = below;
    const sorted = [...this.vmas].sort((a, b) => b.start - a.start);
    for (const v of sorted) {
      if (v.start >= top) continue;
      if (v.end <= top - length && top - length >= 0x10000) {
        if (v.end <= top - length) return top - length;
      }
      top = Math.min(top, v.start);
    }
    if (top - length >= 0x10000) return top - length;
    return fail("ENOMEM", "address space exhausted");
  }

  /** Maps a new region; `start` must be page aligned. Existing mappings in the range are replaced. */
  map(start: number, length: number, opts: Partial<Vma> & { prot: number }): Vma {
    const end = start + pageUp(length);
    if (start < 0 || end > USER_TOP || start % PAGE) fail("EINVAL");
    let overlap = 0;
    for (const v of this.vmas) overlap += Math.max(0, Math.min(v.end, end) - Math.max(v.start, start));
    this.checkLimit(end - start - overlap);
    this.unmap(start, end - start);
    const v: Vma = {
      start, end, prot: opts.prot, shared: opts.shared ?? false, file: opts.file,
      fileOffset: opts.fileOffset ?? 0, fileBytes: opts.fileBytes ?? 0, growsDown: opts.growsDown ?? false,
      name: opts.name ?? "",
    };
    this.insert(v);
    return v;
  }

  /** Splits regions so that `addr` is a boundary. */
  private split(addr: number): void {
    const v = this.find(addr);
    if (!v || v.start === addr) return;
    const right: Vma = { ...v, start: addr };
    if (v.file) {
      const cut = addr - v.start;
      right.fileOffset = v.fileOffset + cut;
      right.fileBytes = Math.max(0, v.fileBytes - cut);
      v.fileBytes = Math.min(v.fileBytes, cut);
    }
    v.end = addr;
    this.insert(right);
  }

  /** Releases the pages mapped in [start, end), including PROT_NONE pages parked there. */
  private dropPages(start: number, end: number): void {
    this.arch.pdUnmapRange(this.pd, start, end, this.release);
    if (this.parked.size === 0) return;
    for (const [a, frame] of this.parked) {
      if (a >= start && a < end) {
        this.parked.delete(a);
        this.frames.unref(frame);
      }
    }
  }
  private readonly release = (frame: number) => this.frames.unref(frame);
  private readonly retain = (frame: number) => this.frames.ref(frame);

  /** munmap: removes every mapping in [start, start+length). */
  unmap(start: number, length: number): void {
    const end = start + pageUp(length);
    this.split(start);
    this.split(end);
    const keep: Vma[] = [];
    for (const v of this.vmas) {
      if (v.start >= start && v.end <= end) this.dropPages(v.start, v.end);
      else keep.push(v);
    }
    this.vmas = keep;
  }

  /** mprotect over whole regions in range (ENOMEM if any part is unmapped). */
  protect(start: number, length: number, prot: number): void {
    const end = start + pageUp(length);
    for (let a = start; a < end;) {
      const v = this.find(a);
      if (!v) fail("ENOMEM");
      a = v.end;
    }
    this.split(start);
    this.split(end);
    for (const v of this.vmas) {
      if (v.start < start || v.end > end) continue;
      v.prot = prot;
      for (let a = v.start; a < v.end; a += PAGE) {
        const pte = this.arch.pdLookup(this.pd, a);
        if (!(pte & Pte.P)) continue;
        const frame = pte & ~0xfff;
        if (!(prot & (Prot.Read | Prot.Write | Prot.Exec))) { this.dropPageKeepData(a); continue; }
        // A private page still shared with another process stays read-only until written (COW).
        const exclusive = v.shared || this.frames.count(frame) === 1;
        this.arch.pdUpdate(this.pd, a, frame, this.perm(v, exclusive));
      }
    }
  }

  /** PROT_NONE on a present page: keep the data by leaving the frame mapped but not present. */
  private dropPageKeepData(addr: number): void {
    // Simplest faithful model: private data must survive PROT_NONE → PROT_READ round trips, so the
    // page stays mapped with no permissions the CPU can use; i386 cannot express "no access" for a
    // present user page, so it is unmapped and its contents parked in a side table.
    const pte = this.arch.pdLookup(this.pd, addr);
    const frame = pte & ~0xfff;
    this.parked.set(addr, frame);
    this.arch.pdUpdate(this.pd, addr, 0, 0);
  }
  private readonly parked = new Map<number, number>();

  /**
   * Resolves a page fault at `addr`: `write`/`exec` say what was attempted, `esp` allows stack growth.
   * Returns FaultResult.Ok when the access can be retried.
   */
  handleFault(addr: number, write: boolean, exec: boolean, esp: number): number {
    let v = this.find(addr);
    if (!v) {
      const below = this.vmas.find((r) => r.growsDown && addr < r.start && addr >= r.start - STACK_LIMIT);
      if (!below || addr < esp - 65536 - 32 * 4) return FaultResult.MapErr;
      const newStart = pageDown(addr);
      if (this.vmas.some((r) => r !== below && r.end > newStart && r.start < below.start)) return FaultResult.MapErr;
      below.start = newStart;
      v = below;
    }
    if (write && !(v.prot & Prot.Write)) return FaultResult.AccErr;
    if (exec && !(v.prot & Prot.Exec) && !(this.readImpliesExec && (v.prot & Prot.Read))) return FaultResult.AccErr;
    if (!write && !exec && !(v.prot & (Prot.Read | Prot.Write | Prot.Exec))) return FaultResult.AccErr;
    const page = pageDown(addr);
    const pte = this.arch.pdLookup(this.pd, page);
    if (pte & Pte.P) {
      if (!write) {
        // Present but the fault was not a write: permissions were narrower (e.g. exec); refresh.
        this.arch.pdUpdate(this.pd, page, pte & ~0xfff, this.perm(v, (pte & Pte.RW) !== 0));
        return FaultResult.Ok;
      }
      const frame = pte & ~0xfff;
      if (v.shared || this.frames.count(frame) === 1) {
        this.arch.pdUpdate(this.pd, page, frame, this.perm(v, true));
      } else {
        const copy = this.frames.allocRaw();
        const mem = this.frames.memory;
        mem.writeBytes(copy, mem.u8.subarray(frame, frame + PAGE));
        this.frames.unref(frame);
        this.arch.pdUpdate(this.pd, page, copy, this.perm(v, true));
      }
      return FaultResult.Ok;
    }
    const parked = this.parked.get(page);
    if (parked !== undefined) {
      this.parked.delete(page);
      this.arch.pdUpdate(this.pd, page, parked, this.perm(v, v.shared || this.frames.count(parked) === 1));
      return FaultResult.Ok;
    }
    if (v.file && !v.shared && !write && this.pageCache) {
      // A read or fetch of a private file page maps the cached frame read-only; a later write copies it.
      const off = page - v.start;
      if (off < v.fileBytes) {
        const cached = this.pageCache.page(v.file, v.fileOffset + off, Math.min(PAGE, v.fileBytes - off));
        if (cached !== undefined) {
          this.arch.pdUpdate(this.pd, page, cached, this.perm(v, false));
          this.faultAround(v, page);
          return FaultResult.Ok;
        }
      }
    }
    const frame = this.frames.allocZeroed();
    if (v.file) {
      const off = page - v.start;
      if (off < v.fileBytes) {
        const n = Math.min(PAGE, v.fileBytes - off);
        const data = v.file.read(v.fileOffset + off, n);
        if (data.length) this.frames.memory.writeBytes(frame, data.subarray(0, n));
      }
    }
    this.arch.pdUpdate(this.pd, page, frame, this.perm(v, true));
    return FaultResult.Ok;
  }

  /**
   * Linux's fault-around (mm/memory.c do_fault_around): after a read fault on a private file page,
   * the neighbours in the same FAULT_AROUND_PAGES window that are already in the page cache are
   * mapped too (read-only), so a program run again takes a few faults instead of one per page.
   */
  private faultAround(v: Vma, page: number): void {
    const cache = this.pageCache!;
    const window = FAULT_AROUND_PAGES * PAGE;
    const first = Math.max(v.start, page - (page % window));
    const last = Math.min(v.end, v.start + pageUp(v.fileBytes), first + window);
    for (let a = first; a < last; a += PAGE) {
      if (a === page || this.arch.pdLookup(this.pd, a) & Pte.P || this.parked.has(a)) continue;
      const off = a - v.start;
      const frame = cache.cached(v.file!, v.fileOffset + off, Math.min(PAGE, v.fileBytes - off));
      if (frame !== undefined) this.arch.pdUpdate(this.pd, a, frame, this.perm(v, false));
    }
  }

  /** brk: moves the program break, growing or shrinking the heap region. */
  setBrk(newBrk: number): number {
    if (newBrk < this.brkStart) return this.brk;
    const oldTop = pageUp(this.brk), newTop = pageUp(newBrk);
    if (newTop > oldTop) {
      if (this.mappedBytes() + newTop - oldTop > this.limitBytes) return this.brk;
      for (const v of this.vmas) if (v.start < newTop && v.end > oldTop && v.name !== "[heap]") return this.brk;
      const heap = this.vmas.find((v) => v.name === "[heap]");
      if (heap) heap.end = newTop;
      else this.insert({ start: oldTop, end: newTop, prot: Prot.Read | Prot.Write, shared: false, fileOffset: 0, fileBytes: 0, growsDown: false, name: "[heap]" });
    } else if (newTop < oldTop) {
      const heap = this.vmas.find((v) => v.name === "[heap]");
      this.dropPages(newTop, oldTop);
      if (heap) {
        heap.end = Math.max(heap.start, newTop);
        if (heap.end === heap.start) this.vmas = this.vmas.filter((v) => v !== heap);
      }
    }
    this.brk = newBrk;
    return newBrk;
  }

  /** fork: a copy-on-write duplicate. */
  fork(): AddressSpace {
    const child = new AddressSpace(this.arch, this.frames);
    child.brkStart = this.brkStart;
    child.brk = this.brk;
    child.readImpliesExec = this.readImpliesExec;
    child.limitBytes = this.limitBytes;
    child.pageCache = this.pageCache;
    for (const v of this.vmas) {
      child.vmas.push({ ...v });
      this.arch.pdShareRange(this.pd, child.pd, v.start, v.end, this.perm(v, v.shared), !v.shared, this.retain);
    }
    // PROT_NONE pages (parked, not mapped) are copied outright.
    for (const [a, parked] of this.parked) {
      if (!this.find(a)) continue;
      const copy = this.frames.allocRaw();
      this.frames.memory.writeBytes(copy, this.frames.memory.u8.subarray(parked, parked + PAGE));
      child.parked.set(a, copy);
    }
    return child;
  }

  /** Releases every frame and the page tables. */
  destroy(): void {
    for (const v of this.vmas) this.dropPages(v.start, v.end);
    for (const frame of this.parked.values()) this.frames.unref(frame);
    this.parked.clear();
    this.vmas = [];
    this.arch.pdDestroy(this.pd);
  }

  /** Resident pages (for /proc and `info mem`). */
  residentPages(): number {
    let n = 0;
    for (const v of this.vmas) for (let a = v.start; a < v.end; a += PAGE) if (this.arch.pdLookup(this.pd, a) & Pte.P) n++;
    return n;
  }
}
