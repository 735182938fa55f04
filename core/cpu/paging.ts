// 32-bit paging (Intel SDM Vol. 3 §4.3): the two-level walk with 4 KiB and 4 MiB (PSE) pages,
// U/S and R/W checks (CR0.WP), accessed/dirty bits, global pages, and the TLB in front of it.
// Platform-neutral.
//
// TLB entry layout (one Int32 per linear page, 1 Mi entries):
//
//   31                     12 11    7     6      5      4      3      2      1     0
//  +-------------------------+-----+-----+------+------+------+------+------+-----+
//  | (phys page ^ lin page)  |  -  | G   | X_USR| X_SUP| W_USR| R_USR| W_SUP|R_SUP|
//  +-------------------------+-----+-----+------+------+------+------+------+-----+
//
// A permission bit is set only when the fast path may do that access without the walk: write bits
// are left clear until the PTE's dirty bit is set, on pages holding cached code, and on MMIO.
import type { Cpu } from "./cpu.ts";
import { Cr0, Cr4, Pte } from "./control_regs.ts";
import { raise } from "./fault.ts";
import { PageFaultCode } from "./vectors.ts";

/** Kind of memory access. */
export const Access = { Read: 0, Write: 1, Exec: 2 } as const;
export type AccessKind = 0 | 1 | 2;

export const TLB_PAGES = 1 << 20;

export const TlbBit = {
  R_SUP: 1 << 0,
  W_SUP: 1 << 1,
  R_USR: 1 << 2,
  W_USR: 1 << 3,
  X_SUP: 1 << 4,
  X_USR: 1 << 5,
  GLOBAL: 1 << 6,
} as const;

const W_BITS = TlbBit.W_SUP | TlbBit.W_USR;
const LIST_CAPACITY = 1 << 14;

/** The TLB: entries plus the list of filled slots, so a flush touches only those. */
export class Tlb {
  readonly entries = new Int32Array(TLB_PAGES);
  readonly filled = new Int32Array(LIST_CAPACITY);
  count = 0;

  /** Sets cpu.tlbRead/Write/Exec for its CPL. */
  selectMasks(cpu: Cpu): void {
    const user = cpu.cpl === 3;
    cpu.tlbRead = user ? TlbBit.R_USR : TlbBit.R_SUP;
    cpu.tlbWrite = user ? TlbBit.W_USR : TlbBit.W_SUP;
    cpu.tlbExec = user ? TlbBit.X_USR : TlbBit.X_SUP;
  }

  fill(page: number, value: number): void {
    if (this.entries[page] === 0) {
      if (this.count === LIST_CAPACITY) {
        this.entries.fill(0);
        this.count = 0;
      }
      this.filled[this.count++] = page;
    }
    this.entries[page] = value;
  }
}

/** Flushes the TLB; global entries survive unless `all` (CR4.PGE toggles, CR0 writes). */
export function flushTlb(cpu: Cpu, all: boolean): void {
  const t = cpu.tlb;
  let keep = 0;
  for (let k = 0; k < t.count; k++) {
    const page = t.filled[k];
    if (!all && (t.entries[page] & TlbBit.GLOBAL)) t.filled[keep++] = page;
    else t.entries[page] = 0;
  }
  t.count = keep;
}

/** INVLPG: drops the entry for one linear address. */
export function invalidateTlbEntry(cpu: Cpu, lin: number): void {
  cpu.tlb.entries[lin >>> 12] = 0;
}

/** Removes fast-write permission from every entry that maps physical page `page` (now holds code). */
export function revokeWrites(cpu: Cpu, page: number): void {
  const t = cpu.tlb;
  for (let k = 0; k < t.count; k++) {
    const lp = t.filled[k];
    const e = t.entries[lp];
    if (e !== 0 && (((e >>> 12) ^ lp) === page)) t.entries[lp] = e & ~W_BITS;
  }
}

/**
 * Translates a linear address for `access` at the current CPL, filling the TLB; raises #PF on a
 * violation. Returns the physical address.
 */
export function translate(cpu: Cpu, lin: number, access: AccessKind): number {
  const user = cpu.cpl === 3;
  const mem = cpu.mem;
  const page = lin >>> 12;
  if (!(cpu.cr0 & Cr0.PG)) {
    const phys = lin >>> 0;
    const ram = phys < mem.size;
    let bits = 0;
    if (ram) {
      bits = TlbBit.R_SUP | TlbBit.R_USR | TlbBit.X_SUP | TlbBit.X_USR;
      if (!mem.codePages[page]) bits |= W_BITS;
      cpu.tlb.fill(page, bits);
    }
    return phys;
  }
  const pdeAddr = (cpu.cr3 & ~0xfff) + ((lin >>> 22) << 2);
  let pde = mem.read32(pdeAddr);
  if (!(pde & Pte.P)) pageFault(cpu, lin, access, user, 0);
  let phys: number, writable: boolean, userOk: boolean, global: boolean, dirty: boolean, noExec: boolean;
  if ((pde & Pte.PS) && (cpu.cr4 & Cr4.PSE)) {
    writable = (pde & Pte.RW) !== 0;
    userOk = (pde & Pte.US) !== 0;
    checkAccess(cpu, lin, access, user, writable, userOk);
    const want = Pte.A | (access === Access.Write ? Pte.D : 0);
    if ((pde & want) !== want) { pde |= want; mem.write32(pdeAddr, pde); }
    phys = ((pde & 0xffc00000) | (lin & 0x3ff000)) >>> 0;
    global = (pde & Pte.G) !== 0;
    dirty = (pde & Pte.D) !== 0;
    noExec = (pde & Pte.NX) !== 0;
  } else {
    const pteAddr = (pde & ~0xfff) + (((lin >>> 12) & 0x3ff) << 2);
    let pte = mem.read32(pteAddr);
    if (!(pte & Pte.P)) pageFault(cpu, lin, access, user, 0);
    writable = (pde & pte & Pte.RW) !== 0;
    userOk = (pde & pte & Pte.US) !== 0;
    checkAccess(cpu, lin, access, user, writable, userOk);
    if (!(pde & Pte.A)) mem.write32(pdeAddr, pde | Pte.A);
    const want = Pte.A | (access === Access.Write ? Pte.D : 0);
    if ((pte & want) !== want) { pte |= want; mem.write32(pteAddr, pte); }
    phys = (pte & ~0xfff) >>> 0;
    global = (pte & Pte.G) !== 0;
    dirty = (pte & Pte.D) !== 0;
    noExec = ((pte | pde) & Pte.NX) !== 0;
  }
  if (cpu.softNx && noExec && access === Access.Exec) {
    pageFault(cpu, lin, access, user, PageFaultCode.Present);
  }
  if (phys < mem.size) {
    let bits = TlbBit.R_SUP | TlbBit.X_SUP;
    if (writable || !(cpu.cr0 & Cr0.WP)) bits |= TlbBit.W_SUP;
    if (userOk) bits |= TlbBit.R_USR | TlbBit.X_USR | (writable ? TlbBit.W_USR : 0);
    if (cpu.softNx && noExec) bits &= ~(TlbBit.X_SUP | TlbBit.X_USR);
    if (!dirty || mem.codePages[phys >>> 12]) bits &= ~W_BITS;
    if (global && (cpu.cr4 & Cr4.PGE)) bits |= TlbBit.GLOBAL;
    cpu.tlb.fill(page, ((phys ^ (lin & ~0xfff)) & ~0xfff) | bits);
  }
  return (phys | (lin & 0xfff)) >>> 0;
}

function checkAccess(
  cpu: Cpu, lin: number, access: AccessKind, user: boolean, writable: boolean, userOk: boolean,
): void {
  if (user && !userOk) pageFault(cpu, lin, access, user, PageFaultCode.Present);
  if (access === Access.Write && !writable && (user || (cpu.cr0 & Cr0.WP))) {
    pageFault(cpu, lin, access, user, PageFaultCode.Present);
  }
}

function pageFault(cpu: Cpu, lin: number, access: AccessKind, user: boolean, present: number): never {
  let code = present;
  if (access === Access.Write) code |= PageFaultCode.Write;
  if (user) code |= PageFaultCode.User;
  // I/D is only reported when no-execute is in force (SDM §4.7: 32-bit paging without NX clears it).
  if (access === Access.Exec && cpu.softNx) code |= PageFaultCode.Fetch;
  return raise(14, code, lin);
}

/**
 * Walks the page tables without side effects (no A/D updates, no TLB fill, no fault): the
 * physical address `lin` maps to, or -1. For the monitor and debugger.
 */
export function probe(cpu: Cpu, lin: number): number {
  if (!(cpu.cr0 & Cr0.PG)) return lin >>> 0;
  const pde = cpu.mem.read32((cpu.cr3 & ~0xfff) + ((lin >>> 22) << 2));
  if (!(pde & Pte.P)) return -1;
  if ((pde & Pte.PS) && (cpu.cr4 & Cr4.PSE)) return ((pde & 0xffc00000) | (lin & 0x3fffff)) >>> 0;
  const pte = cpu.mem.read32((pde & ~0xfff) + (((lin >>> 12) & 0x3ff) << 2));
  if (!(pte & Pte.P)) return -1;
  return ((pte & ~0xfff) | (lin & 0xfff)) >>> 0;
}
