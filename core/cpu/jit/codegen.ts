// The block compiler: turns a hot decoded Block — plus the blocks it reaches by direct jumps inside
// the same page (a "region", see region.ts) — into one JavaScript function (`new Function`) with
// straight-line code per instruction: inline code for the common integer instructions (emit_*.ts), a
// call of the interpreter handler for everything else. Platform-neutral (`Function` is ECMAScript).
//
// Guest registers live in JS locals g0…g7 while the function runs; they are stored back to cpu.r32
// before every handler call, at every exit and when a fault unwinds. The region's blocks are cases of
// a `switch` in a loop, so a branch to a block of the region continues in JS (no return to run())
// while nothing can have changed the interrupt or stop state (no slow path or impure handler ran,
// `S === 0`) and the budget (`cpu.jitEnd`) has room for the whole next block.
//
// Precise state: a local `k` holds the region-wide index of the instruction that may fault next; the
// catch sets cpu.prevEip to it and retires only the instructions before it, so run()'s fault path
// rewinds EIP exactly as it does for the interpreter. Flag records that a later instruction of the
// same block overwrites before anything could observe them are not written at all.
import type { Cpu } from "../cpu.ts";
import { Flow, type Block, type Insn } from "../insn.ts";
import type { EmitContext, FlagProducer, Plan } from "./plan.ts";
import { ACCESS_LOCALS } from "./emit_memory.ts";
import { defersFlags, FLAG_LOCALS, FLUSH_FLAGS, touchesLf } from "./deferred_flags.ts";
import { planAlu } from "./emit_alu.ts";
import { planMov } from "./emit_mov.ts";
import { planFlow } from "./emit_flow.ts";
import { planShift } from "./emit_shift.ts";
import { planMulti } from "./emit_multi.ts";
import { planX87 } from "./emit_x87.ts";
import { isPureHandler, type RegionBlock } from "./region.ts";

/**
 * A compiled region. Runs from its entry block (possibly through several of its blocks), retiring
 * instructions into cpu.instructionCount and leaving cpu.eip at the next
 * instruction; returns 0. Callers run it only in the mode it was compiled for (Block.compiledMode).
 */
export type CompiledBlock = (cpu: Cpu) => number;

/** The inline plan for `i`, or undefined when its interpreter handler must run. */
export function planFor(i: Insn, ss32: number): Plan | undefined {
  if (i.lock) return undefined;
  return planAlu(i) ?? planMov(i, ss32) ?? planFlow(i, ss32) ?? planShift(i) ?? planMulti(i) ?? planX87(i);
}

/** Thrown if control ever falls out of a region's code (a compiler bug, never the guest's doing). */
const BAD_REGION = new Error("jit: control fell out of a compiled region");

/** Statistics for tests and `nk bench`: how much of the compiled code is inline. */
export const jitStats = { blocks: 0, inline: 0, calls: 0 };

// Placeholders for "store the written register locals" / "reload the used ones", filled in once
// the whole region's code is known (only registers the code names are kept in locals).
const SAVE = "@SAVE@";
const LOAD = "@LOAD@";

/** Byte offsets of each instruction's start within its block, plus the block's end. */
function offsets(insns: Insn[]): number[] {
  const off: number[] = [0];
  for (const i of insns) off.push(off[off.length - 1] + i.len);
  return off;
}

/**
 * Generates the JavaScript source of the function body for a region (exported for tests): the
 * first block is the entry; `off` of each block is its linear offset from the entry.
 */
export function regionSource(region: RegionBlock[], cs32: number, ss32: number): string {
  const index = new Map<number, number>();
  region.forEach((b, j) => index.set(b.off, j));
  let cases = "";
  let base = 0;
  for (let j = 0; j < region.length; j++) {
    cases += `case ${j}: {\n${blockBody(region[j], base, index, region, ss32)}}\n`;
    base += region[j].insns.length;
  }
  const used: number[] = [], written: number[] = [];
  for (let r = 0; r < 8; r++) {
    if (new RegExp(`\\bg${r}\\b`).test(cases)) used.push(r);
    if (cases.includes(`g${r} = `)) written.push(r);
  }
  // The flag write-back only where some instruction defers a record.
  const flush = defersFlags(cases) ? " " + FLUSH_FLAGS : "";
  const save = written.map((r) => `r32[${r}] = g${r};`).join(" ") + flush;
  const load = used.map((r) => `g${r} = r32[${r}];`).join(" ");
  cases = cases.replaceAll(SAVE, save).replaceAll(LOAD, load);
  // A region that never branches back into itself needs no dispatch loop.
  const looped = /\bL = \d+; continue;/.test(cases);
  const body = looped
    ? `    for (;;) {\n      switch (L) {\n${cases}      }\n      throw BAD;\n    }`
    : cases.replace(/^case 0: \{\n/, "{\n") + `    throw BAD;`;
  const locals = used.length ? `let ${used.map((r) => `g${r} = r32[${r}]`).join(", ")};` : "";
  // Only what the code uses is read at entry (each read is machine code in every hot function).
  const reads = ["e0 = cpu.eip", /\bRD\b/.test(body) ? "RD = cpu.tlbRead" : "",
    /\bWR\b/.test(body) ? "WR = cpu.tlbWrite" : "", /\bXM\b/.test(body) ? "XM = cpu.tlbExec" : ""].filter(Boolean);
  return `return function block(cpu) {
  ${reads.length ? `const ${reads.join(", ")};` : ""}
  ${locals}
  let k = 0, L = 0, N = 0, HC = 0, S = 0, A = 0, B = 0, R = 0, t = 0, T = 0, C = 0, ${ACCESS_LOCALS}, ${FLAG_LOCALS};
  ${looped ? "let LEFT = cpu.jitEnd - cpu.instructionCount;" : ""}
  body: try {
${body}
  } catch (x) {
    cpu.prevEip = (e0 + OFF[k]) | 0;
    cpu.instructionCount += N + POS[k];
    if (HC === 0) { ${save} }
    throw x;
  }
  ${save}
  cpu.eip = T;
  cpu.instructionCount += N + C;
  return 0;
};`;
}

/** The code of one block of a region; `base` is the region-wide index of its first instruction. */
function blockBody(rb: RegionBlock, base: number, index: Map<number, number>, region: RegionBlock[], ss32: number): string {
  const insns = rb.insns;
  const n = insns.length;
  const plans = insns.map((i) => planFor(i, ss32));
  const off = offsets(insns);
  const at = (x: number) => `(e0 + ${rb.off + x}) | 0`;

  // Flag liveness, backwards: flags are observable at the block end, by readers, at faults and
  // inside handlers.
  const flagsLive: boolean[] = new Array(n);
  let live = true;
  for (let k = n - 1; k >= 0; k--) {
    flagsLive[k] = live;
    const p = plans[k];
    live = p === undefined || p.reads || p.faults || (live && !p.writes);
  }

  // Every exit goes through the function's one epilogue (register stores, EIP, count): `T` is the
  // next EIP, `C` the instructions to add to N. One copy of the epilogue keeps the function's
  // machine code small, which matters once hundreds of them are hot (instruction cache).
  const exitAfter = (k: number, eip: string) => `{ T = ${eip}; C = ${k + 1}; break body; }`;
  // Leaves instruction k for linear offset `t` (from the entry): chains to the region's block there
  // when allowed, else returns to run().
  // A block of another page is entered only while its linear address still maps to the physical
  // block compiled here (the TLB entry, with execute permission at the current privilege).
  const goTo = (k: number, t: number) => {
    const j = index.get(t);
    if (j === undefined) return exitAfter(k, `(e0 + ${t}) | 0`);
    const nt = region[j].insns.length, far = region[j].farPhys;
    if (far === undefined) {
      return `{ N += ${k + 1}; if (S === 0 && (LEFT -= ${k + 1}) >= ${nt}) { L = ${j}; continue; } ` +
        `T = (e0 + ${t}) | 0; C = 0; break body; }`;
    }
    return `{ N += ${k + 1}; T = (e0 + ${t}) | 0; if (S === 0 && ((e = tlb[T >>> 12]) & XM) !== 0 && ` +
      `((e & ~0xfff) ^ T) === ${far} && (LEFT -= ${k + 1}) >= ${nt}) { L = ${j}; continue; } C = 0; break body; }`;
  };
  // The last instruction of a block ending in a return or an indirect call/jump continues in the
  // region when it goes where it went while the block was interpreted.
  const seenIn = rb.seenOff !== undefined && index.has(rb.seenOff) ? rb.seenOff : undefined;
  const exitLast = (k: number, eip: string) => seenIn === undefined || k !== n - 1 ? exitAfter(k, eip) :
    `{ T = ${eip}; if (T === ((e0 + ${seenIn}) | 0)) ${goTo(k, seenIn)} C = ${k + 1}; break body; }`;

  let body = "";
  let producer: FlagProducer | undefined;
  for (let k = 0; k < n; k++) {
    const i = insns[k], p = plans[k], g = base + k;
    const next = at(off[k + 1]);
    if (p === undefined) {
      jitStats.calls++;
      body += `k = ${g}; cpu.prevEip = ${at(off[k])}; cpu.eip = ${next}; ${SAVE} cpu.instructionCount += N; N = 0; ` +
        `HC = 1; H[${g}](cpu, I[${g}]); HC = 0;\n`;
      if (i.flow === Flow.End) {
        body += `cpu.instructionCount += ${k + 1}; return 0;\n`;
      } else {
        body += `${LOAD}${isPureHandler(i) ? "" : " S = 1;"} if (!blk.valid) { cpu.instructionCount += ${k + 1}; return 0; }\n`;
      }
      producer = undefined;
      continue;
    }
    jitStats.inline++;
    const ctx: EmitContext = {
      i, k, flagsLive: flagsLive[k], producer, nextEip: next,
      target: (rel: number) => i.o16 ? `(e0 + ${rb.off + off[k + 1] + rel}) & 0xffff` : at(off[k + 1] + rel),
      exit: (eip: string) => exitLast(k, eip),
      branch: (rel: number) => i.o16 ? exitAfter(k, `(e0 + ${rb.off + off[k + 1] + rel}) & 0xffff`) : goTo(k, rb.off + off[k + 1] + rel),
    };
    if (p.faults) body += `k = ${g}; `;
    const code = p.emit(ctx);
    body += (touchesLf(code) ? FLUSH_FLAGS + " " : "") + code + "\n";
    // Fast-path stores never reach code pages (the TLB withholds write permission there).
    if (p.stores && !p.ends) body += `if (S !== 0 && !blk.valid) ${exitAfter(k, next)}\n`;
    if (p.producer) producer = p.producer;
    else if (p.writes || p.touchesFlags) producer = undefined;
  }
  const last = insns[n - 1];
  if (plans[n - 1] === undefined ? last.flow !== Flow.End : !plans[n - 1]!.ends) body += goTo(n - 1, rb.off + off[n]) + "\n";
  return body;
}

/** The source for a single block (tests). */
export function blockSource(block: Block, cs32: number, ss32: number): string {
  return regionSource([{ insns: block.insns, off: 0 }], cs32, ss32);
}

/** Compiles `region` (entry block first) for the CPU's current code and stack sizes. */
export function compileRegion(cpu: Cpu, entry: Block, region: RegionBlock[]): CompiledBlock {
  const all = region.flatMap((b) => b.insns);
  const offs: number[] = [], pos: number[] = [];
  for (const b of region) {
    const off = offsets(b.insns);
    for (let k = 0; k < b.insns.length; k++) { offs.push(b.off + off[k]); pos.push(k); }
  }
  const source = regionSource(region, cpu.cs32, cpu.ss32);
  jitStats.blocks += region.length;
  const factory = new Function(
    "blk", "H", "I", "OFF", "POS", "lf", "r32", "seg", "tlb", "u8", "u16", "i32", "BAD", source,
  ) as (...args: unknown[]) => CompiledBlock;
  entry.compiledMode = cpu.cs32 | (cpu.ss32 << 1);
  return factory(
    entry, all.map((i) => i.exec), all, Int32Array.from(offs), Int32Array.from(pos), cpu.lf, cpu.r32,
    cpu.segBase, cpu.tlb.entries, cpu.mem.u8, cpu.mem.u16, cpu.mem.i32, BAD_REGION,
  );
}

/** Compiles a single block (no region). */
export function compileBlock(cpu: Cpu, block: Block): CompiledBlock {
  return compileRegion(cpu, block, [{ insns: block.insns, off: 0 }]);
}
