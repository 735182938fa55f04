// Integer ALU instructions: ADD OR ADC SBB AND SUB XOR CMP in every form (00–3F, group 1),
// INC/DEC, NEG/NOT, TEST (SDM Vol. 2). The ALU is indexed by the operation number that ModRM.reg
// or opcode bits 3–5 give (blink kAlu). Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler, Insn } from "../insn.ts";
import { CcOp } from "../flags.ts";

export const AluOp = { ADD: 0, OR: 1, ADC: 2, SBB: 3, AND: 4, SUB: 5, XOR: 6, CMP: 7 } as const;
export const ALU_NAMES = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"] as const;

/** Sign-bit index → value mask. */
export function maskOf(sb: number): number {
  return sb === 31 ? -1 : sb === 15 ? 0xffff : 0xff;
}

/** Computes `a op b` at the size whose sign bit is `sb`, records flags, returns the masked result. */
export function alu(cpu: Cpu, op: number, sb: number, a: number, b: number): number {
  const lf = cpu.lf;
  const m = maskOf(sb);
  let r: number;
  switch (op) {
    case 0: r = (a + b) & m; lf.set(CcOp.ADD, sb, a, b, r); return r;
    case 1: r = (a | b) & m; lf.setLogic(sb, r); return r;
    case 2: {
      const c = lf.cf();
      r = (a + b + c) & m; lf.set(CcOp.ADC, sb, a, b, r); lf.carry = c; return r;
    }
    case 3: {
      const c = lf.cf();
      r = (a - b - c) & m; lf.set(CcOp.SBB, sb, a, b, r); lf.carry = c; return r;
    }
    case 4: r = (a & b) & m; lf.setLogic(sb, r); return r;
    case 6: r = (a ^ b) & m; lf.setLogic(sb, r); return r;
    default: r = (a - b) & m; lf.set(CcOp.SUB, sb, a, b, r); return r; // SUB, CMP
  }
}

/**
 * The result of `a op b` without touching the flags (ADC/SBB read CF). A memory destination is
 * written with it before alu() records the flags: a write that faults must leave EFLAGS as they
 * were, or the restarted instruction (a COW or demand-paging fault) would read a changed CF.
 */
function aluValue(cpu: Cpu, op: number, sb: number, a: number, b: number): number {
  const m = maskOf(sb);
  switch (op) {
    case 0: return (a + b) & m;
    case 1: return (a | b) & m;
    case 2: return (a + b + cpu.lf.cf()) & m;
    case 3: return (a - b - cpu.lf.cf()) & m;
    case 4: return (a & b) & m;
    case 6: return (a ^ b) & m;
    default: return (a - b) & m;
  }
}

/** `[a] op= b` at a size: the write first, then the flags (CMP only reads). */
function aluMem(cpu: Cpu, op: number, sb: number, a: number, b: number): void {
  const x = sb === 7 ? cpu.read8(a) : sb === 15 ? cpu.read16(a) : cpu.read32(a);
  if (op !== 7) {
    const r = aluValue(cpu, op, sb, x, b);
    if (sb === 7) cpu.write8(a, r); else if (sb === 15) cpu.write16(a, r); else cpu.write32(a, r);
  }
  alu(cpu, op, sb, x, b);
}

// ---- forms with a register or immediate source ------------------------------------------------

function ebGb(op: number): Handler {
  return (cpu, i) => {
    const b = cpu.r8[i.reg8];
    if (i.mod === 3) {
      const r = alu(cpu, op, 7, cpu.r8[i.rm8], b);
      if (op !== 7) cpu.r8[i.rm8] = r;
    } else {
      aluMem(cpu, op, 7, cpu.ea(i), b);
    }
  };
}

function evGv16(op: number): Handler {
  return (cpu, i) => {
    const b = cpu.r16[i.reg << 1];
    if (i.mod === 3) {
      const r = alu(cpu, op, 15, cpu.r16[i.rm << 1], b);
      if (op !== 7) cpu.r16[i.rm << 1] = r;
    } else {
      aluMem(cpu, op, 15, cpu.ea(i), b);
    }
  };
}

function evGv32(op: number): Handler {
  return (cpu, i) => {
    const b = cpu.r32[i.reg];
    if (i.mod === 3) {
      const r = alu(cpu, op, 31, cpu.r32[i.rm], b);
      if (op !== 7) cpu.r32[i.rm] = r;
    } else {
      aluMem(cpu, op, 31, cpu.ea(i), b);
    }
  };
}

function gbEb(op: number): Handler {
  return (cpu, i) => {
    const b = i.mod === 3 ? cpu.r8[i.rm8] : cpu.read8(cpu.ea(i));
    const r = alu(cpu, op, 7, cpu.r8[i.reg8], b);
    if (op !== 7) cpu.r8[i.reg8] = r;
  };
}

function gvEv16(op: number): Handler {
  return (cpu, i) => {
    const b = i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i));
    const r = alu(cpu, op, 15, cpu.r16[i.reg << 1], b);
    if (op !== 7) cpu.r16[i.reg << 1] = r;
  };
}

function gvEv32(op: number): Handler {
  return (cpu, i) => {
    const b = i.mod === 3 ? cpu.r32[i.rm] : cpu.read32(cpu.ea(i));
    const r = alu(cpu, op, 31, cpu.r32[i.reg], b);
    if (op !== 7) cpu.r32[i.reg] = r;
  };
}

function alIb(op: number): Handler {
  return (cpu, i) => {
    const r = alu(cpu, op, 7, cpu.r8[0], i.imm & 0xff);
    if (op !== 7) cpu.r8[0] = r;
  };
}

function axIw(op: number): Handler {
  return (cpu, i) => {
    const r = alu(cpu, op, 15, cpu.r16[0], i.imm & 0xffff);
    if (op !== 7) cpu.r16[0] = r;
  };
}

function eaxId(op: number): Handler {
  return (cpu, i) => {
    const r = alu(cpu, op, 31, cpu.r32[0], i.imm);
    if (op !== 7) cpu.r32[0] = r;
  };
}

/** Group 1 (80/82, 81, 83): ModRM.reg picks the operation; the immediate is in `i.imm`. */
function ebIb(op: number): Handler {
  return (cpu, i) => {
    if (i.mod === 3) {
      const r = alu(cpu, op, 7, cpu.r8[i.rm8], i.imm & 0xff);
      if (op !== 7) cpu.r8[i.rm8] = r;
    } else {
      aluMem(cpu, op, 7, cpu.ea(i), i.imm & 0xff);
    }
  };
}

function evIz16(op: number): Handler {
  return (cpu, i) => {
    if (i.mod === 3) {
      const r = alu(cpu, op, 15, cpu.r16[i.rm << 1], i.imm & 0xffff);
      if (op !== 7) cpu.r16[i.rm << 1] = r;
    } else {
      aluMem(cpu, op, 15, cpu.ea(i), i.imm & 0xffff);
    }
  };
}

function evIz32(op: number): Handler {
  return (cpu, i) => {
    if (i.mod === 3) {
      const r = alu(cpu, op, 31, cpu.r32[i.rm], i.imm);
      if (op !== 7) cpu.r32[i.rm] = r;
    } else {
      aluMem(cpu, op, 31, cpu.ea(i), i.imm);
    }
  };
}

/** Handlers for the eight ALU operations in each form, indexed by operation. */
export const Alu = {
  ebGb: [0, 1, 2, 3, 4, 5, 6, 7].map(ebGb),
  evGv16: [0, 1, 2, 3, 4, 5, 6, 7].map(evGv16),
  evGv32: [0, 1, 2, 3, 4, 5, 6, 7].map(evGv32),
  gbEb: [0, 1, 2, 3, 4, 5, 6, 7].map(gbEb),
  gvEv16: [0, 1, 2, 3, 4, 5, 6, 7].map(gvEv16),
  gvEv32: [0, 1, 2, 3, 4, 5, 6, 7].map(gvEv32),
  alIb: [0, 1, 2, 3, 4, 5, 6, 7].map(alIb),
  axIw: [0, 1, 2, 3, 4, 5, 6, 7].map(axIw),
  eaxId: [0, 1, 2, 3, 4, 5, 6, 7].map(eaxId),
  ebIb: [0, 1, 2, 3, 4, 5, 6, 7].map(ebIb),
  evIz16: [0, 1, 2, 3, 4, 5, 6, 7].map(evIz16),
  evIz32: [0, 1, 2, 3, 4, 5, 6, 7].map(evIz32),
};

// ---- INC / DEC ------------------------------------------------------------------------------

export const incR32: Handler = (cpu, i) => {
  const r = i.op & 7, a = cpu.r32[r], v = (a + 1) | 0;
  cpu.r32[r] = v; cpu.lf.setIncDec(CcOp.INC, 31, a, v);
};
export const incR16: Handler = (cpu, i) => {
  const r = (i.op & 7) << 1, a = cpu.r16[r], v = (a + 1) & 0xffff;
  cpu.r16[r] = v; cpu.lf.setIncDec(CcOp.INC, 15, a, v);
};
export const decR32: Handler = (cpu, i) => {
  const r = i.op & 7, a = cpu.r32[r], v = (a - 1) | 0;
  cpu.r32[r] = v; cpu.lf.setIncDec(CcOp.DEC, 31, a, v);
};
export const decR16: Handler = (cpu, i) => {
  const r = (i.op & 7) << 1, a = cpu.r16[r], v = (a - 1) & 0xffff;
  cpu.r16[r] = v; cpu.lf.setIncDec(CcOp.DEC, 15, a, v);
};

/** INC/DEC r/m at a size (group 4 /0 /1 and group 5 /0 /1). */
function incDecE(sb: number, dec: boolean): Handler {
  const m = maskOf(sb), op = dec ? CcOp.DEC : CcOp.INC, d = dec ? -1 : 1;
  return (cpu, i) => {
    const a = rmwAddr(cpu, i);
    const old = readE(cpu, i, sb, a);
    const v = (old + d) & m;
    writeE(cpu, i, sb, a, v);
    cpu.lf.setIncDec(op, sb, old, v);
  };
}
export const incEb = incDecE(7, false), decEb = incDecE(7, true);
export const incEw = incDecE(15, false), decEw = incDecE(15, true);
export const incEd = incDecE(31, false), decEd = incDecE(31, true);

// ---- group 3: TEST NOT NEG (MUL/IMUL/DIV/IDIV are in muldiv.ts) ---------------------------------

function testEI(sb: number): Handler {
  const m = maskOf(sb);
  return (cpu, i) => cpu.lf.setLogic(sb, readE(cpu, i, sb, rmwAddr(cpu, i)) & i.imm & m);
}
export const testEbIb = testEI(7), testEwIw = testEI(15), testEdId = testEI(31);

function notE(sb: number): Handler {
  const m = maskOf(sb);
  return (cpu, i) => {
    const a = rmwAddr(cpu, i);
    writeE(cpu, i, sb, a, ~readE(cpu, i, sb, a) & m);
  };
}
export const notEb = notE(7), notEw = notE(15), notEd = notE(31);

function negE(sb: number): Handler {
  const m = maskOf(sb);
  return (cpu, i) => {
    const a = rmwAddr(cpu, i);
    const b = readE(cpu, i, sb, a);
    const r = (0 - b) & m;
    writeE(cpu, i, sb, a, r);
    cpu.lf.set(CcOp.SUB, sb, 0, b, r);
  };
}
export const negEb = negE(7), negEw = negE(15), negEd = negE(31);

function testEG(sb: number): Handler {
  return (cpu, i) => {
    const b = sb === 7 ? cpu.r8[i.reg8] : sb === 15 ? cpu.r16[i.reg << 1] : cpu.r32[i.reg];
    cpu.lf.setLogic(sb, readE(cpu, i, sb, rmwAddr(cpu, i)) & b);
  };
}
export const testEbGb = testEG(7), testEwGw = testEG(15), testEdGd = testEG(31);
export const testAlIb: Handler = (cpu, i) => cpu.lf.setLogic(7, cpu.r8[0] & i.imm);
export const testAxIw: Handler = (cpu, i) => cpu.lf.setLogic(15, cpu.r16[0] & i.imm);
export const testEaxId: Handler = (cpu, i) => cpu.lf.setLogic(31, cpu.r32[0] & i.imm);

// ---- size-generic operand access (for the less hot handlers) -------------------------------------

/** The linear address of the memory operand, or 0 for a register operand. */
export function rmwAddr(cpu: Cpu, i: Insn): number {
  return i.mod === 3 ? 0 : cpu.ea(i);
}

/** Reads the r/m operand at a size; `addr` from rmwAddr(). */
export function readE(cpu: Cpu, i: Insn, sb: number, addr: number): number {
  if (i.mod === 3) return sb === 7 ? cpu.r8[i.rm8] : sb === 15 ? cpu.r16[i.rm << 1] : cpu.r32[i.rm];
  return sb === 7 ? cpu.read8(addr) : sb === 15 ? cpu.read16(addr) : cpu.read32(addr);
}

/** Writes the r/m operand at a size; `addr` from rmwAddr(). */
export function writeE(cpu: Cpu, i: Insn, sb: number, addr: number, v: number): void {
  if (i.mod === 3) {
    if (sb === 7) cpu.r8[i.rm8] = v; else if (sb === 15) cpu.r16[i.rm << 1] = v; else cpu.r32[i.rm] = v;
  } else if (sb === 7) cpu.write8(addr, v);
  else if (sb === 15) cpu.write16(addr, v);
  else cpu.write32(addr, v);
}

/** Reads the ModRM.reg register operand at a size. */
export function readG(cpu: Cpu, i: Insn, sb: number): number {
  return sb === 7 ? cpu.r8[i.reg8] : sb === 15 ? cpu.r16[i.reg << 1] : cpu.r32[i.reg];
}

/** Writes the ModRM.reg register operand at a size. */
export function writeG(cpu: Cpu, i: Insn, sb: number, v: number): void {
  if (sb === 7) cpu.r8[i.reg8] = v; else if (sb === 15) cpu.r16[i.reg << 1] = v; else cpu.r32[i.reg] = v;
}
