// JIT code generators for x87 escape instructions (D8–DF): compiled code calls the x87 entry points
// of core/cpu/x87/jit_ops.ts (`cpu.fpu.jit`) with the instruction's EIP, FOP and — for memory forms
// — the linear address computed from the register locals, instead of the interpreter handler call
// (which stores and reloads every guest register and stops block chaining after memory forms).
// Memory forms do the #NM/#MF gate and the pointer update inline in the handler's order, then mark
// `S` when the access is not a plain RAM hit (a slow path, MMIO or a code-page store may follow).
// Not compiled: forms that read or write general registers (FNSTSW AX) and the control loads/stores
// (FLDCW, FLDENV, FNSAVE…, FBLD/FBSTP), which keep the handler call. Platform-neutral.
import type { Insn } from "../insn.ts";
import { Cr0 } from "../control_regs.ts";
import { Seg } from "../registers.ts";
import type { EmitContext, Plan } from "./plan.ts";
import { eaExpr, eaOffsetExpr } from "./emit_memory.ts";

/** Status word ES bit (SDM vol. 1 Fig. 8-4) and the CR0 bits of the #NM check. */
const ES = 0x0080;
const GATE_CR0 = Cr0.EM | Cr0.TS;

/** Store formats, as StoreFormat in core/cpu/x87/load_store_ops.ts. */
const Fmt = { F32: 0, F64: 1, F80: 2, I16: 3, I32: 4, I64: 5 } as const;

/** Load kinds of X87_JIT.load: m32fp, m64fp, m32int, m16int, m80fp, m64int. */
const Kind = { F32: 0, F64: 1, I32: 2, I16: 3, F80: 4, I64: 5 } as const;

/** Arithmetic-group operand kind per escape byte D8/DA/DC/DE (X87_JIT.arithMem's LOADERS index). */
const ARITH_KIND: Record<number, number> = { 0: Kind.F32, 2: Kind.I32, 4: Kind.F64, 6: Kind.I16 };

const eipOf = (ctx: EmitContext): string => `((${ctx.nextEip}) - ${ctx.i.len}) | 0`;

/** A register-form plan calling `call(eip)`; `flags`: 0 none, 1 reads EFLAGS, 2 reads and sets them. */
function regPlan(call: (eip: string) => string, flags = 0): Plan {
  return {
    reads: flags !== 0, writes: false, touchesFlags: flags === 2, faults: true, stores: false, ends: false,
    // Naming `lf` makes the compiler write a deferred flag record back first (deferred_flags.ts).
    emit: (ctx) => `${flags !== 0 ? "lf.materialise(); " : ""}cpu.fpu.jit.${call(eipOf(ctx))};`,
  };
}

/** A memory-form plan: gate, pointers and address inline, then `call` with the address in `a`. */
function memPlan(i: Insn, call: string, store: boolean): Plan {
  const perm = store ? "WR" : "RD";
  return {
    reads: false, writes: false, faults: true, stores: store, ends: false,
    emit(ctx) {
      const fop = ((i.op & 7) << 8) | (i.mod << 6) | (i.reg << 3) | i.rm;
      return `{ const f = cpu.fpu; if ((cpu.cr0 & ${GATE_CR0}) !== 0 || (f.sw & ${ES}) !== 0) f.jit.gate(cpu); ` +
        `a = ${eaExpr(i)}; f.fip = ${eipOf(ctx)}; f.fcs = cpu.sreg[${Seg.CS}]; f.fop = ${fop}; ` +
        `f.fdp = ${eaOffsetExpr(i)}; f.fds = cpu.sreg[${i.seg}]; ` +
        `e = tlb[a >>> 12]; if ((e & ${perm}) === 0 || (a & 0xfff) > 0xff6) S = 1; f.jit.${call}; }`;
    },
  };
}

/** Register forms (ModRM ≥ 0xC0). */
function planRegister(esc: number, m: number): Plan | undefined {
  const reg = m >> 3, st = m & 7, fop = (esc << 8) | 0xc0 | m;
  const arith = reg !== 2 && reg !== 3;
  const generic = () => regPlan((eip) => `reg(cpu, ${eip}, ${fop})`);
  switch (esc) {
    case 0:
      return arith ? regPlan((eip) => `arithReg(cpu, ${eip}, ${fop}, ${reg}, 0, ${st}, 0)`) : generic();
    case 4: case 6:
      return arith ? regPlan((eip) => `arithReg(cpu, ${eip}, ${fop}, ${reg}, ${st}, ${st}, ${esc === 6 ? 1 : 0})`) : generic();
    case 1:
      if (reg === 0) return regPlan((eip) => `fldSt(cpu, ${eip}, ${fop}, ${st})`);
      if (reg === 1) return regPlan((eip) => `fxch(cpu, ${eip}, ${fop}, ${st})`);
      if (reg === 3) return regPlan((eip) => `fstSt(cpu, ${eip}, ${fop}, ${st}, 1)`);
      return generic();
    case 5:
      if (reg === 1) return regPlan((eip) => `fxch(cpu, ${eip}, ${fop}, ${st})`);
      if (reg === 2 || reg === 3) return regPlan((eip) => `fstSt(cpu, ${eip}, ${fop}, ${st}, ${reg - 2})`);
      return generic();
    case 7:
      if (reg === 1) return regPlan((eip) => `fxch(cpu, ${eip}, ${fop}, ${st})`);
      if (reg === 2 || reg === 3) return regPlan((eip) => `fstSt(cpu, ${eip}, ${fop}, ${st}, 1)`);
      if (reg === 4) return m === 0x20 ? undefined : generic(); // FNSTSW AX writes EAX
      if (reg === 5 || reg === 6) return regPlan((eip) => `comi(cpu, ${eip}, ${fop}, ${st}, 1)`, 2); // FUCOMIP/FCOMIP
      return generic();
    case 2:
      return reg < 4 ? regPlan((eip) => `reg(cpu, ${eip}, ${fop})`, 1) : generic(); // FCMOVcc reads EFLAGS
    default: // 3
      if (reg < 4) return regPlan((eip) => `reg(cpu, ${eip}, ${fop})`, 1);
      if (reg === 5 || reg === 6) return regPlan((eip) => `comi(cpu, ${eip}, ${fop}, ${st}, 0)`, 2); // FUCOMI/FCOMI
      return generic();
  }
}

/** Memory forms: the loads, stores and arithmetic/compare groups (not the control forms). */
function planMemory(i: Insn, esc: number): Plan | undefined {
  const reg = i.reg;
  const kind = ARITH_KIND[esc];
  if (kind !== undefined) {
    if (reg === 2 || reg === 3) return memPlan(i, `compareMem(cpu, a, ${kind}, ${reg - 2})`, false);
    return memPlan(i, `arithMem(cpu, a, ${reg}, ${kind})`, false);
  }
  const load = (k: number) => memPlan(i, `load(cpu, a, ${k})`, false);
  const store = (fmt: number, pop: number) => memPlan(i, `store(cpu, a, ${fmt}, ${pop})`, true);
  switch ((esc << 3) | reg) {
    case 0o10: return load(Kind.F32);
    case 0o12: return store(Fmt.F32, 0);
    case 0o13: return store(Fmt.F32, 1);
    case 0o30: return load(Kind.I32);
    case 0o32: return store(Fmt.I32, 0);
    case 0o33: return store(Fmt.I32, 1);
    case 0o35: return load(Kind.F80);
    case 0o37: return store(Fmt.F80, 1);
    case 0o50: return load(Kind.F64);
    case 0o52: return store(Fmt.F64, 0);
    case 0o53: return store(Fmt.F64, 1);
    case 0o70: return load(Kind.I16);
    case 0o72: return store(Fmt.I16, 0);
    case 0o73: return store(Fmt.I16, 1);
    case 0o75: return load(Kind.I64);
    case 0o77: return store(Fmt.I64, 1);
    default: return undefined;
  }
}

/** The inline plan for an x87 escape instruction, or undefined when its handler must run. */
export function planX87(i: Insn): Plan | undefined {
  if (i.op < 0xd8 || i.op > 0xdf) return undefined;
  const esc = i.op - 0xd8;
  return i.mod === 3 ? planRegister(esc, (i.reg << 3) | i.rm) : planMemory(i, esc);
}
