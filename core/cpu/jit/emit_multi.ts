// JIT code generators for the remaining hot integer forms: IMUL Gd,Ed(,imm) (0F AF, 69, 6B), NOT/NEG
// (F6/F7 /2 /3), XCHG (86/87 register forms, 91–97), BSWAP (0F C8–CF) and 32-bit register shifts by
// CL (D3 /4 /5 /7). Semantics mirror opcodes/muldiv.ts, alu.ts, mov.ts and shift.ts exactly,
// including the lazy-flag records; jit_vs_interpreter_test.ts compares them. Platform-neutral.
import { CcOp } from "../flags.ts";
import type { Insn } from "../insn.ts";
import type { EmitContext, Plan } from "./plan.ts";
import { deferImul, deferSet } from "./deferred_flags.ts";
import { maskLit, memLoad, regExpr, regSet, rmwLoad, rmwStore } from "./emit_memory.ts";

// CF | OF | AF (eflags.ts): the bits MUL/IMUL and shifts set concretely.
const CF_OF_AF = 1 | 0x800 | 0x10;

/** IMUL Gd, Ed(, imm): 32-bit operands only (the 16-bit form stays with the handler). */
function imulPlan(i: Insn): Plan | undefined {
  if (i.o16) return undefined;
  const withImm = i.op !== 0x1af;
  const mem = i.mod !== 3;
  return {
    reads: false, writes: true, faults: mem, stores: false, ends: false,
    emit(ctx: EmitContext) {
      let c = mem ? memLoad(i, 31, "B") + " " : `B = g${i.rm}; `;
      c += withImm ? `A = ${i.imm | 0}; ` : `A = g${i.reg}; `;
      c += `R = Math.imul(A, B); `;
      if (ctx.flagsLive) c += deferImul("A", "B", "R") + " ";
      return c + `g${i.reg} = R;`;
    },
  };
}

/**
 * NOT / NEG of a register or memory operand at a size. NOT leaves the flags alone, so it must not
 * clobber A, B, R (the operands of a fused condition); it uses `v` instead.
 */
function notNegPlan(i: Insn, sb: number, neg: boolean): Plan {
  const mem = i.mod !== 3;
  const m = maskLit(sb);
  if (!neg) {
    const not = (x: string) => (sb === 31 ? `~${x}` : `~${x} & ${m}`);
    return {
      reads: false, writes: false, faults: mem, stores: mem, ends: false,
      emit: () => mem ? `${rmwLoad(i, sb, "v")} ${rmwStore(sb, not("v"))}`
        : regSet(sb, i.rm, i.rm8, not(regExpr(sb, i.rm, i.rm8))),
    };
  }
  const res = sb === 31 ? "(0 - B) | 0" : `(0 - B) & ${m}`;
  return {
    reads: false, writes: true, producer: { op: CcOp.SUB, sb }, faults: mem, stores: mem, ends: false,
    emit(ctx: EmitContext) {
      let c = mem ? rmwLoad(i, sb, "B") + " " : `B = ${regExpr(sb, i.rm, i.rm8)}; `;
      c += `R = ${res}; `;
      c += mem ? rmwStore(sb, "R") : regSet(sb, i.rm, i.rm8, "R");
      return c + ` A = 0;${ctx.flagsLive ? ` ${deferSet(CcOp.SUB, sb, "0", "B", "R")}` : ""}`;
    },
  };
}

function plain(emit: () => string): Plan {
  return { reads: false, writes: false, faults: false, stores: false, ends: false, emit };
}

/** SHL/SHR/SAR of a 32-bit register by CL: a zero count leaves the flags as they were. */
function shiftClPlan(i: Insn): Plan | undefined {
  const op = i.reg;
  if (op !== 4 && op !== 5 && op !== 7 && op !== 6) return undefined;
  const r = `g${i.rm}`;
  let body: string, cf: string, of: string;
  switch (op) {
    case 4: case 6: body = "R = A << t;"; cf = "(A >>> (32 - t)) & 1"; of = "((R >>> 31) & 1) ^ ((A >>> (32 - t)) & 1)"; break;
    case 5: body = "R = A >>> t;"; cf = "(A >>> (t - 1)) & 1"; of = "(A >>> 31) & 1"; break;
    default: body = "R = A >> t;"; cf = "(A >> (t - 1)) & 1"; of = "0"; break;
  }
  return {
    reads: true, writes: false, touchesFlags: true, faults: false, stores: false, ends: false,
    emit(ctx) {
      let c = `t = g1 & 31; if (t !== 0) { A = ${r}; ${body} ${r} = R | 0; `;
      if (ctx.flagsLive) {
        c += `lf.setLogic(31, R | 0); lf.lazy &= ~${CF_OF_AF}; lf.flags = (lf.flags & ~${CF_OF_AF}) | (${cf}) | ((${of}) << 11); `;
      }
      return c + "}";
    },
  };
}

/** Plans one of this file's instructions, or undefined. */
export function planMulti(i: Insn): Plan | undefined {
  const op = i.op;
  if (op === 0x1af || op === 0x69 || op === 0x6b) return imulPlan(i);
  if ((op === 0xf6 || op === 0xf7) && (i.reg === 2 || i.reg === 3)) {
    return notNegPlan(i, op === 0xf6 ? 7 : i.o16 ? 15 : 31, i.reg === 3);
  }
  if (op >= 0x1c8 && op <= 0x1cf && !i.o16) {
    const g = `g${op & 7}`;
    return plain(() => `${g} = (${g} >>> 24) | ((${g} >>> 8) & 0xff00) | ((${g} << 8) & 0xff0000) | (${g} << 24);`);
  }
  if (op >= 0x91 && op <= 0x97) {
    if (i.o16) return undefined;
    return plain(() => `t = g0; g0 = g${op & 7}; g${op & 7} = t;`);
  }
  if ((op === 0x86 || op === 0x87) && i.mod === 3) {
    const sb = op === 0x86 ? 7 : i.o16 ? 15 : 31;
    // t and v, not A/B/R: XCHG leaves the flags (and a fused condition's operands) alone.
    return plain(() => `t = ${regExpr(sb, i.reg, i.reg8)}; v = ${regExpr(sb, i.rm, i.rm8)}; ` +
      `${regSet(sb, i.rm, i.rm8, "t")} ${regSet(sb, i.reg, i.reg8, "v")}`);
  }
  if (op === 0xd3 && i.mod === 3 && !i.o16) return shiftClPlan(i);
  return undefined;
}
