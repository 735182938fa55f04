// Test helper for the interpreter comparisons (specialised handlers, fused pairs against the row
// handlers): run a snippet with the JIT off from one fixed state (registers, EFLAGS, a data area)
// and collect the state it ends in.
import type { Snippet } from "./_run.ts";

/** Where the snippet's code and its data area live. */
export const CODE = 0x1000, DATA = 0x8000, DATA_LEN = 0x400;

/** The state a comparison starts from: general registers, EFLAGS and the data area's bytes. */
export interface StartState {
  regs: number[];
  flags: number;
  data: Uint8Array;
}

/**
 * Runs `code` at CODE, interpreted and decoded afresh (so the decoder's current settings apply),
 * from `start` for at most `budget` instructions; returns how it ended and the state it left.
 */
export function runFrom(s: Snippet, code: number[], start: StartState, budget = 1000) {
  s.cpu.jitEnabled = false;
  s.cpu.flushCode();
  s.m.memory.writeBytes(DATA, start.data);
  s.cpu.r32.set(start.regs);
  s.cpu.eflags = start.flags;
  const count = s.cpu.instructionCount;
  const end = s.exec(code, CODE, budget).end;
  return {
    end, eip: s.cpu.eip, regs: Array.from(s.cpu.r32), flags: s.cpu.eflags,
    retired: s.cpu.instructionCount - count, data: Array.from(s.m.memory.readBytes(DATA, DATA_LEN)),
  };
}
