// JIT code generators for 32-bit register shifts and rotates by an immediate count (C1 /0 /1 /4 /5
// /6 /7 and D1): SHL/SAL, SHR, SAR, ROL, ROR. Mirrors shift() in opcodes/shift.ts for counts 1–31;
// jit_vs_interpreter_test.ts compares both on generated cases, so a change to the handler's
// semantics shows up there. Other forms run the interpreter handler. Platform-neutral.
import type { Insn } from "../insn.ts";
import type { Plan } from "./plan.ts";
import { deferCfOf, deferLogic } from "./deferred_flags.ts";

/** Plans a group-2 shift of a 32-bit register by a constant, or undefined. */
export function planShift(i: Insn): Plan | undefined {
  if ((i.op !== 0xc1 && i.op !== 0xd1) || i.mod !== 3 || i.o16) return undefined;
  const op = i.reg;
  if (op === 2 || op === 3) return undefined; // RCL/RCR: the handler
  const c = (i.op === 0xd1 ? 1 : i.imm) & 31;
  const r = `g${i.rm}`;
  if (c === 0) return { reads: false, writes: false, faults: false, stores: false, ends: false, emit: () => "" };
  const rotate = op === 0 || op === 1;
  let body: string, cf: string, of: string;
  switch (op) {
    case 0: body = `R = (A << ${c}) | (A >>> ${32 - c});`; cf = "R & 1"; of = "((R >>> 31) & 1) ^ (R & 1)"; break;
    case 1: body = `R = (A >>> ${c}) | (A << ${32 - c});`; cf = "(R >>> 31) & 1"; of = "((R >>> 31) ^ (R >>> 30)) & 1"; break;
    case 4: case 6: body = `R = A << ${c};`; cf = `(A >>> ${32 - c}) & 1`; of = `((R >>> 31) & 1) ^ ((A >>> ${32 - c}) & 1)`; break;
    case 5: body = `R = A >>> ${c};`; cf = `(A >>> ${c - 1}) & 1`; of = "(A >>> 31) & 1"; break;
    default: body = `R = A >> ${c};`; cf = `(A >> ${c - 1}) & 1`; of = "0"; break;
  }
  return {
    reads: rotate, writes: !rotate, touchesFlags: true, faults: false, stores: false, ends: false,
    emit(ctx) {
      let code = `A = ${r}; ${body} ${r} = R | 0; `;
      if (!ctx.flagsLive) return code;
      // A rotate's CF and OF override whatever is pending (SF ZF PF AF stay as they were); a shift
      // is a logic record (AF = 0) with a concrete CF and OF. Both stay in locals until observed.
      if (!rotate) code += deferLogic(31, "R") + " ";
      return code + deferCfOf(cf, of);
    },
  };
}
