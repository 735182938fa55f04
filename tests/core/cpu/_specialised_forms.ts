// The instruction forms the interpreter specialises (core/cpu/opcodes/specialise.ts) and can fuse
// (fuse.ts), and flag-producing prefixes, shared by the tests that compare them with the row handlers.

/** A form: opcode bytes, fixed ModRM.reg (group member), immediate size (0, 1 or 4 bytes), and limits. */
export interface Form { op: number[]; sub?: number; imm: number; memOnly?: boolean; noModrm?: boolean; only32?: boolean }

/** Every specialised form. */
export const FORMS: readonly Form[] = (() => {
  const forms: Form[] = [];
  for (let alu = 0; alu < 8; alu++) {
    for (let k = 0; k < 4; k++) forms.push({ op: [alu * 8 + k], imm: 0 });
    forms.push({ op: [alu * 8 + 4], imm: 1, noModrm: true }, { op: [alu * 8 + 5], imm: 4, noModrm: true });
    forms.push({ op: [0x80], sub: alu, imm: 1 }, { op: [0x81], sub: alu, imm: 4 }, { op: [0x83], sub: alu, imm: 1 });
  }
  forms.push({ op: [0x84], imm: 0 }, { op: [0x85], imm: 0 }, { op: [0xa8], imm: 1, noModrm: true }, { op: [0xa9], imm: 4, noModrm: true });
  forms.push({ op: [0xf6], sub: 0, imm: 1 }, { op: [0xf7], sub: 1, imm: 4 });
  for (const sub of [2, 3]) forms.push({ op: [0xf6], sub, imm: 0 }, { op: [0xf7], sub, imm: 0 }); // NOT, NEG
  for (const op of [0x88, 0x89, 0x8a, 0x8b]) forms.push({ op: [op], imm: 0 });
  forms.push({ op: [0xc6], sub: 0, imm: 1 }, { op: [0xc7], sub: 0, imm: 4 }, { op: [0x8d], imm: 0, memOnly: true });
  for (const op of [0xb6, 0xb7, 0xbe, 0xbf]) forms.push({ op: [0x0f, op], imm: 0 });
  forms.push({ op: [0x0f, 0xaf], imm: 0, only32: true }, { op: [0x69], imm: 4, only32: true }, { op: [0x6b], imm: 1, only32: true });
  // INC/DEC/PUSH/POP r (PUSH/POP ESP left out: a popped ESP would send later pushes anywhere).
  for (let op = 0x40; op < 0x60; op++) if (op !== 0x54 && op !== 0x5c) forms.push({ op: [op], imm: 0, noModrm: true });
  for (let op = 0xb0; op < 0xb8; op++) forms.push({ op: [op], imm: 1, noModrm: true }, { op: [op + 8], imm: 4, noModrm: true });
  forms.push({ op: [0x90], imm: 0, noModrm: true });
  for (let cc = 0; cc < 16; cc++) forms.push({ op: [0x0f, 0x90 + cc], imm: 0 }); // SETcc Eb
  forms.push({ op: [0xff], sub: 6, imm: 0, only32: true }); // PUSH Ev
  forms.push({ op: [0x68], imm: 4, noModrm: true, only32: true }, { op: [0x6a], imm: 1, noModrm: true, only32: true }); // PUSH imm
  for (const op of [0xfe, 0xff]) forms.push({ op: [op], sub: 0, imm: 0 }, { op: [op], sub: 1, imm: 0 });
  for (const sub of [0, 1, 4, 5, 6, 7]) {
    for (const op of [0xc0, 0xc1]) forms.push({ op: [op], sub, imm: 1 });
    for (const op of [0xd0, 0xd1, 0xd2, 0xd3]) forms.push({ op: [op], sub, imm: 0 });
  }
  return forms;
})();

/** Flag producers run first, so instructions see varied lazy-flag records (and Jcc every condition). */
export const PRODUCERS: readonly number[][] = [[0x01, 0xd8], [0x29, 0xd8], [0x39, 0xd8], [0x85, 0xd8], [0x40],
  [0x21, 0xd8], [0x11, 0xd8], [0x38, 0xd8], [0x66, 0x39, 0xd8], [0xd1, 0xc0], [0xc1, 0xe8, 0x03], [0x48], [0x19, 0xd8], [0x90]];

/** Operand values worth hitting often: zero, ±1, sign and size boundaries, shift-count edges. */
export const SPECIAL_VALUES: readonly number[] = [0, 1, -1, 0x7fffffff, 0x80000000, 0xff, 0x80, 0x7f, 0xffff, 0x8000, 31, 32, 33];
