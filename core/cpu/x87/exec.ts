// Plumbing shared by the x87 instruction handlers: the #NM/#MF gates, the last-instruction pointers
// (FIP/FCS/FOP/FDP/FDS), the commit rule for exceptions, and memory operand loads/stores of the
// 80-bit format. SDM vol. 1 §8.1.8 (pointers), §8.5/§8.6 (exception handling), vol. 3 §2.5 (CR0).
// Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Insn } from "../insn.ts";
import { Cr0 } from "../control_regs.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { Seg } from "../registers.ts";
import { Cc, F80, FpuException, setIndefinite } from "./f80.ts";
import type { FpuState } from "./fpu_state.ts";

/** Exceptions detected before computing: when unmasked, nothing is written (SDM §8.5.1–8.5.3). */
export const PRE_COMPUTATION = FpuException.Invalid | FpuException.Denormal | FpuException.ZeroDivide;
/** Post-computation exceptions that also suppress a memory store when unmasked (SDM §8.5.4–8.5.5). */
export const STORE_BLOCKING = PRE_COMPUTATION | FpuException.Overflow | FpuException.Underflow;
const ES = 0x0080;
const BUSY = 0x8000;

/** Scratch values: handlers never allocate. */
export const A = new F80(), B = new F80(), OUT = new F80(), OUT2 = new F80();

/**
 * The checks every escape instruction makes first: #NM if CR0.EM or CR0.TS (SDM vol. 3 Table 2-2).
 * Waiting instructions (all but FN*) then report a pending unmasked exception as #MF when CR0.NE;
 * with NE clear the PC would signal FERR#/IRQ 13 instead, which nk does not model, so they go on.
 */
export function gate(cpu: Cpu, waiting: boolean): void {
  if (cpu.cr0 & (Cr0.EM | Cr0.TS)) raise(Vector.DeviceNotAvailable);
  if (waiting && cpu.fpu.sw & ES && cpu.cr0 & Cr0.NE) raise(Vector.FpuError);
}

/** WAIT/FWAIT (9B): #NM only if CR0.MP and CR0.TS, then the pending-exception check. */
export function fwait(cpu: Cpu): void {
  if ((cpu.cr0 & (Cr0.MP | Cr0.TS)) === (Cr0.MP | Cr0.TS)) raise(Vector.DeviceNotAvailable);
  if (cpu.fpu.sw & ES && cpu.cr0 & Cr0.NE) raise(Vector.FpuError);
}

/**
 * Records FIP/FCS/FOP for a non-control instruction (`i.imm` holds the 11-bit opcode, set when the
 * handler was bound). Register forms leave FDP/FDS alone.
 */
export function notePointers(cpu: Cpu, i: Insn): void {
  const f = cpu.fpu;
  f.fip = cpu.prevEip;
  f.fcs = cpu.sreg[Seg.CS];
  f.fop = i.imm;
}

/** As notePointers, plus the memory operand's offset and segment; returns its linear address. */
export function noteMemory(cpu: Cpu, i: Insn): number {
  const f = cpu.fpu;
  f.fip = cpu.prevEip;
  f.fcs = cpu.sreg[Seg.CS];
  f.fop = i.imm;
  f.fdp = cpu.eaOffset(i);
  f.fds = cpu.sreg[i.seg];
  return cpu.ea(i);
}

/** Prepares the per-operation environment from the control word. */
export function begin(f: FpuState): void {
  f.env.cw = f.cw;
  f.env.clear();
}

/**
 * Merges the operation's exception flags into the status word and sets C1 from the rounding. Returns
 * false when an unmasked exception in `blocking` occurred: the destination must then stay unchanged
 * (and no pop happens).
 */
export function commit(f: FpuState, blocking: number): boolean {
  const fl = f.env.flags;
  const unmasked = fl & ~f.cw & 0x3f;
  if (unmasked & blocking) {
    // Only the pre-computation fault is reported; C1 is left as the host leaves it (cleared).
    f.sw = (f.sw & ~Cc.C1) | (fl & blocking) | ES | BUSY;
    return false;
  }
  f.sw = (f.sw & ~Cc.C1) | fl | (f.env.c1 ? Cc.C1 : 0);
  if (unmasked) f.sw |= ES | BUSY;
  return true;
}

/**
 * Stack-underflow check for ST(i) (IE|SF, C1 = 0). Returns 0 if ST(i) holds a value, 1 if it was
 * empty and the masked response applies (the caller uses the indefinite), 2 if the instruction must
 * do nothing (IE unmasked).
 */
export function underflow(f: FpuState, i: number): number {
  if (f.empty[(f.top + i) & 7] === 0) return 0;
  f.underflow(i);
  return f.invalidMasked() ? 1 : 2;
}

/** Reads ST(i) into out, or the indefinite if it is empty (after `underflow` said 1). */
export function readOrIndefinite(f: FpuState, i: number, out: F80): F80 {
  if (f.empty[(f.top + i) & 7]) setIndefinite(out);
  else f.read(i, out);
  return out;
}

/** True if pushing would overflow (ST(7) full); signals it (IE|SF, C1 = 1). */
export function pushOverflows(f: FpuState): boolean {
  if (f.empty[(f.top - 1) & 7]) return false;
  f.setC1(true);
  f.raise(FpuException.Invalid | FpuException.StackFault);
  return true;
}

/** Loads 10 bytes at lin as an 80-bit value. */
export function readM80(cpu: Cpu, lin: number, out: F80): F80 {
  out.lo = cpu.read32(lin) >>> 0;
  out.hi = cpu.read32((lin + 4) | 0) >>> 0;
  out.se = cpu.read16((lin + 8) | 0);
  return out;
}

/** Stores an 80-bit value as 10 bytes at lin (checked writable first: no partial store). */
export function writeM80(cpu: Cpu, lin: number, v: F80): void {
  if ((lin & 0xfff) > 0xff6) cpu.probeWrite(lin, 10);
  cpu.write32(lin, v.lo);
  cpu.write32((lin + 4) | 0, v.hi);
  cpu.write16((lin + 8) | 0, v.se);
}

/** Stores a 64-bit value hi:lo at lin (checked writable first). */
export function writeM64(cpu: Cpu, lin: number, hi: number, lo: number): void {
  if ((lin & 0xfff) > 0xff8) cpu.probeWrite(lin, 8);
  cpu.write32(lin, lo);
  cpu.write32((lin + 4) | 0, hi);
}

/** Copies `len` bytes from memory into buf (reads first, so a fault changes nothing). */
export function readBytes(cpu: Cpu, lin: number, buf: Uint8Array, len: number): void {
  for (let k = 0; k < len; k++) buf[k] = cpu.read8((lin + k) | 0);
}

/** Writes `len` bytes of buf to memory after checking the whole range is writable. */
export function writeBytes(cpu: Cpu, lin: number, buf: Uint8Array, len: number): void {
  cpu.probeWrite(lin, len);
  for (let k = 0; k < len; k++) cpu.write8((lin + k) | 0, buf[k]);
}
