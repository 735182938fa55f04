// The x87 snippets the differential tests run: every escape form with a memory operand at (%esi),
// register forms with a few ST(i), aliases, and short sequences (unmasked exception → #MF).
import type { InsnSpec } from "./_insn_oracle.ts";

const ARITH = ["fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"];
const mem = (esc: number, reg: number, extra: number[] = []) => [esc, (reg << 3) | 6, ...extra];
const reg = (esc: number, hi: number, st: number) => [esc, 0xc0 | (hi << 3) | st];

/** Memory-operand arithmetic: D8 m32fp, DC m64fp, DA m32int, DE m16int. */
export const ARITH_MEMORY: InsnSpec[] = [
  [0xd8, "m32fp", "f32"], [0xdc, "m64fp", "f64"], [0xda, "m32int", "i32"], [0xde, "m16int", "i16"],
].flatMap(([esc, size, fmt]) =>
  ARITH.map((n, r) => ({ name: `${n} ${size}`, bytes: mem(esc as number, r), mem: fmt as string }))
);

/** Register arithmetic: D8 (ST0 op STi), DC (STi op ST0), DE (…P), FCOMPP, aliases. */
export const ARITH_REGISTER: InsnSpec[] = [
  ...[1, 2, 0].flatMap((st) => ARITH.map((n, r) => ({ name: `d8 ${n} st(${st})`, bytes: reg(0xd8, r, st), mem: "none" }))),
  ...[1, 3].flatMap((st) => ARITH.map((n, r) => ({ name: `dc /${r} st(${st})`, bytes: reg(0xdc, r, st), mem: "none" }))),
  ...[1, 2].flatMap((st) => [0, 1, 2, 4, 5, 6, 7].map((r) => ({ name: `de /${r} st(${st})`, bytes: reg(0xde, r, st), mem: "none" }))),
  { name: "fcompp", bytes: [0xde, 0xd9], mem: "none" },
];

/** Loads, stores, conversions, constants, exchange. */
export const LOAD_STORE: InsnSpec[] = [
  { name: "fld m32fp", bytes: mem(0xd9, 0), mem: "f32" },
  { name: "fst m32fp", bytes: mem(0xd9, 2), mem: "none" },
  { name: "fstp m32fp", bytes: mem(0xd9, 3), mem: "none" },
  { name: "fild m32int", bytes: mem(0xdb, 0), mem: "i32" },
  { name: "fist m32int", bytes: mem(0xdb, 2), mem: "none", stack: "int" },
  { name: "fistp m32int", bytes: mem(0xdb, 3), mem: "none", stack: "int" },
  { name: "fld m80fp", bytes: mem(0xdb, 5), mem: "f80" },
  { name: "fstp m80fp", bytes: mem(0xdb, 7), mem: "none" },
  { name: "fld m64fp", bytes: mem(0xdd, 0), mem: "f64" },
  { name: "fld m64fp [esi+8]", bytes: [0xdd, 0x46, 0x08], mem: "f64" },
  { name: "fst m64fp", bytes: mem(0xdd, 2), mem: "none" },
  { name: "fstp m64fp", bytes: mem(0xdd, 3), mem: "none" },
  { name: "fild m16int", bytes: mem(0xdf, 0), mem: "i16" },
  { name: "fist m16int", bytes: mem(0xdf, 2), mem: "none", stack: "int" },
  { name: "fistp m16int", bytes: mem(0xdf, 3), mem: "none", stack: "int" },
  { name: "fbld", bytes: mem(0xdf, 4), mem: "bcd" },
  { name: "fild m64int", bytes: mem(0xdf, 5), mem: "i64" },
  { name: "fbstp", bytes: mem(0xdf, 6), mem: "none", stack: "int" },
  { name: "fistp m64int", bytes: mem(0xdf, 7), mem: "none", stack: "int" },
  ...[0, 1, 7].map((st) => ({ name: `fld st(${st})`, bytes: reg(0xd9, 0, st), mem: "none" })),
  ...[1, 3].map((st) => ({ name: `fxch st(${st})`, bytes: reg(0xd9, 1, st), mem: "none" })),
  // AMD hosts run D9 D8+i as FSTPNCE (no underflow check); nk follows the P6 (an FSTP alias), so
  // only the non-empty case is compared.
  { name: "fstp1 st(2)", bytes: reg(0xd9, 3, 2), mem: "none", stack: "full" },
  ...["fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz"].map((n, k) => ({ name: n, bytes: [0xd9, 0xe8 + k], mem: "none" })),
  { name: "fxch4 st(2)", bytes: reg(0xdd, 1, 2), mem: "none" },
  { name: "fst st(2)", bytes: reg(0xdd, 2, 2), mem: "none" },
  { name: "fstp st(0)", bytes: reg(0xdd, 3, 0), mem: "none" },
  { name: "fstp st(3)", bytes: reg(0xdd, 3, 3), mem: "none" },
  { name: "fxch7 st(1)", bytes: reg(0xdf, 1, 1), mem: "none" },
  { name: "fstp8 st(1)", bytes: reg(0xdf, 2, 1), mem: "none" },
  { name: "fstp9 st(2)", bytes: reg(0xdf, 3, 2), mem: "none" },
];

/** Compares, tests, conditional moves. */
export const COMPARE: InsnSpec[] = [
  { name: "ftst", bytes: [0xd9, 0xe4], mem: "none" },
  { name: "fxam", bytes: [0xd9, 0xe5], mem: "none" },
  { name: "fucompp", bytes: [0xda, 0xe9], mem: "none" },
  ...[1, 2].flatMap((st) => [
    { name: `fucom st(${st})`, bytes: reg(0xdd, 4, st), mem: "none" },
    { name: `fucomp st(${st})`, bytes: reg(0xdd, 5, st), mem: "none" },
    { name: `fucomi st(${st})`, bytes: reg(0xdb, 5, st), mem: "none" },
    { name: `fcomi st(${st})`, bytes: reg(0xdb, 6, st), mem: "none" },
    { name: `fucomip st(${st})`, bytes: reg(0xdf, 5, st), mem: "none" },
    { name: `fcomip st(${st})`, bytes: reg(0xdf, 6, st), mem: "none" },
    { name: `fcom2 st(${st})`, bytes: reg(0xdc, 2, st), mem: "none" },
    { name: `fcomp3 st(${st})`, bytes: reg(0xdc, 3, st), mem: "none" },
    { name: `fcomp5 st(${st})`, bytes: reg(0xde, 2, st), mem: "none" },
  ]),
  ...["fcmovb", "fcmove", "fcmovbe", "fcmovu"].flatMap((n, k) => [
    { name: `${n} st(1)`, bytes: reg(0xda, k, 1), mem: "none" },
    { name: `${n.replace("fcmov", "fcmovn")} st(2)`, bytes: reg(0xdb, k, 2), mem: "none" },
  ]),
];

/** One-operand arithmetic and the D9 Ex/Fx group (without transcendentals). */
export const UNARY: InsnSpec[] = [
  ["fchs", 0xe0], ["fabs", 0xe1], ["fxtract", 0xf4], ["fprem1", 0xf5], ["fdecstp", 0xf6], ["fincstp", 0xf7],
  ["fprem", 0xf8], ["fsqrt", 0xfa], ["frndint", 0xfc], ["fscale", 0xfd], ["fnop", 0xd0],
].map(([n, b]): InsnSpec => ({ name: n as string, bytes: [0xd9, b as number], mem: "none" }))
  .concat([
    { name: "frndint (int)", bytes: [0xd9, 0xfc], mem: "none", stack: "int" },
    { name: "fprem (int)", bytes: [0xd9, 0xf8], mem: "none", stack: "int" },
    { name: "fprem1 (int)", bytes: [0xd9, 0xf5], mem: "none", stack: "int" },
  ]);

/** Transcendentals on moderate arguments. */
export const TRANSCENDENTAL: InsnSpec[] = [
  ["f2xm1", 0xf0], ["fyl2x", 0xf1], ["fptan", 0xf2], ["fpatan", 0xf3], ["fyl2xp1", 0xf9], ["fsincos", 0xfb],
  ["fsin", 0xfe], ["fcos", 0xff],
].map(([n, b]) => ({
  name: n as string, bytes: [0xd9, b as number], mem: "none", approx: true,
  // FYL2XP1 is undefined for |x| ≥ 1 − √2/2 and vendors differ there: stay inside.
  stack: n === "fyl2xp1" ? "small" : "trans",
}));

/** Control instructions, environment images, and sequences ending in a waiting instruction. */
export const CONTROL: InsnSpec[] = [
  { name: "fldcw", bytes: mem(0xd9, 5), mem: "cw" },
  { name: "fnstcw", bytes: mem(0xd9, 7), mem: "none" },
  { name: "fnstsw m16", bytes: mem(0xdd, 7), mem: "none" },
  { name: "fnstsw ax", bytes: [0xdf, 0xe0], mem: "none" },
  { name: "fnstenv", bytes: mem(0xd9, 6), mem: "none", envOut: true },
  { name: "fldenv", bytes: mem(0xd9, 4), mem: "env" },
  { name: "fnsave", bytes: mem(0xdd, 6), mem: "none", envOut: true },
  { name: "frstor", bytes: mem(0xdd, 4), mem: "save" },
  { name: "fnstenv o16", bytes: [0x66, ...mem(0xd9, 6)], mem: "none" },
  { name: "fnsave o16", bytes: [0x66, ...mem(0xdd, 6)], mem: "none" },
  { name: "fninit", bytes: [0xdb, 0xe3], mem: "none" },
  { name: "fnclex", bytes: [0xdb, 0xe2], mem: "none" },
  { name: "ffree st(1)", bytes: reg(0xdd, 0, 1), mem: "none" },
  { name: "ffreep st(2)", bytes: reg(0xdf, 0, 2), mem: "none" },
  { name: "fadd m64; fnop", bytes: [...mem(0xdc, 0), 0xd9, 0xd0], mem: "f64" },
  { name: "fdiv st(1); fld st(0)", bytes: [...reg(0xd8, 6, 1), 0xd9, 0xc0], mem: "none" },
  { name: "fld m32; fstp m64 [esi+8]; fnstsw ax", bytes: [...mem(0xd9, 0), 0xdd, 0x5e, 0x08, 0xdf, 0xe0], mem: "f32" },
  { name: "fldcw; fadd st(1); fnop", bytes: [...mem(0xd9, 5), ...reg(0xd8, 0, 1), 0xd9, 0xd0], mem: "cw" },
];
