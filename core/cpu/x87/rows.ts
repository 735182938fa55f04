// x87 escape opcodes D8–DF as data: per escape byte an 8-entry memory-form table (ModRM.reg) and a
// 64-entry register-form table (ModRM & 0x3F), transcribed from SDM vol. 2 Tables A-7…A-22 including
// the P6's undocumented aliases (FCOM2, FCOMP3/5, FXCH4/7, FSTP1/8/9, FFREEP). Platform-neutral.
import type { OpRow } from "../opcodes/row.ts";
import { row } from "../opcodes/row.ts";
import type { Handler } from "../insn.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { FpuConstant } from "./misc_ops.ts";
import * as AR from "./arith_ops.ts";
import * as CMP from "./compare_ops.ts";
import * as LS from "./load_store_ops.ts";
import * as CTL from "./control_ops.ts";
import { fwait } from "./exec.ts";

/** One x87 encoding: mnemonic (Intel syntax) and handler. */
export interface X87Form {
  name: string;
  h: Handler;
}

const ud: Handler = () => raise(Vector.InvalidOpcode);
const UD: X87Form = { name: "(bad)", h: ud };
const form = (name: string, h: Handler): X87Form => ({ name, h });

const ARITH_NAMES = ["fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"];
const F = LS.StoreFormat;

/** Arithmetic-group memory forms (D8, DC, DA, DE): reg 2/3 compare, the rest compute into ST(0). */
function arithMemory(load: AR.Loader, size: string, int: boolean): X87Form[] {
  return ARITH_NAMES.map((n, reg) => {
    const name = `${int ? n.replace("f", "fi") : n} ${size}`;
    const fn = AR.BINARY[reg];
    return form(name, fn ? AR.binaryMemory(load, fn) : CMP.compareMemory(load, reg - 2));
  });
}

/** MEMORY_FORMS[(esc − 0xD8) · 8 + reg]. */
export const MEMORY_FORMS: readonly X87Form[] = [
  ...arithMemory(AR.loadF32, "m32fp", false),
  // D9
  form("fld m32fp", LS.loadMemory(AR.loadF32)), UD, form("fst m32fp", LS.storeMemory(F.F32, false)),
  form("fstp m32fp", LS.storeMemory(F.F32, true)), form("fldenv m14/28", CTL.fldenv),
  form("fldcw m2", CTL.fldcw), form("fnstenv m14/28", CTL.fnstenv), form("fnstcw m2", CTL.fnstcw),
  ...arithMemory(AR.loadI32, "m32int", true),
  // DB: /1 is FISTTP (SSE3, not advertised: #UD)
  form("fild m32int", LS.loadMemory(AR.loadI32)), UD, form("fist m32int", LS.storeMemory(F.I32, false)),
  form("fistp m32int", LS.storeMemory(F.I32, true)), UD, form("fld m80fp", LS.loadMemory(LS.loadF80)), UD,
  form("fstp m80fp", LS.storeMemory(F.F80, true)),
  ...arithMemory(AR.loadF64, "m64fp", false),
  // DD
  form("fld m64fp", LS.loadMemory(AR.loadF64)), UD, form("fst m64fp", LS.storeMemory(F.F64, false)),
  form("fstp m64fp", LS.storeMemory(F.F64, true)), form("frstor m94/108", CTL.frstor), UD,
  form("fnsave m94/108", CTL.fnsave), form("fnstsw m2", CTL.fnstswMemory),
  ...arithMemory(AR.loadI16, "m16int", true),
  // DF
  form("fild m16int", LS.loadMemory(AR.loadI16)), UD, form("fist m16int", LS.storeMemory(F.I16, false)),
  form("fistp m16int", LS.storeMemory(F.I16, true)), form("fbld m80bcd", LS.loadMemory(LS.loadBcd)),
  form("fild m64int", LS.loadMemory(LS.loadI64)), form("fbstp m80bcd", LS.storeMemory(F.Bcd, true)),
  form("fistp m64int", LS.storeMemory(F.I64, true)),
];

/** Eight ST(i) forms named `name st(i)` built by `make(i)`. */
function eight(name: string, make: (st: number) => Handler): X87Form[] {
  return Array.from({ length: 8 }, (_, st) => form(`${name} st(${st})`, make(st)));
}
const bad = (n: number): X87Form[] => new Array<X87Form>(n).fill(UD);

const D9_E0_FF: X87Form[] = [
  form("fchs", AR.fchsOp), form("fabs", AR.fabsOp), UD, UD, form("ftst", CMP.ftst), form("fxam", CMP.fxamOp), UD, UD,
  form("fld1", LS.loadConstantOp(FpuConstant.One)), form("fldl2t", LS.loadConstantOp(FpuConstant.Log2Ten)),
  form("fldl2e", LS.loadConstantOp(FpuConstant.Log2E)), form("fldpi", LS.loadConstantOp(FpuConstant.Pi)),
  form("fldlg2", LS.loadConstantOp(FpuConstant.Log10Two)), form("fldln2", LS.loadConstantOp(FpuConstant.LnTwo)),
  form("fldz", LS.loadConstantOp(FpuConstant.Zero)), UD,
  form("f2xm1", AR.f2xm1Op), form("fyl2x", AR.fyl2xOp), form("fptan", AR.fptanOp), form("fpatan", AR.fpatanOp),
  form("fxtract", AR.fxtractOp), form("fprem1", AR.fprem1Op), form("fdecstp", CTL.stepTop(-1)),
  form("fincstp", CTL.stepTop(1)),
  form("fprem", AR.fpremOp), form("fyl2xp1", AR.fyl2xp1Op), form("fsqrt", AR.fsqrtOp), form("fsincos", AR.fsincosOp),
  form("frndint", AR.frndintOp), form("fscale", AR.fscaleOp), form("fsin", AR.fsinOp), form("fcos", AR.fcosOp),
];

const FCMOV = ["fcmovb", "fcmove", "fcmovbe", "fcmovu"];
/** Jcc condition nibbles of FCMOVB/E/BE/U (the NB… forms are these | 1). SDM FCMOVcc table. */
const FCMOV_CC = [2, 4, 6, 10];

/** DC/DE register forms: ST(i) = ST(0) op ST(i) in BINARY's roles (SDM: DC E0+i is FSUBR ST(i),ST(0)). */
function arithToSt(pop: boolean): X87Form[] {
  const names = ["fadd", "fmul", "", "", "fsubr", "fsub", "fdivr", "fdiv"];
  const out: X87Form[] = [];
  for (let reg = 0; reg < 8; reg++) {
    const fn = AR.BINARY[reg];
    if (fn) out.push(...eight(names[reg] + (pop ? "p" : ""), (st) => AR.binaryToSt(fn, st, pop)));
    else if (!pop) out.push(...eight(reg === 2 ? "fcom2" : "fcomp3", (st) => CMP.compareRegister(st, false, 0, reg - 2)));
    else if (reg === 2) out.push(...eight("fcomp5", (st) => CMP.compareRegister(st, false, 0, 1)));
    else out.push(UD, form("fcompp", CMP.compareRegister(1, false, 0, 2)), ...bad(6));
  }
  return out;
}

/** REGISTER_FORMS[(esc − 0xD8) · 64 + (modrm & 0x3F)]. */
export const REGISTER_FORMS: readonly X87Form[] = [
  // D8: ST(0) = ST(0) op ST(i); FCOM/FCOMP ST(i)
  ...ARITH_NAMES.flatMap((n, reg) => {
    const fn = AR.BINARY[reg];
    return eight(n, (st) => (fn ? AR.binaryToTop(fn, st) : CMP.compareRegister(st, false, 0, reg - 2)));
  }),
  // D9
  ...eight("fld", LS.loadRegister), ...eight("fxch", LS.fxch), form("fnop", CTL.fnop), ...bad(7),
  ...eight("fstp1", (st) => LS.storeRegister(st, true)), ...D9_E0_FF,
  // DA
  ...FCMOV.flatMap((n, k) => eight(n, (st) => CMP.fcmov(FCMOV_CC[k], st))),
  ...bad(9), form("fucompp", CMP.compareRegister(1, true, 0, 2)), ...bad(6), ...bad(16),
  // DB
  ...FCMOV.flatMap((n, k) => eight(n.replace("fcmov", "fcmovn"), (st) => CMP.fcmov(FCMOV_CC[k] | 1, st))),
  form("fneni", CTL.legacyNop), form("fndisi", CTL.legacyNop), form("fnclex", CTL.fnclex), form("fninit", CTL.fninit),
  form("fnsetpm", CTL.legacyNop), ...bad(3),
  ...eight("fucomi", (st) => CMP.compareRegister(st, true, CMP.CompareKind.Fcomi, 0)),
  ...eight("fcomi", (st) => CMP.compareRegister(st, false, CMP.CompareKind.Fcomi, 0)), ...bad(8),
  // DC
  ...arithToSt(false),
  // DD
  ...eight("ffree", (st) => CTL.ffree(st, false)), ...eight("fxch4", LS.fxch),
  ...eight("fst", (st) => LS.storeRegister(st, false)), ...eight("fstp", (st) => LS.storeRegister(st, true)),
  ...eight("fucom", (st) => CMP.compareRegister(st, true, 0, 0)), ...eight("fucomp", (st) => CMP.compareRegister(st, true, 0, 1)),
  ...bad(16),
  // DE
  ...arithToSt(true),
  // DF
  ...eight("ffreep", (st) => CTL.ffree(st, true)), ...eight("fxch7", LS.fxch),
  ...eight("fstp8", (st) => LS.storeRegister(st, true)), ...eight("fstp9", (st) => LS.storeRegister(st, true)),
  form("fnstsw ax", CTL.fnstswAx), ...bad(7),
  ...eight("fucomip", (st) => CMP.compareRegister(st, true, CMP.CompareKind.Fcomi, 1)),
  ...eight("fcomip", (st) => CMP.compareRegister(st, false, CMP.CompareKind.Fcomi, 1)), ...bad(8),
];

if (MEMORY_FORMS.length !== 64 || REGISTER_FORMS.length !== 512) {
  throw new Error(`x87 tables: ${MEMORY_FORMS.length} memory / ${REGISTER_FORMS.length} register forms`);
}

/** The x87 form an escape byte and ModRM byte select. */
export function x87Form(esc: number, modrm: number): X87Form {
  const e = esc - 0xd8;
  return modrm >= 0xc0 ? REGISTER_FORMS[e * 64 + (modrm & 0x3f)] : MEMORY_FORMS[e * 8 + ((modrm >> 3) & 7)];
}

/**
 * The row handler of one escape byte: on first execution it looks the form up once and rebinds the
 * decoded instruction to it, storing the 11-bit FOP in `i.imm` (escape opcodes carry no immediate).
 */
function escape(esc: number): Handler {
  return (cpu, i) => {
    const modrm = (i.mod << 6) | (i.reg << 3) | i.rm;
    const h = x87Form(esc, modrm).h;
    i.imm = ((esc & 7) << 8) | modrm;
    i.exec = h;
    h(cpu, i);
  };
}

/** x87 rows merged into the opcode table. */
export const X87_ROWS: OpRow[] = [0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf].map((op) =>
  row(op, `esc${op - 0xd8}`, "Ex", escape(op), { modrm: true })
);

/** WAIT/FWAIT (9B): #NM if CR0.MP and CR0.TS; #MF if an unmasked exception is pending and CR0.NE. */
export const fwaitHandler: Handler = (cpu) => fwait(cpu);
