// Decode-time handler specialisation for the hot integer instructions (v86 and blink keep one
// handler per operand size and form; QEMU's TCG templates per operation). The row handlers in alu.ts,
// mov.ts, shift.ts and control.ts stay the reference: for an instruction whose form is listed here the
// decoder installs a handler generated from a small source template with the operation, operand size,
// register-or-memory form and effective-address shape fixed, so the handler does not branch on
// `i.o16`/`i.mod`/the ALU operation and engines can inline its flag record and memory access.
// Generated handlers evaluate operands, record flags and access memory in the same order as the row
// handlers (tests/core/cpu/specialise_test.ts compares the two on random operands). Handlers are
// built on first use and cached by form. Platform-neutral (`Function` is ECMAScript; jit/ uses it too).
import type { Handler, Insn } from "../insn.ts";
import { ALL_LAZY, CcOp } from "../flags.ts";
import { Eflags } from "../eflags.ts";
import { REG8_INDEX, Seg } from "../registers.ts";

const CF = Eflags.CF, OF = Eflags.OF, AF = Eflags.AF;

/** PUSH imm, CALL/JMP rel, RET (imm), LEAVE: specialised for the 32-bit operand size only. */
const STACK_FORMS_32 = new Set([0x68, 0x6a, 0xe8, 0xe9, 0xeb, 0xc3, 0xc2, 0xc9]);

/** Effective-address shapes of a memory operand (register operands are shape Reg). */
const Shape = { Reg: 0, Disp: 1, Base: 2, BaseIndex: 3, Index: 4, Addr16: 5 } as const;

function shapeOf(i: Insn): number {
  if (i.mod === 3) return Shape.Reg;
  if (i.ea16) return Shape.Addr16;
  if (i.base < 0) return i.index < 0 ? Shape.Disp : Shape.Index;
  return i.index < 0 ? Shape.Base : Shape.BaseIndex;
}

/** Source of the linear address (`seg` true) or the offset (LEA) of a memory operand of `shape`. */
function eaSource(shape: number, seg: boolean): string {
  if (shape === Shape.Addr16) return seg ? "cpu.ea(i)" : "cpu.eaOffset(i)";
  const s = seg ? "cpu.segBase[i.seg] + " : "";
  switch (shape) {
    case Shape.Disp: return `(${s}i.disp) | 0`;
    case Shape.Base: return `(${s}cpu.r32[i.base] + i.disp) | 0`;
    case Shape.Index: return `(${s}(cpu.r32[i.index] << i.scale) + i.disp) | 0`;
    default: return `(${s}cpu.r32[i.base] + (cpu.r32[i.index] << i.scale) + i.disp) | 0`;
  }
}

const BITS = { 7: 8, 15: 16, 31: 32 } as Record<number, number>;
const MASK = { 7: "0xff", 15: "0xffff", 31: "-1" } as Record<number, string>;

/** An operand as source text: a read expression and a write statement. */
interface Operand { read: string; write: (v: string) => string }

function regE(sb: number): Operand {
  const at = sb === 7 ? "cpu.r8[i.rm8]" : sb === 15 ? "cpu.r16[i.rm << 1]" : "cpu.r32[i.rm]";
  return { read: at, write: (v) => `${at} = ${v};` };
}
function regG(sb: number): Operand {
  const at = sb === 7 ? "cpu.r8[i.reg8]" : sb === 15 ? "cpu.r16[i.reg << 1]" : "cpu.r32[i.reg]";
  return { read: at, write: (v) => `${at} = ${v};` };
}
function accumulator(sb: number): Operand {
  const at = sb === 7 ? "cpu.r8[0]" : sb === 15 ? "cpu.r16[0]" : "cpu.r32[0]";
  return { read: at, write: (v) => `${at} = ${v};` };
}
/** The memory operand at the address in local `a`. */
function memE(sb: number): Operand {
  const n = BITS[sb];
  return { read: `cpu.read${n}(a)`, write: (v) => `cpu.write${n}(a, ${v});` };
}
/** The r/m operand for `shape` plus the statement computing `a` (empty for registers). */
function operandE(sb: number, shape: number): { pre: string; e: Operand } {
  if (shape === Shape.Reg) return { pre: "", e: regE(sb) };
  return { pre: `const a = ${eaSource(shape, true)};`, e: memE(sb) };
}

/**
 * `const r = A op B`, then `dst = r` (unless CMP), then the flag record, exactly as alu.ts does it:
 * a destination write that faults leaves the flags as they were.
 */
function aluSource(op: number, sb: number, dst: Operand): string {
  const m = MASK[sb];
  const write = op === 7 ? "" : dst.write("r");
  switch (op) {
    case 0: return `const r = (A + B) & ${m}; ${write} lf.set(${CcOp.ADD}, ${sb}, A, B, r);`;
    case 2: return `const c = lf.cf(); const r = (A + B + c) & ${m}; ${write} lf.set(${CcOp.ADC}, ${sb}, A, B, r); lf.carry = c;`;
    case 3: return `const c = lf.cf(); const r = (A - B - c) & ${m}; ${write} lf.set(${CcOp.SBB}, ${sb}, A, B, r); lf.carry = c;`;
    case 1: return `const r = (A | B) & ${m}; ${write} lf.setLogic(${sb}, r);`;
    case 4: return `const r = (A & B) & ${m}; ${write} lf.setLogic(${sb}, r);`;
    case 6: return `const r = (A ^ B) & ${m}; ${write} lf.setLogic(${sb}, r);`;
    default: return `const r = (A - B) & ${m}; ${write} lf.set(${CcOp.SUB}, ${sb}, A, B, r);`;
  }
}

/** `dst op= src` (src read first, as the row handlers do); CMP (7) does not write. */
function aluForm(op: number, sb: number, pre: string, dst: Operand, src: string, srcFirst: boolean): string {
  const b = `const B = ${src};`;
  const a = `const A = ${dst.read};`;
  const order = srcFirst ? `${b} ${pre} ${a}` : `${pre} ${b} ${a}`;
  return `const lf = cpu.lf; ${order} ${aluSource(op, sb, dst)}`;
}

/** Shift/rotate of `v` by `count` (1–31) into `r`, with flags, as shift() in shift.ts does it. */
function shiftSource(op: number, sb: number): string {
  const bits = BITS[sb], m = MASK[sb];
  const rot = (cf: string, of: string) =>
    `lf.flags = (lf.flags & ${~(CF | OF)}) | ${cf} | (${of} << 11); lf.lazy &= ${~(CF | OF)};`;
  const sh = (r: string, cf: string, of: string) =>
    `lf.setLogic(${sb}, ${r}); lf.lazy &= ${~(CF | OF | AF)}; lf.flags = (lf.flags & ${~(CF | OF | AF)}) | ${cf} | (${of} << 11);`;
  switch (op) {
    case 0: return `const c = count & ${bits - 1}; const r = c ? ((v << c) | (v >>> (${bits} - c))) & ${m} : v; ` +
      `const cf = r & 1; ${rot("cf", `(((r >>> ${sb}) & 1) ^ cf)`)}`;
    case 1: return `const c = count & ${bits - 1}; const r = c ? ((v >>> c) | (v << (${bits} - c))) & ${m} : v; ` +
      rot(`((r >>> ${sb}) & 1)`, `(((r >>> ${sb}) ^ (r >>> ${sb - 1})) & 1)`);
    case 4: case 6: return `let r; if (count >= ${bits}) { const cf = count === ${bits} ? v & 1 : 0; r = 0; ${sh("0", "cf", "cf")} } ` +
      `else { r = (v << count) & ${m}; const cf = (v >>> (${bits} - count)) & 1; ${sh("r", "cf", `(((r >>> ${sb}) & 1) ^ cf)`)} }`;
    case 5: return `const r = count >= ${bits} ? 0 : v >>> count; const cf = count > ${bits} ? 0 : (v >>> (count - 1)) & 1; ` +
      sh("r", "cf", `((v >>> ${sb}) & 1)`);
    default: return `const s = (v << ${31 - sb}) >> ${31 - sb}; const r = (s >> (count >= ${bits} ? ${sb} : count)) & ${m}; ` +
      `const cf = (s >> (count >= ${bits} ? ${sb} : count - 1)) & 1; ${sh("r", "cf", "0")}`;
  }
}

/** Jcc condition `cc` from a pending CMP/SUB or logic record, else lf.test() (flags.ts). */
function condSource(cc: number): string {
  const sub: Record<number, string> = {
    2: "(x >>> 0) < (y >>> 0)", 3: "(x >>> 0) >= (y >>> 0)", 4: "x === y", 5: "x !== y",
    6: "(x >>> 0) <= (y >>> 0)", 7: "(x >>> 0) > (y >>> 0)", 12: "x < y", 13: "x >= y", 14: "x <= y", 15: "x > y",
  };
  const logic: Record<number, string> = {
    4: "x === 0", 5: "x !== 0", 8: "x < 0", 9: "x >= 0", 12: "x < 0", 13: "x >= 0", 14: "x <= 0", 15: "x > 0",
  };
  let s = `let t; if (lf.lazy === ${ALL_LAZY}) { const sh = 31 - lf.signBit; `;
  if (sub[cc]) s += `if (lf.op === ${CcOp.SUB}) { const x = lf.a << sh, y = lf.b << sh; t = ${sub[cc]}; } else `;
  if (logic[cc]) s += `if (lf.op === ${CcOp.LOGIC}) { const x = lf.res << sh; t = ${logic[cc]}; } else `;
  return s + `t = lf.test(${cc}); } else t = lf.test(${cc});`;
}

/** The specialised handler's source for `i`, or undefined to keep its row handler. */
function sourceFor(i: Insn, shape: number): string | undefined {
  const op = i.op, sb = i.o16 ? 15 : 31;
  // 00–3D: the eight ALU operations in six forms (op & 7 of 6 and 7 are segment pushes and BCD).
  if (op < 0x40 && (op & 7) < 6) {
    const alu = op >> 3;
    const bsb = (op & 1) ? sb : 7;
    switch (op & 7) {
      case 0: case 1: {
        const { pre, e } = operandE(bsb, shape);
        return aluForm(alu, bsb, pre, e, regG(bsb).read, true);
      }
      case 2: case 3: {
        const { pre, e } = operandE(bsb, shape);
        return aluForm(alu, bsb, pre, regG(bsb), e.read, false);
      }
      case 4: return aluForm(alu, 7, "", accumulator(7), "i.imm & 0xff", true);
      default: return aluForm(alu, sb, "", accumulator(sb), sb === 15 ? "i.imm & 0xffff" : "i.imm", true);
    }
  }
  // 40–5F: INC/DEC/PUSH/POP of a register (inc/decR32, push/popR32 in alu.ts and stack.ts), so they
  // can head or end a fused pair (opcodes/fuse.ts).
  if (op >= 0x40 && op < 0x60) {
    const r = sb === 15 ? "cpu.r16[(i.op & 7) << 1]" : "cpu.r32[i.op & 7]";
    if (op >= 0x58) return `${r} = cpu.pop${BITS[sb]}();`;
    if (op >= 0x50) return `cpu.push${BITS[sb]}(${r});`;
    const dec = op >= 0x48, m = MASK[sb];
    return `const a = ${r}, v = (a ${dec ? "-" : "+"} 1) & ${m}; ${r} = v; ` +
      `cpu.lf.setIncDec(${dec ? CcOp.DEC : CcOp.INC}, ${sb}, a, v);`;
  }
  // Near control transfers and stack forms (control.ts, stack.ts), 32-bit operand size only: a
  // block ends in one of them at every call and return, so they can end a fused pair.
  if (sb === 15 && STACK_FORMS_32.has(op)) return undefined;
  switch (op) {
    case 0x90: return ""; // NOP (and PAUSE): nothing, but it may sit in a fused pair
    case 0x68: case 0x6a: return "cpu.push32(i.imm);";
    case 0xe8: return "cpu.push32(cpu.eip); cpu.eip = (cpu.eip + i.imm) | 0;";
    case 0xe9: case 0xeb: return "cpu.eip = (cpu.eip + i.imm) | 0;";
    case 0xc3: return "cpu.eip = cpu.pop32();";
    case 0xc2: return "const t = cpu.pop32(); " +
      "if (cpu.ss32) cpu.r32[4] = (cpu.r32[4] + i.imm) | 0; else cpu.r16[8] = cpu.r16[8] + i.imm; cpu.eip = t;";
    case 0xc9: return "const bp = cpu.ss32 ? cpu.r32[5] : cpu.r16[10]; " +
      `const v = cpu.read32((cpu.segBase[${Seg.SS}] + bp) | 0); if (cpu.ss32) cpu.r32[4] = (bp + 4) | 0; else cpu.r16[8] = bp + 4; ` +
      "cpu.r32[5] = v;";
    case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
      return `cpu.r8[${REG8_INDEX[op & 7]}] = i.imm;`;
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
      return sb === 15 ? "cpu.r16[(i.op & 7) << 1] = i.imm;" : "cpu.r32[i.op & 7] = i.imm;";
    case 0xfe: case 0xff: {
      if (op === 0xff && (i.reg === 2 || i.reg === 4 || i.reg === 6) && sb === 31) {
        // CALL Ev (the target is read before anything is pushed), JMP Ev, PUSH Ev.
        const { pre, e } = operandE(31, shape);
        if (i.reg === 2) return `${pre} const t = ${e.read}; cpu.push32(cpu.eip); cpu.eip = t;`;
        return i.reg === 4 ? `${pre} cpu.eip = ${e.read};` : `${pre} cpu.push32(${e.read});`;
      }
      if (i.reg > 1) return undefined;
      const esb = op === 0xfe ? 7 : sb, dec = i.reg === 1;
      const { pre, e } = operandE(esb, shape);
      return `${pre} const old = ${e.read}; const v = (old ${dec ? "-" : "+"} 1) & ${MASK[esb]}; ${e.write("v")} ` +
        `cpu.lf.setIncDec(${dec ? CcOp.DEC : CcOp.INC}, ${esb}, old, v);`;
    }
    case 0x80: case 0x82: case 0x81: case 0x83: {
      const esb = op === 0x80 || op === 0x82 ? 7 : sb;
      const { pre, e } = operandE(esb, shape);
      const imm = esb === 31 ? "i.imm" : `i.imm & ${MASK[esb]}`;
      return `const lf = cpu.lf; ${pre} const A = ${e.read}; const B = ${imm}; ${aluSource(i.reg, esb, e)}`;
    }
    case 0x84: case 0x85: {
      const esb = op === 0x84 ? 7 : sb;
      const { pre, e } = operandE(esb, shape);
      return `const B = ${regG(esb).read}; ${pre} cpu.lf.setLogic(${esb}, ${e.read} & B);`;
    }
    case 0xa8: return `cpu.lf.setLogic(7, cpu.r8[0] & i.imm);`;
    case 0xa9: return `cpu.lf.setLogic(${sb}, ${accumulator(sb).read} & i.imm);`;
    case 0xf6: case 0xf7: {
      if (i.reg > 3) return undefined;
      const esb = op === 0xf6 ? 7 : sb;
      const { pre, e } = operandE(esb, shape);
      if (i.reg === 2) return `${pre} ${e.write(`~${e.read} & ${MASK[esb]}`)}`; // NOT
      if (i.reg === 3) { // NEG: flags as SUB 0, v (alu.ts negE)
        return `${pre} const b = ${e.read}; const r = (0 - b) & ${MASK[esb]}; ${e.write("r")} cpu.lf.set(${CcOp.SUB}, ${esb}, 0, b, r);`;
      }
      return `${pre} cpu.lf.setLogic(${esb}, ${e.read} & i.imm & ${MASK[esb]});`;
    }
    case 0x1af: case 0x69: case 0x6b: {
      if (i.o16) return undefined;
      // The product fits in int32 exactly when the double product equals its low half (an inexact
      // double product is beyond 2^53, so never equal); flags as setMulFlags() in muldiv.ts.
      const { pre, e } = operandE(31, shape);
      return `const lf = cpu.lf; ${pre} const B = ${e.read}; const A = ${op === 0x1af ? "cpu.r32[i.reg]" : "i.imm"}; ` +
        `const lo = Math.imul(A, B); cpu.r32[i.reg] = lo; lf.setLogic(31, lo); lf.lazy &= ${~(CF | OF | AF)}; ` +
        `lf.flags = (lf.flags & ${~(CF | OF | AF)}) | (A * B !== lo ? ${CF | OF} : 0);`;
    }
    case 0x88: case 0x89: {
      const esb = op === 0x88 ? 7 : sb;
      const { pre, e } = operandE(esb, shape);
      return `${pre} ${e.write(regG(esb).read)}`;
    }
    case 0x8a: case 0x8b: {
      const esb = op === 0x8a ? 7 : sb;
      const { pre, e } = operandE(esb, shape);
      return `${pre} ${regG(esb).write(e.read)}`;
    }
    case 0xc6: case 0xc7: {
      if (i.reg !== 0) return undefined;
      const esb = op === 0xc6 ? 7 : sb;
      const { pre, e } = operandE(esb, shape);
      return `${pre} ${e.write("i.imm")}`;
    }
    case 0x8d:
      if (shape === Shape.Reg) return undefined;
      return regG(sb).write(eaSource(shape, false));
    case 0x1b6: case 0x1b7: case 0x1be: case 0x1bf: {
      const esb = op & 1 ? 15 : 7, sign = op >= 0x1be;
      const { pre, e } = operandE(esb, shape);
      const v = sign ? `(${e.read} << ${31 - esb}) >> ${31 - esb}` : e.read;
      return `${pre} ${regG(sb).write(v)}`;
    }
    case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
      if (i.reg === 2 || i.reg === 3) return undefined; // RCL/RCR stay generic
      const esb = op & 1 ? sb : 7;
      const { pre, e } = operandE(esb, shape);
      const count = op <= 0xc1 ? "i.imm" : op <= 0xd1 ? "1" : "cpu.r8[4]";
      const probe = shape === Shape.Reg ? "" : `${e.read};`; // a zero count still reads (faults)
      const v = esb === 31 ? e.read : `${e.read} & ${MASK[esb]}`;
      // The flags are recorded before the write: a memory destination is checked writable first.
      const writable = shape === Shape.Reg ? "" : `cpu.probeWrite(a, ${(esb + 1) >> 3});`;
      return `const count = ${count} & 31; ${pre} if (count === 0) { ${probe} return; } const lf = cpu.lf; ` +
        `const v = ${v}; ${writable} ${shiftSource(i.reg, esb)} ${e.write("r")}`;
    }
  }
  if (op >= 0x190 && op <= 0x19f) { // SETcc Eb: the condition first, then the destination
    const { pre, e } = operandE(7, shape);
    return `const lf = cpu.lf; ${condSource(op & 15)} ${pre} ${e.write("t ? 1 : 0")}`;
  }
  if ((op >= 0x70 && op <= 0x7f) || (op >= 0x180 && op <= 0x18f)) {
    if (i.o16) return undefined;
    return `const lf = cpu.lf; ${condSource(op & 15)} if (t) cpu.eip = (cpu.eip + i.imm) | 0;`;
  }
  return undefined;
}

/**
 * The source text of the specialised handler body for decoded instruction `i` (parameters `cpu`, `i`),
 * or undefined when `i` keeps its row handler; opcodes/fuse.ts splices two of these into one handler.
 */
export function specialisedSource(i: Insn): string | undefined {
  return i.lock ? undefined : sourceFor(i, shapeOf(i));
}

const cache = new Map<string, Handler>();

/**
 * The handler to install for decoded instruction `i` whose row handler is `h`: a generated handler
 * specialised to its operation, operand size and operand form, or `h` itself for instructions that are
 * not specialised (LOCK-prefixed ones included).
 */
export function specialise(i: Insn, h: Handler): Handler {
  if (i.lock) return h;
  const shape = shapeOf(i);
  const src = sourceFor(i, shape);
  if (src === undefined) return h;
  let f = cache.get(src);
  if (f === undefined) {
    const name = `${h.name || "op"}_${i.op.toString(16)}_${i.reg}_${i.o16 ? 16 : 32}_${shape}`.replace(/[^\w]/g, "_");
    f = new Function(`"use strict"; return function ${name}(cpu, i) { ${src} };`)() as Handler;
    cache.set(src, f);
  }
  return f;
}
