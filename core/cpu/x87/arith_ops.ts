// x87 arithmetic instruction handlers: FADD/FMUL/FSUB/FSUBR/FDIV/FDIVR (memory, ST(0),ST(i),
// ST(i),ST(0) and pop forms, FIADD… on integers) and the one-operand D9 Ex/Fx group (FCHS, FABS,
// FSQRT, FRNDINT, FSCALE, FXTRACT, FPREM/FPREM1, transcendentals). SDM vol. 2 each page. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler } from "../insn.ts";
import { Cc, F80, FpuEnv, FpuException, Kind, isNaN80, kindOf, setIndefinite } from "./f80.ts";
import { fadd, fdiv, fmul, fsqrt, fsub } from "./arith.ts";
import { fabs, fchs, fprem, frndint, fscale, fxtract } from "./misc_ops.ts";
import { fromFloat32, fromFloat64, fromInt32 } from "./convert.ts";
import { f2xm1, fcos, fpatan, fptan, fsin, fsincos, fyl2x, fyl2xp1 } from "./transcendental.ts";
import type { FpuState } from "./fpu_state.ts";
import { ddBinary, ddBinaryM32, ddBinaryM64, ddSqrtTop } from "./dd_ops.ts";
import {
  A, B, OUT, OUT2, PRE_COMPUTATION, begin, commit, gate, noteMemory, notePointers, pushOverflows, underflow,
} from "./exec.ts";

type Binary = (env: FpuEnv, out: F80, a: F80, b: F80) => void;
const fsubr: Binary = (env, out, a, b) => fsub(env, out, b, a);
const fdivr: Binary = (env, out, a, b) => fdiv(env, out, b, a);

/** Arithmetic by ModRM.reg (SDM Table A-7): add mul (com comp) sub subr div divr; a = ST(0). */
export const BINARY: readonly (Binary | null)[] = [fadd, fmul, null, null, fsub, fsubr, fdiv, fdivr];

/** Reads a memory source operand into `out` (conversion flags into env). */
export type Loader = (cpu: Cpu, lin: number, env: FpuEnv, out: F80) => void;

export const loadF32: Loader = (cpu, lin, env, out) => fromFloat32(env, out, cpu.read32(lin) >>> 0);
export const loadF64: Loader = (cpu, lin, env, out) => {
  const lo = cpu.read32(lin);
  fromFloat64(env, out, cpu.read32((lin + 4) | 0), lo);
};

/**
 * Makes a converted memory operand behave as the original in an arithmetic/compare operation: an
 * SNaN stays signaling (the operation, not the load, raises IE and picks the NaN, SDM Table 4-7),
 * and a denormal source's DE is held back in `held` (returned) to be reported only if the operation
 * does not end in NaN propagation or a zero divide (measured on the host).
 */
export function rawOperand(env: FpuEnv, b: F80): number {
  if (env.flags & FpuException.Invalid) {
    env.flags &= ~FpuException.Invalid;
    b.hi = (b.hi & ~0x40000000) >>> 0;
  }
  const held = env.flags & FpuException.Denormal;
  env.flags &= ~FpuException.Denormal;
  return held;
}

/** Adds a held-back source DE unless ST(0) was a NaN/unsupported encoding or the op raised ZE/IE. */
export function releaseDenormal(env: FpuEnv, held: number, st0: F80): void {
  if (!held || env.flags & (FpuException.ZeroDivide | FpuException.Invalid)) return;
  const k = kindOf(st0.se, st0.hi, st0.lo);
  if (k === Kind.QNaN || k === Kind.SNaN || k === Kind.Unsupported) return;
  env.flags |= held;
}
export const loadI32: Loader = (cpu, lin, _env, out) => fromInt32(out, cpu.read32(lin));
export const loadI16: Loader = (cpu, lin, _env, out) => fromInt32(out, (cpu.read16(lin) << 16) >> 16);

/**
 * Runs BINARY[op] (or `fn` when op is −1) through direct calls: each call site then sees a single
 * callee, which the engine can inline (a shared `fn(...)` site would be megamorphic).
 */
function callBinary(op: number, fn: Binary, env: FpuEnv, out: F80, a: F80, b: F80): void {
  switch (op) {
    case 0: return fadd(env, out, a, b);
    case 1: return fmul(env, out, a, b);
    case 4: return fsub(env, out, a, b);
    case 5: return fsub(env, out, b, a);
    case 6: return fdiv(env, out, a, b);
    case 7: return fdiv(env, out, b, a);
    default: return fn(env, out, a, b);
  }
}

/** ST(dest) = ST(0) op ST(src) (or, when `pop`, then pop). Masked underflow writes the indefinite. */
export function applyBinary(f: FpuState, op: number, fn: Binary, dest: number, src: number, pop: boolean): void {
  if (op < 0 || !ddBinary(f, op, dest, src, pop)) applyBinaryGeneral(f, op, fn, dest, src, pop);
}

/** applyBinary without the shadow fast path (for callers that tried ddBinary themselves). */
export function applyBinaryGeneral(f: FpuState, op: number, fn: Binary, dest: number, src: number, pop: boolean): void {
  const u = underflow(f, 0) || underflow(f, src);
  if (u === 2) return;
  if (u === 1) setIndefinite(OUT);
  else {
    begin(f);
    callBinary(op, fn, f.env, OUT, f.read(0, A), f.read(src, B));
    if (!commit(f, PRE_COMPUTATION)) return;
  }
  f.write(dest, OUT);
  if (pop) f.pop();
}

/** Memory operand loaders by kind: m32fp, m64fp, m32int, m16int. */
export const LOADERS: readonly Loader[] = [loadF32, loadF64, loadI32, loadI16];

/** Runs LOADERS[kind] (or `load` when kind is −1) with direct calls, as callBinary. */
function callLoader(kind: number, load: Loader, cpu: Cpu, lin: number, env: FpuEnv, out: F80): void {
  switch (kind) {
    case 0: return loadF32(cpu, lin, env, out);
    case 1: return loadF64(cpu, lin, env, out);
    case 2: return loadI32(cpu, lin, env, out);
    case 3: return loadI16(cpu, lin, env, out);
    default: return load(cpu, lin, env, out);
  }
}

/** D8/DC/DA/DE memory forms: ST(0) = ST(0) op m. */
export function binaryMemory(load: Loader, fn: Binary): Handler {
  const op = BINARY.indexOf(fn), kind = LOADERS.indexOf(load);
  return (cpu, i) => {
    gate(cpu, true);
    binaryMemoryAt(cpu, noteMemory(cpu, i), op, kind, load, fn);
  };
}

/**
 * The part of a memory-operand FADD…FDIVR after the gate and the pointers (shared with the JIT):
 * `op` indexes BINARY, `kind` indexes LOADERS (m32fp, m64fp, m32int, m16int).
 */
export function binaryMemoryAt(cpu: Cpu, lin: number, op: number, kind: number, load: Loader, fn: Binary): void {
  const f = cpu.fpu;
  if (kind === 1) {
    const lo = cpu.read32(lin) >>> 0, hi = cpu.read32((lin + 4) | 0) >>> 0;
    if (ddBinaryM64(f, op, hi, lo)) return;
    begin(f);
    fromFloat64(f.env, B, hi, lo);
  } else if (kind === 0) {
    const bits = cpu.read32(lin) >>> 0;
    if (ddBinaryM32(f, op, bits)) return;
    begin(f);
    fromFloat32(f.env, B, bits);
  } else {
    begin(f);
    callLoader(kind, load, cpu, lin, f.env, B);
  }
  const held = rawOperand(f.env, B);
  const u = underflow(f, 0);
  if (u === 2) return;
  if (u === 1) setIndefinite(OUT);
  else {
    callBinary(op, fn, f.env, OUT, f.read(0, A), B);
    releaseDenormal(f.env, held, A);
    if (!commit(f, PRE_COMPUTATION)) return;
  }
  f.write(0, OUT);
}

/** D8 register forms: ST(0) = ST(0) op ST(i). */
export function binaryToTop(fn: Binary, st: number): Handler {
  const op = BINARY.indexOf(fn);
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    applyBinary(cpu.fpu, op, fn, 0, st, false);
  };
}

/** DC/DE register forms: ST(i) = ST(0) op ST(i) with the reversed roles (see BINARY), DE pops. */
export function binaryToSt(fn: Binary, st: number, pop: boolean): Handler {
  const op = BINARY.indexOf(fn);
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    applyBinary(cpu.fpu, op, fn, st, st, pop);
  };
}

// ---- one-operand D9 E0–FF ----------------------------------------------------------------------

type Unary = (env: FpuEnv, out: F80, a: F80) => void;

/** ST(0) = fn(ST(0)); `signOnly` ops (FCHS/FABS) raise nothing besides underflow. */
export function unary(fn: Unary): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const u = underflow(f, 0);
    if (u === 2) return;
    if (u === 1) setIndefinite(OUT);
    else {
      begin(f);
      fn(f.env, OUT, f.read(0, A));
      if (!commit(f, PRE_COMPUTATION)) return;
    }
    f.write(0, OUT);
  };
}

export const fchsOp = unary((_e, out, a) => fchs(out, a));
export const fabsOp = unary((_e, out, a) => fabs(out, a));
const fsqrtGeneral = unary(fsqrt);
/** FSQRT: the shadow path when ST(0) is a plain positive value, else the 80-bit one. */
export const fsqrtOp: Handler = (cpu, i) => {
  gate(cpu, true);
  notePointers(cpu, i);
  if (!ddSqrtTop(cpu.fpu)) fsqrtGeneral(cpu, i);
};
export const frndintOp = unary(frndint);
/** F2XM1 outside its domain (|x| > 1) leaves ST(0) as it was (measured; the SDM says "undefined"). */
export const f2xm1Op = unary((env, out, a) => {
  const e = a.se & 0x7fff;
  if (e >= 0x3fff && kindOf(a.se, a.hi, a.lo) === Kind.Normal && !(e === 0x3fff && a.hi === 0x80000000 && a.lo === 0)) {
    env.flags |= FpuException.Precision;
    out.set(a);
    return;
  }
  f2xm1(env, out, a);
});

/** FSCALE: ST(0) = ST(0) × 2^trunc(ST(1)). */
export const fscaleOp: Handler = (cpu, i) => {
  gate(cpu, true);
  notePointers(cpu, i);
  applyBinary(cpu.fpu, -1, fscale, 0, 1, false);
};

/** FYL2X / FYL2XP1 / FPATAN: ST(1) = fn(ST(0), ST(1)), then pop. */
function twoToOne(fn: (env: FpuEnv, out: F80, st0: F80, st1: F80) => void): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const u = underflow(f, 0) || underflow(f, 1);
    if (u === 2) return;
    if (u === 1) setIndefinite(OUT);
    else {
      begin(f);
      fn(f.env, OUT, f.read(0, A), f.read(1, B));
      if (!commit(f, PRE_COMPUTATION)) return;
    }
    f.write(1, OUT);
    f.pop();
  };
}
export const fyl2xOp = twoToOne(fyl2x);
export const fyl2xp1Op = twoToOne(fyl2xp1);
export const fpatanOp = twoToOne((env, out, st0, st1) => fpatan(env, out, st1, st0));

/** FPREM / FPREM1: ST(0) = remainder of ST(0) / ST(1); C0/C3/C1 = quotient bits, C2 = incomplete. */
function premOp(ieee: boolean): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    const u = underflow(f, 0) || underflow(f, 1);
    if (u === 2) return void (f.sw &= ~Cc.C2);
    // A NaN or invalid outcome only clears C2; C0/C1/C3 keep their values (measured on the host).
    let keep = Cc.C0 | Cc.C1 | Cc.C3;
    let cc = 0;
    if (u === 1) setIndefinite(OUT);
    else {
      begin(f);
      cc = fprem(f.env, OUT, f.read(0, A), f.read(1, B), ieee);
      f.env.c1 = 0;
      if (!isNaN80(OUT)) keep = 0;
      if (!commit(f, PRE_COMPUTATION)) return void (f.sw &= ~Cc.C2);
    }
    f.sw = (f.sw & ~(Cc.C0 | Cc.C1 | Cc.C2 | Cc.C3)) | (f.sw & keep) | cc;
    f.write(0, OUT);
  };
}
export const fpremOp = premOp(false);
export const fprem1Op = premOp(true);

/** FSIN / FCOS: C2 = 1 and ST(0) unchanged when |ST(0)| ≥ 2^63. */
function trig(fn: (env: FpuEnv, out: F80, a: F80) => number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    f.sw &= ~Cc.C2; // cleared on every outcome, faults included (measured)
    const u = underflow(f, 0);
    if (u === 2) return;
    let c2 = 0;
    if (u === 1) setIndefinite(OUT);
    else {
      begin(f);
      c2 = fn(f.env, OUT, f.read(0, A));
      if (!commit(f, PRE_COMPUTATION)) return;
    }
    f.sw = (f.sw & ~Cc.C2) | c2;
    if (!c2) f.write(0, OUT);
  };
}
export const fsinOp = trig(fsin);
export const fcosOp = trig(fcos);

/**
 * The pushing one-operand ops (FPTAN, FSINCOS, FXTRACT): ST(0) is replaced by `first` and `second`
 * is pushed. On stack overflow the masked response leaves the indefinite in both.
 */
function replaceAndPush(kind: 0 | 1 | 2): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    if (kind !== 2) f.sw &= ~Cc.C2; // cleared on every outcome, faults included (measured)
    const u = underflow(f, 0);
    if (u === 2) return;
    if (u === 0 && pushOverflows(f)) {
      if (!f.invalidMasked()) return;
      setIndefinite(OUT);
      f.write(0, OUT);
      f.top = (f.top - 1) & 7;
      f.write(0, OUT);
      return;
    }
    let c2 = 0;
    if (u === 1) {
      setIndefinite(OUT);
      OUT2.set(OUT);
    } else {
      begin(f);
      f.read(0, A);
      if (kind === 0) {
        c2 = fptan(f.env, OUT, A);
        // The host pushes 1.0, or a copy of a NaN result.
        if ((OUT.se & 0x7fff) === 0x7fff && (OUT.hi & 0x7fffffff || OUT.lo)) OUT2.set(OUT);
        else OUT2.se = 0x3fff, OUT2.hi = 0x80000000, OUT2.lo = 0;
      } else if (kind === 1) c2 = fsincos(f.env, OUT, OUT2, A);
      else fxtract(f.env, OUT, OUT2, A);
      if (!commit(f, PRE_COMPUTATION)) return;
    }
    if (kind !== 2) f.sw = (f.sw & ~Cc.C2) | c2;
    if (c2) return;
    f.write(0, OUT);
    f.top = (f.top - 1) & 7;
    f.write(0, OUT2);
  };
}
export const fptanOp = replaceAndPush(0);
export const fsincosOp = replaceAndPush(1);
export const fxtractOp = replaceAndPush(2);
