// Register-form x87 operations for compiled code, without the interpreter's per-call plumbing: each
// returns false, having changed nothing, when the #NM/#MF gate could apply or the operands are not
// the plain case, and the caller then runs the interpreter handler. The plain cases mirror the fast
// paths of load_store_ops.ts and arith_ops.ts exactly. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import { Cr0 } from "../control_regs.ts";
import { Seg } from "../registers.ts";
import { Cc } from "./f80.ts";
import { BINARY, applyBinary } from "./arith_ops.ts";

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
  f.signExp[p] = f.signExp[src];
  f.mantissaHi[p] = f.mantissaHi[src];
  f.mantissaLo[p] = f.mantissaLo[src];
  f.empty[p] = 0;
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
  const se = f.signExp[p0], hi = f.mantissaHi[p0], lo = f.mantissaLo[p0];
  f.signExp[p0] = f.signExp[pi];
  f.mantissaHi[p0] = f.mantissaHi[pi];
  f.mantissaLo[p0] = f.mantissaLo[pi];
  f.signExp[pi] = se;
  f.mantissaHi[pi] = hi;
  f.mantissaLo[pi] = lo;
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
  const d = (top + st) & 7;
  f.signExp[d] = f.signExp[top];
  f.mantissaHi[d] = f.mantissaHi[top];
  f.mantissaLo[d] = f.mantissaLo[top];
  f.empty[d] = 0;
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
  applyBinary(f, op, BINARY[op]!, dest, src, pop !== 0);
  return true;
}
