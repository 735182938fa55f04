// Register-form x87 operations for compiled code, without the interpreter's per-call plumbing: each
// returns false, having changed nothing, when the #NM/#MF gate could apply or the operands are not
// the plain case, and the caller then runs the interpreter handler. The plain cases mirror the fast
// paths of load_store_ops.ts and arith_ops.ts exactly. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import { Cr0 } from "../control_regs.ts";
import { Seg } from "../registers.ts";
import { Cc } from "./f80.ts";
import { BINARY, applyBinaryGeneral } from "./arith_ops.ts";
import { copyReg, ddBinary, ddCompare, swapRegs } from "./dd_ops.ts";
import { Eflags } from "../eflags.ts";

/** EFLAGS of FCOMI by ordering (less, equal, greater: SDM vol. 2 FCOMI Table 3-31); OF/SF/AF clear. */
const COMI_FLAGS = [Eflags.CF, Eflags.ZF, 0] as const;
const COMI_MASK = Eflags.ZF | Eflags.PF | Eflags.CF | Eflags.OF | Eflags.SF | Eflags.AF;

/** CR0 bits that make every escape instruction raise #NM, and the status word's ES bit. */
const GATE_CR0 = Cr0.EM | Cr0.TS;
const ES = 0x0080;

/** FLD ST(i) into a free slot from a full register. */
export function fastFldSt(cpu: Cpu, eip: number, fop: number, st: number): boolean {
  const f = cpu.fpu;
  if ((cpu.cr0 & GATE_CR0) !== 0 || (f.sw & ES) !== 0) return false;
  const src = (f.top + st) & 7, p = (f.top - 1) & 7;
  if (f.empty[src] !== 0 || f.empty[p] !== 1) return false;
  f.fip = eip;
  f.fcs = cpu.sreg[Seg.CS];
  f.fop = fop;
  copyReg(f, src, p);
  f.top = p;
  f.sw &= ~Cc.C1;
  return true;
}

/** FXCH ST(i) of two full registers. */
export function fastFxch(cpu: Cpu, eip: number, fop: number, st: number): boolean {
  const f = cpu.fpu;
  if ((cpu.cr0 & GATE_CR0) !== 0 || (f.sw & ES) !== 0) return false;
  const p0 = f.top, pi = (f.top + st) & 7;
  if (f.empty[p0] !== 0 || f.empty[pi] !== 0) return false;
  f.fip = eip;
  f.fcs = cpu.sreg[Seg.CS];
  f.fop = fop;
  swapRegs(f, p0, pi);
  f.sw &= ~Cc.C1;
  return true;
}

/** FST/FSTP ST(i) from a full ST(0). */
export function fastFstSt(cpu: Cpu, eip: number, fop: number, st: number, pop: number): boolean {
  const f = cpu.fpu;
  if ((cpu.cr0 & GATE_CR0) !== 0 || (f.sw & ES) !== 0) return false;
  const top = f.top;
  if (f.empty[top] !== 0) return false;
  f.fip = eip;
  f.fcs = cpu.sreg[Seg.CS];
  f.fop = fop;
  copyReg(f, top, (top + st) & 7);
  f.sw &= ~Cc.C1;
  if (pop) {
    f.empty[top] = 1;
    f.top = (top + 1) & 7;
  }
  return true;
}

/** ST(dest) = ST(0) op ST(src) [pop], as binaryToTop/binaryToSt, once the gate cannot fire. */
export function fastArithReg(cpu: Cpu, eip: number, fop: number, op: number, dest: number, src: number, pop: number): boolean {
  const f = cpu.fpu;
  if ((cpu.cr0 & GATE_CR0) !== 0 || (f.sw & ES) !== 0) return false;
  f.fip = eip;
  f.fcs = cpu.sreg[Seg.CS];
  f.fop = fop;
  if (!ddBinary(f, op, dest, src, pop !== 0)) applyBinaryGeneral(f, op, BINARY[op]!, dest, src, pop !== 0);
  return true;
}

/**
 * FCOMI/FUCOMI/FCOMIP/FUCOMIP ST(0), ST(st) of two shadowed registers: only EFLAGS change (normal
 * operands raise nothing, and FCOMI keeps C1), then the pop.
 */
export function fastComi(cpu: Cpu, eip: number, fop: number, st: number, pop: number): boolean {
  const f = cpu.fpu;
  if ((cpu.cr0 & GATE_CR0) !== 0 || (f.sw & ES) !== 0) return false;
  const top = f.top, q = (top + st) & 7;
  if (f.empty[top] !== 0 || f.empty[q] !== 0) return false;
  const order = ddCompare(f, top, q);
  if (order === 2) return false;
  f.fip = eip;
  f.fcs = cpu.sreg[Seg.CS];
  f.fop = fop;
  const lf = cpu.lf;
  lf.materialise();
  lf.flags = (lf.flags & ~COMI_MASK) | COMI_FLAGS[order + 1];
  if (pop) {
    f.empty[top] = 1;
    f.top = (top + 1) & 7;
  }
  return true;
}
