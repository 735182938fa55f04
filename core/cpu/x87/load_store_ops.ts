// x87 data-transfer handlers: FLD/FILD/FBLD and the constant loads (push), FST/FSTP/FIST/FISTP/
// FBSTP (store, optionally pop), FST(P) ST(i), FXCH. SDM vol. 2 FLD, FILD, FBLD, FST, FIST, FBSTP,
// FXCH, FLD1…FLDZ; vol. 1 §8.5 (masked responses, store suppression). Platform-neutral.
import type { Handler } from "../insn.ts";
import type { Cpu } from "../cpu.ts";
import { Cc, F80, FpuException, setIndefinite } from "./f80.ts";
import { Out64, fromBcd, fromFloat32, fromFloat64, fromInt64, toBcd, toFloat32, toFloat64, toInt } from "./convert.ts";
import { type FpuConstant, loadConstant } from "./misc_ops.ts";
import type { FpuState } from "./fpu_state.ts";
import { type Loader, loadF32, loadF64, loadI32 } from "./arith_ops.ts";
import { copyReg, ddLoad32, ddLoad64, ddStore64, swapRegs } from "./dd_ops.ts";
import {
  A, OUT, PRE_COMPUTATION, STORE_BLOCKING, begin, commit, gate, noteMemory, notePointers, pushOverflows,
  readBytes, readM80, readOrIndefinite, underflow, writeBytes, writeM64, writeM80,
} from "./exec.ts";

const BCD = new Uint8Array(10);

/**
 * Pushes OUT after a load whose flags are in env. An unmasked #I (SNaN source) pushes nothing; a
 * denormal source is still loaded when #D is unmasked (measured: the exact widening cannot fail).
 */
function pushLoaded(f: FpuState): void {
  if (pushOverflows(f)) {
    if (!f.invalidMasked()) return;
    setIndefinite(OUT);
  } else if (!commit(f, FpuException.Invalid)) return;
  else f.setC1(false);
  f.top = (f.top - 1) & 7;
  f.write(0, OUT);
}

/** FLD m32fp/m64fp, FILD m16/m32int (the loader converts into OUT). */
export function loadMemory(load: Loader): Handler {
  // Direct calls for the common loaders keep the call sites monomorphic (inlinable).
  const kind = load === loadF64 ? 1 : load === loadF32 ? 0 : load === loadI32 ? 2 : -1;
  return (cpu, i) => {
    gate(cpu, true);
    loadAt(cpu, noteMemory(cpu, i), kind, load);
  };
}

/**
 * The part of FLD/FILD/FBLD after the gate and the pointers (shared with the JIT): `kind` 1 = m64fp,
 * 0 = m32fp, 2 = m32int, else `load` converts.
 */
export function loadAt(cpu: Cpu, lin: number, kind: number, load: Loader): void {
  const f = cpu.fpu;
  if (kind === 1) {
    const lo = cpu.read32(lin) >>> 0, hi = cpu.read32((lin + 4) | 0) >>> 0;
    // Fast path: a double in the shadow range into a free slot is exact and raises nothing.
    if (ddLoad64(f, hi, lo)) return;
    const e = (hi >>> 20) & 0x7ff, p = (f.top - 1) & 7;
    if (e !== 0 && e !== 0x7ff && f.empty[p] === 1) {
      // Any other normal double: the encoding directly; only C1 clears.
      f.regSe[p] = ((hi >>> 31) << 15) | (e - 1023 + 16383);
      f.regHi[p] = 0x80000000 | ((hi & 0xfffff) << 11) | (lo >>> 21);
      f.regLo[p] = lo << 11;
      f.dd[p] = 0;
      f.empty[p] = 0;
      f.top = p;
      f.sw &= ~Cc.C1;
      return;
    }
    begin(f); // only the conversions below read or write env: the fast paths skip it
    fromFloat64(f.env, OUT, hi, lo);
  } else if (kind === 0) {
    const bits = cpu.read32(lin) >>> 0;
    if (ddLoad32(f, bits)) return;
    begin(f);
    fromFloat32(f.env, OUT, bits);
  } else {
    begin(f);
    if (kind === 2) loadI32(cpu, lin, f.env, OUT);
    else load(cpu, lin, f.env, OUT);
  }
  pushLoaded(f);
}

export const loadF80: Loader = (cpu, lin, _env, out) => void readM80(cpu, lin, out);
export const loadI64: Loader = (cpu, lin, _env, out) => {
  const lo = cpu.read32(lin);
  fromInt64(out, cpu.read32((lin + 4) | 0), lo);
};
export const loadBcd: Loader = (cpu, lin, _env, out) => {
  readBytes(cpu, lin, BCD, 10);
  fromBcd(out, BCD, 0);
};

/** FLD ST(i): pushes a copy of ST(i) (read before the push). */
export function loadRegister(st: number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const src = (f.top + st) & 7, p = (f.top - 1) & 7;
    if (f.empty[src] === 0 && f.empty[p] === 1) {
      // Fast path: a plain register copy into a free slot; only C1 clears.
      copyReg(f, src, p);
      f.top = p;
      f.sw &= ~Cc.C1;
      return;
    }
    const u = underflow(f, st);
    if (u === 2) return;
    readOrIndefinite(f, st, OUT);
    begin(f);
    if (u === 1) {
      if (pushOverflows(f)) setIndefinite(OUT);
      f.top = (f.top - 1) & 7;
      f.write(0, OUT);
      return;
    }
    pushLoaded(f);
  };
}

/** FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ (rounded per RC). */
export function loadConstantOp(c: FpuConstant): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    begin(f);
    loadConstant(f.env, OUT, c);
    pushLoaded(f);
  };
}

/** Formats for memory stores. */
export const StoreFormat = { F32: 0, F64: 1, F80: 2, I16: 3, I32: 4, I64: 5, Bcd: 6 } as const;

/** Converts ST(0) (or the indefinite, `v` already set) and writes it; false if suppressed. */
function storeValue(cpu: Cpu, f: FpuState, lin: number, fmt: number, v: F80): boolean {
  const env = f.env;
  switch (fmt) {
    case StoreFormat.F32: {
      const bits = toFloat32(env, v);
      if (!commit(f, STORE_BLOCKING)) return false;
      cpu.write32(lin, bits);
      return true;
    }
    case StoreFormat.F64:
      toFloat64(env, v);
      if (!commit(f, STORE_BLOCKING)) return false;
      writeM64(cpu, lin, Out64.hi, Out64.lo);
      return true;
    case StoreFormat.F80:
      writeM80(cpu, lin, v);
      f.setC1(false);
      return true;
    case StoreFormat.I16:
    case StoreFormat.I32:
    case StoreFormat.I64:
      toInt(env, v, fmt === StoreFormat.I16 ? 16 : fmt === StoreFormat.I32 ? 32 : 64, false);
      if (!commit(f, PRE_COMPUTATION)) return false;
      if (fmt === StoreFormat.I16) cpu.write16(lin, Out64.lo);
      else if (fmt === StoreFormat.I32) cpu.write32(lin, Out64.lo);
      else writeM64(cpu, lin, Out64.hi, Out64.lo);
      return true;
    default:
      toBcd(env, v, BCD, 0);
      if (!commit(f, PRE_COMPUTATION)) return false;
      writeBytes(cpu, lin, BCD, 10);
      return true;
  }
}

/** FST/FSTP/FIST/FISTP/FBSTP to memory. Empty ST(0): masked → the format's indefinite is stored. */
export function storeMemory(fmt: number, pop: boolean): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    storeAt(cpu, noteMemory(cpu, i), fmt, pop);
  };
}

/** The part of a memory store after the gate and the pointers (shared with the JIT). */
export function storeAt(cpu: Cpu, lin: number, fmt: number, pop: boolean): void {
  const f = cpu.fpu;
  if (fmt === StoreFormat.F64 && ddStore64(cpu, f, lin, pop)) return;
  const u = underflow(f, 0);
  if (u === 2) return;
  begin(f);
  readOrIndefinite(f, 0, A);
  const sw = f.sw;
  if (!storeValue(cpu, f, lin, fmt, A)) return;
  if (u === 1) f.sw = (f.sw & ~0x3f) | (sw & 0x3f); // the indefinite's conversion raises nothing more
  if (pop) f.pop();
}

/** FST ST(i) / FSTP ST(i) (and the FSTP1/8/9 aliases): copies ST(0) without rounding. */
export function storeRegister(st: number, pop: boolean): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const top = f.top;
    if (f.empty[top] === 0) {
      // Fast path: copy the physical register, clear C1.
      copyReg(f, top, (top + st) & 7);
      f.sw &= ~Cc.C1;
      if (pop) f.pop();
      return;
    }
    const u = underflow(f, 0);
    if (u === 2) return;
    if (u === 0) f.setC1(false);
    f.write(st, readOrIndefinite(f, 0, OUT));
    if (pop) f.pop();
  };
}

/** FXCH ST(i) (and the FXCH4/7 aliases); an empty side becomes the indefinite (masked underflow). */
export function fxch(st: number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const p0 = f.top, pi = (f.top + st) & 7;
    if (f.empty[p0] === 0 && f.empty[pi] === 0) {
      // Fast path: swap the two physical registers, clear C1.
      swapRegs(f, p0, pi);
      f.sw &= ~Cc.C1;
      return;
    }
    const u = underflow(f, 0) || underflow(f, st);
    if (u === 2) return;
    readOrIndefinite(f, 0, A);
    readOrIndefinite(f, st, OUT);
    if (u === 0) f.setC1(false);
    f.write(0, OUT);
    f.write(st, A);
  };
}
