// The i386 register file as GDB numbers it (gdb/features/i386/32bit-core.xml + 32bit-sse.xml):
// one table drives the `g`/`G`/`p`/`P` byte layout and the target description XML, and the
// accessors below read and write those registers on an nk Cpu.

import type { Cpu } from "../../core/cpu/cpu.ts";
import { FAULT } from "../../core/cpu/fault.ts";
import { Seg } from "../../core/cpu/registers.ts";
import { readDescriptor, setSegmentCache } from "../../core/cpu/segments.ts";

/** One register row: name, width in bytes, the XML type, and the GDB register group if any. */
export interface RegisterRow {
  readonly name: string;
  readonly bytes: 4 | 10 | 16;
  readonly type: string;
  readonly group?: "float" | "vector";
}

const gpr = (name: string, type = "int32"): RegisterRow => ({ name, bytes: 4, type });
const fpuControl = (name: string): RegisterRow => ({ name, bytes: 4, type: "int", group: "float" });

/**
 * GDB's i386 register numbering (gdb/i386-tdep.h I386_EAX_REGNUM..I386_MXCSR_REGNUM): 16 general
 * registers, st0–st7, eight x87 control registers, xmm0–xmm7, mxcsr. Row index = GDB regnum.
 */
export const GDB_REGISTERS: readonly RegisterRow[] = [
  gpr("eax"), gpr("ecx"), gpr("edx"), gpr("ebx"), gpr("esp", "data_ptr"), gpr("ebp", "data_ptr"), gpr("esi"), gpr("edi"),
  gpr("eip", "code_ptr"), gpr("eflags", "i386_eflags"),
  gpr("cs"), gpr("ss"), gpr("ds"), gpr("es"), gpr("fs"), gpr("gs"),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((i): RegisterRow => ({ name: `st${i}`, bytes: 10, type: "i387_ext" })),
  ...["fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"].map(fpuControl),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((i): RegisterRow => ({ name: `xmm${i}`, bytes: 16, type: "vec128" })),
  { name: "mxcsr", bytes: 4, type: "i386_mxcsr", group: "vector" },
];

/** GDB regnums of the landmarks the code below switches on. */
export const GdbReg = { eip: 8, eflags: 9, cs: 10, st0: 16, fctrl: 24, xmm0: 32, mxcsr: 40 } as const;

/** GDB's segment order (cs ss ds es fs gs) mapped to nk's Sreg numbering. */
const SEGMENT_ORDER = [Seg.CS, Seg.SS, Seg.DS, Seg.ES, Seg.FS, Seg.GS] as const;

/** Bytes of the whole `g` packet payload (308 for core + SSE). */
export const REGISTER_BLOCK_BYTES = GDB_REGISTERS.reduce((sum, row) => sum + row.bytes, 0);

function put32(out: Uint8Array, offset: number, value: number): void {
  for (let i = 0; i < 4; i++) out[offset + i] = (value >>> (8 * i)) & 0xff;
}

function get32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

/** The value of GDB register `regnum` as little-endian bytes (its table width). */
export function readRegister(cpu: Cpu, regnum: number): Uint8Array {
  const row = GDB_REGISTERS[regnum];
  if (row === undefined) throw new RangeError(`no register ${regnum}`);
  const out = new Uint8Array(row.bytes);
  const fpu = cpu.fpu;
  if (regnum < 8) put32(out, 0, cpu.r32[regnum]!);
  else if (regnum === GdbReg.eip) put32(out, 0, cpu.eip);
  else if (regnum === GdbReg.eflags) put32(out, 0, cpu.eflags);
  else if (regnum < GdbReg.st0) put32(out, 0, cpu.sreg[SEGMENT_ORDER[regnum - GdbReg.cs]!]!);
  else if (regnum < GdbReg.fctrl) fpu.storeReg(regnum - GdbReg.st0, out, 0);
  else if (regnum < GdbReg.xmm0) put32(out, 0, fpuControlValue(cpu, regnum - GdbReg.fctrl));
  else if (regnum < GdbReg.mxcsr) for (let k = 0; k < 4; k++) put32(out, 4 * k, cpu.xmm[(regnum - GdbReg.xmm0) * 4 + k]!);
  else put32(out, 0, cpu.mxcsr);
  return out;
}

// fctrl fstat ftag fiseg fioff foseg fooff fop, as gdb's i387-tdep.c fills them from FNSAVE.
function fpuControlValue(cpu: Cpu, index: number): number {
  const f = cpu.fpu;
  return [f.cw, f.statusWord(), f.tagWord(), f.fcs, f.fip, f.fds, f.fdp, f.fop][index]!;
}

/**
 * Writes GDB register `regnum` from little-endian `bytes`. A segment register write loads the
 * descriptor from the GDT/LDT like MOV Sreg (without privilege checks); returns false if the
 * selector names no descriptor, leaving the CPU unchanged.
 */
export function writeRegister(cpu: Cpu, regnum: number, bytes: Uint8Array): boolean {
  const row = GDB_REGISTERS[regnum];
  if (row === undefined || bytes.length < row.bytes) return false;
  const value = get32(bytes, 0);
  const fpu = cpu.fpu;
  if (regnum < 8) cpu.r32[regnum] = value;
  else if (regnum === GdbReg.eip) cpu.eip = value | 0;
  else if (regnum === GdbReg.eflags) cpu.eflags = value;
  else if (regnum < GdbReg.st0) return writeSegment(cpu, SEGMENT_ORDER[regnum - GdbReg.cs]!, value & 0xffff);
  else if (regnum < GdbReg.fctrl) fpu.loadReg(regnum - GdbReg.st0, bytes, 0);
  else if (regnum < GdbReg.xmm0) {
    const index = regnum - GdbReg.fctrl;
    if (index === 0) fpu.cw = value & 0xffff;
    else if (index === 1) fpu.setStatusWord(value & 0xffff);
    else if (index === 2) fpu.setTagWord(value & 0xffff);
    else if (index === 3) fpu.fcs = value & 0xffff;
    else if (index === 4) fpu.fip = value;
    else if (index === 5) fpu.fds = value & 0xffff;
    else if (index === 6) fpu.fdp = value;
    else fpu.fop = value & 0x7ff;
  } else if (regnum < GdbReg.mxcsr) for (let k = 0; k < 4; k++) cpu.xmm[(regnum - GdbReg.xmm0) * 4 + k] = get32(bytes, 4 * k);
  else cpu.mxcsr = value;
  if (regnum === GdbReg.eip) cpu.prevEip = cpu.eip;
  return true;
}

function writeSegment(cpu: Cpu, seg: number, selector: number): boolean {
  if (cpu.sreg[seg] === selector) return true; // gdb writes back unchanged values with `G`
  try {
    setSegmentCache(cpu, seg, selector, readDescriptor(cpu, selector));
    return true;
  } catch (error) {
    if (error !== FAULT) throw error;
    return false;
  }
}

/** All registers concatenated in regnum order: the `g` payload. */
export function readAllRegisters(cpu: Cpu): Uint8Array {
  const out = new Uint8Array(REGISTER_BLOCK_BYTES);
  let offset = 0;
  GDB_REGISTERS.forEach((row, regnum) => {
    out.set(readRegister(cpu, regnum), offset);
    offset += row.bytes;
  });
  return out;
}

/** Writes the registers a `G` payload covers (gdb may send fewer than all); false on a bad value. */
export function writeAllRegisters(cpu: Cpu, bytes: Uint8Array): boolean {
  let offset = 0;
  for (let regnum = 0; regnum < GDB_REGISTERS.length; regnum++) {
    const width = GDB_REGISTERS[regnum]!.bytes;
    if (offset + width > bytes.length) break;
    if (!writeRegister(cpu, regnum, bytes.subarray(offset, offset + width))) return false;
    offset += width;
  }
  return true;
}
