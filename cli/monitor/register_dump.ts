// `info registers` in QEMU's x86_cpu_dump_state layout (32-bit mode): general registers four per
// line, EIP/EFL with the flags decoded as [DOSZAPC], segment caches, descriptor tables, CRs.

import type { RegisterSnapshot, SegmentState } from "./target.ts";

/** EFLAGS bits QEMU decodes in `info registers`, in its print order (SDM vol. 1 §3.4.3). */
export const EFLAGS_LETTERS = [
  { bit: 1 << 10, letter: "D" }, // DF direction
  { bit: 1 << 11, letter: "O" }, // OF overflow
  { bit: 1 << 7, letter: "S" },  // SF sign
  { bit: 1 << 6, letter: "Z" },  // ZF zero
  { bit: 1 << 4, letter: "A" },  // AF auxiliary carry
  { bit: 1 << 2, letter: "P" },  // PF parity
  { bit: 1 << 0, letter: "C" },  // CF carry
] as const;

/** `[-O--A-C]`-style flag string: the letter when set, `-` when clear. */
export function formatEflags(eflags: number): string {
  return "[" + EFLAGS_LETTERS.map(({ bit, letter }) => (eflags & bit ? letter : "-")).join("") + "]";
}

const hex8 = (value: number): string => (value >>> 0).toString(16).padStart(8, "0");
const hex4 = (value: number): string => (value & 0xffff).toString(16).padStart(4, "0");

function segmentLine(label: string, segment: SegmentState): string {
  return `${label.padEnd(3)}=${hex4(segment.selector)} ${hex8(segment.base)} ${hex8(segment.limit)} ${hex8(segment.flags)}`;
}

/** The full register dump, one string per line, as QEMU prints it for a 32-bit CPU. */
export function formatRegisters(r: RegisterSnapshot): string[] {
  const lines = [
    `EAX=${hex8(r.eax)} EBX=${hex8(r.ebx)} ECX=${hex8(r.ecx)} EDX=${hex8(r.edx)}`,
    `ESI=${hex8(r.esi)} EDI=${hex8(r.edi)} EBP=${hex8(r.ebp)} ESP=${hex8(r.esp)}`,
    `EIP=${hex8(r.eip)} EFL=${hex8(r.eflags)} ${formatEflags(r.eflags)} CPL=${r.cpl} HLT=${r.halted ? 1 : 0}`,
  ];
  for (const name of ["es", "cs", "ss", "ds", "fs", "gs"] as const) {
    lines.push(segmentLine(name.toUpperCase(), r.segments[name]));
  }
  if (r.ldt !== undefined) lines.push(segmentLine("LDT", r.ldt));
  if (r.tr !== undefined) lines.push(segmentLine("TR", r.tr));
  if (r.gdt !== undefined) lines.push(`GDT=     ${hex8(r.gdt.base)} ${hex8(r.gdt.limit)}`);
  if (r.idt !== undefined) lines.push(`IDT=     ${hex8(r.idt.base)} ${hex8(r.idt.limit)}`);
  lines.push(`CR0=${hex8(r.cr0)} CR2=${hex8(r.cr2)} CR3=${hex8(r.cr3)} CR4=${hex8(r.cr4)}`);
  return lines;
}

// Sub-register views for `$ax`, `$al`, `$ah` in expressions.
const WIDE = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp"] as const;

/**
 * Value of a register named in an expression (`eax`, `ax`, `al`, `ah`, `eip`/`pc`, `esp`/`sp`,
 * `eflags`, segment selectors, `cr0`–`cr4`, `cpl`), or undefined for an unknown name.
 */
export function registerValue(r: RegisterSnapshot, name: string): number | undefined {
  if ((WIDE as readonly string[]).includes(name)) return r[name as (typeof WIDE)[number]] >>> 0;
  if (name === "eip" || name === "pc") return r.eip >>> 0;
  if (name === "sp") return r.esp >>> 0;
  if (name === "eflags" || name === "efl") return r.eflags >>> 0;
  if (name === "cr0" || name === "cr2" || name === "cr3" || name === "cr4") return r[name] >>> 0;
  if (name === "cpl") return r.cpl;
  if (name in r.segments) return r.segments[name as keyof RegisterSnapshot["segments"]].selector;
  const wide = WIDE.find((w) => w.slice(1) === name);
  if (wide !== undefined) return r[wide] & 0xffff;
  const byteReg = /^([abcd])([lh])$/.exec(name);
  if (byteReg !== null) {
    const value = r[`e${byteReg[1]}x` as "eax"];
    return byteReg[2] === "l" ? value & 0xff : (value >>> 8) & 0xff;
  }
  return undefined;
}
