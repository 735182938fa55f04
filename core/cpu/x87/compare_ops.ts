// x87 compare and test handlers: FCOM/FCOMP/FCOMPP, FUCOM/FUCOMP/FUCOMPP, FICOM/FICOMP, FCOMI/
// FCOMIP/FUCOMI/FUCOMIP (result in ZF/PF/CF), FTST, FXAM, and FCMOVcc (reads EFLAGS).
// SDM vol. 2 FCOM, FUCOM, FCOMI, FTST, FXAM, FCMOVcc. Platform-neutral.
import type { Handler } from "../insn.ts";
import type { Cpu } from "../cpu.ts";
import { Eflags } from "../eflags.ts";
import { Cc, setIndefinite, setZero } from "./f80.ts";
import { CompareResult, fcom, fxam } from "./misc_ops.ts";
import type { FpuState } from "./fpu_state.ts";
import type { Loader } from "./arith_ops.ts";
import { A, B, OUT, PRE_COMPUTATION, begin, commit, gate, noteMemory, notePointers, underflow } from "./exec.ts";

const CC_MASK = Cc.C0 | Cc.C1 | Cc.C2 | Cc.C3;

/** How a compare reports and whether it pops. */
export const CompareKind = {
  Fcom: 0, // condition codes
  Fcomi: 1, // ZF/PF/CF
} as const;

/**
 * Compares ST(0) with B (already loaded), reporting per `kind`; returns false if the instruction
 * must stop (unmasked invalid) so the caller skips its pops.
 */
function compareTopWithB(cpu: Cpu, f: FpuState, quiet: boolean, kind: number, bEmpty: number): boolean {
  const u = underflow(f, 0) || bEmpty;
  let cc: number = CompareResult.Unordered;
  if (u === 2) return false;
  if (u === 0) {
    begin(f);
    cc = fcom(f.env, f.read(0, A), B, quiet);
    if (!commit(f, PRE_COMPUTATION)) return false;
  }
  if (kind === CompareKind.Fcom) {
    f.sw = (f.sw & ~CC_MASK) | cc;
  } else {
    f.sw &= ~Cc.C1;
    const lf = cpu.lf;
    lf.materialise();
    lf.flags = (lf.flags & ~(Eflags.ZF | Eflags.PF | Eflags.CF | Eflags.OF | Eflags.SF | Eflags.AF)) |
      (cc & Cc.C3 ? Eflags.ZF : 0) | (cc & Cc.C2 ? Eflags.PF : 0) | (cc & Cc.C0 ? Eflags.CF : 0);
  }
  return true;
}

/** FCOM/FCOMP/FICOM/FICOMP with a memory operand (`pops` 0 or 1). */
export function compareMemory(load: Loader, pops: number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    const lin = noteMemory(cpu, i);
    const f = cpu.fpu;
    begin(f);
    load(cpu, lin, f.env, B);
    // A conversion flag (SNaN/denormal source) counts with the compare's own flags.
    const loadFlags = f.env.flags;
    const u = underflow(f, 0);
    if (u === 2) return;
    let cc: number = CompareResult.Unordered;
    if (u === 0) {
      begin(f);
      cc = fcom(f.env, f.read(0, A), B, false);
      f.env.flags |= loadFlags;
      if (!commit(f, PRE_COMPUTATION)) return;
    }
    f.sw = (f.sw & ~CC_MASK) | cc;
    if (pops) f.pop();
  };
}

/** Register compares of ST(0) with ST(st): FCOM(P)(P), FUCOM(P)(P), FCOMI(P), FUCOMI(P). */
export function compareRegister(st: number, quiet: boolean, kind: number, pops: number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const u = underflow(f, st);
    if (u === 2) return;
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
    f.setC1(false);
    if (cpu.lf.test(cc)) f.write(0, f.read(st, OUT));
  };
}
