// The shape of opcode-table rows (LibX86 `build(opcode, mnemonic, format, handler)`, v86
// x86_table.js). One table drives the decoder, the disassembler's mnemonics, the coverage report and
// the differential tests. Platform-neutral.
import type { Handler } from "../insn.ts";

/** Immediate operand kinds, derived from the SDM operand format of a row. */
export const Imm = {
  None: 0,
  Ib: 1, // 8-bit, zero-extended
  Ibs: 2, // 8-bit, sign-extended (Jb, 83 /r, 6A, 6B)
  Iw: 3, // 16-bit
  Iz: 4, // 16 or 32 bits by operand size
  Jz: 5, // like Iz, 16-bit form sign-extended (relative branches)
  IwIb: 6, // ENTER
  Ap: 7, // far pointer: offset (16/32) then selector
  Moffs: 8, // address-sized offset (A0–A3)
} as const;

/** Row attribute bits. */
export const Attr = {
  ModRM: 1, // a ModRM byte follows
  Lock: 2, // LOCK prefix allowed (with a memory destination)
  End: 4, // ends a decoded block (branches, mode changes, HLT, I/O, interrupts)
  Group: 8, // ModRM.reg selects one of 8 sub-rows
} as const;

/** One opcode (or one group member). */
export interface OpRow {
  /** Opcode: 0x00–0xFF or 0x100 | byte for 0F xx. */
  op: number;
  /** Group member index (ModRM.reg) or -1. */
  sub: number;
  name: string;
  /** SDM operand format, e.g. "Ev,Gv". */
  fmt: string;
  /** 32-bit operand size handler. */
  h: Handler;
  /** 16-bit operand size handler (defaults to `h`, which then checks `i.o16`). */
  h16: Handler;
  attr: number;
  imm: number;
}

/** Derives the immediate kind from a format string. */
export function immKind(fmt: string): number {
  const parts = fmt.split(",");
  if (parts.includes("Iw") && parts.includes("Ib")) return Imm.IwIb;
  if (parts.includes("Ap")) return Imm.Ap;
  if (parts.some((p) => p === "Ob" || p === "Ov")) return Imm.Moffs;
  if (parts.includes("Jz")) return Imm.Jz;
  if (parts.includes("Iz") || parts.includes("Iv")) return Imm.Iz;
  if (parts.includes("Iw")) return Imm.Iw;
  if (parts.includes("Jb") || parts.includes("Ibs")) return Imm.Ibs;
  if (parts.includes("Ib")) return Imm.Ib;
  return Imm.None;
}

/** True if the format has a ModRM operand. */
export function needsModrm(fmt: string): boolean {
  return /\b(E[bvwdpq]?|G[bvwd]|M[apqwdbs]?|R[d]?|S[w]|C[d]|D[d]|[PQVUW][a-z]*)\b/.test(fmt.replace(/,/g, " "));
}

/** Builds a row. Options: `h16`, `lock`, `end`. */
export function row(
  op: number, name: string, fmt: string, h: Handler,
  opts: { h16?: Handler; lock?: boolean; end?: boolean; modrm?: boolean } = {},
): OpRow {
  let attr = 0;
  if (opts.modrm ?? needsModrm(fmt)) attr |= Attr.ModRM;
  if (opts.lock) attr |= Attr.Lock;
  if (opts.end) attr |= Attr.End;
  return { op, sub: -1, name, fmt, h, h16: opts.h16 ?? h, attr, imm: immKind(fmt) };
}

/** Builds a group member row (opcode `op`, ModRM.reg = `sub`). */
export function member(
  op: number, sub: number, name: string, fmt: string, h: Handler,
  opts: { h16?: Handler; lock?: boolean; end?: boolean } = {},
): OpRow {
  const r = row(op, name, fmt, h, { ...opts, modrm: true });
  return { ...r, sub };
}
