// JIT code generators for the integer ALU: ADD OR AND SUB XOR CMP in their register, memory and
// immediate forms (00–3D, 80/81/83), TEST (84/85, A8/A9, F6/F7 /0 /1) and INC/DEC (40–4F, FE/FF
// /0 /1). Semantics mirror opcodes/alu.ts exactly, including the lazy-flag record and the order of
// memory accesses and flag updates; ADC/SBB read the carry first (lf.cf()). Platform-neutral.
import { CcOp } from "../flags.ts";
import type { Insn } from "../insn.ts";
import type { EmitContext, Plan } from "./plan.ts";
import { deferLogic, deferSet } from "./deferred_flags.ts";
import { maskLit, memLoad, regExpr, regSet, rmwLoad, rmwStore } from "./emit_memory.ts";

const ADC = 2, SBB = 3, CMP = 7;

/** The result expression of `A op B` at a size. */
function resultExpr(op: number, sb: number): string {
  const m = maskLit(sb);
  const raw = op === 0 ? "A + B" : op === 1 ? "A | B" : op === 4 ? "A & B" : op === 6 ? "A ^ B" :
    op === ADC ? "A + B + t" : op === SBB ? "A - B - t" : "A - B";
  return sb === 31 ? `(${raw}) | 0` : `(${raw}) & ${m}`;
}

/** The lazy-flag record update for `op` (as alu() in opcodes/alu.ts does it). */
function flagStmt(op: number, sb: number): string {
  if (op === 1 || op === 4 || op === 6) return deferLogic(sb, "R");
  if (op === ADC || op === SBB) return `lf.set(${op === ADC ? CcOp.ADC : CcOp.SBB}, ${sb}, A, B, R); lf.carry = t;`;
  return deferSet(op === 0 ? CcOp.ADD : CcOp.SUB, sb, "A", "B", "R");
}

function producerOp(op: number): number {
  return op === 1 || op === 4 || op === 6 ? CcOp.LOGIC : op === 0 ? CcOp.ADD : CcOp.SUB;
}

/** Immediate as the handlers see it at a size. */
function immLit(i: Insn, sb: number): string {
  return sb === 31 ? `${i.imm | 0}` : `${i.imm & (sb === 15 ? 0xffff : 0xff)}`;
}

type Operand = { reg: string; set: (val: string) => string } | { mem: true };

/** A register operand (read expression and write statement). */
function regOp(sb: number, reg: number, reg8: number): Operand {
  return { reg: regExpr(sb, reg, reg8), set: (val) => regSet(sb, reg, reg8, val) };
}

/** Generic two-operand ALU: `dst op= src` where either may be the ModRM memory operand. */
function aluPlan(i: Insn, op: number, sb: number, dst: Operand, src: Operand | { imm: string }): Plan | undefined {
  const mem = "mem" in dst || "mem" in src;
  const carry = op === ADC || op === SBB;
  return {
    reads: carry,
    writes: true,
    producer: carry ? undefined : { op: producerOp(op), sb },
    faults: mem,
    stores: "mem" in dst && op !== CMP,
    ends: false,
    emit(ctx: EmitContext): string {
      let c = "";
      // Same evaluation order as the handlers: the register/immediate source first, then memory.
      if ("reg" in src) c += `B = ${src.reg}; `;
      else if ("imm" in src) c += `B = ${src.imm}; `;
      // A memory destination is read and written with one TLB check (CMP only reads it).
      if ("mem" in dst) c += (op === CMP ? memLoad(i, sb, "A") : rmwLoad(i, sb, "A")) + " ";
      else c += `A = ${dst.reg}; `;
      if ("mem" in src) c += memLoad(i, sb, "B") + " ";
      if (carry) c += "t = lf.cf(); ";
      c += `R = ${resultExpr(op, sb)}; `;
      // The store before the flags: a store that faults must leave EFLAGS as they were.
      if (op !== CMP) c += ("mem" in dst ? rmwStore(sb, "R") : dst.set("R")) + " ";
      if (ctx.flagsLive) c += flagStmt(op, sb);
      return c;
    },
  };
}

/** TEST: logic flags of `E & src`, no result stored. */
function testPlan(i: Insn, sb: number, src: string): Plan {
  const mem = i.mod !== 3;
  return {
    reads: false, writes: true, producer: { op: CcOp.LOGIC, sb }, faults: mem, stores: false, ends: false,
    emit(ctx) {
      let c = `B = ${src}; `;
      c += mem ? memLoad(i, sb, "A") + " " : `A = ${regExpr(sb, i.rm, i.rm8)}; `;
      c += `R = A & B${sb === 31 ? "" : ` & ${maskLit(sb)}`}; `;
      if (ctx.flagsLive) c += deferLogic(sb, "R");
      return c;
    },
  };
}

/** INC/DEC of a register or memory operand: CF is preserved (setIncDec reads it). */
function incDecPlan(i: Insn, sb: number, dec: boolean, reg: number, reg8: number, mem: boolean): Plan {
  const ccop = dec ? CcOp.DEC : CcOp.INC;
  const res = sb === 31 ? `(A ${dec ? "-" : "+"} 1) | 0` : `(A ${dec ? "-" : "+"} 1) & ${maskLit(sb)}`;
  return {
    reads: true, writes: false, producer: { op: ccop, sb }, faults: mem, stores: mem, ends: false,
    emit(ctx) {
      const flags = ctx.flagsLive ? `lf.setIncDec(${ccop}, ${sb}, A, R);` : "";
      if (mem) return `${rmwLoad(i, sb, "A")} R = ${res}; ${rmwStore(sb, "R")} ${flags}`;
      return `A = ${regExpr(sb, reg, reg8)}; R = ${res}; ${regSet(sb, reg, reg8, "R")} ${flags}`;
    },
  };
}

/** Plans the ALU-family instruction `i`, or undefined when the interpreter handler should run it. */
export function planAlu(i: Insn): Plan | undefined {
  const op = i.op;
  const sv = i.o16 ? 15 : 31;
  const memE = i.mod !== 3;
  if (op < 0x40 && (op & 7) < 6) {
    const alu = op >> 3, form = op & 7;
    const sb = form & 1 ? sv : 7;
    const E: Operand = memE ? { mem: true } : regOp(sb, i.rm, i.rm8);
    const G: Operand = regOp(sb, i.reg, i.reg8);
    switch (form) {
      case 0: case 1: return aluPlan(i, alu, sb, E, G);
      case 2: case 3: return aluPlan(i, alu, sb, G, E);
      default: return aluPlan(i, alu, sb, regOp(sb, 0, 0), { imm: immLit(i, sb) });
    }
  }
  if (op >= 0x80 && op <= 0x83) {
    const sb = op === 0x81 || op === 0x83 ? sv : 7;
    const E: Operand = memE ? { mem: true } : regOp(sb, i.rm, i.rm8);
    return aluPlan(i, i.reg, sb, E, { imm: immLit(i, sb) });
  }
  if (op === 0x84 || op === 0x85) {
    const sb = op === 0x85 ? sv : 7;
    return testPlan(i, sb, regExpr(sb, i.reg, i.reg8));
  }
  if (op === 0xa8 || op === 0xa9) {
    const sb = op === 0xa9 ? sv : 7;
    const r = regExpr(sb, 0, 0);
    return {
      reads: false, writes: true, producer: { op: CcOp.LOGIC, sb }, faults: false, stores: false, ends: false,
      emit: (ctx) => `B = ${immLit(i, sb)}; A = ${r}; R = A & B; ${ctx.flagsLive ? deferLogic(sb, "R") : ""}`,
    };
  }
  if ((op === 0xf6 || op === 0xf7) && i.reg < 2) {
    const sb = op === 0xf7 ? sv : 7;
    return testPlan(i, sb, immLit(i, sb));
  }
  if (op >= 0x40 && op <= 0x4f) return incDecPlan(i, sv, op >= 0x48, op & 7, 0, false);
  if ((op === 0xfe || op === 0xff) && i.reg < 2) {
    const sb = op === 0xff ? sv : 7;
    return incDecPlan(i, sb, i.reg === 1, i.rm, i.rm8, memE);
  }
  return undefined;
}
