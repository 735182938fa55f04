// ARCH (thesis §3.7): the only kernel module that touches CPU state and page tables. It sets the
// CPU up (GDT, TSS, control registers, PIC and PIT through their ports), saves and loads thread
// contexts (_sstate/_lstate), builds and edits page directories in guest memory (_pdcreate,
// _pdupdate, _pdprotect, _pdload), and dispatches every interrupt and exception in O(1) through a
// table that modules register into (`interruptHandler(code, registers)`). Platform-neutral.
import type { Machine } from "../../core/machine.ts";
import type { Cpu } from "../../core/cpu/cpu.ts";
import { Cr0, Cr4, Pte } from "../../core/cpu/control_regs.ts";
import { flushTlb, invalidateTlbEntry } from "../../core/cpu/paging.ts";
import { Seg } from "../../core/cpu/registers.ts";
import { setSegmentCache, decodeDescriptor } from "../../core/cpu/segments.ts";
import type { InterruptKind } from "../../core/cpu/interrupts.ts";
import type { PageAllocator } from "../memory/page_allocator.ts";
import { CpuContext } from "./context.ts";
import { descriptor, FlatSegment, GdtEntry, Selector } from "./gdt_layout.ts";
import { PageVector } from "../memory/page_vector.ts";

/** An interrupt/exception handler registered by a module; returns nothing (always "handled"). */
export type InterruptHandler = (vector: number, errorCode: number, kind: InterruptKind) => void;

/** Where the PIC pair delivers IRQ 0–15. */
export const IRQ_BASE = 0x20;
/**
 * Where the GDT and TSS appear in every address space (supervisor-only pages in the last 4 MiB,
 * like Linux's cpu_entry_area): the CPU reads descriptor tables through linear addresses.
 */
export const GDT_LINEAR = 0xfffff000;
export const TSS_LINEAR = 0xffffe000;
/** Timer interrupt rate programmed into the PIT. */
export const TICK_HZ = 1000;
const PIT_HZ = 1193182;

/** The architecture layer. */
export class Arch {
  readonly cpu: Cpu;
  private readonly handlers: (InterruptHandler | undefined)[] = new Array(256);
  /** The return-from-interrupt path (the scheduler hooks in: a handler may have woken a thread). */
  afterInterrupt: (() => void) | undefined;
  /** Called for vectors nobody registered. */
  fallback: InterruptHandler = () => {};
  gdt = 0;
  tss = 0;
  /** Page table shared by every address space for the top 4 MiB (GDT, TSS). */
  private kernelPt = 0;
  private currentPd = 0;

  constructor(readonly machine: Machine, private readonly frames: PageAllocator) {
    this.cpu = machine.cpu;
  }

  /** Brings the CPU and interrupt hardware into the state the kernel runs user threads in. */
  init(): void {
    const cpu = this.cpu, mem = this.machine.memory;
    this.gdt = this.allocZeroed();
    this.tss = this.allocZeroed();
    const put = (entry: number, d: [number, number]) => {
      mem.write32(this.gdt + entry * 8, d[0]);
      mem.write32(this.gdt + entry * 8 + 4, d[1]);
    };
    put(GdtEntry.KernelCode, descriptor(0, 0xfffff, FlatSegment.KernelCode.access, FlatSegment.KernelCode.flags));
    put(GdtEntry.KernelData, descriptor(0, 0xfffff, FlatSegment.KernelData.access, FlatSegment.KernelData.flags));
    put(GdtEntry.UserCode, descriptor(0, 0xfffff, FlatSegment.UserCode.access, FlatSegment.UserCode.flags));
    put(GdtEntry.UserData, descriptor(0, 0xfffff, FlatSegment.UserData.access, FlatSegment.UserData.flags));
    this.kernelPt = this.allocZeroed();
    mem.write32(this.kernelPt + ((GDT_LINEAR >>> 12) & 0x3ff) * 4, this.gdt | Pte.P | Pte.RW | Pte.G);
    mem.write32(this.kernelPt + ((TSS_LINEAR >>> 12) & 0x3ff) * 4, this.tss | Pte.P | Pte.RW | Pte.G);
    put(GdtEntry.Tss, descriptor(TSS_LINEAR, 103, 0x89, 0));
    cpu.gdtBase = GDT_LINEAR;
    cpu.gdtLimit = GdtEntry.Count * 8 - 1;
    cpu.trSelector = Selector.Tss; cpu.trBase = TSS_LINEAR; cpu.trLimit = 103;
    cpu.cr0 = Cr0.PE | Cr0.ET | Cr0.NE | Cr0.MP | Cr0.WP;
    cpu.cr4 = Cr4.PSE | Cr4.OSFXSR | Cr4.OSXMMEXCPT;
    cpu.softNx = true;
    cpu.hooks.onInterrupt = (vector, code, kind) => {
      const h = this.handlers[vector];
      if (h) h(vector, code, kind); else this.fallback(vector, code, kind);
      this.afterInterrupt?.();
      return true;
    };
    this.programPic();
    this.programPit();
  }

  /** Registers the handler for one vector (thesis: modules subscribe to interrupt events). */
  register(vector: number, handler: InterruptHandler): void {
    if (this.handlers[vector]) throw new Error(`interrupt vector 0x${vector.toString(16)} already has a handler`);
    this.handlers[vector] = handler;
  }

  /** Remaps the 8259 pair to IRQ_BASE with the standard ICW sequence, as a PC kernel's driver does. */
  private programPic(): void {
    const p = this.machine.ports;
    p.out8(0x20, 0x11); p.out8(0xa0, 0x11); // ICW1: edge, cascade, ICW4 needed
    p.out8(0x21, IRQ_BASE); p.out8(0xa1, IRQ_BASE + 8); // ICW2: vector bases
    p.out8(0x21, 0x04); p.out8(0xa1, 0x02); // ICW3: slave on IRQ2
    p.out8(0x21, 0x01); p.out8(0xa1, 0x01); // ICW4: 8086 mode
    p.out8(0x21, 0xff); p.out8(0xa1, 0xff); // all masked until drivers enable their lines
  }

  /** Unmasks IRQ line `irq` (0–15). */
  enableIrq(irq: number): void {
    const p = this.machine.ports;
    if (irq >= 8) {
      p.out8(0xa1, p.in8(0xa1) & ~(1 << (irq - 8)));
      p.out8(0x21, p.in8(0x21) & ~(1 << 2));
    } else p.out8(0x21, p.in8(0x21) & ~(1 << irq));
  }

  /** End of interrupt for `irq`. */
  eoi(irq: number): void {
    if (irq >= 8) this.machine.ports.out8(0xa0, 0x20);
    this.machine.ports.out8(0x20, 0x20);
  }

  /** PIT channel 0, mode 2 (rate generator) at TICK_HZ. */
  private programPit(): void {
    const p = this.machine.ports, divisor = Math.round(PIT_HZ / TICK_HZ);
    p.out8(0x43, 0x34);
    p.out8(0x40, divisor & 0xff);
    p.out8(0x40, divisor >> 8);
  }

  // ---- contexts (_sstate / _lstate) ----------------------------------------------------------

  /** A fresh user-mode context: flat ring-3 segments, IF set, everything else zero. */
  newUserContext(eip: number, esp: number): CpuContext {
    const ctx = new CpuContext();
    ctx.eip = eip;
    ctx.regs[4] = esp;
    ctx.eflags = 0x202;
    ctx.cpl = 3;
    for (let s = 0; s < 6; s++) {
      const code = s === Seg.CS;
      const sel = code ? Selector.UserCode : s === Seg.FS || s === Seg.GS ? 0 : Selector.UserData;
      ctx.sreg[s] = sel;
      ctx.segBase[s] = 0;
      ctx.segLimit[s] = sel ? 0xffffffff : 0;
      ctx.segAttr[s] = sel ? (code ? FlatSegment.UserCode.access : FlatSegment.UserData.access) | 0xc000 : 0;
    }
    return ctx;
  }

  /** _sstate: saves the CPU into `ctx`. */
  saveState(ctx: CpuContext): void {
    ctx.save(this.cpu);
  }

  /** _lstate: loads `ctx` onto the CPU, including its TLS descriptors into the GDT. */
  loadState(ctx: CpuContext): void {
    const mem = this.machine.memory;
    for (let k = 0; k < 3; k++) {
      mem.write32(this.gdt + (GdtEntry.TlsMin + k) * 8, ctx.tls[k * 2]);
      mem.write32(this.gdt + (GdtEntry.TlsMin + k) * 8 + 4, ctx.tls[k * 2 + 1]);
    }
    // FS/GS that name a TLS slot get their cache from this thread's descriptor, as Linux reloads
    // them on every switch (a cloned context would otherwise keep its parent's TLS base).
    for (const seg of [Seg.FS, Seg.GS]) {
      const sel = ctx.sreg[seg], entry = sel >> 3;
      if (!(sel & 4) && entry >= GdtEntry.TlsMin && entry <= GdtEntry.TlsMax) {
        const k = entry - GdtEntry.TlsMin;
        const d = decodeDescriptor(ctx.tls[k * 2], ctx.tls[k * 2 + 1], GDT_LINEAR + entry * 8);
        ctx.segBase[seg] = d.base;
        ctx.segLimit[seg] = d.limit;
        ctx.segAttr[seg] = d.attr;
      }
    }
    ctx.load(this.cpu);
  }

  /** Writes TLS slot `entry` (6–8) of a context, and of the live CPU/GDT if `live`. */
  setTls(ctx: CpuContext, entry: number, lo: number, hi: number, live: boolean): void {
    const k = entry - GdtEntry.TlsMin;
    ctx.tls[k * 2] = lo;
    ctx.tls[k * 2 + 1] = hi;
    if (live) {
      const mem = this.machine.memory, addr = this.gdt + entry * 8;
      mem.write32(addr, lo);
      mem.write32(addr + 4, hi);
      const linear = GDT_LINEAR + entry * 8;
      // A segment register that already holds this selector keeps its old cache until reloaded,
      // as on hardware; refresh FS/GS if they name it so the new base takes effect at once.
      for (const s of [Seg.FS, Seg.GS]) {
        if ((this.cpu.sreg[s] >> 3) === entry) setSegmentCache(this.cpu, s, this.cpu.sreg[s], decodeDescriptor(lo, hi, linear));
      }
    }
  }

  // ---- page directories (_pdcreate / _pdupdate / _pdprotect / _pdload) ------------------------

  private allocZeroed(): number {
    const p = this.frames.alloc(1);
    if (p < 0) throw new Error("out of physical memory for kernel structures");
    this.machine.memory.fill(p, 4096);
    return p;
  }

  /** _pdcreate: an empty page directory (user space only: the kernel lives outside the guest). */
  pdCreate(): number {
    const pd = this.allocZeroed();
    this.machine.memory.write32(pd + (GDT_LINEAR >>> 22) * 4, this.kernelPt | Pte.P | Pte.RW);
    return pd;
  }

  /** Frees a page directory and all its page tables (not the mapped frames). */
  pdDestroy(pd: number): void {
    const words = this.machine.memory.i32, base = pd >>> 2;
    for (let i = 0; i < 1023; i++) { // the last entry is the shared kernel page table
      const pde = words[base + i];
      if (pde & Pte.P) this.frames.free(pde & ~0xfff, 1);
    }
    this.frames.free(pd, 1);
    if (this.currentPd === pd) this.currentPd = 0;
  }

  // Range operations (munmap, exit, fork) walk the tables directly, a page table at a time, and
  // skip 4 MiB wherever the directory has no table: an address space is mostly holes. Page-table
  // frames never hold code the CPU has decoded (they are never mapped into user space), so their
  // words are written through the typed array without the code-page check of write32.

  /**
   * Unmaps every present page of `pd` in [start, end) (page aligned), handing each frame to
   * `release` (the caller drops its reference).
   */
  pdUnmapRange(pd: number, start: number, end: number, release: (frame: number) => void): void {
    const words = this.machine.memory.i32, live = pd === this.currentPd;
    for (let a = start; a < end;) {
      const tableEnd = Math.min(end, (Math.floor(a / 0x400000) + 1) * 0x400000);
      const pde = words[(pd >>> 2) + (a >>> 22)];
      if (pde & Pte.P) {
        const table = (pde & ~0xfff) >>> 2;
        for (; a < tableEnd; a += 4096) {
          const k = table + ((a >>> 12) & 0x3ff), pte = words[k];
          if (!(pte & Pte.P)) continue;
          words[k] = 0;
          if (live) invalidateTlbEntry(this.cpu, a);
          release(pte & ~0xfff);
        }
      }
      a = tableEnd;
    }
  }

  /**
   * fork's copy-on-write sharing: every present page of `src` in [start, end) is mapped at the same
   * address in `dst` with page-vector permissions `perm`, after `retain(frame)`; when `protectSrc`,
   * a writable source page is also narrowed to `perm` (so both sides fault on their next write).
   */
  pdShareRange(
    src: number, dst: number, start: number, end: number, perm: number, protectSrc: boolean,
    retain: (frame: number) => void,
  ): void {
    const words = this.machine.memory.i32, live = src === this.currentPd;
    for (let a = start; a < end;) {
      const tableEnd = Math.min(end, (Math.floor(a / 0x400000) + 1) * 0x400000);
      const pde = words[(src >>> 2) + (a >>> 22)];
      if (pde & Pte.P) {
        const table = (pde & ~0xfff) >>> 2;
        let dstTable = -1;
        for (; a < tableEnd; a += 4096) {
          const k = table + ((a >>> 12) & 0x3ff), pte = words[k];
          if (!(pte & Pte.P)) continue;
          const frame = pte & ~0xfff, mapped = PageVector.toPte(frame, perm);
          retain(frame);
          if (dstTable < 0) dstTable = this.pageTable(dst, a) >>> 2;
          words[dstTable + ((a >>> 12) & 0x3ff)] = mapped;
          if (protectSrc && (pte & Pte.RW)) {
            words[k] = mapped;
            if (live) invalidateTlbEntry(this.cpu, a);
          }
        }
      }
      a = tableEnd;
    }
  }

  /** The page table covering `vaddr` in `pd`, created (zeroed) if missing. */
  private pageTable(pd: number, vaddr: number): number {
    const mem = this.machine.memory, pdeAddr = pd + (vaddr >>> 22) * 4;
    let pde = mem.read32(pdeAddr);
    if (!(pde & Pte.P)) {
      pde = this.allocZeroed() | Pte.P | Pte.RW | Pte.US;
      mem.write32(pdeAddr, pde);
    }
    return pde & ~0xfff;
  }

  /** The PTE for `vaddr` (0 if none). */
  pdLookup(pd: number, vaddr: number): number {
    const mem = this.machine.memory;
    const pde = mem.read32(pd + (vaddr >>> 22) * 4);
    if (!(pde & Pte.P)) return 0;
    return mem.read32((pde & ~0xfff) + ((vaddr >>> 12) & 0x3ff) * 4);
  }

  /**
   * _pdupdate: maps the page at `vaddr` to frame `paddr` with page-vector permissions `perm`
   * (PageVector.Valid | Writable | Exec); `perm` 0 unmaps. Returns the previous PTE.
   */
  pdUpdate(pd: number, vaddr: number, paddr: number, perm: number): number {
    const mem = this.machine.memory;
    if (!perm && !(mem.read32(pd + (vaddr >>> 22) * 4) & Pte.P)) return 0;
    const pteAddr = this.pageTable(pd, vaddr) + ((vaddr >>> 12) & 0x3ff) * 4;
    const old = mem.read32(pteAddr);
    mem.write32(pteAddr, perm ? PageVector.toPte(paddr, perm) : 0);
    if (pd === this.currentPd) invalidateTlbEntry(this.cpu, vaddr);
    return old;
  }

  /** _pdprotect: changes the permissions of an existing mapping, keeping its frame. */
  pdProtect(pd: number, vaddr: number, perm: number): void {
    const pte = this.pdLookup(pd, vaddr);
    if (pte & Pte.P) this.pdUpdate(pd, vaddr, pte & ~0xfff, perm);
  }

  /** _pdload: switches the MMU to `pd` (flushes the TLB). */
  pdLoad(pd: number): void {
    this.currentPd = pd;
    this.cpu.cr3 = pd;
    this.cpu.cr0 |= Cr0.PG;
    flushTlb(this.cpu, true);
  }

  /** The page directory currently loaded. */
  get loadedPd(): number {
    return this.currentPd;
  }
}
