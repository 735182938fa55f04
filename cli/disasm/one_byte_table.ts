// The one-byte opcode map (Intel SDM vol. 2, Appendix A, Table A-2) and its ModRM.reg groups
// (Table A-6), as data rows in SDM operand notation. x87 escapes D8–DF live in x87_table.ts.

import { byMod, byRm, group, type Entry } from "./entry.ts";

const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"] as const;
/** Condition-code suffixes in opcode order (SDM Appendix B.1.4.7, Table B-10), objdump spelling. */
export const CONDITIONS = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"] as const;

/** Group 1 (80–83): ALU operations selected by ModRM.reg. */
const group1 = (operands: string): Entry => group(...ALU.map((op) => `${op} ${operands}`));
/** Group 2 (C0 C1 D0–D3): rotates and shifts; /6 is an undocumented alias of shl. */
const group2 = (operands: string): Entry =>
  group(...["rol", "ror", "rcl", "rcr", "shl", "shr", "shl", "sar"].map((op) => `${op} ${operands}`));

const rows: [number, Entry][] = [];
const row = (opcode: number, entry: Entry): void => { rows.push([opcode, entry]); };

// 00–3F: the eight ALU operations in six encodings each, plus segment pushes and BCD adjusts.
ALU.forEach((op, i) => {
  const base = i * 8;
  row(base + 0, `${op} Eb,Gb`);
  row(base + 1, `${op} Ev,Gv`);
  row(base + 2, `${op} Gb,Eb`);
  row(base + 3, `${op} Gv,Ev`);
  row(base + 4, `${op} al,Ib`);
  row(base + 5, `${op} eAX,Iz`);
});
row(0x06, "push/pushw es"); row(0x07, "pop/popw es"); row(0x0e, "push/pushw cs");
row(0x16, "push/pushw ss"); row(0x17, "pop/popw ss"); row(0x1e, "push/pushw ds"); row(0x1f, "pop/popw ds");
row(0x27, "daa"); row(0x2f, "das"); row(0x37, "aaa"); row(0x3f, "aas");
for (let r = 0; r < 8; r++) {
  row(0x40 + r, "inc Zv");
  row(0x48 + r, "dec Zv");
  row(0x50 + r, "push Zv");
  row(0x58 + r, "pop Zv");
  row(0xb0 + r, "mov Zb,Ib");
  row(0xb8 + r, "mov Zv,Iv");
}
row(0x60, "pusha/pushaw"); row(0x61, "popa/popaw"); row(0x62, "bound Gv,Ma"); row(0x63, "arpl Ew,Gw");
row(0x68, "push Iz"); row(0x69, "imul Gv,Ev,Iz"); row(0x6a, "push Ibs"); row(0x6b, "imul Gv,Ev,Ibs");
row(0x6c, "ins Yb,dx"); row(0x6d, "ins Yv,dx"); row(0x6e, "outs dx,Xb"); row(0x6f, "outs dx,Xv");
CONDITIONS.forEach((cc, i) => row(0x70 + i, `j${cc} Jb`));
row(0x80, group1("Eb,Ib")); row(0x81, group1("Ev,Iz")); row(0x82, group1("Eb,Ib")); row(0x83, group1("Ev,Ibs"));
row(0x84, "test Eb,Gb"); row(0x85, "test Ev,Gv"); row(0x86, "xchg Eb,Gb"); row(0x87, "xchg Ev,Gv");
row(0x88, "mov Eb,Gb"); row(0x89, "mov Ev,Gv"); row(0x8a, "mov Gb,Eb"); row(0x8b, "mov Gv,Ev");
row(0x8c, "mov Emw,Sw"); row(0x8d, "lea Gv,M"); row(0x8e, "mov Sw,Emw");
row(0x8f, group("pop Ev", "", "", "", "", "", "", ""));
row(0x90, "nop");
for (let r = 1; r < 8; r++) row(0x90 + r, "xchg Zv,eAX");
row(0x98, "cwde/cbw"); row(0x99, "cdq/cwd"); row(0x9a, "call Ap"); row(0x9b, "fwait");
row(0x9c, "pushf/pushfw"); row(0x9d, "popf/popfw"); row(0x9e, "sahf"); row(0x9f, "lahf");
row(0xa0, "mov al,Ob"); row(0xa1, "mov eAX,Ov"); row(0xa2, "mov Ob,al"); row(0xa3, "mov Ov,eAX");
row(0xa4, "movs Yb,Xb"); row(0xa5, "movs Yv,Xv"); row(0xa6, "cmps Xb,Yb"); row(0xa7, "cmps Xv,Yv");
row(0xa8, "test al,Ib"); row(0xa9, "test eAX,Iz"); row(0xaa, "stos Yb,al"); row(0xab, "stos Yv,eAX");
row(0xac, "lods al,Xb"); row(0xad, "lods eAX,Xv"); row(0xae, "scas al,Yb"); row(0xaf, "scas eAX,Yv");
row(0xc0, group2("Eb,Ib")); row(0xc1, group2("Ev,Ib")); row(0xc2, "ret/retw Iw"); row(0xc3, "ret/retw");
row(0xc4, "les Gv,Mp"); row(0xc5, "lds Gv,Mp");
// C6/C7 /7 with ModRM F8 are RTM xabort/xbegin (SDM vol. 2 "XABORT", "XBEGIN").
row(0xc6, group("mov Eb,Ib", "", "", "", "", "", "", byMod("", byRm("xabort Ib", "", "", "", "", "", "", ""))));
row(0xc7, group("mov Ev,Iz", "", "", "", "", "", "", byMod("", byRm("xbegin Jz", "", "", "", "", "", "", ""))));
row(0xc8, "enter/enterw Iw,Ib8"); row(0xc9, "leave/leavew"); row(0xca, "retf/retfw Iw"); row(0xcb, "retf/retfw");
row(0xcc, "int3"); row(0xcd, "int Ib"); row(0xce, "into"); row(0xcf, "iret/iretw");
row(0xd0, group2("Eb,1")); row(0xd1, group2("Ev,1")); row(0xd2, group2("Eb,cl")); row(0xd3, group2("Ev,cl"));
row(0xd4, "aam Ib"); row(0xd5, "aad Ib"); row(0xd7, "xlat Xlat");
row(0xe0, "loopne Jb"); row(0xe1, "loope Jb"); row(0xe2, "loop Jb"); row(0xe3, "jecxz/jcxz Jb");
row(0xe4, "in al,Ib"); row(0xe5, "in eAX,Ib"); row(0xe6, "out Ib,al"); row(0xe7, "out Ib,eAX");
row(0xe8, "call/callw Jz"); row(0xe9, "jmp/jmpw Jz"); row(0xea, "jmp Ap"); row(0xeb, "jmp Jb");
row(0xec, "in al,dx"); row(0xed, "in eAX,dx"); row(0xee, "out dx,al"); row(0xef, "out dx,eAX");
row(0xf1, "int1"); row(0xf4, "hlt"); row(0xf5, "cmc");
row(0xf6, group("test Eb,Ib", "test Eb,Ib", "not Eb", "neg Eb", "mul Eb", "imul Eb", "div Eb", "idiv Eb"));
row(0xf7, group("test Ev,Iz", "test Ev,Iz", "not Ev", "neg Ev", "mul Ev", "imul Ev", "div Ev", "idiv Ev"));
row(0xf8, "clc"); row(0xf9, "stc"); row(0xfa, "cli"); row(0xfb, "sti"); row(0xfc, "cld"); row(0xfd, "std");
row(0xfe, group("inc Eb", "dec Eb", "", "", "", "", "", ""));
row(0xff, group("inc Ev", "dec Ev", "call Ev", "call Mp", "jmp Ev", "jmp Mp", "push Ev", ""));

/** The one-byte map: 256 entries indexed by opcode; undefined for prefixes, 0F and x87 escapes. */
export const ONE_BYTE_MAP: readonly (Entry | undefined)[] = (() => {
  const map: (Entry | undefined)[] = new Array(256).fill(undefined);
  for (const [opcode, entry] of rows) {
    if (map[opcode] !== undefined) throw new Error(`one-byte map: duplicate row 0x${opcode.toString(16)}`);
    map[opcode] = entry;
  }
  return map;
})();
