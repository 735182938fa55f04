// The execution loop: the block cache (decoded Blocks by physical address, a direct-mapped cache in
// front of the Map, per-page lists for self-modifying-code invalidation), the interpreter loop over a
// block's instructions, and the hand-off of hot blocks to the compiler (jit/). Interrupts, stop
// requests and breakpoints are checked between blocks. Platform-neutral.
import type { Cpu } from "./cpu.ts";
import { Eflags } from "./eflags.ts";
import { FAULT } from "./fault.ts";
import { Block, type Insn } from "./insn.ts";
import { Seg } from "./registers.ts";
import { Access, flushTlb, revokeWrites, translate } from "./paging.ts";
import { decodeBlock } from "./decode.ts";
import { deliverInterrupt, InterruptKind } from "./interrupts.ts";
import { compileRegion, FAULTED, SEGMENTS_MOVED, type CompiledBlock } from "./jit/codegen.ts";
import { collectRegion } from "./jit/region.ts";

/** Why `run()` returned. */
export const StopReason = {
  Budget: 0, // executed the requested number of instructions
  Halted: 1, // HLT with no interrupt pending
  Requested: 2, // someone called requestStop()
  Breakpoint: 3, // reached a breakpoint (EIP at it, not executed)
  Shutdown: 4, // triple fault
} as const;

const MAX_BLOCK_INSNS = 64;
/** Slots of the direct-mapped cache in front of `cpu.blocks` (a Map lookup per block is measurable). */
export const BLOCK_CACHE_SIZE = 4096;

/**
 * Executes `budget` instructions on `cpu` and returns how many retired; see Cpu.run(). With `soft`,
 * a block that starts before the budget is used up runs to its end (up to MAX_BLOCK_INSNS − 1
 * more): time slices then end on block boundaries, so a hot block is not cut into a tail that
 * would be decoded, counted and compiled as a block of its own once per slice.
 */
export function runCpu(cpu: Cpu, budget: number, soft = false): number {
  const start = cpu.instructionCount;
  const end = start + budget;
  cpu.stopReason = StopReason.Budget;
  // The try/catch sits outside the dispatch loop (faults are rare; a handler per block costs).
  for (;;) {
    try {
      dispatch(cpu, end, soft);
      break;
    } catch (err) {
      if (err !== FAULT) throw err;
      cpu.eip = cpu.prevEip;
      cpu.fault(FAULT.vector, FAULT.errorCode, FAULT.address);
      if (cpu.stopReason === StopReason.Shutdown) break;
    }
  }
  return cpu.instructionCount - start;
}

/** The dispatch loop: runs blocks until `end` (see runCpu's `soft`) or a stop; faults propagate to runCpu(). */
function dispatch(cpu: Cpu, end: number, soft: boolean): void {
  const cache = cpu.blockCache;
  // The block the interpreter ran last: where control went next is recorded for the JIT's regions.
  let interpreted: Block | undefined;
  // Set when compiled code yielded to the interpreter: the next block is interpreted.
  let yielded = false;
  while (cpu.instructionCount < end) {
    if (cpu.stopRequested) {
      cpu.stopRequested = false;
      cpu.stopReason = StopReason.Requested;
      return;
    }
    cpu.prevEip = cpu.eip; // a fault before the first instruction runs must not rewind further
    if (cpu.intPending.value && !cpu.intShadow && (cpu.lf.flags & Eflags.IF) && cpu.intc!.hasInterrupt()) {
      cpu.halted = false;
      deliverInterrupt(cpu, cpu.intc!.acknowledge(), -1, InterruptKind.Hardware);
      cpu.prevEip = cpu.eip; // the handler (or a kernel hook) may have switched context
    }
    cpu.intShadow = false;
    if (cpu.halted) { cpu.stopReason = StopReason.Halted; return; }
    const lin = (cpu.segBase[Seg.CS] + cpu.eip) | 0;
    if (interpreted !== undefined) { interpreted.seenNext = lin; interpreted = undefined; }
    if (cpu.breakpoints.size && cpu.breakpoints.has(lin >>> 0)) {
      if (cpu.resumeFrom !== lin) {
        cpu.resumeFrom = lin;
        cpu.stopReason = StopReason.Breakpoint;
        return;
      }
    }
    cpu.resumeFrom = -1;
    const e = cpu.tlb.entries[lin >>> 12];
    const phys = (e & cpu.tlbExec) ? (e & ~0xfff) ^ lin : translate(cpu, lin, Access.Exec);
    const slot = (phys ^ (phys >>> 12)) & (BLOCK_CACHE_SIZE - 1);
    let block = cache[slot];
    if (block === undefined || block.phys !== phys || !block.valid) {
      block = cpu.blocks.get(phys);
      if (block === undefined) block = buildBlock(cpu, lin, phys);
      else cache[slot] = block;
    }
    const left = soft ? Math.max(end - cpu.instructionCount, block.insns.length) : end - cpu.instructionCount;
    // Hot cached blocks run as compiled JavaScript (jit/codegen.ts) when the whole block fits in
    // the budget; otherwise, and for cold or page-crossing blocks, the interpreter runs them.
    let f = block.compiled;
    if (f === undefined && cpu.jitEnabled && ++block.hits >= cpu.jitThreshold && cpu.blocks.get(phys) === block) {
      f = block.compiled = compileHot(cpu, block, lin);
    }
    // Compiled code is specialised for the code and stack sizes it was compiled under.
    if (f !== undefined && !yielded && block.insns.length <= left && block.compiledMode === (cpu.cs32 | (cpu.ss32 << 1))) {
      cpu.jitEnd = cpu.breakpoints.size ? 0 : end;
      const r = f(cpu);
      if (r >= 0) continue;
      if (r === FAULTED) { // a slow memory path's fault, the state saved as of its instruction
        cpu.jitFault = 0;
        throw FAULT;
      }
      if (r === SEGMENTS_MOVED) {
        block.compiled = undefined;
        block.hits = 0;
        block.segmentsVary = true;
      }
      // An x87 run handed the instruction at EIP to the interpreter (jit/x87_run.ts), or the code
      // did not run (SEGMENTS_MOVED): the block from there runs interpreted once, even if it is
      // compiled (it may start with that run).
      yielded = true;
      continue;
    }
    yielded = false;
    execBlock(cpu, block, left);
    interpreted = block;
  }
}

/**
 * Runs the instructions of one block (at most `limit`) in the interpreter. With the JIT off, a block
 * that ends in a near transfer or falls through (Block.chains) continues straight into the next
 * block when that one is in the block cache, its page is in the TLB and dispatch() would do nothing
 * else first: no stop request, no interrupt pending or shadowed, no breakpoints. Within one run()
 * slice only instructions change that state, and a chaining block's instructions cannot (I/O, INT,
 * HLT, flag and mode changes end blocks that do not chain). Retired instructions are counted per
 * block, as dispatch() would.
 */
function execBlock(cpu: Cpu, block: Block, limit: number): void {
  let k = 0, eip = cpu.eip;
  try {
    for (;;) {
      const insns = block.insns;
      const n = insns.length < limit ? insns.length : limit;
      // Only a block's last instruction may change EIP (Flow.End), so EIP is tracked in a local.
      while (k < n) {
        const i = insns[k];
        cpu.prevEip = eip;
        cpu.eip = eip = (eip + i.len) | 0;
        const pair = i.pair;
        if (pair !== undefined && k + 1 < n) {
          // A superinstruction (opcodes/fuse.ts) runs i and the next; it leaves prevEip at the
          // second unless i's store invalidated the block (then only i ran).
          pair(cpu, i, insns[k + 1], block);
          if (cpu.prevEip !== eip) { k++; return; }
          k += 2;
          eip = cpu.eip;
        } else {
          i.exec(cpu, i);
          k++;
        }
        if (!block.valid) return;
      }
      cpu.instructionCount += k;
      limit -= k;
      k = 0;
      if (limit <= 0 || !block.chains || cpu.jitEnabled || cpu.stopRequested || cpu.intShadow ||
        cpu.halted || cpu.intPending.value || cpu.breakpoints.size !== 0) return;
      eip = cpu.eip;
      const lin = (cpu.segBase[Seg.CS] + eip) | 0;
      const e = cpu.tlb.entries[lin >>> 12];
      if (!(e & cpu.tlbExec)) return;
      const phys = (e & ~0xfff) ^ lin;
      const next = cpu.blockCache[(phys ^ (phys >>> 12)) & (BLOCK_CACHE_SIZE - 1)];
      if (next === undefined || next.phys !== phys || !next.valid) return;
      block = next;
    }
  } catch (err) {
    // A fault in the second half of a pair: prevEip is at the second instruction (the local `eip`),
    // which a single instruction never leaves it at, and the first half has retired.
    if (cpu.prevEip === eip) k++;
    throw err;
  } finally {
    cpu.instructionCount += k;
  }
}

/**
 * Compiles a hot block together with the blocks on a loop through it (jit/region.ts). Blocks of
 * other pages come from the cache only; the entry is then also listed under those pages, so that
 * writing any of them drops the compiled region with the entry.
 */
function compileHot(cpu: Cpu, block: Block, lin: number): CompiledBlock {
  const pageBase = block.phys & ~0xfff;
  const region = collectRegion(block, lin, cpu.ss32, (l) => {
    if ((l >>> 12) !== (lin >>> 12)) {
      const e = cpu.tlb.entries[l >>> 12];
      if (!(e & cpu.tlbExec)) return undefined;
      const far = cpu.blocks.get((e & ~0xfff) ^ l);
      return far !== undefined && far.valid ? far : undefined;
    }
    const known = cpu.blocks.get(pageBase | (l & 0xfff));
    if (known !== undefined && known.valid) return known;
    let insns: Insn[];
    try {
      insns = decodeBlock(cpu, l, MAX_BLOCK_INSNS);
    } catch (err) {
      if (err === FAULT) return undefined;
      throw err;
    }
    return crossesPage(insns, l) ? undefined : { insns, phys: pageBase | (l & 0xfff), seenNext: -1 };
  });
  for (const rb of region) {
    if (rb.farPhys === undefined) continue;
    const list = cpu.pageBlocks.get(rb.farPhys >>> 12);
    if (list === undefined) return compileRegion(cpu, block, region.slice(0, 1));
    if (!list.includes(block)) list.push(block);
  }
  // The other blocks of a loop got hot with the entry: entered at them (a time slice ended there),
  // they would each compile the same loop again. They start counting afresh as entries of their own.
  for (let j = 1; j < region.length; j++) {
    const phys = region[j].phys, member = phys === undefined ? undefined : cpu.blocks.get(phys);
    if (member !== undefined && member.compiled === undefined) member.hits = 0;
  }
  return compileRegion(cpu, block, region);
}

function crossesPage(insns: Insn[], lin: number): boolean {
  let endLin = lin;
  for (const i of insns) endLin += i.len;
  return ((endLin - 1) >>> 12) !== (lin >>> 12);
}

/** Decodes the block at `lin` (physical `phys`) and caches it unless it crosses a page. */
function buildBlock(cpu: Cpu, lin: number, phys: number): Block {
  const block = new Block(phys, decodeBlock(cpu, lin, MAX_BLOCK_INSNS));
  // An instruction that crosses into the next page makes the block depend on that page's
  // mapping too; such blocks are kept out of the cache and decoded afresh each time.
  if (!crossesPage(block.insns, lin)) {
    cpu.blocks.set(phys, block);
    cpu.blockCache[(phys ^ (phys >>> 12)) & (BLOCK_CACHE_SIZE - 1)] = block;
    const page = phys >>> 12;
    const mem = cpu.mem;
    if (page < mem.codePages.length) {
      let list = cpu.pageBlocks.get(page);
      if (!list) {
        list = [];
        cpu.pageBlocks.set(page, list);
      }
      list.push(block);
      if (!mem.codePages[page]) {
        mem.codePages[page] = 1;
        revokeWrites(cpu, page);
      }
    }
  }
  return block;
}

/** Drops every cached block decoded from physical page `page` (it is being written). */
export function invalidatePage(cpu: Cpu, page: number): void {
  const list = cpu.pageBlocks.get(page);
  if (list) {
    for (const b of list) {
      b.valid = false;
      if (cpu.blocks.get(b.phys) === b) cpu.blocks.delete(b.phys);
    }
    cpu.pageBlocks.delete(page);
  }
  cpu.mem.codePages[page] = 0;
}

/** Drops all cached code (breakpoints changed, reset, loadvm). */
export function flushCode(cpu: Cpu): void {
  for (const b of cpu.blocks.values()) b.valid = false;
  cpu.blocks.clear();
  cpu.blockCache.fill(undefined);
  cpu.pageBlocks.clear();
  cpu.mem.codePages.fill(0);
  flushTlb(cpu, true);
}
