// Lazy arithmetic flags (v86 arith.rs, QEMU cc_op). An ALU instruction records its operation,
// operands and result; CF/PF/AF/ZF/SF/OF are computed only when something reads them.
// `lazy` says which of the six are pending; the rest live in `flags`. Platform-neutral.
import { Eflags } from "./eflags.ts";

/** What produced the pending flags. */
export const CcOp = {
  ADD: 0, // res = a + b
  ADC: 1, // res = a + b + carry (carry in `carry`)
  SUB: 2, // res = a - b (CMP, NEG with a = 0)
  SBB: 3, // res = a - b - carry
  LOGIC: 4, // AND/OR/XOR/TEST, shifts' result flags: CF=OF=AF=0 when lazy
  INC: 5, // res = a + 1 (CF not lazy)
  DEC: 6, // res = a - 1 (CF not lazy)
} as const;

const CF = Eflags.CF, PF = Eflags.PF, AF = Eflags.AF, ZF = Eflags.ZF, SF = Eflags.SF, OF = Eflags.OF;
export const ALL_LAZY = CF | PF | AF | ZF | SF | OF;

/** Parity flag value (PF bit or 0) for every byte. */
export const PARITY: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let b = i, p = 1;
    while (b) { p ^= b & 1; b >>= 1; }
    t[i] = p ? PF : 0;
  }
  return t;
})();

/** The lazy-flags record; the Cpu holds one and instructions fill it. */
export class LazyFlags {
  /** Materialised EFLAGS; arithmetic bits in `lazy` are stale here. */
  flags = Eflags.FIXED;
  /** Which arithmetic flags must be computed from the record below. */
  lazy = 0;
  op = 0;
  /** Operand size: the index of the sign bit (7, 15 or 31). */
  signBit = 31;
  a = 0;
  b = 0;
  res = 0;
  carry = 0;

  /** Records an arithmetic result; all six flags become lazy. */
  set(op: number, signBit: number, a: number, b: number, res: number): void {
    this.op = op;
    this.signBit = signBit;
    this.a = a;
    this.b = b;
    this.res = res;
    this.lazy = ALL_LAZY;
  }

  /** Records a logic result (CF=OF=0, AF=0). */
  setLogic(signBit: number, res: number): void {
    this.op = CcOp.LOGIC;
    this.signBit = signBit;
    this.res = res;
    this.lazy = ALL_LAZY;
  }

  /** Records INC/DEC: CF keeps its value, the other five become lazy. */
  setIncDec(op: number, signBit: number, a: number, res: number): void {
    if (this.lazy & CF) this.flags = (this.flags & ~CF) | this.cf();
    this.op = op;
    this.signBit = signBit;
    this.a = a;
    this.b = 1;
    this.res = res;
    this.lazy = ALL_LAZY & ~CF;
  }

  private mask(): number {
    return this.signBit === 31 ? -1 : (1 << (this.signBit + 1)) - 1;
  }

  /** Carry flag as 0/1. */
  cf(): number {
    if (!(this.lazy & CF)) return this.flags & CF;
    const m = this.mask();
    switch (this.op) {
      case CcOp.ADD: return ((this.res & m) >>> 0) < ((this.a & m) >>> 0) ? 1 : 0;
      case CcOp.ADC:
        return this.carry
          ? (((this.res & m) >>> 0) <= ((this.a & m) >>> 0) ? 1 : 0)
          : (((this.res & m) >>> 0) < ((this.a & m) >>> 0) ? 1 : 0);
      case CcOp.SUB: return ((this.a & m) >>> 0) < ((this.b & m) >>> 0) ? 1 : 0;
      case CcOp.SBB:
        return this.carry
          ? (((this.a & m) >>> 0) <= ((this.b & m) >>> 0) ? 1 : 0)
          : (((this.a & m) >>> 0) < ((this.b & m) >>> 0) ? 1 : 0);
      default: return 0;
    }
  }

  /** Zero flag as 0/1. */
  zf(): number {
    if (!(this.lazy & ZF)) return (this.flags >> 6) & 1;
    return (this.res & this.mask()) === 0 ? 1 : 0;
  }

  /** Sign flag as 0/1. */
  sf(): number {
    if (!(this.lazy & SF)) return (this.flags >> 7) & 1;
    return (this.res >>> this.signBit) & 1;
  }

  /** Overflow flag as 0/1. */
  of(): number {
    if (!(this.lazy & OF)) return (this.flags >> 11) & 1;
    const { a, b, res } = this;
    switch (this.op) {
      case CcOp.ADD: case CcOp.ADC: case CcOp.INC:
        return (((a ^ res) & (b ^ res)) >>> this.signBit) & 1;
      case CcOp.SUB: case CcOp.SBB: case CcOp.DEC:
        return (((a ^ b) & (a ^ res)) >>> this.signBit) & 1;
      default: return 0;
    }
  }

  /** Parity flag as 0/1. */
  pf(): number {
    if (!(this.lazy & PF)) return (this.flags >> 2) & 1;
    return PARITY[this.res & 0xff] ? 1 : 0;
  }

  /** Auxiliary carry as 0/1. */
  af(): number {
    if (!(this.lazy & AF)) return (this.flags >> 4) & 1;
    if (this.op === CcOp.LOGIC) return 0;
    return ((this.a ^ this.b ^ this.res) >> 4) & 1;
  }

  /** The full EFLAGS value with lazy bits computed. */
  get(): number {
    if (this.lazy === 0) return this.flags;
    let f = this.flags & ~this.lazy;
    const l = this.lazy;
    if (l & CF) f |= this.cf();
    if (l & PF) f |= this.pf() << 2;
    if (l & AF) f |= this.af() << 4;
    if (l & ZF) f |= this.zf() << 6;
    if (l & SF) f |= this.sf() << 7;
    if (l & OF) f |= this.of() << 11;
    return f;
  }

  /** Materialises everything, then replaces EFLAGS with `v` (bit 1 forced on). */
  setAll(v: number): void {
    this.flags = (v | Eflags.FIXED) & ~(1 << 3 | 1 << 5 | 1 << 15);
    this.lazy = 0;
  }

  /** Makes the given arithmetic flags concrete (so they can be edited bit-wise). */
  materialise(): void {
    if (this.lazy) this.flags = this.get();
    this.lazy = 0;
  }

  /**
   * Evaluates condition code `cc` (0–15, the low nibble of Jcc/SETcc/CMOVcc: O NO B AE E NE BE A
   * S NS P NP L GE LE G). Fast path for CMP/SUB and TEST/logic results that skips flag assembly.
   */
  test(cc: number): boolean {
    if (this.lazy === ALL_LAZY) {
      const s = 31 - this.signBit;
      if (this.op === CcOp.SUB) {
        const a = this.a << s, b = this.b << s; // sign-extended into int32 for signed compares
        switch (cc) {
          case 2: return (a >>> 0) < (b >>> 0);
          case 3: return (a >>> 0) >= (b >>> 0);
          case 4: return a === b;
          case 5: return a !== b;
          case 6: return (a >>> 0) <= (b >>> 0);
          case 7: return (a >>> 0) > (b >>> 0);
          case 12: return a < b;
          case 13: return a >= b;
          case 14: return a <= b;
          case 15: return a > b;
        }
      } else if (this.op === CcOp.LOGIC) {
        const r = this.res << s;
        switch (cc) {
          case 4: return r === 0;
          case 5: return r !== 0;
          case 8: return r < 0;
          case 9: return r >= 0;
          case 12: return r < 0;
          case 13: return r >= 0;
          case 14: return r <= 0;
          case 15: return r > 0;
        }
      }
    }
    let v: boolean;
    switch (cc >> 1) {
      case 0: v = this.of() === 1; break;
      case 1: v = this.cf() === 1; break;
      case 2: v = this.zf() === 1; break;
      case 3: v = (this.cf() | this.zf()) === 1; break;
      case 4: v = this.sf() === 1; break;
      case 5: v = this.pf() === 1; break;
      case 6: v = this.sf() !== this.of(); break;
      default: v = this.zf() === 1 || this.sf() !== this.of(); break;
    }
    return (cc & 1) ? !v : v;
  }
}
