// Deferred flag records for compiled code: an ADD/SUB/CMP/logic result's lazy-flag record is kept in
// JS locals (FO FS FA FB FR) instead of being written to cpu.lf at once, and is written back only
// where something could observe it: before inline code that touches `lf`, before an interpreter
// handler, at every exit and when a fault unwinds. The engine then keeps the record in registers
// and drops the stores a later producer makes dead. IMUL's record (logic flags of the product plus
// CF = OF = signed overflow) is deferred too, as the pseudo-op DEFER_IMUL with its factors in FA, FB.
// Shifts and rotates by a constant defer their concrete CF and OF in FC (written after the record;
// a rotate keeps the other flags, so FC alone may be pending). Platform-neutral.
import { CcOp, type LazyFlags } from "../flags.ts";
import { ARITH_FLAGS, Eflags } from "../eflags.ts";

/** Declaration of the record locals (FO = -1: nothing pending). */
export const FLAG_LOCALS = "FO = -1, FS = 0, FA = 0, FB = 0, FR = 0, FC = -1";

/** FO of a deferred IMUL record (not a CcOp: it flushes as a logic record plus CF/OF). */
export const DEFER_IMUL = 16;

// CF | OF | AF (eflags.ts): the bits MUL/IMUL set concretely.
const CF_OF_AF = 1 | 0x800 | 0x10;
const CF_OF = 1 | 0x800;

/**
 * Writes a pending record and CF/OF pair back to `lf` (LazyFlags.set / setLogic, exactly as the
 * handlers do). Generated code reaches it as `FL`: one call instead of the if-chain inline at every
 * exit, handler call and unwind keeps compiled functions smaller (the engine compiles them faster).
 */
export function flushDeferred(lf: LazyFlags, op: number, sb: number, a: number, b: number, r: number, cfOf: number): void {
  if (op === CcOp.LOGIC) lf.setLogic(sb, r);
  else if (op === DEFER_IMUL) {
    // As muldiv.ts: the double product is exact whenever it fits in int32, so it differs from the
    // low half exactly when the signed product overflows.
    lf.setLogic(31, r);
    lf.lazy &= ~CF_OF_AF;
    lf.flags = (lf.flags & ~CF_OF_AF) | ((a * b) !== r ? 0x801 : 0);
  } else if (op !== -1) lf.set(op, sb, a, b, r);
  if (cfOf !== -1) {
    lf.lazy &= ~CF_OF;
    lf.flags = (lf.flags & ~CF_OF) | cfOf;
  }
}

/** Writes whatever is pending back (FO and FC are both −1 exactly when nothing is). */
export const FLUSH_FLAGS = "if ((FO & FC) !== -1) { FL(lf, FO, FS, FA, FB, FR, FC); FO = -1; FC = -1; }";

/** The start of setOrdered's code (touchesLf recognises it). */
const ORDERED = `FO = -1; FC = -1; lf.lazy = 0; lf.flags = (lf.flags & ${~ARITH_FLAGS}) | (`;

/**
 * Sets EFLAGS from an ordered comparison, as FCOMI and COMISD do (SDM vol. 2: less CF, equal ZF,
 * greater neither; OF, SF, AF, PF clear). All six arithmetic flags are replaced, so a deferred
 * record and the lazy one are dropped rather than written and computed first.
 */
export function setOrdered(less: string, equal: string): string {
  return `${ORDERED}${less} ? ${Eflags.CF} : ${equal} ? ${Eflags.ZF} : 0); `;
}

/** True when `code` defers a record or a CF/OF pair (so exits must write them back). */
export function defersFlags(code: string): boolean {
  return /\bF[OC] = [\d(]/.test(code);
}

/** Defers `lf.set(op, sb, a, b, r)` for op ADD or SUB (operands are JS expressions). */
export function deferSet(op: number, sb: number, a: string, b: string, r: string): string {
  return `FO = ${op}; FS = ${sb}; FA = ${a}; FB = ${b}; FR = ${r}; FC = -1;`;
}

/** Defers `lf.setLogic(sb, r)`. */
export function deferLogic(sb: number, r: string): string {
  return `FO = ${CcOp.LOGIC}; FS = ${sb}; FR = ${r}; FC = -1;`;
}

/** Defers IMUL's flags (32-bit factors `a`, `b`, low product `r`). */
export function deferImul(a: string, b: string, r: string): string {
  return `FO = ${DEFER_IMUL}; FA = ${a}; FB = ${b}; FR = ${r}; FC = -1;`;
}

/** Defers a concrete CF (0/1 expression) and OF (0/1 expression) over whatever is pending. */
export function deferCfOf(cf: string, of: string): string {
  return `FC = (${cf}) | ((${of}) << 11);`;
}

/**
 * DF, read straight from `lf`: a control flag no deferred record changes, so reading it needs no
 * write-back first (touchesLf leaves it out).
 */
export const READ_DF = `(lf.flags & ${Eflags.DF})`;

/**
 * True when generated code reads or writes `lf` directly (so a pending record must be written
 * first). Reading DF and an ordered comparison (setOrdered, which drops the pending record) do not
 * count. An instruction using setOrdered leaves its slow path through a hand-over (the function's
 * exit writes the record back), never through a handler call beside it.
 */
export function touchesLf(code: string): boolean {
  return code.replaceAll(READ_DF, "").replaceAll(ORDERED, "").includes("lf.");
}
