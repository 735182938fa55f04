// The physical layer of the memory manager (thesis §3.2.1, Tables 3.1/3.2): turns the boot loader's
// multiboot/E820 memory map plus the PC's fixed reserved areas into page-aligned usable ranges, so no
// upper layer ever sees a reserved address. Platform-neutral.
import { PAGE_SIZE } from "../../core/memory/physical.ts";

/** Multiboot `mmap` entry types (Multiboot 0.6.96 §3.3; same values as ACPI/E820). */
export const MemoryType = {
  /** RAM free for the OS. */
  Usable: 1,
  /** Reserved by firmware or devices. */
  Reserved: 2,
  /** ACPI tables, reclaimable after reading them. */
  AcpiReclaimable: 3,
  /** ACPI non-volatile storage, preserved across sleep. */
  AcpiNvs: 4,
  /** Defective RAM. */
  Bad: 5,
} as const;

/** One memory map entry as a boot loader reports it: [base, base+length) of `type`. */
export interface MemoryMapEntry {
  readonly base: number;
  readonly length: number;
  readonly type: number;
}

/** A reserved physical range [start, end) (end exclusive) and the reason it is reserved. */
export interface Reservation {
  readonly start: number;
  readonly end: number;
  readonly why: string;
}

/** A usable physical range [start, end), both page-aligned, end exclusive. */
export interface PhysRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The PC's fixed low-memory areas (thesis Table 3.2; OSDev "Memory Map (x86)"), reserved whatever
 * the boot loader says: a BIOS may report some of them as usable, and the kernel must not reuse them.
 * Bounds are [start, end) — the thesis lists them as inclusive base/size pairs.
 */
export const PC_RESERVED: readonly Reservation[] = [
  { start: 0x0000_0000, end: 0x0000_0500, why: "IVT + BIOS data area" },
  { start: 0x0008_0000, end: 0x000a_0000, why: "EBDA (may grow down to 0x80000)" },
  { start: 0x000a_0000, end: 0x000c_0000, why: "VGA frame buffers" },
  { start: 0x000c_0000, end: 0x000c_8000, why: "video BIOS" },
  { start: 0x000f_0000, end: 0x0010_0000, why: "system BIOS" },
];
for (let i = 0; i < PC_RESERVED.length; i++) {
  const r = PC_RESERVED[i];
  if (r.end <= r.start || (i > 0 && r.start < PC_RESERVED[i - 1].end)) {
    throw new Error(`PC_RESERVED: ${r.why} is empty or overlaps its predecessor`);
  }
}

const FOUR_GIB = 0x1_0000_0000;

function pageDown(a: number): number {
  return Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
}

function pageUp(a: number): number {
  return Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
}

/** Removes [cutStart, cutEnd) from every range of `ranges` (sorted, disjoint). */
function subtract(ranges: PhysRange[], cutStart: number, cutEnd: number): PhysRange[] {
  const out: PhysRange[] = [];
  for (const r of ranges) {
    if (cutEnd <= r.start || cutStart >= r.end) {
      out.push(r);
      continue;
    }
    if (r.start < cutStart) out.push({ start: r.start, end: cutStart });
    if (cutEnd < r.end) out.push({ start: cutEnd, end: r.end });
  }
  return out;
}

/**
 * Usable page-aligned ranges of `map`, sorted by address, merged where contiguous.
 *
 * Usable entries shrink inward to whole pages; every non-usable entry, every `PC_RESERVED` area and
 * every `extra` reservation (e.g. the kernel's own image) is removed after growing outward to whole
 * pages — a reservation wins over an overlapping usable entry, as Linux's e820 sanitizer does.
 * Addresses at or above 4 GiB are dropped (i386 without PAE).
 */
export function usableRanges(
  map: readonly MemoryMapEntry[],
  extra: readonly Reservation[] = [],
): PhysRange[] {
  let ranges: PhysRange[] = [];
  for (const e of map) {
    if (e.type !== MemoryType.Usable) continue;
    const start = pageUp(e.base);
    const end = pageDown(Math.min(e.base + e.length, FOUR_GIB));
    if (end > start) ranges.push({ start, end });
  }
  ranges.sort((a, b) => a.start - b.start);
  // Merge overlapping or touching usable entries first, so the cuts below see disjoint ranges.
  const merged: PhysRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else merged.push(r);
  }
  ranges = merged;
  const cuts: { start: number; end: number }[] = [];
  for (const e of map) if (e.type !== MemoryType.Usable) cuts.push({ start: e.base, end: e.base + e.length });
  for (const r of PC_RESERVED) cuts.push(r);
  for (const r of extra) cuts.push(r);
  for (const c of cuts) {
    if (c.end > c.start) ranges = subtract(ranges, pageDown(c.start), pageUp(c.end));
  }
  return ranges;
}

/** Total bytes covered by `ranges`. */
export function rangesBytes(ranges: readonly PhysRange[]): number {
  let total = 0;
  for (const r of ranges) total += r.end - r.start;
  return total;
}

/** Highest byte of low (conventional) memory a PC BIOS reports: 639 KiB, the EBDA sits above. */
const LOW_MEMORY_END = 0x0009_fc00;
const EXTENDED_MEMORY_START = 0x0010_0000;

/**
 * The memory map a PC BIOS (E820) reports for `ramBytes` of RAM, in the thesis's Table 3.1 shape:
 * 0–0x9FC00 usable, 0x9FC00–0xA0000 EBDA, 0xF0000–0x100000 BIOS, 1 MiB–RAM end usable. The
 * 0xA0000–0xEFFFF hole (VGA, option ROMs) is not reported, as on real BIOSes. `nk boot` hands this
 * map to the kernel in the multiboot info.
 */
export function pcMemoryMap(ramBytes: number): MemoryMapEntry[] {
  if (!Number.isInteger(ramBytes) || ramBytes < EXTENDED_MEMORY_START || ramBytes > FOUR_GIB) {
    throw new RangeError(`RAM size ${ramBytes} must be between 1 MiB and 4 GiB`);
  }
  const map: MemoryMapEntry[] = [
    { base: 0, length: LOW_MEMORY_END, type: MemoryType.Usable },
    { base: LOW_MEMORY_END, length: 0x000a_0000 - LOW_MEMORY_END, type: MemoryType.Reserved },
    { base: 0x000f_0000, length: 0x0001_0000, type: MemoryType.Reserved },
  ];
  if (ramBytes > EXTENDED_MEMORY_START) {
    map.push({ base: EXTENDED_MEMORY_START, length: ramBytes - EXTENDED_MEMORY_START, type: MemoryType.Usable });
  }
  return map;
}
