// x87 compare and test handlers: FCOM/FCOMP/FCOMPP, FUCOM/FUCOMP/FUCOMPP, FICOM/FICOMP, FCOMI/
// FCOMIP/FUCOMI/FUCOMIP (result in ZF/PF/CF), FTST, FXAM, and FCMOVcc (reads EFLAGS).
// SDM vol. 2 FCOM, FUCOM, FCOMI, FTST, FXAM, FCMOVcc. Platform-neutral.
import type { Handler } from "../insn.ts";
import type { Cpu } from "../cpu.ts";
import { Eflags } from "../eflags.ts";
import { Cc, setIndefinite, setZero } from "./f80.ts";
import { CompareResult, fcom, fxam } from "./misc_ops.ts";
import type { FpuState } from "./fpu_state.ts";
import { type Loader, rawOperand, releaseDenormal } from "./arith_ops.ts";
import { A, B, OUT, PRE_COMPUTATION, begin, commit, gate, noteMemory, notePointers, underflow } from "./exec.ts";

const CC_MASK = Cc.C0 | Cc.C1 | Cc.C2 | Cc.C3;

/** How a compare reports and whether it pops. */
export const CompareKind = {
  Fcom: 0, // condition codes
  Fcomi: 1, // ZF/PF/CF
} as const;

/**
 * Compares ST(0) with B (already loaded; `bEmpty` = underflow() of its register), reporting per
 * `kind`. The result is reported even when IE/DE are unmasked (as the host does); the return value
 * is false in that case so the caller skips its pops. FCOMI leaves C1 alone (measured).
 */
function compareTopWithB(cpu: Cpu, f: FpuState, quiet: boolean, kind: number, bEmpty: number): boolean {
  const u = underflow(f, 0) || bEmpty;
  let cc: number = CompareResult.Unordered;
  let ok = u !== 2;
  if (u === 0) {
    const c1 = f.sw & Cc.C1;
    begin(f);
    cc = fcom(f.env, f.read(0, A), B, quiet);
    ok = commit(f, PRE_COMPUTATION);
    if (kind === CompareKind.Fcomi) f.sw |= c1;
  }
  if (kind === CompareKind.Fcom) {
    f.sw = (f.sw & ~CC_MASK) | cc;
  } else {
    const lf = cpu.lf;
    lf.materialise();
    lf.flags = (lf.flags & ~(Eflags.ZF | Eflags.PF | Eflags.CF | Eflags.OF | Eflags.SF | Eflags.AF)) |
      (cc & Cc.C3 ? Eflags.ZF : 0) | (cc & Cc.C2 ? Eflags.PF : 0) | (cc & Cc.C0 ? Eflags.CF : 0);
  }
  return ok;
}

/** FCOM/FCOMP/FICOM/FICOMP with a memory operand (`pops` 0 or 1). */
export function compareMemory(load: Loader, pops: number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    compareMemoryAt(cpu, noteMemory(cpu, i), load, pops);
  };
}

/** The part of FCOM/FCOMP/FICOM/FICOMP m after the gate and the pointers (shared with the JIT). */
export function compareMemoryAt(cpu: Cpu, lin: number, load: Loader, pops: number): void {
  const f = cpu.fpu;
  begin(f);
  load(cpu, lin, f.env, B);
  const held = rawOperand(f.env, B);
  const u = underflow(f, 0);
  let cc: number = CompareResult.Unordered;
  let ok = u !== 2;
  if (u === 0) {
    cc = fcom(f.env, f.read(0, A), B, false);
    releaseDenormal(f.env, held, A);
    ok = commit(f, PRE_COMPUTATION);
  }
  f.sw = (f.sw & ~CC_MASK) | cc;
  if (pops && ok) f.pop();
}

/** Register compares of ST(0) with ST(st): FCOM(P)(P), FUCOM(P)(P), FCOMI(P), FUCOMI(P). */
export function compareRegister(st: number, quiet: boolean, kind: number, pops: number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const u = underflow(f, st);
    if (u === 0) f.read(st, B);
    if (!compareTopWithB(cpu, f, quiet, kind, u)) return;
    for (let k = 0; k < pops; k++) f.pop();
  };
}

/** FTST: compares ST(0) with +0.0. */
export const ftst: Handler = (cpu, i) => {
  gate(cpu, true);
  notePointers(cpu, i);
  setZero(B, 0);
  compareTopWithB(cpu, cpu.fpu, false, CompareKind.Fcom, 0);
};

/** FXAM: classifies ST(0) (empty included) into C3/C2/C0, sign into C1. Never raises. */
export const fxamOp: Handler = (cpu, i) => {
  gate(cpu, true);
  notePointers(cpu, i);
  const f = cpu.fpu;
  const cc = fxam(f.read(0, A), f.empty[f.top] === 1);
  f.sw = (f.sw & ~CC_MASK) | cc;
};

/**
 * FCMOVcc ST(0), ST(i): copies ST(i) to ST(0) if `cc` (a Jcc condition nibble) holds. Both registers
 * are checked for underflow first; the masked response loads the indefinite into ST(0).
 */
export function fcmov(cc: number, st: number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const u = underflow(f, 0) || underflow(f, st);
    if (u === 2) return;
    if (u === 1) {
      setIndefinite(OUT);
      f.write(0, OUT);
      return;
    }
    // C1 is left unchanged (measured; the SDM says "undefined").
    if (cpu.lf.test(cc)) f.write(0, f.read(st, OUT));
  };
}
