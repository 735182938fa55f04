// JIT code generators for the SSE2 double subset compilers emit for `-mfpmath=sse`: MOVSD, MOVQ,
// MOVLPD/MOVHPD (register and m64 forms), MOVAPS/MOVAPD, XORPS/XORPD/PXOR, ANDPS/ANDPD and
// UNPCKLPD/UNPCKHPD between registers, MOVAPS/MOVAPD/MOVUPS/MOVUPD with m128,
// ADDSD/SUBSD/MULSD/DIVSD/SQRTSD, ADDPD/SUBPD/MULPD/DIVPD (register and aligned m128 forms),
// COMISD/UCOMISD, CVTSI2SD and CVTTSD2SI. Host doubles are IEEE binary64 with round-to-nearest, so
// the inline result is exact whenever the instruction cannot raise a flag MXCSR does not already
// hold: RC = nearest, PE set (sticky, after the program's first inexact operation) and masked, and
// every operand and result a normal double or zero (so DAZ and FTZ change nothing). Anything else —
// the SSE gate (#UD/#NM), a NaN, infinity, denormal or overflow, an unaligned or unmapped m64 —
// leaves the compiled function before the instruction, and the interpreter runs it with full
// semantics (opcodes in core/cpu/sse/). XMM registers are read as int32 lanes (`XX`, so moves keep
// NaN payloads) and as doubles (`XV`, a Float64Array on the same buffer: lane order needs a
// little-endian host). Platform-neutral.
import type { Insn } from "../insn.ts";
import type { EmitContext, Plan } from "./plan.ts";
import { Cr0, Cr4 } from "../control_regs.ts";
import { setOrdered } from "./deferred_flags.ts";
import { Mxcsr } from "../sse/simd_env.ts";
import { eaExpr, loadDouble, loadStmt, M64_UNUSABLE } from "./emit_memory.ts";

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Mandatory prefixes (Insn.pfx). */
const Pfx = { None: 0, P66: 1, F2: 2, F3: 3 } as const;

/** MXCSR fields that decide whether a plain operation can change MXCSR or trap. */
const PM = Mxcsr.PE << 7;
// DAZ and FTZ are not among them: they act on denormal operands and tiny results only, which the
// fast paths send to the interpreter anyway (programs built with -ffast-math run with both set).
const ARITH_MASK = Mxcsr.PE | PM | (3 << Mxcsr.RC_SHIFT);
/**
 * Recomputes the function's SSE state locals: SG, the gate passes (no CR0.EM or CR0.TS, CR4.OSFXSR
 * set; else the handler raises #UD/#NM); SO, the gate passes and MXCSR holds every flag a plain
 * operation could raise. codegen.ts runs it at entry and after every handler call (which may change
 * CR0, CR4 or MXCSR); the slow paths here leave the function, so the next entry sees what the
 * interpreter changed (the first inexact operation sets PE). Keeping the tests in locals keeps the
 * compiled functions small.
 */
export const SSE_STATE = `SG = (cpu.cr0 & ${Cr0.EM | Cr0.TS}) === 0 && (cpu.cr4 & ${Cr4.OSFXSR}) !== 0; ` +
  `SO = SG && (cpu.mxcsr & ${ARITH_MASK}) === ${Mxcsr.PE | PM};`;
/** True when generated code uses the SSE state locals. */
export function usesSseState(code: string): boolean {
  return /\bS[GO]\b/.test(code);
}
const GATE = "SG";
const ARITH_OK = "SO";
/** A normal double or zero (not NaN, ∞ or denormal). */
const plain = (x: string) => `((t = Math.abs(${x})) === 0 || (t >= 2.2250738585072014e-308 && t <= 1.7976931348623157e308))`;
/**
 * A product or quotient raised no underflow: zero only from a zero operand (exact), else at least
 * 2^−1021, so that not even the exact value before rounding can be tiny (2^−1022).
 */
const noUnderflow = (r: string, a: string, b: string) =>
  `(${r} === 0 ? ${a} === 0 || ${b} === 0 : (t = Math.abs(${r})) >= 4.450147717014403e-308 && t <= 1.7976931348623157e308)`;


/**
 * The slow path: the interpreter does the whole instruction (the function leaves before it). Slow
 * paths are rare once a program's first inexact operation has set PE, and a hand-over is a few
 * assignments where a handler call kept every live value for its exception edge: the functions
 * compile faster (nbody_sse2's FTL compile 306 → 271 ms).
 */
function slow(ctx: EmitContext): string {
  return ctx.handOver;
}

/**
 * Statements reading the m64 or low-lane double source into const `name` (in a block the caller
 * opens): NaN when the memory form is unusable inline, which no fast path accepts.
 */
function sourceDouble(i: Insn, name: string): string {
  return i.mod === 3 ? `const ${name} = XV[${i.rm * 2}];` : loadDouble(i, name);
}

/**
 * Moves one qword between XMM lane `lane` (0 low, 1 high) of register `x` and the m64 operand
 * (`load`: memory to register), inline when the operand is usable; a load to the low lane may zero
 * the high one (`zeroHigh`).
 */
function qwordMove(i: Insn, x: number, lane: number, load: boolean, zeroHigh = false): Plan {
  const at = x * 4 + lane * 2;
  const move = load
    ? `XX[${at}] = i32[p]; XX[${at + 1}] = i32[p + 1];${zeroHigh ? ` XX[${x * 4 + 2}] = 0; XX[${x * 4 + 3}] = 0;` : ""}`
    : `i32[p] = XX[${at}]; i32[p + 1] = XX[${at + 1}];`;
  return memoryMove(i, load, `!${M64_UNUSABLE}`, move);
}

/**
 * A move between XMM lanes and memory: `move` (dword index p into i32) runs inline when the TLB
 * grants the access and `usable` holds for the address `a`, else the interpreter does it.
 */
function memoryMove(i: Insn, load: boolean, usable: string, move: string): Plan {
  return plan(!load, (ctx) => `a = ${eaExpr(i)}; e = tlb[a >>> 12]; if (${GATE} && (e & ${load ? "RD" : "WR"}) !== 0 && ${usable}) ` +
    `{ p = ((e & ~0xfff) ^ a) >>> 2; ${move} } else ${slow(ctx)}`);
}

/**
 * Moves all of XMM register `x` from or to the m128 operand as four dwords, inline when the operand
 * is 16-aligned (`aligned`: else the interpreter raises #GP) or, unaligned forms, 4-aligned within
 * one page.
 */
function owordMove(i: Insn, x: number, load: boolean, aligned: boolean): Plan {
  const move = Array.from({ length: 4 }, (_, k) =>
    load ? `XX[${x * 4 + k}] = i32[p + ${k}];` : `i32[p + ${k}] = XX[${x * 4 + k}];`).join(" ");
  return memoryMove(i, load, aligned ? "(a & 15) === 0" : "(a & 3) === 0 && (a & 0xfff) <= 0xff0", move);
}

/** The result check of one double lane: `r` = `a` op `b` raised nothing MXCSR does not hold. */
function resultOk(op: number, r: string, a: string, b: string): string {
  return `${plain(a)} && ${plain(b)} && ${op === 0x159 || op === 0x15e ? noUnderflow(r, a, b) : plain(r)}`;
}

function plan(stores: boolean, emit: (ctx: EmitContext) => string, flags = false): Plan {
  return { reads: flags, writes: false, touchesFlags: flags, faults: true, stores, ends: false, emit };
}

/** ADDSD, MULSD, SUBSD, DIVSD by opcode. */
const ARITH: Record<number, string> = { 0x158: "+", 0x159: "*", 0x15c: "-", 0x15e: "/" };

/** Plans the compiled SSE2 subset; undefined for everything else (the handler runs). */
export function planSse(i: Insn): Plan | undefined {
  if (!LITTLE_ENDIAN || i.op < 0x100 || i.lock) return undefined;
  const op = i.op, d = i.reg, s = i.rm, reg = i.mod === 3, mem = !reg;
  const lanes = (dst: number, src: number, n: number, f: (a: string, b: string) => string) =>
    Array.from({ length: n }, (_, k) => `XX[${dst * 4 + k}] = ${f(`XX[${dst * 4 + k}]`, `XX[${src * 4 + k}]`)};`).join(" ");
  switch (i.pfx) {
    case Pfx.F2:
      if (ARITH[op] !== undefined) {
        return plan(false, (ctx) => `{ ${sourceDouble(i, "xb")} const xa = XV[${d * 2}], xr = xa ${ARITH[op]} xb; ` +
          `if (${ARITH_OK} && ${resultOk(op, "xr", "xa", "xb")}) XV[${d * 2}] = xr; else ${slow(ctx)} }`);
      }
      if (op === 0x151) { // SQRTSD
        return plan(false, (ctx) => `{ ${sourceDouble(i, "xb")} ` +
          `if (${ARITH_OK} && ${plain("xb")} && xb >= 0) XV[${d * 2}] = Math.sqrt(xb); else ${slow(ctx)} }`);
      }
      if (op === 0x110) { // MOVSD xmm, xmm/m64: the register form keeps the high lane, the load zeroes it
        if (reg) return plan(false, (ctx) => `if (${GATE}) { ${lanes(d, s, 2, (_, b) => b)} } else ${slow(ctx)}`);
        return qwordMove(i, d, 0, true, true);
      }
      if (op === 0x111) { // MOVSD xmm/m64, xmm
        if (reg) return plan(false, (ctx) => `if (${GATE}) { ${lanes(s, d, 2, (_, b) => b)} } else ${slow(ctx)}`);
        return qwordMove(i, d, 0, false);
      }
      if (op === 0x12a) { // CVTSI2SD xmm, r/m32: exact
        const src = reg ? `g${s}` : "v";
        const load = mem ? `a = ${eaExpr(i)}; ${loadStmt(31, "v")} ` : "";
        return plan(false, (ctx) => `${load}if (${GATE}) XV[${d * 2}] = ${src}; else ${slow(ctx)}`);
      }
      if (op === 0x12c) { // CVTTSD2SI r32, xmm/m64: in range, truncation; PE must be set already (SO)
        return plan(false, (ctx) => `{ ${sourceDouble(i, "xb")} if (${ARITH_OK} && ` +
          `Math.abs(xb) < 2147483648) g${d} = xb | 0; else ${slow(ctx)} }`);
      }
      return undefined;
    case Pfx.F3:
      if (op !== 0x17e) return undefined; // MOVQ xmm, xmm/m64: the high lane becomes 0
      if (mem) return qwordMove(i, d, 0, true, true);
      return plan(false, (ctx) => `if (${GATE}) { ${lanes(d, s, 2, (_, b) => b)} XX[${d * 4 + 2}] = 0; XX[${d * 4 + 3}] = 0; } else ${slow(ctx)}`);
    case Pfx.P66:
      if (mem && (op === 0x112 || op === 0x113 || op === 0x116 || op === 0x117)) {
        return qwordMove(i, d, op >= 0x116 ? 1 : 0, (op & 1) === 0); // MOVLPD, MOVHPD (m64 forms only)
      }
      if (op === 0x1d6) { // MOVQ xmm/m64, xmm: a register destination's high lane becomes 0
        if (mem) return qwordMove(i, d, 0, false);
        return plan(false, (ctx) => `if (${GATE}) { ${lanes(s, d, 2, (_, b) => b)} XX[${s * 4 + 2}] = 0; XX[${s * 4 + 3}] = 0; } else ${slow(ctx)}`);
      }
      if (ARITH[op] !== undefined) { // ADDPD, MULPD, SUBPD, DIVPD xmm, xmm/m128: both lanes or neither
        // An m128 operand must be 16-aligned (else #GP: the interpreter raises it), so it never
        // crosses a page; NaN stands for "not readable here", which the lane checks reject.
        const source = reg ? `const xb = XV[${s * 2}], yb = XV[${s * 2 + 1}];`
          : `a = ${eaExpr(i)}; e = tlb[a >>> 12]; p = (e & RD) !== 0 && (a & 15) === 0 ? ((e & ~0xfff) ^ a) >>> 3 : -1; ` +
            "const xb = p < 0 ? NaN : f64[p], yb = p < 0 ? NaN : f64[p + 1];";
        return plan(false, (ctx) => `{ ${source} const xa = XV[${d * 2}], xr = xa ${ARITH[op]} xb, ` +
          `ya = XV[${d * 2 + 1}], yr = ya ${ARITH[op]} yb; ` +
          `if (${ARITH_OK} && ${resultOk(op, "xr", "xa", "xb")} && ${resultOk(op, "yr", "ya", "yb")}) ` +
          `{ XV[${d * 2}] = xr; XV[${d * 2 + 1}] = yr; } else ${slow(ctx)} }`);
      }
      if ((op === 0x114 || op === 0x115) && reg) { // UNPCKLPD, UNPCKHPD xmm, xmm
        const lane = op === 0x115 ? 2 : 0;
        return plan(false, (ctx) => `if (${GATE}) { const a0 = XX[${d * 4 + lane}], a1 = XX[${d * 4 + lane + 1}], ` +
          `b0 = XX[${s * 4 + lane}], b1 = XX[${s * 4 + lane + 1}]; XX[${d * 4}] = a0; XX[${d * 4 + 1}] = a1; ` +
          `XX[${d * 4 + 2}] = b0; XX[${d * 4 + 3}] = b1; } else ${slow(ctx)}`);
      }
      if (op === 0x12e || op === 0x12f) { // UCOMISD, COMISD: ordered operands raise nothing
        return plan(false, (ctx) => `{ ${sourceDouble(i, "xb")} const xa = XV[${d * 2}]; ` +
          `if (${GATE} && ${plain("xa")} && ${plain("xb")}) { ${setOrdered("xa < xb", "xa === xb")}} else ${slow(ctx)} }`, true);
      }
      break;
    case Pfx.None:
      break;
    default:
      return undefined;
  }
  if (i.pfx !== Pfx.None && i.pfx !== Pfx.P66) return undefined;
  if (mem) {
    // MOVAPS/MOVAPD (16-aligned, else #GP) and MOVUPS/MOVUPD m128, loads and stores.
    if (op === 0x128 || op === 0x129) return owordMove(i, d, op === 0x128, true);
    if (op === 0x110 || op === 0x111) return owordMove(i, d, op === 0x110, false);
    return undefined;
  }
  // Register-to-register moves and bitwise logic: no MXCSR effect, only the gate.
  const logic = (f: (a: string, b: string) => string) =>
    plan(false, (ctx) => `if (${GATE}) { ${lanes(d, s, 4, f)} } else ${slow(ctx)}`);
  switch (op) {
    case 0x128: return logic((_, b) => b); // MOVAPS/MOVAPD xmm, xmm
    case 0x129: return plan(false, (ctx) => `if (${GATE}) { ${lanes(s, d, 4, (_, b) => b)} } else ${slow(ctx)}`);
    case 0x157: return logic((a, b) => d === s ? "0" : `${a} ^ ${b}`); // XORPS/XORPD
    case 0x154: return logic((a, b) => `${a} & ${b}`); // ANDPS/ANDPD
    case 0x1ef: return i.pfx === Pfx.P66 ? logic((a, b) => d === s ? "0" : `${a} ^ ${b}`) : undefined; // PXOR xmm
    default: return undefined;
  }
}
