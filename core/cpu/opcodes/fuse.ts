// Superinstructions for the interpreter: two adjacent decoded instructions whose handlers are both
// specialised (opcodes/specialise.ts) run as one generated handler, halving the indirect calls for
// hot pairs such as CMP/TEST/SUB + Jcc and MOV + ALU. Platform-neutral (`Function` is ECMAScript).
import { Flow, type Insn, type PairHandler } from "../insn.ts";
import { specialisedSource } from "./specialise.ts";

/**
 * The body of one half: `src` (written for the parameter `i`) with its instruction renamed to `name`
 * and wrapped in a labelled block, so its locals do not clash with the other half's and a `return`
 * (a shift by zero) ends only this half.
 */
function half(src: string, name: string, label: string): string {
  const body = name === "i" ? src : src.replace(/\bi\b/g, name);
  return `${label}: { ${body.replace(/\breturn;/g, `break ${label};`)} }`;
}

const cache = new Map<string, PairHandler>();

/**
 * A pair handler running `i` then `j` (the instruction right after it in one block) exactly as their
 * specialised handlers would in sequence — same memory accesses and lazy-flag records, and between
 * the halves the executor's EIP/prevEip step, so a fault in `j` reports `j`'s EIP after `i` retired.
 * When `i` stores to memory the handler checks after it that the block is still valid (a store into
 * the block's own code) and stops there if not. Undefined when either instruction is not specialised
 * or `i` may end the block. Handlers are generated once per pair of forms and cached.
 */
export function fusePair(i: Insn, j: Insn): PairHandler | undefined {
  if (i.flow !== Flow.Next) return undefined;
  const a = specialisedSource(i);
  if (a === undefined) return undefined;
  const b = specialisedSource(j);
  if (b === undefined) return undefined;
  const stores = /cpu\.(write|push)/.test(a);
  const src = `${half(a, "i", "first")} ${stores ? "if (!b.valid) return;" : ""} ` +
    `cpu.prevEip = cpu.eip; cpu.eip = (cpu.eip + j.len) | 0; ${half(b, "j", "second")}`;
  let f = cache.get(src);
  if (f === undefined) {
    const name = `pair_${i.op.toString(16)}_${i.reg}_${j.op.toString(16)}_${j.reg}`;
    f = new Function(`"use strict"; return function ${name}(cpu, i, j, b) { ${src} };`)() as PairHandler;
    cache.set(src, f);
  }
  return f;
}

/** Number of distinct pair handlers generated so far (tests, profiling). */
export function pairHandlerCount(): number {
  return cache.size;
}
