// The block compiler: turns a hot decoded Block — plus the blocks it reaches by direct jumps inside
// the same page (a "region", see region.ts) — into one JavaScript function (`new Function`) with
// straight-line code per instruction: inline code for the common integer instructions (emit_*.ts), a
// call of the interpreter handler for everything else. Platform-neutral (`Function` is ECMAScript).
//
// Guest registers live in JS locals g0…g7 while the function runs; they are stored back to cpu.r32
// before every handler call, at every exit and when a fault unwinds. The region's blocks are laid out
// as structured code (structure.ts: nested loops, labelled blocks for forward edges) or, when a cycle
// has two entries, as cases of a `switch` in a loop; either way a branch to a block
// of the region continues in JS (no return to run()) while nothing can have changed the interrupt or
// stop state (no slow path or impure handler ran, `S === 0`) and the budget (`cpu.jitEnd`) has room
// for the whole next block.
//
// Precise state: a local `k` holds the region-wide index of the instruction that may fault next. A
// slow memory path that faults leaves through the function's fault exit, which sets cpu.prevEip to
// instruction k, retires only the instructions before it and saves the registers, so run()'s fault
// path rewinds EIP exactly as it does for the interpreter; handler calls save all that before the
// call. There is no exception handler except around x87 operations: in JavaScriptCore a `catch`
// keeps every local it reads alive at each call inside the `try`, and compiling that cost the
// multiboot kernel a tenth of its time. Flag records that a later instruction of the same block
// overwrites before anything could observe them are not written at all.
import type { Cpu } from "../cpu.ts";
import { Flow, type Block, type Insn } from "../insn.ts";
import { Eflags } from "../eflags.ts";
import { Seg } from "../registers.ts";
import type { EmitContext, FlagProducer, Plan } from "./plan.ts";
import { ACCESS_LOCALS, FAULT_CHECK, segPlus } from "./emit_memory.ts";
import { defersFlags, FLAG_LOCALS, FLUSH_FLAGS, flushDeferred, touchesLf } from "./deferred_flags.ts";
import { planAlu } from "./emit_alu.ts";
import { planMov } from "./emit_mov.ts";
import { planFlow } from "./emit_flow.ts";
import { planShift } from "./emit_shift.ts";
import { planMulti } from "./emit_multi.ts";
import { planX87 } from "./emit_x87.ts";
import { planString } from "./emit_string.ts";
import { planSse, SSE_STATE, usesSseState } from "./emit_sse.ts";
import { isX87, registerOnly, x87Region, x87Runs, type RunContext, type X87Block, type X87RegionCode } from "./x87_run.ts";
import { X87_RUN } from "../x87/jit_run.ts";
import { INT_IMM8, isPureHandler, loopBlocks, staticSuccessors, type RegionBlock } from "./region.ts";
import { currentCompiledHook } from "./settings.ts";
import { layoutRegion, type Item } from "./structure.ts";

/**
 * A compiled region. Runs from its entry block (possibly through several of its blocks), retiring
 * instructions into cpu.instructionCount and leaving cpu.eip at the next
 * instruction; returns 0, or −1 when an x87 run left the instruction at cpu.eip to the interpreter
 * (x87_run.ts), or SEGMENTS_MOVED without running. Callers run it only in the mode it was compiled
 * for (Block.compiledMode).
 */
export type CompiledBlock = (cpu: Cpu) => number;

/** The inline plan for `i`, or undefined when its interpreter handler must run. */
export function planFor(i: Insn, ss32: number): Plan | undefined {
  if (i.lock) return undefined;
  return planAlu(i) ?? planMov(i, ss32) ?? planFlow(i, ss32) ?? planShift(i) ?? planMulti(i) ?? planX87(i) ?? planString(i) ??
    planSse(i);
}

/**
 * The plans of a block's instructions for stack size `ss32`, worked out once per block
 * (choosing the region, x87 region mode and code generation all need them, in every compile).
 */
const plansCache = new WeakMap<Insn[], { ss32: number; plans: (Plan | undefined)[] }>();
function plansOf(insns: Insn[], ss32: number): (Plan | undefined)[] {
  const known = plansCache.get(insns);
  if (known !== undefined && known.ss32 === ss32) return known.plans;
  const plans = insns.map((i) => planFor(i, ss32));
  plansCache.set(insns, { ss32, plans });
  return plans;
}

/** Thrown if control ever falls out of a region's code (a compiler bug, never the guest's doing). */
const BAD_REGION = new Error("jit: control fell out of a compiled region");

/** Statistics for tests and `nk bench`: how much of the compiled code is inline. */
export const jitStats = { blocks: 0, inline: 0, calls: 0, x87Regions: 0 };

// Placeholders for "store the written register locals" / "reload the used ones", filled in once
// the whole region's code is known (only registers the code names are kept in locals).
const SAVE = "@SAVE@";
const LOAD = "@LOAD@";
// Placeholders for the segment-base checks after handler calls and resumed system calls (filled
// in with the check of the bases the region compiled as zero, or with nothing).
const SEGS_MOVED = "@SEGS_MOVED@";
const SEGS_KEPT = "@SEGS_KEPT@";

/**
 * Returned by a compiled region entered while a segment base it compiled as zero is not zero any
 * more: nothing ran, and run() recompiles the block with the bases read at run time.
 */
export const SEGMENTS_MOVED = -2;

/**
 * Returned by a compiled region whose slow memory path caught a fault (cpu.jitFault, the fault in
 * FAULT): the state is saved as of the faulting instruction, and run() raises the fault.
 */
export const FAULTED = -3;

/** Leaves a region's code for its fault exit (after `k` names the faulting instruction). */
const FAULT_EXIT = "break faulted;";

// Placeholders around a handler call for what only a catch reads (the instruction's index in `k`,
// and HC: the registers are in cpu.r32 during the call); filled in, or dropped, once the region's
// code shows whether it needs a catch.
const CATCH_K = /@K(\d+)@/g;
const catchK = (g: number) => `@K${g}@`;
const CATCH_HC_ON = "@HC1@";
const CATCH_HC_OFF = "@HC0@";

/** x87 operations called from compiled code (emit_x87.ts): they may throw a fault. */
const X87_CALL = /\.jit\./;

/**
 * The segments whose base is zero now (bit n for segment n): a region compiled now may leave their
 * bases out of its addresses (flat segments: a Linux process's CS, DS, ES and SS, a multiboot
 * kernel's). That saves a typed-array load and an add per memory access — matmul 10 % and sha256
 * 4 % of their time — for a check of those bases on entry and after each handler that could have
 * loaded a segment register or switched threads (codegen's SEGS_MOVED).
 */
export function zeroSegments(segBase: Int32Array): number {
  let mask = 0;
  for (let n = 0; n < 6; n++) if (segBase[n] === 0) mask |= 1 << n;
  return mask;
}

/** Byte offsets of each instruction's start within its block, plus the block's end. */
function offsets(insns: Insn[]): number[] {
  const off: number[] = [0];
  for (const i of insns) off.push(off[off.length - 1] + i.len);
  return off;
}

/** An edge to another block of the region (generated by goTo): the code needs its dispatch loop. */
const LOOP_EDGE = /\bL = \d+; continue R;/;
/** An edge from a block to its own start: the block's code is a loop of its own (`B<j>: for`). */
const SELF_EDGE = /\bcontinue B\d+;/;

/** An edge of a block's code to a block of the region (goTo's `L = j; continue R;`). */
const EDGE = /\bL = (\d+); continue R;/g;

/**
 * The region's blocks as structured code (structure.ts), when its graph is reducible: an edge back to
 * a loop's header is `continue W<h>` of that loop, an edge forward `break F<j>` out of a labelled
 * block ending right before block j. Undefined otherwise (the `switch` dispatch loop takes any
 * shape). JavaScriptCore's compile time grows with the merges at a loop head, where the `switch`
 * brings every edge and with it every local of every block (qsort's compiles took a fifth longer).
 */
function structuredCode(blocks: string[]): string | undefined {
  const succ = blocks.map((code, j) => [...new Set([...code.matchAll(EDGE)].map((m) => Number(m[1])))].filter((t) => t !== j));
  const layout = layoutRegion(succ);
  if (layout === undefined) return undefined;
  const { loops, forwardTargets } = layout;
  const code = (j: number) => blocks[j].replace(EDGE, (_, t) => (loops.get(Number(t))?.has(j) ? `continue W${t};` : `break F${t};`));
  const render = (items: Item[]): string => {
    let out = "";
    for (const item of items) {
      const first = "block" in item ? item.block : item.header;
      const piece = "block" in item ? code(item.block) : `W${item.header}: for (;;) {\n${render(item.items)}\n}`;
      if (out !== "") out = forwardTargets.has(first) ? `F${first}: {\n${out}}\n` : `${out}\n`;
      out += piece;
    }
    return out;
  };
  return render(layout.items);
}

/**
 * Generates the JavaScript source of the function body for a region (exported for tests): the
 * first block is the entry; `off` of each block is its linear offset from the entry.
 */
export function regionSource(region: RegionBlock[], cs32: number, ss32: number, zeroSegs = 0): string {
  return regionCode(region, cs32, ss32, zeroSegs).source;
}

/**
 * regionSource, and whether the code has a cycle (an edge to a block at or before its source).
 * `zeroSegs` (zeroSegments) are the segments whose bases the code may take as zero.
 */
function regionCode(region: RegionBlock[], cs32: number, ss32: number, zeroSegs: number,
  known?: { x87: X87RegionCode | undefined }): { source: string; loops: boolean; x87: boolean } {
  const index = new Map<number, number>();
  region.forEach((b, j) => index.set(b.off, j));
  const edges = { back: false };
  // The x87 stack in locals across the whole region, when its blocks qualify (x87_run.ts; `known`
  // when compileRegion's choice of region has found out already).
  const xr = known !== undefined ? known.x87 : x87Region(x87Blocks(region, ss32));
  const blocks: string[] = [];
  let base = 0;
  for (let j = 0; j < region.length; j++) {
    const code = blockBody(region[j], base, index, region, cs32, ss32, edges, xr?.code[j], xr?.before[j]);
    // A block that branches to its own start loops in place, as tight as a function of its own.
    blocks.push(code.includes(`continue B${j};`) ? `B${j}: for (;;) {\n${code}}` : `{\n${code}}`);
    base += region[j].insns.length;
  }
  const all = blocks.join("\n");
  const used: number[] = [], written: number[] = [];
  for (let r = 0; r < 8; r++) {
    if (new RegExp(`\\bg${r}\\b`).test(all)) used.push(r);
    if (all.includes(`g${r} = `)) written.push(r);
  }
  // The flag write-back only where some instruction defers a record.
  const flush = defersFlags(all) ? " " + FLUSH_FLAGS : "";
  const save = written.map((r) => `r32[${r}] = g${r};`).join(" ") + flush;
  const sse = usesSseState(all);
  // After a handler call (or a resumed system call) CR0, CR4 or MXCSR may have changed.
  const load = used.map((r) => `g${r} = r32[${r}];`).join(" ") + (sse ? ` ${SSE_STATE}` : "");
  // Zero bases left out: only those of segments the code addresses (each one is checked).
  const zero: number[] = [];
  for (let n = 0; n < 6; n++) if ((zeroSegs >> n) & 1 && all.includes(segPlus(n))) zero.push(n);
  const moved = zero.length ? `(${zero.map((n) => `seg[${n}]`).join(" | ")}) !== 0` : "";
  // Slow memory paths leave through the fault exit (FAULT_EXIT); only code calling x87 operations,
  // which raise #MF, #NM and memory faults themselves, needs an exception handler. (x87 runs never
  // fault: they hand the instruction to the interpreter.)
  const caught = X87_CALL.test(all);
  const fill = (code: string) => {
    let c = code.replaceAll(SAVE, save).replaceAll(LOAD, load).replace(CATCH_K, caught ? "k = $1; " : "")
      .replaceAll(CATCH_HC_ON, caught ? "HC = 1; " : "").replaceAll(CATCH_HC_OFF, caught ? " HC = 0;" : "");
    for (const n of zero) c = c.replaceAll(segPlus(n), "");
    return c.replaceAll(SEGS_MOVED, moved && ` || ${moved}`).replaceAll(SEGS_KEPT, moved && ` && !(${moved})`);
  };
  for (let j = 0; j < blocks.length; j++) blocks[j] = fill(blocks[j]);
  // A region without edges between its blocks needs no dispatch loop.
  const looped = blocks.some((b) => LOOP_EDGE.test(b));
  // A path whose first block leaves through a handler (no edge to the next one): compile it alone.
  if (!looped && region.length > 1) return regionCode(region.slice(0, 1), cs32, ss32, zeroSegs);
  const structured = looped ? structuredCode(blocks) : blocks[0];
  const body = (xr !== undefined ? xr.prologue : "") + (structured !== undefined ? `${structured}\n    throw BAD;`
    : `    R: for (;;) {\n      switch (L) {\n${blocks.map((b, j) => `case ${j}: ${b}\n`).join("")}      }\n      throw BAD;\n    }`);
  if (xr !== undefined) jitStats.x87Regions++;
  const x87Exit = xr !== undefined ? ` ${xr.epilogue}` : "";
  const locals = used.length ? `let ${used.map((r) => `g${r} = r32[${r}]`).join(", ")};` : "";
  // Only what the code uses is read at entry (each read is machine code in every hot function).
  const reads = ["e0 = cpu.eip", /\bRD\b/.test(body) ? "RD = cpu.tlbRead" : "",
    /\bWR\b/.test(body) ? "WR = cpu.tlbWrite" : "", /\bXM\b/.test(body) ? "XM = cpu.tlbExec" : ""].filter(Boolean);
  // Leaving at instruction k's fault: the state as of k, as the interpreter would have it.
  const unwind = `cpu.prevEip = (e0 + OFF[k]) | 0; cpu.instructionCount += N + POS[k];`;
  let code = `${caught ? "body: try" : "body:"} {
${body}
  }${caught ? ` catch (x) {
    ${unwind}
    if (HC === 0) { ${save} }${x87Exit}
    throw x;
  }` : ""}
  ${save}${x87Exit}
  cpu.eip = T;
  cpu.instructionCount += N + C;
  return Y;`;
  if (body.includes(FAULT_EXIT)) code = `faulted: {
  ${code}
  }
  ${unwind}
  ${save}${x87Exit}
  return ${FAULTED};`;
  return { loops: edges.back, x87: xr !== undefined, source: `return function block(cpu) {
  ${moved ? `if (${moved}) return ${SEGMENTS_MOVED};` : ""}
  ${reads.length ? `const ${reads.join(", ")};` : ""}
  ${locals}
  ${xr !== undefined ? xr.decls : ""}
  ${sse ? `let SG = false, SO = false; ${SSE_STATE}` : ""}
  let k = 0, L = 0, N = 0,${caught ? " HC = 0," : ""} S = 0, A = 0, B = 0, R = 0, t = 0, T = 0, C = 0, Y = 0, ${ACCESS_LOCALS}, ${FLAG_LOCALS};
  ${looped || SELF_EDGE.test(all) ? "let LEFT = cpu.jitEnd - cpu.instructionCount;" : ""}
  ${code}
};` };
}

/** The code of one block of a region; `base` is the region-wide index of its first instruction. */
function blockBody(rb: RegionBlock, base: number, index: Map<number, number>, region: RegionBlock[], cs32: number,
  ss32: number, edges: { back: boolean }, regionRuns?: Map<number, string>, regionSyncs?: Map<number, string>): string {
  const self = index.get(rb.off)!;
  const insns = rb.insns;
  const n = insns.length;
  const plans = plansOf(insns, ss32);
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
    if (j <= self) edges.back = true;
    const nt = region[j].insns.length, far = region[j].farPhys;
    if (j === self) {
      return `{ N += ${k + 1}; if (S === 0 && (LEFT -= ${k + 1}) >= ${nt}) continue B${j}; T = (e0 + ${t}) | 0; C = 0; break body; }`;
    }
    if (far === undefined) {
      return `{ N += ${k + 1}; if (S === 0 && (LEFT -= ${k + 1}) >= ${nt}) { L = ${j}; continue R; } ` +
        `T = (e0 + ${t}) | 0; C = 0; break body; }`;
    }
    return `{ N += ${k + 1}; T = (e0 + ${t}) | 0; if (S === 0 && ((e = tlb[T >>> 12]) & XM) !== 0 && ` +
      `((e & ~0xfff) ^ T) === ${far} && (LEFT -= ${k + 1}) >= ${nt}) { L = ${j}; continue R; } C = 0; break body; }`;
  };
  // The last instruction of a block ending in a return or an indirect call/jump continues in the
  // region when it goes where it went while the block was interpreted.
  const seenIn = rb.seenOff !== undefined && index.has(rb.seenOff) ? rb.seenOff : undefined;
  const exitLast = (k: number, eip: string) => seenIn === undefined || k !== n - 1 ? exitAfter(k, eip) :
    `{ T = ${eip}; if (T === ((e0 + ${seenIn}) | 0)) ${goTo(k, seenIn)} C = ${k + 1}; break body; }`;

  // x87 runs keep the register stack in locals (x87_run.ts); their instructions' code comes from there.
  const leave = runContext(rb);
  const runs = regionRuns ?? x87Runs(insns, plans, leave);

  let body = "";
  let producer: FlagProducer | undefined;
  for (let k = 0; k < n; k++) {
    const i = insns[k], p = plans[k], g = base + k;
    const next = at(off[k + 1]);
    if (p === undefined) {
      jitStats.calls++;
      // The state is the interpreter's before the call (the instructions before this one retired,
      // N = −k makes the block's later exits count them once), so a fault or any other exception
      // from the handler needs nothing from this function's locals.
      body += `${catchK(g)}cpu.prevEip = ${at(off[k])}; cpu.eip = ${next}; ${SAVE} cpu.instructionCount += N + ${k}; N = ${-k}; ` +
        `${CATCH_HC_ON}H[${g}](cpu, I[${g}]);${CATCH_HC_OFF}\n`;
      if (i.flow === Flow.End) {
        const t = rb.off + off[n];
        if (i.op === INT_IMM8 && k === n - 1 && index.has(t)) body += resumeAfterInt(k, t, next, cs32, ss32, region[index.get(t)!], goTo);
        body += `cpu.instructionCount += 1; return 0;\n`;
      } else {
        // An impure handler may have loaded a segment register whose base the code took as zero.
        body += `${LOAD}${isPureHandler(i) ? " if (!blk.valid)" : ` S = 1; if (!blk.valid${SEGS_MOVED})`} ` +
          `{ cpu.instructionCount += 1; return 0; }\n`;
      }
      producer = undefined;
      continue;
    }
    jitStats.inline++;
    const ctx: EmitContext = {
      i, k, flagsLive: flagsLive[k], producer, nextEip: next, handOver: `{ ${leave.exitBefore(k)} }`,
      target: (rel: number) => i.o16 ? `(e0 + ${rb.off + off[k + 1] + rel}) & 0xffff` : at(off[k + 1] + rel),
      exit: (eip: string) => exitLast(k, eip),
      branch: (rel: number) => i.o16 ? exitAfter(k, `(e0 + ${rb.off + off[k + 1] + rel}) & 0xffff`) : goTo(k, rb.off + off[k + 1] + rel),
    };
    body += regionSyncs?.get(k) ?? "";
    const inRun = runs.get(k);
    // A slow path's fault exit names its instruction; an x87 operation, which may throw, is named
    // before it for the catch. (Run code hands faults to the interpreter.)
    const code = (inRun ?? p.emit(ctx)).replaceAll(FAULT_CHECK, `if (cpu.jitFault !== 0) { k = ${g}; ${FAULT_EXIT} }`);
    if (p.faults && inRun === undefined && X87_CALL.test(code)) body += catchK(g);
    body += (touchesLf(code) ? FLUSH_FLAGS + " " : "") + code + "\n";
    // Fast-path stores never reach code pages (the TLB withholds write permission there).
    if (p.stores && !p.ends && inRun === undefined) body += `if (S !== 0 && !blk.valid) ${exitAfter(k, next)}\n`;
    if (p.producer) producer = p.producer;
    else if (p.writes || p.touchesFlags) producer = undefined;
  }
  const last = insns[n - 1];
  if (plans[n - 1] === undefined ? last.flow !== Flow.End : !plans[n - 1]!.ends) body += goTo(n - 1, rb.off + off[n]) + "\n";
  return body;
}

/**
 * After INT n's handler (a system call the kernel's hook served in JavaScript), the code continues
 * with the region's block at the next instruction instead of returning to run() — when nothing the
 * region relies on changed: EIP is the next instruction (no signal frame, no switch to a thread
 * elsewhere), the privilege and code/stack sizes are as compiled, there is no stop request, halt or
 * deliverable interrupt (which run() would act on first), the region is still valid, and the next
 * block's linear address still maps to the physical code compiled here. Whichever thread that
 * leaves running, its registers are reloaded: the code is the same code for it.
 */
function resumeAfterInt(k: number, t: number, next: string, cs32: number, ss32: number, target: RegionBlock,
  goTo: (k: number, t: number) => string): string {
  if (target.phys === undefined) return "";
  return `T = cpu.eip; if (T === (${next}) && cpu.tlbExec === XM && cpu.cs32 === ${cs32} && cpu.ss32 === ${ss32} && ` +
    `!cpu.stopRequested && !cpu.halted && !(cpu.intPending.value && (lf.flags & ${Eflags.IF})) && blk.valid${SEGS_KEPT} && ` +
    `((e = tlb[(a = (${segPlus(Seg.CS)}T) | 0) >>> 12]) & XM) !== 0 && ((e & ~0xfff) ^ a) === ${target.phys}) { ${LOAD} ${goTo(k, t)} }\n`;
}

/** The region's blocks as x87_run.ts's region mode sees them. */
function x87Blocks(region: RegionBlock[], ss32: number): X87Block[] {
  const index = new Map<number, number>();
  region.forEach((b, j) => index.set(b.off, j));
  return region.map((rb) => ({
    insns: rb.insns, plans: plansOf(rb.insns, ss32), ctx: runContext(rb),
    next: staticSuccessors(rb.insns, rb.off, false).flatMap((t) => index.has(t) ? [index.get(t)!] : []),
  }));
}

/**
 * The region to compile: `region` itself, or — when the blocks with only x87 and register code make
 * up a smaller loop through its entry that keeps the x87 stack in locals — that inner loop (an inner
 * x87 loop inside an outer loop whose other blocks access memory, as mandelbrot's): a tight function
 * of its own runs it faster than the whole region would. The outer blocks then leave through the
 * dispatcher. Also returns the chosen region's x87 region mode (x87_run.ts), so that it is worked
 * out once.
 */
function preferX87Loop(region: RegionBlock[], ss32: number): { region: RegionBlock[]; x87: X87RegionCode | undefined } {
  if (!region.some((rb) => rb.insns.some(isX87))) return { region, x87: undefined };
  const kept = region.filter((rb) => registerOnly(rb.insns, plansOf(rb.insns, ss32)));
  if (region.length > 1 && kept[0] === region[0] && kept.length < region.length) {
    const inner = loopBlocks(kept, ss32), x87 = x87Region(x87Blocks(inner, ss32));
    if (x87 !== undefined) return { region: inner, x87 };
  }
  return { region, x87: x87Region(x87Blocks(region, ss32)) };
}

/**
 * Where a block's x87 runs find EIPs, and how its code leaves before an instruction, handing it to
 * the interpreter (x87 runs, SSE slow paths).
 */
function runContext(rb: RegionBlock): RunContext {
  const off = offsets(rb.insns);
  const at = (k: number) => `(e0 + ${rb.off + off[k]}) | 0`;
  return { eipAt: at, exitBefore: (k) => `T = ${at(k)}; C = ${k}; Y = -1; break body;` };
}

/** The source for a single block (tests). */
export function blockSource(block: Block, cs32: number, ss32: number): string {
  return regionSource([{ insns: block.insns, off: 0 }], cs32, ss32);
}

/** Compiles `region` (entry block first) for the CPU's current code and stack sizes. */
export function compileRegion(cpu: Cpu, entry: Block, whole: RegionBlock[]): CompiledBlock {
  const { region, x87: carried } = preferX87Loop(whole, cpu.ss32);
  const all = region.flatMap((b) => b.insns);
  const offs: number[] = [], pos: number[] = [];
  for (const b of region) {
    const off = offsets(b.insns);
    for (let k = 0; k < b.insns.length; k++) { offs.push(b.off + off[k]); pos.push(k); }
  }
  const zeroSegs = entry.segmentsVary ? 0 : zeroSegments(cpu.segBase);
  const { source, loops, x87 } = regionCode(region, cpu.cs32, cpu.ss32, zeroSegs, { x87: carried });
  entry.carriesX87 = x87;
  jitStats.blocks += region.length;
  const factory = new Function(
    "blk", "H", "I", "OFF", "POS", "lf", "FL", "r32", "seg", "tlb", "u8", "u16", "i32", "f32", "f64", "X", "XX", "XV", "BAD", source,
  ) as (...args: unknown[]) => CompiledBlock;
  entry.compiledMode = cpu.cs32 | (cpu.ss32 << 1);
  const compiled = factory(
    entry, all.map((i) => i.exec), all, Int32Array.from(offs), Int32Array.from(pos), cpu.lf, flushDeferred, cpu.r32,
    cpu.segBase, cpu.tlb.entries, cpu.mem.u8, cpu.mem.u16, cpu.mem.i32, cpu.mem.f32, cpu.mem.f64, X87_RUN,
    cpu.xmm, new Float64Array(cpu.xmm.buffer, cpu.xmm.byteOffset, 16), BAD_REGION,
  );
  currentCompiledHook()?.(compiled, loops);
  return compiled;
}

/** Compiles a single block (no region). */
export function compileBlock(cpu: Cpu, block: Block): CompiledBlock {
  return compileRegion(cpu, block, [{ insns: block.insns, off: 0 }]);
}
