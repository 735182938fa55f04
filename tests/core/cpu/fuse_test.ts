// Superinstructions (core/cpu/opcodes/fuse.ts): a fused pair must leave exactly the state its two
// specialised handlers leave in sequence — on random operands and flags for every specialised form in
// either half, on a fault in either half, when the budget ends between the halves, and when the first
// half's store rewrites the second.
import { expect, test } from "bun:test";
import { d32, Snippet } from "./_run.ts";
import { CODE, DATA, DATA_LEN, runFrom, type StartState } from "./_start_state.ts";
import { type Form, FORMS, PRODUCERS, SPECIAL_VALUES } from "./_specialised_forms.ts";
import { decodeBlock, setHandlerSpecialisation, setPairFusion } from "../../../core/cpu/decode.ts";
import { Cr0, Pte } from "../../../core/cpu/control_regs.ts";
import { flushTlb } from "../../../core/cpu/paging.ts";


// Deterministic xorshift so failures reproduce.
let seed = 0x1badb002;
function rnd(): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return seed >>> 0;
}
const value = () => (rnd() % 3 === 0 ? SPECIAL_VALUES[rnd() % SPECIAL_VALUES.length] | 0 : rnd() | 0);

/** ModRM (+SIB, displacement) for `reg` and an r/m operand of shape 0–5 (as specialise_test.ts). */
function modrm(shape: number, reg: number): { bytes: number[]; setup: [number, number][]; a16: boolean } {
  const r = rnd() % 8, off = rnd() % 0x100;
  switch (shape) {
    case 0: return { bytes: [0xc0 | (reg << 3) | r], setup: [], a16: false };
    case 1: return { bytes: [(reg << 3) | 5, ...d32(DATA + off)], setup: [], a16: false };
    case 2: return { bytes: [0x80 | (reg << 3) | 3, ...d32(off)], setup: [[3, DATA]], a16: false };
    case 3: {
      const scale = rnd() % 4;
      return { bytes: [0x40 | (reg << 3) | 4, (scale << 6) | (6 << 3) | 3, off & 0x7f], setup: [[3, DATA], [6, rnd() % 16]], a16: false };
    }
    case 4: {
      const scale = rnd() % 4;
      return { bytes: [(reg << 3) | 4, (scale << 6) | (7 << 3) | 5, ...d32(DATA + off)], setup: [[7, rnd() % 16]], a16: false };
    }
    default: return { bytes: [0x40 | (reg << 3) | 0, off & 0x7f], setup: [[3, DATA], [6, rnd() % 16]], a16: true };
  }
}

/** Bytes of one random instruction of `form` (register/memory shape and operand size random). */
function encode(form: Form): { bytes: number[]; setup: [number, number][] } {
  const shape = form.memOnly ? 1 + rnd() % 5 : rnd() % 6, o16 = !form.only32 && rnd() % 4 === 0;
  const m = modrm(shape, form.sub ?? rnd() % 8);
  const hasModrm = !form.noModrm;
  const immBytes = form.imm === 0 ? [] : form.imm === 1 ? [rnd() & 0xff] : d32(value()).slice(0, o16 ? 2 : 4);
  const prefix = [...(o16 ? [0x66] : []), ...(hasModrm && m.a16 ? [0x67] : [])];
  return { bytes: [...prefix, ...form.op, ...(hasModrm ? m.bytes : []), ...immBytes], setup: hasModrm ? m.setup : [] };
}

/**
 * Runs `code` JIT-off from `start`; `fused` selects pair fusion for the blocks it decodes,
 * otherwise the row handlers (no specialisation either) are the reference.
 */
function runOnce(s: Snippet, fused: boolean, code: number[], start: StartState) {
  setPairFusion(fused);
  setHandlerSpecialisation(fused);
  try {
    return runFrom(s, code, start);
  } finally {
    setPairFusion(true);
    setHandlerSpecialisation(true);
  }
}

/** Whether the instruction at byte offset `at` of `code` heads a fused pair. */
function fusedAt(s: Snippet, code: number[], at: number): boolean {
  s.cpu.jitEnabled = false;
  s.m.memory.writeBytes(CODE, Uint8Array.from(code));
  let lin = CODE;
  for (const i of decodeBlock(s.cpu, CODE, 64)) {
    if (lin === CODE + at) return i.pair !== undefined;
    lin += i.len;
  }
  return false;
}

const fusedRun = new Snippet(), plainRun = new Snippet();

/** Runs producer; nop; first; second; hlt fused and unfused from one random state and compares. */
function check(first: { bytes: number[]; setup: [number, number][] }, second: { bytes: number[]; setup: [number, number][] },
  producer = PRODUCERS[rnd() % PRODUCERS.length]): void {
  const code = [...producer, 0x90, ...first.bytes, ...second.bytes, 0xf4, 0xf4];
  const hex = code.map((x) => x.toString(16).padStart(2, "0")).join(" ");
  expect(`${hex}: ${fusedAt(fusedRun, code, producer.length + 1)}`).toBe(`${hex}: true`);
  const regs = Array.from({ length: 8 }, value);
  regs[4] = DATA + 0x200; // PUSH/POP within the compared memory
  for (const [r, v] of [...first.setup, ...second.setup]) regs[r] = v;
  const flags = (rnd() & 0x8d5) | 2;
  const data = Uint8Array.from({ length: DATA_LEN }, () => rnd() & 0xff);
  const a = runOnce(fusedRun, true, code, { regs, flags, data });
  const b = runOnce(plainRun, false, code, { regs, flags, data });
  expect(`${hex}: ${a.end}`).toBe(`${hex}: hlt`);
  expect({ hex, ...a }).toEqual({ hex, ...b });
}

test("fused pairs match unfused execution for every specialised form in either half", () => {
  for (const form of FORMS) {
    for (let n = 0; n < 8; n++) {
      const other = FORMS[rnd() % FORMS.length];
      check(encode(form), encode(other));
      check(encode(other), encode(form));
    }
  }
});

test("fused ALU/TEST/CMP + Jcc pairs take the same branches as unfused execution", () => {
  for (const form of FORMS) {
    for (let n = 0; n < 4; n++) {
      const cc = rnd() % 16;
      check(encode(form), { bytes: n % 2 ? [0x70 + cc, 0x01] : [0x0f, 0x80 + cc, 1, 0, 0, 0], setup: [] });
    }
  }
});

test("fused pairs ending in a near JMP, CALL, RET or LEAVE match unfused execution", () => {
  // JMP rel8/rel32 and CALL rel32 over the first of the two HLTs after them; LEAVE then HLT.
  const ends = [[0xeb, 0x01], [0xe9, 1, 0, 0, 0], [0xe8, 1, 0, 0, 0], [0xc9]];
  for (const form of FORMS) for (const end of ends) check(encode(form), { bytes: end, setup: [] });
  // PUSH target; RET (and RET 4): the target is the second HLT after them.
  for (let n = 0; n < 2 * PRODUCERS.length; n++) {
    const producer = PRODUCERS[n % PRODUCERS.length], ret = n % 2 ? [0xc2, 4, 0] : [0xc3];
    const target = CODE + producer.length + 1 + 5 + ret.length + 1;
    check({ bytes: [0x68, ...d32(target)], setup: [] }, { bytes: ret, setup: [] }, producer);
  }
});

/** A snippet with the first 4 MiB identity-mapped and 4–8 MiB not present (as paging_test.ts). */
function pagedSnippet(): Snippet {
  const s = new Snippet();
  const mem = s.m.memory, PD = 0x20000, PT0 = 0x21000, PT1 = 0x22000;
  for (let k = 0; k < 1024; k++) mem.write32(PT0 + k * 4, (k << 12) | Pte.P | Pte.RW | Pte.US);
  mem.write32(PD, PT0 | Pte.P | Pte.RW | Pte.US);
  mem.write32(PD + 4, PT1 | Pte.P | Pte.RW | Pte.US);
  s.cpu.cr3 = PD;
  s.cpu.cr0 |= Cr0.PG;
  flushTlb(s.cpu, true);
  s.cpu.jitEnabled = false;
  return s;
}

test("a page fault in the first half of a pair reports the first instruction and retires nothing", () => {
  const s = pagedSnippet();
  // add eax, [0x402000] (not present); cmp eax, ebx
  const code = [0x03, 0x05, ...d32(0x402000), 0x39, 0xd8, 0xf4];
  expect(fusedAt(s, code, 0)).toBe(true);
  s.cpu.r32[0] = 5; s.cpu.r32[3] = 7;
  const count = s.cpu.instructionCount;
  expect(s.exec(code)).toEqual({ end: "#14", errorCode: 0 });
  expect(s.cpu.eip).toBe(CODE);
  expect(s.cpu.instructionCount - count).toBe(0);
  expect(s.cpu.r32[0]).toBe(5);
});

test("a page fault in the second half of a pair keeps the first half and reports the second", () => {
  for (const fused of [true, false]) {
    setPairFusion(fused);
    try {
      const s = pagedSnippet();
      // sub eax, ebx; mov [0x402010], eax (not present); hlt
      const code = [0x29, 0xd8, 0x89, 0x05, ...d32(0x402010), 0xf4];
      expect(fusedAt(s, code, 0)).toBe(fused);
      s.cpu.r32[0] = 5; s.cpu.r32[3] = 7;
      const count = s.cpu.instructionCount;
      expect(s.exec(code)).toEqual({ end: "#14", errorCode: 2 });
      expect(s.cpu.cr2 >>> 0).toBe(0x402010);
      expect(s.cpu.eip).toBe(CODE + 2);
      expect(s.cpu.instructionCount - count).toBe(1);
      expect(s.cpu.r32[0]).toBe(-2);
      expect(s.cpu.eflags & 1).toBe(1); // CF from the SUB
    } finally {
      setPairFusion(true);
    }
  }
});

test("a budget ending between the halves runs only the first; the next run resumes at the second", () => {
  const s = new Snippet();
  // add eax, ebx; sub ecx, eax; cmp ecx, 3; jne +1; hlt; hlt
  const code = [0x01, 0xd8, 0x29, 0xc1, 0x83, 0xf9, 0x03, 0x75, 0x01, 0xf4, 0xf4];
  expect(fusedAt(s, code, 0)).toBe(true);
  expect(fusedAt(s, code, 4)).toBe(true);
  s.cpu.flushCode();
  s.cpu.r32[0] = 1; s.cpu.r32[3] = 2; s.cpu.r32[1] = 10;
  let count = s.cpu.instructionCount;
  expect(s.exec(code, CODE, 1).end).toBe("budget");
  expect(s.cpu.instructionCount - count).toBe(1);
  expect([s.cpu.eip, s.cpu.r32[0], s.cpu.r32[1]]).toEqual([CODE + 2, 3, 10]);
  count = s.cpu.instructionCount;
  expect(s.resume(CODE + 2, 2).end).toBe("budget");
  expect(s.cpu.instructionCount - count).toBe(2);
  expect([s.cpu.eip, s.cpu.r32[1]]).toEqual([CODE + 7, 7]); // stopped between CMP and JNE
  count = s.cpu.instructionCount;
  expect(s.resume(CODE + 7, 10).end).toBe("hlt");
  expect(s.cpu.eip).toBe(CODE + 11); // JNE taken over the first HLT
  expect(s.cpu.instructionCount - count).toBe(2);
});

test("a store in the first half that rewrites the second half takes effect", () => {
  for (const fused of [true, false]) {
    setPairFusion(fused);
    try {
      const s = new Snippet();
      s.cpu.jitEnabled = false;
      // 0x1000: mov byte [0x1009], 5   (the imm8 of the add below)
      // 0x1007: add eax, 1 → add eax, 5
      // 0x100a: hlt
      const code = [0xc6, 0x05, ...d32(0x1009), 0x05, 0x83, 0xc0, 0x01, 0xf4];
      expect(fusedAt(s, code, 0)).toBe(fused);
      s.cpu.flushCode();
      s.cpu.r32[0] = 100;
      const count = s.cpu.instructionCount;
      expect(s.exec(code).end).toBe("hlt");
      expect(s.cpu.r32[0]).toBe(105);
      expect(s.cpu.instructionCount - count).toBe(3);
    } finally {
      setPairFusion(true);
    }
  }
});

test("blocks decoded with the JIT on carry no pairs", () => {
  const s = new Snippet();
  s.cpu.jitEnabled = true;
  s.m.memory.writeBytes(CODE, Uint8Array.from([0x01, 0xd8, 0x29, 0xc1, 0xf4]));
  expect(decodeBlock(s.cpu, CODE, 64).map((i) => i.pair)).toEqual([undefined, undefined, undefined]);
});

test("a shift by zero in the first half still runs the second half", () => {
  for (const fused of [true, false]) {
    setPairFusion(fused);
    try {
      const s = new Snippet();
      s.cpu.jitEnabled = false;
      // shl eax, 0; add eax, ebx; shr ecx, cl (cl = 0); sub ecx, 1; hlt
      const code = [0xc1, 0xe0, 0x00, 0x01, 0xd8, 0xd3, 0xe9, 0x83, 0xe9, 0x01, 0xf4];
      expect(fusedAt(s, code, 0)).toBe(fused);
      expect(fusedAt(s, code, 5)).toBe(fused);
      s.cpu.flushCode();
      s.cpu.r32[0] = 3; s.cpu.r32[3] = 4; s.cpu.r32[1] = 0x100;
      expect(s.exec(code).end).toBe("hlt");
      expect([s.cpu.r32[0], s.cpu.r32[1]]).toEqual([7, 0xff]);
    } finally {
      setPairFusion(true);
    }
  }
});
