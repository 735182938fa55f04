// JIT code generators for operand access: effective addresses, registers by size, and memory loads
// and stores with the TLB fast path inline (the same checks as Cpu.read32/write32) and a call to the
// Cpu's checked accessor as the slow path (page walk, faults, MMIO, code-page writes). Platform-neutral.
import type { Insn } from "../insn.ts";
import { Seg } from "../registers.ts";

/**
 * Names the generated code relies on (bound by codegen.ts): `cpu`, `g0`…`g7` (the guest GPRs, held
 * in JS locals while compiled code runs; codegen.ts stores them back to cpu.r32 before handlers and
 * exits), `seg` (segment bases), `tlb` (TLB entries), `u8 u16 i32` (RAM views), `RD WR` (TLB
 * permission masks for the current CPL), scratch locals `a e p v`, and `S`, set when a slow path ran
 * (a page walk, MMIO or a code-page write may have side effects, so the code returns to run() at the
 * next block boundary instead of chaining to the next block).
 */
export const ACCESS_LOCALS = "a = 0, e = 0, p = 0, v = 0";

/**
 * `seg[n] + `, the segment-base term of a linear address. Every emitter writes the base in this
 * form, so that codegen.ts can leave out the bases that are zero when it compiles (zeroSegments).
 */
export function segPlus(n: number): string {
  return `seg[${n}] + `;
}

/**
 * Placeholder for a slow path's fault check: the Cpu's *Checked accessors report a fault in
 * `cpu.jitFault` instead of throwing it; codegen.ts fills in the test and the jump to the region's
 * fault exit with the instruction's index (a placeholder left unfilled is a syntax error, not a
 * fault reported at the wrong instruction).
 */
export const FAULT_CHECK = "@FAULT_CHECK@";

/** A slow-path load of `bits` into `dst` (the address in `a`). */
function slowLoad(bits: number, dst: string): string {
  return `${dst} = cpu.read${bits}Checked(a); S = 1; ${FAULT_CHECK}`;
}

/** A slow-path store of local `v` (the address in `a`). */
function slowStore(bits: number): string {
  return `cpu.write${bits}Checked(a, v); S = 1; ${FAULT_CHECK}`;
}

/** The stack segment's base term (pushes, pops, calls and returns address through SS). */
export const SS_PLUS = segPlus(Seg.SS);

/** JS expression for the linear address of `i`'s memory operand (an int32). */
export function eaExpr(i: Insn): string {
  let off = `${i.disp | 0}`;
  if (i.base >= 0) off += ` + g${i.base}`;
  if (i.index >= 0) off += i.scale ? ` + (g${i.index} << ${i.scale})` : ` + g${i.index}`;
  if (i.ea16) off = `((${off}) & 0xffff)`;
  return `(${segPlus(i.seg)}${off}) | 0`;
}

/** JS expression for the offset part only (LEA). */
export function eaOffsetExpr(i: Insn): string {
  let off = `${i.disp | 0}`;
  if (i.base >= 0) off += ` + g${i.base}`;
  if (i.index >= 0) off += i.scale ? ` + (g${i.index} << ${i.scale})` : ` + g${i.index}`;
  return i.ea16 ? `(${off}) & 0xffff` : `(${off}) | 0`;
}

/**
 * Register operand value by size (sign bit 7/15/31), zero-extended: `reg8` is the byte index of an
 * 8-bit register in the GPR file (REG8_INDEX: AH = byte 1 of EAX).
 */
export function regExpr(sb: number, reg: number, reg8: number): string {
  if (sb === 31) return `g${reg}`;
  if (sb === 15) return `(g${reg} & 0xffff)`;
  const sh = (reg8 & 3) * 8;
  return sh ? `((g${reg8 >> 2} >>> ${sh}) & 0xff)` : `(g${reg8 >> 2} & 0xff)`;
}

/** Statement that writes `val` (truncated to the size, like a typed-array store) to a register. */
export function regSet(sb: number, reg: number, reg8: number, val: string): string {
  if (sb === 31) return `g${reg} = (${val}) | 0;`;
  if (sb === 15) return `g${reg} = (g${reg} & -65536) | ((${val}) & 0xffff);`;
  const g = `g${reg8 >> 2}`, sh = (reg8 & 3) * 8;
  return sh ? `${g} = (${g} & ${~(0xff << sh)}) | (((${val}) & 0xff) << ${sh});` : `${g} = (${g} & -256) | ((${val}) & 0xff);`;
}

/** Statements that load `size` bits from linear address local `a` into local `dst`. */
export function loadStmt(sb: number, dst: string): string {
  if (sb === 7) {
    return `e = tlb[a >>> 12]; if (e & RD) ${dst} = u8[(e & ~0xfff) ^ a]; else { ${slowLoad(8, dst)} }`;
  }
  // An aligned access never crosses a page, and the physical address keeps the linear low bits, so
  // alignment of `a` is the whole fast-path condition besides the TLB bit.
  if (sb === 15) {
    return `e = tlb[a >>> 12]; if ((e & RD) && (a & 1) === 0) ${dst} = u16[((e & ~0xfff) ^ a) >>> 1]; ` +
      `else { ${slowLoad(16, dst)} }`;
  }
  return `e = tlb[a >>> 12]; if ((e & RD) && (a & 3) === 0) ${dst} = i32[((e & ~0xfff) ^ a) >>> 2]; ` +
    `else { ${slowLoad(32, dst)} }`;
}

/** Statements that store expression `val` (evaluated once, into `v`) at linear address local `a`. */
export function storeStmt(sb: number, val: string): string {
  if (sb === 7) {
    return `v = ${val}; e = tlb[a >>> 12]; if (e & WR) u8[(e & ~0xfff) ^ a] = v; else { ${slowStore(8)} }`;
  }
  if (sb === 15) {
    return `v = ${val}; e = tlb[a >>> 12]; if ((e & WR) && (a & 1) === 0) u16[((e & ~0xfff) ^ a) >>> 1] = v; ` +
      `else { ${slowStore(16)} }`;
  }
  return `v = ${val}; e = tlb[a >>> 12]; if ((e & WR) && (a & 3) === 0) i32[((e & ~0xfff) ^ a) >>> 2] = v; ` +
    `else { ${slowStore(32)} }`;
}

/**
 * A 64-bit operand at linear address local `a` that the inline float paths cannot take: not
 * 4-aligned, or crossing a page (an 8-byte access there needs two translations).
 */
export const M64_UNUSABLE = "((a & 3) !== 0 || (a & 0xfff) > 0xff8)";

/**
 * Statements reading the double at `i`'s memory operand into a new const `name`: NaN when it is
 * not readable inline (a TLB miss or M64_UNUSABLE), which every caller's fast path rejects. A
 * 4-aligned double is joined from two words (X.join): a Float64Array reads 8-aligned ones only.
 */
export function loadDouble(i: Insn, name: string): string {
  return `a = ${eaExpr(i)}; e = tlb[a >>> 12]; const ${name} = (e & RD) === 0 || ${M64_UNUSABLE} ? NaN : ` +
    `(p = (e & ~0xfff) ^ a, (a & 4) === 0 ? f64[p >>> 3] : X.join(i32[p >>> 2], i32[(p >>> 2) + 1])); `;
}

/** Value mask by sign bit, as a JS literal. */
export function maskLit(sb: number): string {
  return sb === 7 ? "0xff" : sb === 15 ? "0xffff" : "-1";
}


/** `dst = [E]` at a size, with the TLB fast path inline. */
export function memLoad(i: Insn, sb: number, dst: string): string {
  return `a = ${eaExpr(i)}; ${loadStmt(sb, dst)}`;
}

/** `[E] = val` at a size (val is evaluated once, into `v`). */
export function memStore(i: Insn, sb: number, val: string): string {
  return `a = ${eaExpr(i)}; ${storeStmt(sb, val)}`;
}

/**
 * The load half of a read-modify-write of [E] into `dst`: one TLB check for both accesses (a page
 * writable at this privilege is readable); `p` keeps the RAM index for rmwStore(), or -1 when the
 * Cpu accessors must do both (page walk, faults, MMIO, code-page writes).
 */
export function rmwLoad(i: Insn, sb: number, dst: string): string {
  const view = sb === 7 ? "u8" : sb === 15 ? "u16" : "i32";
  const sh = sb === 7 ? "" : sb === 15 ? " >>> 1" : " >>> 2";
  const aligned = sb === 7 ? "" : ` && (a & ${sb === 15 ? 1 : 3}) === 0`;
  return `a = ${eaExpr(i)}; e = tlb[a >>> 12]; if ((e & WR)${aligned}) { p = ((e & ~0xfff) ^ a)${sh}; ${dst} = ${view}[p]; } ` +
    `else { p = -1; ${slowLoad(sb + 1, dst)} }`;
}

/** The store half of a read-modify-write (after rmwLoad() of the same operand). */
export function rmwStore(sb: number, val: string): string {
  const view = sb === 7 ? "u8" : sb === 15 ? "u16" : "i32";
  return `v = ${val}; if (p >= 0) ${view}[p] = v; else { ${slowStore(sb + 1)} }`;
}
