// The block compiler: turns a hot decoded Block into one JavaScript function (`new Function`) with
// straight-line code per instruction — inline code for the common integer instructions
// (emit_alu/emit_mov/emit_flow), a call of the interpreter handler for everything else — and the
// bookkeeping that keeps faults precise. Platform-neutral (no host APIs; `Function` is ECMAScript).
//
// Precise state: the compiled function keeps the index of the instruction that may fault next in a
// local `k`; a try/catch around the body sets cpu.prevEip to that instruction and retires only the
// instructions before it, so run()'s fault path rewinds EIP exactly as it does for the interpreter.
// Flag records that a later instruction overwrites before anything (a read, a possible fault, a
// handler, the block end) could observe them are not written at all.
import type { Cpu } from "../cpu.ts";
import { Flow, type Block, type Insn } from "../insn.ts";
import type { EmitContext, FlagProducer, Plan } from "./plan.ts";
import { ACCESS_LOCALS } from "./emit_memory.ts";
import { planAlu } from "./emit_alu.ts";
import { planMov } from "./emit_mov.ts";
import { planFlow } from "./emit_flow.ts";
import { planShift } from "./emit_shift.ts";

/**
 * A compiled block. Runs the whole block (looping while it branches back to its own start and
 * `cpu.jitEnd` allows another pass), retiring instructions into cpu.instructionCount and leaving
 * cpu.eip at the next instruction. Returns 0, or -1 without doing anything when the CPU mode
 * differs from the one the block was compiled for (then the interpreter runs it).
 */
export type CompiledBlock = (cpu: Cpu) => number;

/** The inline plan for `i`, or undefined when its interpreter handler must run. */
export function planFor(i: Insn, ss32: number): Plan | undefined {
  if (i.lock) return undefined;
  return planAlu(i) ?? planMov(i, ss32) ?? planFlow(i, ss32) ?? planShift(i);
}

/** Statistics for tests and `nk bench`: how much of the compiled code is inline. */
export const jitStats = { blocks: 0, inline: 0, calls: 0 };

/** Generates the JavaScript source of the function body for `block` (exported for tests). */
export function blockSource(block: Block, cs32: number, ss32: number): string {
  const insns = block.insns;
  const n = insns.length;
  const plans = insns.map((i) => planFor(i, ss32));
  const off: number[] = [0];
  for (const i of insns) off.push(off[off.length - 1] + i.len);

  // Flag liveness, backwards: flags are observable at the block end, by readers, at faults and
  // inside handlers.
  const flagsLive: boolean[] = new Array(n);
  let live = true;
  for (let k = n - 1; k >= 0; k--) {
    flagsLive[k] = live;
    const p = plans[k];
    live = p === undefined || p.reads || p.faults || (live && !p.writes);
  }
  // A self-loop needs every instruction inline: handlers may request a stop or raise an interrupt.
  const selfLoop = plans.every((p) => p !== undefined);

  let body = "";
  let producer: FlagProducer | undefined;
  for (let k = 0; k < n; k++) {
    const i = insns[k], p = plans[k];
    const here = `(e0 + ${off[k]}) | 0`, next = `(e0 + ${off[k + 1]}) | 0`;
    const exit = (eip: string) => `{ cpu.eip = ${eip}; cpu.instructionCount += ${k + 1}; return 0; }`;
    const target = (rel: number) => i.o16 ? `(e0 + ${off[k + 1] + rel}) & 0xffff` : `(e0 + ${off[k + 1] + rel}) | 0`;
    if (p === undefined) {
      jitStats.calls++;
      body += `k = ${k}; cpu.prevEip = ${here}; cpu.eip = ${next}; H[${k}](cpu, I[${k}]);\n`;
      if (i.flow === Flow.End) body += `cpu.instructionCount += ${k + 1}; return 0;\n`;
      else body += `if (!blk.valid) { cpu.instructionCount += ${k + 1}; return 0; }\n`;
      producer = undefined;
      continue;
    }
    jitStats.inline++;
    const ctx: EmitContext = {
      i, k, flagsLive: flagsLive[k], producer, nextEip: next, target, exit,
      branch(rel: number): string {
        if (selfLoop && !i.o16 && off[k + 1] + rel === 0 && k === n - 1) {
          return `{ cpu.instructionCount += ${n}; if (S === 0 && cpu.instructionCount + ${n} <= cpu.jitEnd) continue; ` +
            `cpu.eip = e0; return 0; }`;
        }
        return exit(target(rel));
      },
    };
    if (p.faults) body += `k = ${k}; `;
    body += p.emit(ctx) + "\n";
    // Fast-path stores never reach code pages (the TLB withholds write permission there).
    if (p.stores && !p.ends) body += `if (S !== 0 && !blk.valid) ${exit(next)}\n`;
    if (p.producer) producer = p.producer;
    else if (p.writes || p.touchesFlags) producer = undefined;
  }
  const last = insns[n - 1];
  if (plans[n - 1] === undefined ? last.flow !== Flow.End : !plans[n - 1]!.ends) {
    body += `{ cpu.eip = (e0 + ${off[n]}) | 0; cpu.instructionCount += ${n}; return 0; }\n`;
  }
  return `return function block(cpu) {
  if (cpu.cs32 !== ${cs32} || cpu.ss32 !== ${ss32}) return -1;
  const e0 = cpu.eip, RD = cpu.tlbRead, WR = cpu.tlbWrite;
  let k = 0, S = 0, A = 0, B = 0, R = 0, t = 0, ${ACCESS_LOCALS};
  try {
    for (;;) {
${body}    }
  } catch (x) {
    cpu.prevEip = (e0 + OFF[k]) | 0;
    cpu.instructionCount += k;
    throw x;
  }
};`;
}

/** Compiles `block` for the CPU's current code and stack sizes. */
export function compileBlock(cpu: Cpu, block: Block): CompiledBlock {
  const insns = block.insns;
  const off: number[] = [0];
  for (const i of insns) off.push(off[off.length - 1] + i.len);
  const source = blockSource(block, cpu.cs32, cpu.ss32);
  jitStats.blocks++;
  const factory = new Function(
    "blk", "H", "I", "OFF", "lf", "r32", "r16", "r8", "seg", "tlb", "u8", "u16", "i32", source,
  ) as (...args: unknown[]) => CompiledBlock;
  return factory(
    block, insns.map((i) => i.exec), insns, Int32Array.from(off), cpu.lf, cpu.r32, cpu.r16, cpu.r8,
    cpu.segBase, cpu.tlb.entries, cpu.mem.u8, cpu.mem.u16, cpu.mem.i32,
  );
}
