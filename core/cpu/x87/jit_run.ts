// The arithmetic kit of compiled x87 runs (core/cpu/jit/x87_run.ts), which keep the register stack
// in JS locals as double-double values (dd_arith.ts): each operation takes operand values, leaves
// its result in X.h[0] + X.l[0] and returns the status bits PE/C1 — or −1, with nothing to undo,
// when the case is not plain (a result out of the shadow range, a zero divisor, a negative root, a
// quotient or root too near a rounding boundary to decide here); the run then hands the
// instruction to the interpreter.
// Generated code reaches this object as `X`. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { FpuState } from "./fpu_state.ts";
import { Seg } from "../registers.ts";
import { DD_MAX, DD_MIN, HI_WORD, ddProduct, ddSum } from "./dd_arith.ts";
import { ddQuotient, ddRoot } from "./dd_div.ts";
import { unpackShadow } from "./dd_regs.ts";

const RH = new Float64Array(1);
const RL = new Float64Array(1);

/** Reinterpretation scratch for doubles at 4-aligned (not 8-aligned) guest addresses. */
const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
const HI = HI_WORD, LO = 1 - HI_WORD;

/** X87_RUN.spill's register operations: what becomes of the tag, and where the content comes from. */
export const SpillEmpty = { Keep: 0, Empty: 1, Full: 2 } as const;
export const SpillValue = { Keep: -1, Zero: -2 } as const; // else the pair's index in `vals`

/** Writes ±0 (sign of h) into physical register p as an encoding (a zero has no shadow). */
function zeroInto(f: FpuState, p: number, h: number): void {
  f.regSe[p] = 1 / h < 0 ? 0x8000 : 0;
  f.regHi[p] = 0;
  f.regLo[p] = 0;
  f.dd[p] = 0;
}

/** Offset o's bit (o from the region's entry TOP, −16…15) in X87_RUN.store's full and written masks. */
export const carryBit = (o: number) => 1 << (o + 16);

/** Writes value h + l into physical register p: its shadow, or the encoding of ±0. */
function valueInto(f: FpuState, p: number, h: number, l: number): void {
  if (h === 0) return zeroInto(f, p, h);
  f.ddHi[p] = h;
  f.ddLo[p] = l;
  f.dd[p] = 2;
  f.anyShadow = true;
}

/**
 * The end of a write-back: TOP = t0 + cur, the status word, the last instruction's pointers (none
 * ran when fop < 0) and the last memory operand's (none when fds < 0).
 */
function stateInto(cpu: Cpu, f: FpuState, t0: number, cur: number, sw: number, fdp: number, fds: number, fip: number,
  fop: number): void {
  if (cur !== 0) f.top = (t0 + cur) & 7;
  f.sw = sw;
  if (fop >= 0) {
    f.fip = fip;
    f.fcs = cpu.sreg[Seg.CS];
    f.fop = fop;
  }
  if (fds >= 0) {
    f.fdp = fdp;
    f.fds = cpu.sreg[fds];
  }
}

/** The result's status bits, or −1 when it is outside the shadow range (zero is a plain result). */
function checked(r: number): number {
  const a = Math.abs(RH[0]);
  return r >= 0 && (a === 0 || (a >= DD_MIN && a <= DD_MAX)) ? r : -1;
}

/** An exact result h + l (no rounding, so no PE and C1 clear). */
function exact(h: number, l: number): number {
  RH[0] = h;
  RL[0] = l;
  return 0;
}

/**
 * Values are normalized pairs with heads in the shadow range, or ±0 (head ±0, tail 0): a zero
 * operand gives an exact result with IEEE signs under round-to-nearest.
 */
export const X87_RUN = {
  /** The result of the last operation: head and tail. */
  h: RH,
  l: RL,
  /** (ah + al) + (bh + bl); a subtraction negates one operand. */
  add(ah: number, al: number, bh: number, bl: number): number {
    if (ah === 0) return bh === 0 ? exact(ah + bh, 0) : exact(bh, bl);
    if (bh === 0) return exact(ah, al);
    return checked(ddSum(ah, al, bh, bl, RH, RL, 0));
  },
  /** (ah + al) × (bh + bl). */
  mul(ah: number, al: number, bh: number, bl: number): number {
    if (ah === 0 || bh === 0) return exact(ah * bh, 0);
    return checked(ddProduct(ah, al, bh, bl, RH, RL, 0));
  },
  /** (ah + al) ÷ (bh + bl); −1 for a zero divisor (#Z or #I is the interpreter's business). */
  div(ah: number, al: number, bh: number, bl: number): number {
    if (bh === 0) return -1;
    if (ah === 0) return exact(ah / bh, 0);
    return checked(ddQuotient(ah, al, bh, bl, RH, RL, 0));
  },
  /** √(ah + al); −1 for a negative operand. */
  sqrt(ah: number, al: number): number {
    if (ah === 0) return exact(ah, 0);
    return ah > 0 ? checked(ddRoot(ah, al, RH, RL, 0)) : -1;
  },
  /**
   * Makes a full physical register's value readable from ddHi/ddLo: its shadow (given one if it
   * has none), or ±0 for a zero encoding (written there without marking a shadow); false for
   * anything else.
   */
  enter(f: FpuState, p: number): boolean {
    if (f.dd[p] !== 0 || unpackShadow(f, p)) return true;
    const se = f.regSe[p];
    if ((se & 0x7fff) !== 0 || f.regHi[p] !== 0 || f.regLo[p] !== 0) return false;
    f.ddHi[p] = se & 0x8000 ? -0 : 0;
    f.ddLo[p] = 0;
    return true;
  },
  /** A run's entry check of a register it needs full: full, and readable from ddHi/ddLo (enter). */
  full(f: FpuState, p: number): boolean {
    return f.empty[p] === 0 && (f.dd[p] !== 0 || X87_RUN.enter(f, p));
  },
  /**
   * A run's write-back when it hands an instruction to the interpreter: TOP = t0 + cur, the
   * registers at offsets `ops` (triples: offset from t0, SpillValue or pair index into `vals`,
   * SpillEmpty), the status word and the last instruction's pointers (fds: segment index, or −1
   * when no memory form ran).
   */
  spill(cpu: Cpu, f: FpuState, t0: number, cur: number, sw: number, fdp: number, fds: number, fip: number, fop: number,
    ops: number[], vals: number[]): void {
    for (let i = 0; i < ops.length; i += 3) {
      const p = (t0 + ops[i]) & 7, value = ops[i + 1], empty = ops[i + 2];
      if (empty !== SpillEmpty.Keep) f.empty[p] = empty === SpillEmpty.Empty ? 1 : 0;
      if (value === SpillValue.Zero) zeroInto(f, p, 0);
      else if (value >= 0) valueInto(f, p, vals[2 * value], vals[2 * value + 1]);
    }
    stateInto(cpu, f, t0, cur, sw, fdp, fds, fip, fop);
  },
  /**
   * The write-back of a region whose stack lived in locals (x87_run.ts, x87Region): TOP = t0 + cur;
   * for each offset in `offs` (from t0) its tag (full when its bit is in `full`) and, when its bit
   * is in `written`, its value from `vals` (head, tail pairs in the order of `offs`); the status
   * word; the pointers of the last instruction (none ran when fop < 0) and of the last memory
   * operand (none when fds < 0).
   */
  store(cpu: Cpu, f: FpuState, t0: number, cur: number, full: number, written: number, offs: number[], vals: number[],
    sw: number, fdp: number, fds: number, fip: number, fop: number): void {
    for (let i = 0; i < offs.length; i++) {
      const bit = carryBit(offs[i]), p = (t0 + offs[i]) & 7;
      f.empty[p] = full & bit ? 0 : 1;
      if (written & bit) valueInto(f, p, vals[2 * i], vals[2 * i + 1]);
    }
    stateInto(cpu, f, t0, cur, sw, fdp, fds, fip, fop);
  },
  /** The double whose little-endian words are lo, hi (a 4-aligned m64 operand). */
  join(lo: number, hi: number): number {
    I32[LO] = lo;
    I32[HI] = hi;
    return F64[0];
  },
  /** Writes double v to i32[at], i32[at + 1] (a 4-aligned m64 destination). */
  put(i32: Int32Array, at: number, v: number): void {
    F64[0] = v;
    i32[at] = I32[LO];
    i32[at + 1] = I32[HI];
  },
};

export type X87Run = typeof X87_RUN;
