// The opcode table: one row per opcode or group member, in SDM Appendix A order, with the SDM
// operand format. Data only — the decoder, the disassembler, the coverage report and the
// differential tests are all generated from these rows. Platform-neutral.
import { member, type OpRow, row } from "./row.ts";
import * as A from "./alu.ts";
import * as M from "./mov.ts";
import * as S from "./stack.ts";
import * as C from "./control.ts";
import * as SH from "./shift.ts";
import * as MD from "./muldiv.ts";
import * as B from "./bitops.ts";
import * as STR from "./string_ops.ts";
import * as IO from "./io.ts";
import * as BCD from "./bcd.ts";
import * as MISC from "./misc.ts";
import * as SYS from "./system.ts";
import { fwaitHandler, X87_ROWS } from "../x87/rows.ts";
import { SIMD_ROWS } from "../sse/rows.ts";

const CC = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];
const rows: OpRow[] = [];
const add = (...r: OpRow[]) => rows.push(...r);

// ---- 00–3F: the eight ALU operations in six forms each, plus segment pushes and BCD ----------
for (let op = 0; op < 8; op++) {
  const base = op * 8, n = A.ALU_NAMES[op], lock = op !== 7;
  add(
    row(base + 0, n, "Eb,Gb", A.Alu.ebGb[op], { lock }),
    row(base + 1, n, "Ev,Gv", A.Alu.evGv32[op], { h16: A.Alu.evGv16[op], lock }),
    row(base + 2, n, "Gb,Eb", A.Alu.gbEb[op]),
    row(base + 3, n, "Gv,Ev", A.Alu.gvEv32[op], { h16: A.Alu.gvEv16[op] }),
    row(base + 4, n, "AL,Ib", A.Alu.alIb[op]),
    row(base + 5, n, "eAX,Iz", A.Alu.eaxId[op], { h16: A.Alu.axIw[op] }),
  );
}
add(
  row(0x06, "push", "ES", S.pushEs), row(0x07, "pop", "ES", S.popEs, { end: true }),
  row(0x0e, "push", "CS", S.pushCs),
  row(0x16, "push", "SS", S.pushSs), row(0x17, "pop", "SS", S.popSs, { end: true }),
  row(0x1e, "push", "DS", S.pushDs), row(0x1f, "pop", "DS", S.popDs, { end: true }),
  row(0x27, "daa", "", BCD.daa), row(0x2f, "das", "", BCD.das),
  row(0x37, "aaa", "", BCD.aaa), row(0x3f, "aas", "", BCD.aas),
);

// ---- 40–6F -------------------------------------------------------------------------------
for (let r = 0; r < 8; r++) {
  add(
    row(0x40 + r, "inc", "Zv", A.incR32, { h16: A.incR16 }),
    row(0x48 + r, "dec", "Zv", A.decR32, { h16: A.decR16 }),
    row(0x50 + r, "push", "Zv", S.pushR32, { h16: S.pushR16 }),
    row(0x58 + r, "pop", "Zv", S.popR32, { h16: S.popR16 }),
  );
}
add(
  row(0x60, "pusha", "", S.pusha), row(0x61, "popa", "", S.popa),
  row(0x62, "bound", "Gv,Ma", C.bound), row(0x63, "arpl", "Ew,Gw", SYS.arpl),
  row(0x68, "push", "Iz", S.pushIz), row(0x69, "imul", "Gv,Ev,Iz", MD.imulGvEvIz),
  row(0x6a, "push", "Ibs", S.pushIbs), row(0x6b, "imul", "Gv,Ev,Ibs", MD.imulGvEvIb),
  row(0x6c, "insb", "", STR.insb), row(0x6d, "ins", "", STR.insv),
  row(0x6e, "outsb", "", STR.outsb), row(0x6f, "outs", "", STR.outsv),
);

// ---- 70–7F: Jcc rel8 ---------------------------------------------------------------------
for (let cc = 0; cc < 16; cc++) add(row(0x70 + cc, "j" + CC[cc], "Jb", C.jccJb, { end: true }));

// ---- 80–8F -------------------------------------------------------------------------------
for (let op = 0; op < 8; op++) {
  const n = A.ALU_NAMES[op], lock = op !== 7;
  add(
    member(0x80, op, n, "Eb,Ib", A.Alu.ebIb[op], { lock }),
    member(0x81, op, n, "Ev,Iz", A.Alu.evIz32[op], { h16: A.Alu.evIz16[op], lock }),
    member(0x82, op, n, "Eb,Ib", A.Alu.ebIb[op], { lock }),
    member(0x83, op, n, "Ev,Ibs", A.Alu.evIz32[op], { h16: A.Alu.evIz16[op], lock }),
  );
}
add(
  row(0x84, "test", "Eb,Gb", A.testEbGb), row(0x85, "test", "Ev,Gv", A.testEdGd, { h16: A.testEwGw }),
  row(0x86, "xchg", "Eb,Gb", M.xchgEbGb, { lock: true }),
  row(0x87, "xchg", "Ev,Gv", M.xchgEdGd, { h16: M.xchgEwGw, lock: true }),
  row(0x88, "mov", "Eb,Gb", M.movEbGb), row(0x89, "mov", "Ev,Gv", M.movEdGd, { h16: M.movEwGw }),
  row(0x8a, "mov", "Gb,Eb", M.movGbEb), row(0x8b, "mov", "Gv,Ev", M.movGdEd, { h16: M.movGwEw }),
  row(0x8c, "mov", "Ew,Sw", M.movEwSw), row(0x8d, "lea", "Gv,M", M.leaGvM),
  row(0x8e, "mov", "Sw,Ew", M.movSwEw, { end: true }),
  member(0x8f, 0, "pop", "Ev", S.popEv),
);

// ---- 90–9F -------------------------------------------------------------------------------
add(row(0x90, "nop", "", MISC.nop));
for (let r = 1; r < 8; r++) add(row(0x90 + r, "xchg", "Zv,eAX", M.xchgEaxR));
add(
  row(0x98, "cwde", "", M.cbwCwde), row(0x99, "cdq", "", M.cwdCdq),
  row(0x9a, "call", "Ap", C.callAp, { end: true }), row(0x9b, "fwait", "", fwaitHandler),
  row(0x9c, "pushf", "", S.pushf), row(0x9d, "popf", "", S.popf, { end: true }),
  row(0x9e, "sahf", "", M.sahf), row(0x9f, "lahf", "", M.lahf),
);

// ---- A0–AF: moffs moves and string instructions -------------------------------------------
add(
  row(0xa0, "mov", "AL,Ob", M.movAlOb), row(0xa1, "mov", "eAX,Ov", M.movEaxOd, { h16: M.movAxOw }),
  row(0xa2, "mov", "Ob,AL", M.movObAl), row(0xa3, "mov", "Ov,eAX", M.movOdEax, { h16: M.movOwAx }),
  row(0xa4, "movsb", "", STR.movsb), row(0xa5, "movs", "", STR.movsv),
  row(0xa6, "cmpsb", "", STR.cmpsb), row(0xa7, "cmps", "", STR.cmpsv),
  row(0xa8, "test", "AL,Ib", A.testAlIb), row(0xa9, "test", "eAX,Iz", A.testEaxId, { h16: A.testAxIw }),
  row(0xaa, "stosb", "", STR.stosb), row(0xab, "stos", "", STR.stosv),
  row(0xac, "lodsb", "", STR.lodsb), row(0xad, "lods", "", STR.lodsv),
  row(0xae, "scasb", "", STR.scasb), row(0xaf, "scas", "", STR.scasv),
);

// ---- B0–BF: MOV reg, imm ------------------------------------------------------------------
for (let r = 0; r < 8; r++) {
  add(row(0xb0 + r, "mov", "Zb,Ib", M.movRbIb), row(0xb8 + r, "mov", "Zv,Iz", M.movRdId, { h16: M.movRwIw }));
}

// ---- C0–CF -------------------------------------------------------------------------------
const SHIFT_NAMES = ["rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"];
for (let op = 0; op < 8; op++) {
  const n = SHIFT_NAMES[op];
  add(
    member(0xc0, op, n, "Eb,Ib", SH.shiftEbIb), member(0xc1, op, n, "Ev,Ib", SH.shiftEdIb, { h16: SH.shiftEwIb }),
    member(0xd0, op, n, "Eb,1", SH.shiftEb1), member(0xd1, op, n, "Ev,1", SH.shiftEd1, { h16: SH.shiftEw1 }),
    member(0xd2, op, n, "Eb,CL", SH.shiftEbCl), member(0xd3, op, n, "Ev,CL", SH.shiftEdCl, { h16: SH.shiftEwCl }),
  );
}
add(
  row(0xc2, "ret", "Iw", C.retNearIw, { end: true }), row(0xc3, "ret", "", C.retNear, { end: true }),
  row(0xc4, "les", "Gv,Mp", M.lesGvMp), row(0xc5, "lds", "Gv,Mp", M.ldsGvMp),
  member(0xc6, 0, "mov", "Eb,Ib", M.movEbIb), member(0xc7, 0, "mov", "Ev,Iz", M.movEdId, { h16: M.movEwIw }),
  row(0xc8, "enter", "Iw,Ib", S.enter), row(0xc9, "leave", "", S.leave),
  row(0xca, "retf", "Iw", C.retFarIw, { end: true }), row(0xcb, "retf", "", C.retFarH, { end: true }),
  row(0xcc, "int3", "", C.int3, { end: true }), row(0xcd, "int", "Ib", C.intIb, { end: true }),
  row(0xce, "into", "", C.into, { end: true }), row(0xcf, "iret", "", C.iretH, { end: true }),
);

// ---- D0–DF: (shifts above), BCD, SALC, XLAT, x87 escapes -----------------------------------
add(
  row(0xd4, "aam", "Ib", BCD.aam), row(0xd5, "aad", "Ib", BCD.aad),
  row(0xd6, "salc", "", MISC.salc), row(0xd7, "xlat", "", M.xlat),
  ...X87_ROWS,
);

// ---- E0–EF: loops, I/O, CALL/JMP ------------------------------------------------------------
add(
  row(0xe0, "loopne", "Jb", C.loopJb, { end: true }), row(0xe1, "loope", "Jb", C.loopJb, { end: true }),
  row(0xe2, "loop", "Jb", C.loopJb, { end: true }), row(0xe3, "jecxz", "Jb", C.loopJb, { end: true }),
  row(0xe4, "in", "AL,Ib", IO.inAlIb, { end: true }), row(0xe5, "in", "eAX,Ib", IO.inEaxIb, { end: true }),
  row(0xe6, "out", "Ib,AL", IO.outIbAl, { end: true }), row(0xe7, "out", "Ib,eAX", IO.outIbEax, { end: true }),
  row(0xe8, "call", "Jz", C.callJz, { end: true }), row(0xe9, "jmp", "Jz", C.jmpJb, { end: true }),
  row(0xea, "jmp", "Ap", C.jmpAp, { end: true }), row(0xeb, "jmp", "Jb", C.jmpJb, { end: true }),
  row(0xec, "in", "AL,DX", IO.inAlDx, { end: true }), row(0xed, "in", "eAX,DX", IO.inEaxDx, { end: true }),
  row(0xee, "out", "DX,AL", IO.outDxAl, { end: true }), row(0xef, "out", "DX,eAX", IO.outDxEax, { end: true }),
);

// ---- F0–FF: flags, HLT, groups 3, 4, 5 --------------------------------------------------------
add(
  row(0xf1, "int1", "", C.int1, { end: true }),
  row(0xf4, "hlt", "", MISC.hlt, { end: true }), row(0xf5, "cmc", "", MISC.cmc),
  row(0xf8, "clc", "", MISC.clc), row(0xf9, "stc", "", MISC.stc),
  row(0xfa, "cli", "", MISC.cli), row(0xfb, "sti", "", MISC.sti, { end: true }),
  row(0xfc, "cld", "", MISC.cld), row(0xfd, "std", "", MISC.std),
  member(0xf6, 0, "test", "Eb,Ib", A.testEbIb), member(0xf6, 1, "test", "Eb,Ib", A.testEbIb),
  member(0xf6, 2, "not", "Eb", A.notEb, { lock: true }), member(0xf6, 3, "neg", "Eb", A.negEb, { lock: true }),
  member(0xf6, 4, "mul", "Eb", MD.mulEb), member(0xf6, 5, "imul", "Eb", MD.imulEb),
  member(0xf6, 6, "div", "Eb", MD.divEb), member(0xf6, 7, "idiv", "Eb", MD.idivEb),
  member(0xf7, 0, "test", "Ev,Iz", A.testEdId, { h16: A.testEwIw }),
  member(0xf7, 1, "test", "Ev,Iz", A.testEdId, { h16: A.testEwIw }),
  member(0xf7, 2, "not", "Ev", A.notEd, { h16: A.notEw, lock: true }),
  member(0xf7, 3, "neg", "Ev", A.negEd, { h16: A.negEw, lock: true }),
  member(0xf7, 4, "mul", "Ev", MD.mulEd, { h16: MD.mulEw }),
  member(0xf7, 5, "imul", "Ev", MD.imulEd, { h16: MD.imulEw }),
  member(0xf7, 6, "div", "Ev", MD.divEd, { h16: MD.divEw }),
  member(0xf7, 7, "idiv", "Ev", MD.idivEd, { h16: MD.idivEw }),
  member(0xfe, 0, "inc", "Eb", A.incEb, { lock: true }), member(0xfe, 1, "dec", "Eb", A.decEb, { lock: true }),
  member(0xff, 0, "inc", "Ev", A.incEd, { h16: A.incEw, lock: true }),
  member(0xff, 1, "dec", "Ev", A.decEd, { h16: A.decEw, lock: true }),
  member(0xff, 2, "call", "Ev", C.callEv, { end: true }), member(0xff, 3, "callf", "Mp", C.callMp, { end: true }),
  member(0xff, 4, "jmp", "Ev", C.jmpEv, { end: true }), member(0xff, 5, "jmpf", "Mp", C.jmpMp, { end: true }),
  member(0xff, 6, "push", "Ev", S.pushEv),
);

// ---- 0F xx: the two-byte map ----------------------------------------------------------------
const T = 0x100;
add(
  member(T | 0x00, 0, "sldt", "Ew", SYS.sldt), member(T | 0x00, 1, "str", "Ew", SYS.str),
  member(T | 0x00, 2, "lldt", "Ew", SYS.lldt), member(T | 0x00, 3, "ltr", "Ew", SYS.ltr),
  member(T | 0x00, 4, "verr", "Ew", SYS.verr), member(T | 0x00, 5, "verw", "Ew", SYS.verw),
  member(T | 0x01, 0, "sgdt", "Ms", SYS.sgdt), member(T | 0x01, 1, "sidt", "Ms", SYS.sidt),
  member(T | 0x01, 2, "lgdt", "Ms", SYS.lgdt, { end: true }), member(T | 0x01, 3, "lidt", "Ms", SYS.lidt, { end: true }),
  member(T | 0x01, 4, "smsw", "Ew", SYS.smsw), member(T | 0x01, 6, "lmsw", "Ew", SYS.lmsw, { end: true }),
  member(T | 0x01, 7, "invlpg", "Mb", SYS.invlpg, { end: true }),
  row(T | 0x02, "lar", "Gv,Ew", SYS.lar), row(T | 0x03, "lsl", "Gv,Ew", SYS.lsl),
  row(T | 0x06, "clts", "", SYS.clts, { end: true }),
  row(T | 0x08, "invd", "", SYS.wbinvd), row(T | 0x09, "wbinvd", "", SYS.wbinvd),
  row(T | 0x0b, "ud2", "", MISC.ud2, { end: true }),
  // 0F 19–0F 1F: reserved-NOP / hint space (ENDBR32 is F3 0F 1E FB; SDM Vol. 2 "NOP").
  ...[0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f].map((b) => row(T | b, "nop", "Ev", MISC.nop)),
  row(T | 0x20, "mov", "Rd,Cd", SYS.movRdCd), row(T | 0x21, "mov", "Rd,Dd", SYS.movRdDd),
  row(T | 0x22, "mov", "Cd,Rd", SYS.movCdRd, { end: true }), row(T | 0x23, "mov", "Dd,Rd", SYS.movDdRd),
  row(T | 0x30, "wrmsr", "", SYS.wrmsr), row(T | 0x31, "rdtsc", "", MISC.rdtsc),
  row(T | 0x32, "rdmsr", "", SYS.rdmsr),
  row(T | 0xa0, "push", "FS", S.pushFs), row(T | 0xa1, "pop", "FS", S.popFs),
  row(T | 0xa2, "cpuid", "", MISC.cpuidH),
  row(T | 0xa3, "bt", "Ev,Gv", B.btEvGv),
  row(T | 0xa4, "shld", "Ev,Gv,Ib", SH.shldEvGvIb), row(T | 0xa5, "shld", "Ev,Gv,CL", SH.shldEvGvCl),
  row(T | 0xa8, "push", "GS", S.pushGs), row(T | 0xa9, "pop", "GS", S.popGs),
  row(T | 0xab, "bts", "Ev,Gv", B.btsEvGv, { lock: true }),
  row(T | 0xac, "shrd", "Ev,Gv,Ib", SH.shrdEvGvIb), row(T | 0xad, "shrd", "Ev,Gv,CL", SH.shrdEvGvCl),
  row(T | 0xaf, "imul", "Gv,Ev", MD.imulGvEv),
  row(T | 0xb0, "cmpxchg", "Eb,Gb", M.cmpxchgEbGb, { lock: true }),
  row(T | 0xb1, "cmpxchg", "Ev,Gv", M.cmpxchgEdGd, { h16: M.cmpxchgEwGw, lock: true }),
  row(T | 0xb2, "lss", "Gv,Mp", M.lssGvMp, { end: true }),
  row(T | 0xb3, "btr", "Ev,Gv", B.btrEvGv, { lock: true }),
  row(T | 0xb4, "lfs", "Gv,Mp", M.lfsGvMp), row(T | 0xb5, "lgs", "Gv,Mp", M.lgsGvMp),
  row(T | 0xb6, "movzx", "Gv,Eb", M.movzxGvEb), row(T | 0xb7, "movzx", "Gv,Ew", M.movzxGvEw),
  row(T | 0xb9, "ud1", "Gv,Ev", MISC.ud2, { end: true }),
  member(T | 0xba, 4, "bt", "Ev,Ib", B.btEvIb), member(T | 0xba, 5, "bts", "Ev,Ib", B.btsEvIb, { lock: true }),
  member(T | 0xba, 6, "btr", "Ev,Ib", B.btrEvIb, { lock: true }), member(T | 0xba, 7, "btc", "Ev,Ib", B.btcEvIb, { lock: true }),
  row(T | 0xbb, "btc", "Ev,Gv", B.btcEvGv, { lock: true }),
  row(T | 0xbc, "bsf", "Gv,Ev", B.bsfGvEv), row(T | 0xbd, "bsr", "Gv,Ev", B.bsrGvEv),
  row(T | 0xbe, "movsx", "Gv,Eb", M.movsxGvEb), row(T | 0xbf, "movsx", "Gv,Ew", M.movsxGvEw),
  row(T | 0xc0, "xadd", "Eb,Gb", M.xaddEbGb, { lock: true }),
  row(T | 0xc1, "xadd", "Ev,Gv", M.xaddEdGd, { h16: M.xaddEwGw, lock: true }),
  member(T | 0xc7, 1, "cmpxchg8b", "Mq", M.cmpxchg8bMq, { lock: true }),
);
for (let cc = 0; cc < 16; cc++) {
  add(
    row(T | (0x40 + cc), "cmov" + CC[cc], "Gv,Ev", M.cmovGvEv),
    row(T | (0x80 + cc), "j" + CC[cc], "Jz", C.jccJb, { end: true }),
    row(T | (0x90 + cc), "set" + CC[cc], "Eb", M.setccEb),
  );
}
for (let r = 0; r < 8; r++) add(row(T | (0xc8 + r), "bswap", "Zd", M.bswapR));
for (let h = 0; h < 8; h++) add(member(T | 0x18, h, h < 4 ? "prefetch" : "nop", "Mb", MISC.nop));
add(...SIMD_ROWS);

/** Every row of the instruction set. */
export const OPCODE_ROWS: readonly OpRow[] = rows;
