// JIT code generators for control flow — Jcc (70–7F, 0F 80–8F), JMP rel (E9/EB), CALL rel (E8),
// CALL/JMP r/m32 (FF /2 /4), RET (C3/C2) — and condition codes. A condition right after an in-block
// CMP/SUB/TEST/logic result is fused into a direct comparison of the operands (the lazy-flag fast path of flags.ts, resolved
// at compile time). Semantics mirror opcodes/control.ts. Platform-neutral.
import { CcOp } from "../flags.ts";
import type { Insn } from "../insn.ts";
import type { EmitContext, Plan } from "./plan.ts";
import { eaExpr, loadStmt, SS_PLUS, storeStmt } from "./emit_memory.ts";

const SUB_CONDITIONS: Record<number, string> = {
  2: "(a >>> 0) < (b >>> 0)", 3: "(a >>> 0) >= (b >>> 0)", 4: "a === b", 5: "a !== b",
  6: "(a >>> 0) <= (b >>> 0)", 7: "(a >>> 0) > (b >>> 0)",
  12: "a < b", 13: "a >= b", 14: "a <= b", 15: "a > b",
};
// After a logic result CF = OF = 0, so B/AE/BE/A/O/NO reduce to the result's zero and sign tests.
const LOGIC_CONDITIONS: Record<number, string> = {
  0: "false", 1: "true", 2: "false", 3: "true", 4: "r === 0", 5: "r !== 0", 6: "r === 0", 7: "r !== 0",
  8: "r < 0", 9: "r >= 0", 12: "r < 0", 13: "r >= 0", 14: "r <= 0", 15: "r > 0",
};
// ZF and SF of any producer depend only on the result.
const RESULT_CONDITIONS: Record<number, string> = { 4: "r === 0", 5: "r !== 0", 8: "r < 0", 9: "r >= 0" };

/** JS boolean expression for condition code `cc` (0–15) at this point of the block. */
export function condExpr(ctx: EmitContext, cc: number): string {
  const p = ctx.producer;
  if (p) {
    const s = 31 - p.sb;
    const shl = (x: string) => (s ? `(${x} << ${s})` : x);
    const subst = (t: string) => t.replace(/\ba\b/g, shl("A")).replace(/\bb\b/g, shl("B")).replace(/\br\b/g, shl("R"));
    if (p.op === CcOp.SUB && SUB_CONDITIONS[cc]) return subst(SUB_CONDITIONS[cc]);
    if (p.op === CcOp.LOGIC && LOGIC_CONDITIONS[cc]) return subst(LOGIC_CONDITIONS[cc]);
    if (RESULT_CONDITIONS[cc]) return subst(RESULT_CONDITIONS[cc]);
  }
  return `lf.test(${cc})`;
}

function ends(reads: boolean, faults: boolean, stores: boolean, emit: (ctx: EmitContext) => string): Plan {
  return { reads, writes: false, faults, stores, ends: true, emit };
}

/** Plans a near control transfer; `ss32` is the stack size the block is compiled for. */
export function planFlow(i: Insn, ss32: number): Plan | undefined {
  const op = i.op;
  if ((op >= 0x70 && op <= 0x7f) || (op >= 0x180 && op <= 0x18f)) {
    return ends(true, false, false, (ctx) => `if (${condExpr(ctx, op & 15)}) ${ctx.branch(i.imm)} ${ctx.branch(0)}`);
  }
  if (op === 0xe9 || op === 0xeb) return ends(false, false, false, (ctx) => ctx.branch(i.imm));
  if (!ss32) return undefined;
  if (op === 0xe8) {
    const n = i.o16 ? 2 : 4;
    return ends(false, true, true, (ctx) =>
      `a = (${SS_PLUS}g4 - ${n}) | 0; ${storeStmt(i.o16 ? 15 : 31, ctx.nextEip)} g4 = (g4 - ${n}) | 0; ` +
      ctx.branch(i.imm));
  }
  if (op === 0xff && (i.reg === 2 || i.reg === 4) && !i.o16) {
    // CALL/JMP r/m32 (group 5 /2 /4): the target is read before the return address is pushed.
    const mem = i.mod !== 3;
    const target = mem ? `a = ${eaExpr(i)}; ${loadStmt(31, "t")} ` : `t = g${i.rm}; `;
    if (i.reg === 4) return ends(false, mem, false, (ctx) => target + ctx.exit("t"));
    return ends(false, true, true, (ctx) =>
      target + `a = (${SS_PLUS}g4 - 4) | 0; ${storeStmt(31, ctx.nextEip)} g4 = (g4 - 4) | 0; ${ctx.exit("t")}`);
  }
  if ((op === 0xc3 || op === 0xc2) && !i.o16) {
    const extra = op === 0xc2 ? i.imm & 0xffff : 0;
    return ends(false, true, false, (ctx) =>
      `a = (${SS_PLUS}g4) | 0; ${loadStmt(31, "v")} g4 = (g4 + ${4 + extra}) | 0; ${ctx.exit("v")}`);
  }
  return undefined;
}
