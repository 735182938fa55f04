// Decode-time specialised handlers (core/cpu/opcodes/specialise.ts) against the row handlers they
// replace: every specialised form (operation × size × register/memory × address shape) on random
// registers, memory and lazy-flag states must leave identical registers, EFLAGS, EIP and memory.
import { expect, test } from "bun:test";
import { Snippet } from "./_run.ts";
import { CODE, DATA, DATA_LEN, runFrom, type StartState } from "./_start_state.ts";
import { type Form, FORMS, PRODUCERS, SPECIAL_VALUES } from "./_specialised_forms.ts";
import { decodeInsn, rowFor, setHandlerSpecialisation } from "../../../core/cpu/decode.ts";


// Deterministic xorshift so failures reproduce.
let seed = 0x2545f491;
function rnd(): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return seed >>> 0;
}
function value(): number {
  return rnd() % 3 === 0 ? SPECIAL_VALUES[rnd() % SPECIAL_VALUES.length] | 0 : rnd() | 0;
}
const d32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** ModRM (+SIB, displacement) bytes for `reg` and an r/m operand of shape 0–5; `setup` fixes registers. */
function modrm(shape: number, reg: number): { bytes: number[]; setup: [number, number][]; a16: boolean } {
  const r = rnd() % 8, off = rnd() % 0x100;
  switch (shape) {
    case 0: return { bytes: [0xc0 | (reg << 3) | r], setup: [], a16: false };
    case 1: return { bytes: [(reg << 3) | 5, ...d32(DATA + off)], setup: [], a16: false };
    case 2: {
      const base = [0, 1, 2, 3, 5, 6, 7][rnd() % 7];
      return { bytes: [0x80 | (reg << 3) | base, ...d32(off)], setup: [[base, DATA]], a16: false };
    }
    case 3: {
      const base = [0, 1, 2, 3, 6, 7][rnd() % 6], index = [0, 1, 2, 3, 5, 6, 7].filter((x) => x !== base)[rnd() % 6];
      const scale = rnd() % 4;
      return {
        bytes: [0x40 | (reg << 3) | 4, (scale << 6) | (index << 3) | base, off & 0x7f],
        setup: [[base, DATA], [index, rnd() % 16]], a16: false,
      };
    }
    case 4: {
      const index = [0, 1, 2, 3, 5, 6, 7][rnd() % 7], scale = rnd() % 4;
      return { bytes: [(reg << 3) | 4, (scale << 6) | (index << 3) | 5, ...d32(DATA + off)], setup: [[index, rnd() % 16]], a16: false };
    }
    default: // [bx+si+disp8] with 16-bit addressing
      return { bytes: [0x40 | (reg << 3) | 0, off & 0x7f], setup: [[3, DATA], [6, rnd() % 16]], a16: true };
  }
}

function randomCode(form: Form, shape: number, o16: boolean): { code: number[]; setup: [number, number][] } {
  const reg = form.sub ?? rnd() % 8;
  const m = modrm(shape, reg);
  const hasModrm = !form.noModrm;
  const imm4 = o16 ? 2 : 4;
  const immBytes = form.imm === 0 ? [] : form.imm === 1 ? [rnd() & 0xff] : d32(value()).slice(0, imm4);
  const prefix = [...(o16 ? [0x66] : []), ...(hasModrm && m.a16 ? [0x67] : [])];
  const code = [...PRODUCERS[rnd() % PRODUCERS.length], ...prefix, ...form.op, ...(hasModrm ? m.bytes : []), ...immBytes, 0xf4];
  return { code, setup: hasModrm ? m.setup : [] };
}

/** Runs `code` from `start` with specialisation on or off; returns the final state. */
function runOnce(s: Snippet, on: boolean, code: number[], start: StartState) {
  setHandlerSpecialisation(on);
  try {
    return runFrom(s, code, start);
  } finally {
    setHandlerSpecialisation(true);
  }
}

const on = new Snippet(), off = new Snippet();

function check(code: number[], setup: [number, number][]): void {
  const regs = Array.from({ length: 8 }, value);
  regs[4] = DATA + 0x200; // pushes land in the compared memory
  for (const [r, v] of setup) regs[r] = v;
  const flags = (rnd() & 0x8d5) | 2;
  const data = Uint8Array.from({ length: DATA_LEN }, () => rnd() & 0xff);
  const a = runOnce(on, true, code, { regs, flags, data });
  const b = runOnce(off, false, code, { regs, flags, data });
  const hex = code.map((x) => x.toString(16).padStart(2, "0")).join(" ");
  expect(`${hex}: ${a.end}`).toBe(`${hex}: hlt`);
  expect({ code: hex, ...a }).toEqual({ code: hex, ...b });
}

test("specialised ALU/MOV/TEST/shift/IMUL/LEA/INC/DEC/PUSH/POP handlers match the row handlers on random operands", () => {
  for (const form of FORMS) {
    for (let shape = 0; shape < 6; shape++) {
      if (shape === 0 && form.memOnly) continue;
      for (const o16 of [false, true]) {
        for (let n = 0; n < 6; n++) {
          const { code, setup } = randomCode(form, shape, o16);
          check(code, setup);
        }
      }
    }
  }
});

test("specialised Jcc (rel8 and rel32) takes the same branches as the row handler", () => {
  for (let cc = 0; cc < 16; cc++) {
    for (let n = 0; n < 40; n++) {
      const producer = PRODUCERS[rnd() % PRODUCERS.length];
      const short = n % 2 === 0;
      check([...producer, ...(short ? [0x70 + cc, 0x01] : [0x0f, 0x80 + cc, 1, 0, 0, 0]), 0xf4, 0xf4], []);
    }
  }
});

test("specialised near CALL, JMP, RET and LEAVE go where the row handlers go", () => {
  const hlt = (at: number) => d32(CODE + at);
  const cases: number[][] = [
    [0xeb, 0x01, 0xf4, 0xf4], // JMP rel8 over a HLT
    [0xe9, 1, 0, 0, 0, 0xf4, 0xf4], // JMP rel32
    [0xe8, 1, 0, 0, 0, 0xf4, 0x58, 0xf4], // CALL rel32; POP EAX (the return address)
    [0x68, ...hlt(7), 0xc3, 0xf4, 0xf4], // PUSH target; RET
    [0x68, ...hlt(9), 0xc2, 0x08, 0x00, 0xf4, 0xf4], // RET 8
    [0xb8, ...hlt(8), 0xff, 0xd0, 0xf4, 0x5b, 0xf4], // CALL EAX; POP EBX
    [0xb9, ...hlt(8), 0xff, 0xe1, 0xf4, 0xf4], // JMP ECX
    [0xc7, 0x05, ...d32(DATA), ...hlt(17), 0xff, 0x15, ...d32(DATA), 0xf4, 0x5a, 0xf4], // CALL [m32]; POP EDX
    [0xc7, 0x05, ...d32(DATA + 8), ...hlt(17), 0xff, 0x25, ...d32(DATA + 8), 0xf4, 0xf4], // JMP [m32]
    [0x89, 0xe5, 0x83, 0xec, 0x10, 0xc9, 0xf4], // MOV EBP, ESP; SUB ESP, 16; LEAVE
    [0x66, 0x6a, 0x85, 0x66, 0x68, 0x34, 0x12, 0xf4], // 16-bit PUSH imm8, imm16: stay generic
  ];
  for (const code of cases) for (let n = 0; n < 4; n++) check(code, []);
});

test("specialise() installs generated handlers for the hot forms and leaves others alone", () => {
  const s = new Snippet();
  s.cpu.jitEnabled = false; // with the JIT on, hot code is compiled instead
  const decode = (bytes: number[]) => {
    s.m.memory.writeBytes(CODE, Uint8Array.from(bytes));
    return decodeInsn(s.cpu, CODE);
  };
  const add = decode([0x01, 0xd8]); // add eax, ebx
  expect(add.exec).not.toBe(rowFor(0x01, 3)!.h);
  const addMem = decode([0x01, 0x18]); // add [eax], ebx
  expect(addMem.exec).not.toBe(add.exec);
  const rcl = decode([0xd1, 0xd0]); // rcl eax, 1: stays generic
  expect(rcl.exec).toBe(rowFor(0xd1, 2)!.h);
  const locked = decode([0xf0, 0x01, 0x18]); // lock add [eax], ebx
  expect(locked.exec).toBe(rowFor(0x01, 3)!.h);
  setHandlerSpecialisation(false);
  try {
    expect(decode([0x01, 0xd8]).exec).toBe(rowFor(0x01, 3)!.h);
  } finally {
    setHandlerSpecialisation(true);
  }
  s.cpu.jitEnabled = true;
  expect(decode([0x01, 0xd8]).exec).toBe(rowFor(0x01, 3)!.h);
});
