// The x87 register file: eight physical 80-bit registers in typed arrays (each with an optional
// double-double shadow, dd_regs.ts, that may be the only current copy), TOP, tags, control/status
// words, last-instruction pointers, stack push/pop with the stack-fault responses, and the FNSAVE/
// FRSTOR/FNSTENV/FLDENV (32-bit protected mode) and FXSAVE x87-area memory images.
// SDM vol. 1 §8.1 (state), Figs. 8-9/8-10 (env/save layout), Table 10-2 (FXSAVE). Platform-neutral.

import { Cc, DEFAULT_CONTROL_WORD, F80, FpuEnv, FpuException, Kind, kindOf, setIndefinite } from "./f80.ts";
import { fromNumber, toNumber } from "./convert.ts";
import { X87_JIT } from "./jit_ops.ts";
import { packShadow } from "./dd_regs.ts";

/** Two-bit tag values. SDM vol. 1 Fig. 8-7. */
export const Tag = { Valid: 0, Zero: 1, Special: 2, Empty: 3 } as const;

/** Status-word fields besides the exception flags. SDM vol. 1 Fig. 8-4. */
export const StatusBit = {
  ErrorSummary: 0x0080, // ES
  TopShift: 11,
  TopMask: 0x3800,
  Busy: 0x8000, // B
} as const;

/** Control-word bits that exist: the rest read as fixed (bit 6 one, bits 13-15 zero; measured). */
export const CW_WRITABLE = 0x1f3f;
export const CW_FIXED_ONES = 0x0040;

/** Byte sizes of the memory images (32-bit protected-mode formats). */
export const ENV_SIZE = 28;
export const SAVE_SIZE = 108;

/** x87 state. Register i of the stack is physical register (top + i) & 7. */
export class FpuState {
  /** The 80-bit encodings; stale where `dd` is 2. Outside code uses the getters below. */
  readonly regSe = new Uint16Array(8);
  readonly regHi = new Uint32Array(8);
  readonly regLo = new Uint32Array(8);
  /**
   * Double-double shadows (dd_regs.ts): per physical register 0 = none, 1 = shadow and encoding both
   * valid, 2 = only the shadow (ddHi + ddLo) is valid. `anyShadow` is false when all are 0.
   */
  readonly dd = new Uint8Array(8);
  readonly ddHi = new Float64Array(9); // slot 8: a memory operand (dd_ops.ts)
  readonly ddLo = new Float64Array(9);
  anyShadow = false;
  /** 1 = physical register empty (the hardware keeps only this bit; full tags are derived). */
  readonly empty = new Uint8Array(8).fill(1);
  top = 0;
  cw = DEFAULT_CONTROL_WORD;
  /** Status word without TOP (bits 11-13 kept zero here; see statusWord()). */
  sw = 0;
  fip = 0;
  fcs = 0;
  fdp = 0;
  fds = 0;
  fop = 0;
  /** Per-operation environment handed to the arithmetic functions. */
  readonly env = new FpuEnv();
  /** Entry points for JIT-compiled code (generated code reaches them as `cpu.fpu.jit`). */
  readonly jit = X87_JIT;

  /**
   * The register encodings for code outside the x87 unit (MMX, snapshots, tests), which may read or
   * write them: every shadow is written back and dropped first.
   */
  get signExp(): Uint16Array {
    if (this.anyShadow) this.dropShadows();
    return this.regSe;
  }
  get mantissaHi(): Uint32Array {
    if (this.anyShadow) this.dropShadows();
    return this.regHi;
  }
  get mantissaLo(): Uint32Array {
    if (this.anyShadow) this.dropShadows();
    return this.regLo;
  }

  /** Writes back every shadow-only register and forgets all shadows. */
  dropShadows(): void {
    for (let p = 0; p < 8; p++) {
      if (this.dd[p] === 2) packShadow(this, p);
      this.dd[p] = 0;
    }
    this.anyShadow = false;
  }

  /** Makes physical register p's encoding current (writes back a shadow-only value). */
  sync(p: number): void {
    if (this.dd[p] === 2) packShadow(this, p);
  }

  /** FNINIT: CW 0x037F, SW 0, all tags empty, pointers cleared. Register contents are kept. */
  reset(): void {
    this.cw = DEFAULT_CONTROL_WORD;
    this.sw = 0;
    this.top = 0;
    this.empty.fill(1);
    this.fip = this.fcs = this.fdp = this.fds = this.fop = 0;
  }

  /** The status word with TOP merged in. */
  statusWord(): number {
    return (this.sw & ~StatusBit.TopMask) | (this.top << StatusBit.TopShift);
  }

  /** Loads a status word (FLDENV/FRSTOR): TOP is taken from bits 11-13. */
  setStatusWord(v: number): void {
    this.top = (v >> StatusBit.TopShift) & 7;
    this.sw = v & ~StatusBit.TopMask & 0xffff;
  }

  /** Physical index of ST(i). */
  phys(i: number): number {
    return (this.top + i) & 7;
  }

  /** True if ST(i) is empty. */
  isEmpty(i: number): boolean {
    return this.empty[(this.top + i) & 7] === 1;
  }

  /** Reads ST(i) into out (no empty check). */
  read(i: number, out: F80): F80 {
    const p = (this.top + i) & 7;
    if (this.dd[p] === 2) packShadow(this, p);
    out.se = this.regSe[p];
    out.hi = this.regHi[p];
    out.lo = this.regLo[p];
    return out;
  }

  /** Writes ST(i) and marks it full. */
  write(i: number, v: F80): void {
    const p = (this.top + i) & 7;
    this.regSe[p] = v.se;
    this.regHi[p] = v.hi;
    this.regLo[p] = v.lo;
    this.dd[p] = 0;
    this.empty[p] = 0;
  }

  /**
   * Raises exception flags into the status word; sets ES (and B) when any raised flag is unmasked.
   * Returns true if an unmasked exception is now pending (the caller defers #MF to the next wait).
   */
  raise(flags: number): boolean {
    this.sw |= flags;
    if (flags & ~this.cw & 0x3f) {
      this.sw |= StatusBit.ErrorSummary | StatusBit.Busy;
      return true;
    }
    return false;
  }

  /** Sets or clears C1. */
  setC1(on: boolean): void {
    this.sw = on ? this.sw | Cc.C1 : this.sw & ~Cc.C1;
  }

  /**
   * Checks that ST(i) holds a value; if empty, signals stack underflow (IE|SF, C1 = 0). Returns true
   * on underflow; the caller then writes the indefinite via `underflowResponse` if IE is masked.
   */
  underflow(i: number): boolean {
    if (!this.isEmpty(i)) return false;
    this.setC1(false);
    this.raise(FpuException.Invalid | FpuException.StackFault);
    return true;
  }

  /** True if invalid-operation is masked (the masked responses apply). */
  invalidMasked(): boolean {
    return (this.cw & FpuException.Invalid) !== 0;
  }

  /**
   * Pushes v. If ST(7) is full: stack overflow (IE|SF, C1 = 1); masked → pushes the indefinite,
   * unmasked → leaves the stack unchanged. Returns false on overflow.
   */
  push(v: F80): boolean {
    const p = (this.top - 1) & 7;
    if (this.empty[p] === 0) {
      this.setC1(true);
      this.raise(FpuException.Invalid | FpuException.StackFault);
      if (!this.invalidMasked()) return false;
      this.top = p;
      setIndefinite(scratch);
      this.write(0, scratch);
      return false;
    }
    this.top = p;
    this.write(0, v);
    return true;
  }

  /** Marks ST(0) empty and increments TOP. */
  pop(): void {
    this.empty[this.top] = 1;
    this.top = (this.top + 1) & 7;
  }

  /** Full 2-bit tag of a physical register, derived from its contents. */
  tagOf(p: number): number {
    if (this.empty[p]) return Tag.Empty;
    if (this.dd[p] !== 0) return Tag.Valid; // shadows hold only normal nonzero values
    const k = kindOf(this.regSe[p], this.regHi[p], this.regLo[p]);
    return k === Kind.Normal ? Tag.Valid : k === Kind.Zero ? Tag.Zero : Tag.Special;
  }

  /** The full tag word (FSTENV/FSAVE), physical register 0 in bits 0-1. */
  tagWord(): number {
    let tw = 0;
    for (let p = 0; p < 8; p++) tw |= this.tagOf(p) << (2 * p);
    return tw;
  }

  /** Loads a tag word: only "empty or not" is kept, as on P6+ (the rest is derived from contents). */
  setTagWord(tw: number): void {
    for (let p = 0; p < 8; p++) this.empty[p] = ((tw >> (2 * p)) & 3) === Tag.Empty ? 1 : 0;
  }

  /** FXSAVE's abridged tag byte: bit p = 1 if physical register p is not empty. */
  abridgedTag(): number {
    let t = 0;
    for (let p = 0; p < 8; p++) if (!this.empty[p]) t |= 1 << p;
    return t;
  }

  /** Loads an abridged tag byte (FXRSTOR). */
  setAbridgedTag(t: number): void {
    for (let p = 0; p < 8; p++) this.empty[p] = (t >> p) & 1 ? 0 : 1;
  }

  /**
   * FNSTENV image, 32-bit protected mode (28 bytes, SDM Fig. 8-9): CW, SW, TW, FIP, FCS | FOP<<16,
   * FDP, FDS; each 16-bit field's upper half is written as 0xFFFF as Intel parts do.
   */
  storeEnv(mem: Uint8Array, off: number): void {
    put32(mem, off, 0xffff0000 | this.cw);
    put32(mem, off + 4, 0xffff0000 | this.statusWord());
    put32(mem, off + 8, 0xffff0000 | this.tagWord());
    put32(mem, off + 12, this.fip);
    put32(mem, off + 16, (this.fcs & 0xffff) | ((this.fop & 0x7ff) << 16));
    put32(mem, off + 20, this.fdp);
    put32(mem, off + 24, 0xffff0000 | this.fds);
  }

  /** FLDENV from a 28-byte image (inverse of storeEnv). */
  loadEnv(mem: Uint8Array, off: number): void {
    this.cw = (get32(mem, off) & CW_WRITABLE) | CW_FIXED_ONES;
    this.setStatusWord(get32(mem, off + 4) & 0xffff);
    this.setTagWord(get32(mem, off + 8) & 0xffff);
    this.fip = get32(mem, off + 12);
    const w = get32(mem, off + 16);
    this.fcs = w & 0xffff;
    this.fop = (w >>> 16) & 0x7ff;
    this.fdp = get32(mem, off + 20);
    this.fds = get32(mem, off + 24) & 0xffff;
  }

  /** FNSAVE: the environment then ST(0)…ST(7) as 10-byte values (108 bytes), then FNINIT. */
  save(mem: Uint8Array, off: number): void {
    this.storeEnv(mem, off);
    for (let i = 0; i < 8; i++) this.storeReg(i, mem, off + ENV_SIZE + 10 * i);
    this.reset();
  }

  /** FRSTOR from a 108-byte image. */
  restore(mem: Uint8Array, off: number): void {
    this.loadEnv(mem, off);
    for (let i = 0; i < 8; i++) this.loadReg(i, mem, off + ENV_SIZE + 10 * i);
  }

  /**
   * FXSAVE's x87 part (SDM vol. 1 Table 10-2): bytes 0-23 (FCW, FSW, abridged FTW, FOP, FIP, FCS, FDP,
   * FDS) and the registers at 32 + 16·i. MXCSR (24-31) belongs to the SSE unit and is not touched.
   */
  fxsaveX87(mem: Uint8Array, off: number): void {
    put16(mem, off, this.cw);
    put16(mem, off + 2, this.statusWord());
    mem[off + 4] = this.abridgedTag();
    mem[off + 5] = 0;
    put16(mem, off + 6, this.fop & 0x7ff);
    put32(mem, off + 8, this.fip);
    put32(mem, off + 12, this.fcs & 0xffff);
    put32(mem, off + 16, this.fdp);
    put32(mem, off + 20, this.fds & 0xffff);
    for (let i = 0; i < 8; i++) {
      this.storeReg(i, mem, off + 32 + 16 * i);
      for (let k = 10; k < 16; k++) mem[off + 32 + 16 * i + k] = 0;
    }
  }

  /** FXRSTOR's x87 part (inverse of fxsaveX87). */
  fxrstorX87(mem: Uint8Array, off: number): void {
    this.cw = (get16(mem, off) & CW_WRITABLE) | CW_FIXED_ONES;
    this.setStatusWord(get16(mem, off + 2));
    this.setAbridgedTag(mem[off + 4]);
    this.fop = get16(mem, off + 6) & 0x7ff;
    this.fip = get32(mem, off + 8);
    this.fcs = get16(mem, off + 12);
    this.fdp = get32(mem, off + 16);
    this.fds = get16(mem, off + 20);
    for (let i = 0; i < 8; i++) this.loadReg(i, mem, off + 32 + 16 * i);
  }

  /** Stores ST(i) as 10 little-endian bytes (empty or not). */
  storeReg(i: number, mem: Uint8Array, off: number): void {
    const p = (this.top + i) & 7;
    if (this.dd[p] === 2) packShadow(this, p);
    put32(mem, off, this.regLo[p]);
    put32(mem, off + 4, this.regHi[p]);
    put16(mem, off + 8, this.regSe[p]);
  }

  /** Loads ST(i)'s bits from 10 bytes without changing its tag. */
  loadReg(i: number, mem: Uint8Array, off: number): void {
    const p = (this.top + i) & 7;
    this.regLo[p] = get32(mem, off);
    this.regHi[p] = get32(mem, off + 4);
    this.regSe[p] = get16(mem, off + 8);
    this.dd[p] = 0;
  }

  /** ST(i) as the nearest JS number (for the monitor and SSE helpers); NaN if empty. */
  stNumber(i: number): number {
    if (this.isEmpty(i)) return NaN;
    return toNumber(this.read(i, scratch));
  }

  /** Writes a JS number exactly into ST(i) and marks it full. */
  setStNumber(i: number, x: number): void {
    fromNumber(scratch, x);
    this.write(i, scratch);
  }
}

const scratch = new F80();

function put16(m: Uint8Array, o: number, v: number): void {
  m[o] = v & 0xff;
  m[o + 1] = (v >>> 8) & 0xff;
}
function put32(m: Uint8Array, o: number, v: number): void {
  m[o] = v & 0xff;
  m[o + 1] = (v >>> 8) & 0xff;
  m[o + 2] = (v >>> 16) & 0xff;
  m[o + 3] = (v >>> 24) & 0xff;
}
function get16(m: Uint8Array, o: number): number {
  return m[o] | (m[o + 1] << 8);
}
function get32(m: Uint8Array, o: number): number {
  return (m[o] | (m[o + 1] << 8) | (m[o + 2] << 16) | (m[o + 3] << 24)) >>> 0;
}
