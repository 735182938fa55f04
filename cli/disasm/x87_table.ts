// x87 escape opcodes D8–DF (Intel SDM vol. 2, Appendix A.5, Tables ): memory forms by
// ModRM.reg, register forms by reg and rm. Mnemonics follow binutils in Intel syntax (which
// prints the SDM names; its AT&T mode swaps fsub/fsubr in DC/DE register forms).

import { byMod, byRm, group, type Entry } from "./entry.ts";

/** Register form where every rm selects st(i) with the same operand pattern. */
const st = (name: string, operands = "STi"): Entry => (name === "" ? "" : `${name} ${operands}`);
const arithmetic = ["fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"] as const;
const integerArithmetic = ["fiadd", "fimul", "ficom", "ficomp", "fisub", "fisubr", "fidiv", "fidivr"] as const;

const D8 = byMod(
  group(...arithmetic.map((name) => `${name} Md`)),
  group(...arithmetic.map((name) => (name.startsWith("fcom") ? st(name) : st(name, "st,STi")))),
);
const D9 = byMod(
  group("fld Md", "", "fst Md", "fstp Md", "fldenv M", "fldcw Mw", "fnstenv M", "fnstcw Mw"),
  group(
    st("fld"), st("fxch"),
    byRm("fnop", "", "", "", "", "", "", ""),
    "",
    byRm("fchs", "fabs", "", "", "ftst", "fxam", "", ""),
    byRm("fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", ""),
    byRm("f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp", "fincstp"),
    byRm("fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin", "fcos"),
  ),
);
const DA = byMod(
  group(...integerArithmetic.map((name) => `${name} Md`)),
  group(st("fcmovb", "st,STi"), st("fcmove", "st,STi"), st("fcmovbe", "st,STi"), st("fcmovu", "st,STi"),
    "", byRm("", "fucompp", "", "", "", "", "", ""), "", ""),
);
const DB = byMod(
  group("fild Md", "fisttp Md", "fist Md", "fistp Md", "", "fld Mt", "", "fstp Mt"),
  group(st("fcmovnb", "st,STi"), st("fcmovne", "st,STi"), st("fcmovnbe", "st,STi"), st("fcmovnu", "st,STi"),
    byRm("", "", "fnclex", "fninit", "", "", "", ""), st("fucomi", "st,STi"), st("fcomi", "st,STi"), ""),
);
// DC and DE register forms: DC E0+i is fsubr st(i),st and DC E8+i fsub st(i),st (SDM Table A-19).
const DC = byMod(
  group(...arithmetic.map((name) => `${name} Mq`)),
  group(st("fadd", "STi,st"), st("fmul", "STi,st"), st("fcom2"), st("fcomp3"),
    st("fsubr", "STi,st"), st("fsub", "STi,st"), st("fdivr", "STi,st"), st("fdiv", "STi,st")),
);
const DD = byMod(
  group("fld Mq", "fisttp Mq", "fst Mq", "fstp Mq", "frstor M", "", "fnsave M", "fnstsw Mw"),
  group(st("ffree"), st("fxch4"), st("fst"), st("fstp"), st("fucom"), st("fucomp"), "", ""),
);
const DE = byMod(
  group(...integerArithmetic.map((name) => `${name} Mw`)),
  group(st("faddp", "STi,st"), st("fmulp", "STi,st"), st("fcomp5"), byRm("", "fcompp", "", "", "", "", "", ""),
    st("fsubrp", "STi,st"), st("fsubp", "STi,st"), st("fdivrp", "STi,st"), st("fdivp", "STi,st")),
);
const DF = byMod(
  group("fild Mw", "fisttp Mw", "fist Mw", "fistp Mw", "fbld Mt", "fild Mq", "fbstp Mt", "fistp Mq"),
  group(st("ffreep"), st("fxch7"), st("fstp8"), st("fstp9"), byRm("fnstsw ax", "", "", "", "", "", "", ""),
    st("fucomip", "st,STi"), st("fcomip", "st,STi"), ""),
);

/** Entries for D8–DF, indexed by opcode − 0xD8. */
export const X87_MAP: readonly Entry[] = [D8, D9, DA, DB, DC, DD, DE, DF];
