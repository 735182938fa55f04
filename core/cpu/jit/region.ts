// Region discovery for the block compiler: starting from a hot block, the blocks reachable through
// direct jumps, conditional branches, near calls, fall-through and — for returns and indirect
// calls/jumps — the successor last observed while the block was interpreted. Blocks of the entry's
// page are decoded as needed; blocks of other pages are taken only when already cached, and the
// compiled code re-checks their mapping (the TLB) before entering them. Also the list of interpreter
// handlers that cannot change interrupt, stop or paging state. Platform-neutral.
import type { Insn } from "../insn.ts";
import { Flow } from "../insn.ts";

/** A block the region may take in: its instructions, physical address and observed successor. */
export interface RegionCandidate {
  readonly insns: Insn[];
  readonly phys: number;
  /** Linear address that followed the block's last interpreted run (-1: none seen). */
  readonly seenNext: number;
  /** The block's own compiled code, if it has some (a path stops there rather than copy it). */
  readonly compiled?: unknown;
  /** Its compiled loop keeps the x87 stack in locals: no other region takes the block in. */
  readonly carriesX87?: boolean;
}

/** One block of a region: its instructions and its linear offset from the region's entry. */
export interface RegionBlock {
  readonly insns: Insn[];
  readonly off: number;
  /** Physical address, when the block lies outside the entry's page (entering it needs a TLB check). */
  readonly farPhys?: number;
  /** Physical address (always set by collectRegion; a resumption after INT checks the TLB for it). */
  readonly phys?: number;
  /** Offset of the observed successor of a block ending in a return or an indirect call/jump. */
  readonly seenOff?: number;
}

/**
 * Bounds on a region. A region keeps only the blocks that lie on a loop through its entry (blocks
 * that can branch back to it): a loop body split by branches then runs inside one function, while
 * the blocks leading out of it are left to their own compilations. Regions that also took in every
 * reachable block measured slower (overlapping regions, bigger functions for the engine to compile),
 * and so did 16-block regions (qsort 0.9 → 1.3 s CPU) and 4-block ones (→ 1.2 s).
 */
const MAX_REGION_BLOCKS = 8;
const MAX_REGION_INSNS = 320;

/**
 * Opcodes whose interpreter handlers only touch registers and flags when the ModRM operand is a
 * register (mod 3): ALU incl. ADC/SBB (00–3F with ModRM), IMUL (69, 6B), TEST/XCHG/MOV (84–8B),
 * shifts (C0, C1, D0–D3), group 3 (F6, F7), INC/DEC (FE, FF /0 /1), x87 register forms (D8–DF),
 * and 0F: CMOVcc, SETcc, BT*, SHLD/SHRD, IMUL, CMPXCHG, MOVZX/MOVSX, BSF/BSR, XADD, SSE register forms.
 */
const PURE_MODRM = new Uint8Array(0x200);
/** Opcodes without a memory operand whose handlers only touch registers and flags. */
const PURE_PLAIN = new Uint8Array(0x200);
(() => {
  const mark = (t: Uint8Array, from: number, to = from) => { for (let o = from; o <= to; o++) t[o] = 1; };
  for (let o = 0; o < 0x40; o++) if ((o & 7) < 4) PURE_MODRM[o] = 1;
  mark(PURE_MODRM, 0x69); mark(PURE_MODRM, 0x6b); mark(PURE_MODRM, 0x80, 0x8b);
  mark(PURE_MODRM, 0xc0, 0xc1); mark(PURE_MODRM, 0xd0, 0xd3); mark(PURE_MODRM, 0xd8, 0xdf);
  mark(PURE_MODRM, 0xf6, 0xf7); mark(PURE_MODRM, 0xfe);
  mark(PURE_MODRM, 0x110, 0x117); mark(PURE_MODRM, 0x128, 0x12f); mark(PURE_MODRM, 0x140, 0x17f);
  mark(PURE_MODRM, 0x190, 0x19f); mark(PURE_MODRM, 0x1a3); mark(PURE_MODRM, 0x1a4, 0x1a5);
  mark(PURE_MODRM, 0x1ab, 0x1ad); mark(PURE_MODRM, 0x1af, 0x1b1); mark(PURE_MODRM, 0x1b3);
  mark(PURE_MODRM, 0x1b6, 0x1b7); mark(PURE_MODRM, 0x1ba, 0x1c1); mark(PURE_MODRM, 0x1c2);
  mark(PURE_MODRM, 0x1c6); mark(PURE_MODRM, 0x1d0, 0x1ff);
  // No ModRM: AL/eAX immediates (04/05/0C/0D… from the ALU rows), BCD adjusts, XCHG eAX, CBW/CWD,
  // SAHF/LAHF, CMC/CLC/STC/CLD/STD, BSWAP.
  for (let o = 0; o < 0x40; o += 8) mark(PURE_PLAIN, o + 4, o + 5);
  mark(PURE_PLAIN, 0x27); mark(PURE_PLAIN, 0x2f); mark(PURE_PLAIN, 0x37); mark(PURE_PLAIN, 0x3f);
  mark(PURE_PLAIN, 0x40, 0x4f); mark(PURE_PLAIN, 0x90, 0x99); mark(PURE_PLAIN, 0x9e, 0x9f);
  mark(PURE_PLAIN, 0xa8, 0xa9); mark(PURE_PLAIN, 0xb0, 0xbf); mark(PURE_PLAIN, 0xf5);
  mark(PURE_PLAIN, 0xf8, 0xf9); mark(PURE_PLAIN, 0xfc, 0xfd); mark(PURE_PLAIN, 0x1c8, 0x1cf);
})();

/**
 * True when `i`'s interpreter handler cannot touch memory, ports, interrupt state, the stop request
 * or paging (so compiled code may keep chaining blocks after calling it).
 */
export function isPureHandler(i: Insn): boolean {
  if (i.flow !== Flow.Next || i.rep || i.lock) return false;
  if (PURE_PLAIN[i.op]) return true;
  if (!PURE_MODRM[i.op] || i.mod !== 3) return false;
  // FF /0 /1 only (INC/DEC); FE /0 /1 likewise.
  if ((i.op === 0xff || i.op === 0xfe) && i.reg > 1) return false;
  return true;
}

/** INT imm8: the one handler-run transfer a region may continue after (codegen.ts). */
export const INT_IMM8 = 0xcd;

/** True for RET and CALL/JMP r/m (the transfers whose target only execution tells). */
function isIndirectTransfer(i: Insn): boolean {
  return i.op === 0xc3 || i.op === 0xc2 || (i.op === 0xff && (i.reg === 2 || i.reg === 4));
}

/** Where control goes after a block: direct transfers and fall-through, else the observed successor. */
function successors(b: RegionBlock, linkCall: boolean): number[] {
  const st = staticSuccessors(b.insns, b.off, linkCall);
  return st.length === 0 && b.seenOff !== undefined ? [b.seenOff] : st;
}

/** Where control goes after a block's last instruction when it is a direct transfer or fall-through. */
export function staticSuccessors(insns: Insn[], off: number, linkCall: boolean): number[] {
  let end = off;
  for (const i of insns) end += i.len;
  const last = insns[insns.length - 1];
  const op = last.op;
  if (last.flow === Flow.Next) return [end];
  // INT n: a system call handled by the kernel's hook returns to the next instruction, and the
  // compiled code continues there after checking that it did (codegen.ts, resumeAfterInt).
  if (op === INT_IMM8) return [end];
  if (last.o16) return [];
  if ((op >= 0x70 && op <= 0x7f) || (op >= 0x180 && op <= 0x18f)) return [end + last.imm, end];
  if (op === 0xe9 || op === 0xeb) return [end + last.imm];
  if (op === 0xe8 && linkCall) return [end + last.imm];
  return [];
}

/**
 * Collects the region that starts with `entry` (at linear address `lin`): breadth-first over the
 * successors above. `lookup(lin)` returns the block starting there, or undefined when it cannot be
 * used (fetch fault, crosses a page end, another page's block not cached).
 */
export function collectRegion(entry: RegionCandidate, lin: number, ss32: number,
  lookup: (lin: number) => RegionCandidate | undefined): RegionBlock[] {
  const page = entry.phys & ~0xfff;
  const block = (c: RegionCandidate, off: number): RegionBlock => {
    const last = c.insns[c.insns.length - 1];
    const seenOff = c.seenNext !== -1 && last !== undefined && isIndirectTransfer(last) && !last.o16
      ? (c.seenNext - lin) | 0 : undefined;
    return { insns: c.insns, off, farPhys: (c.phys & ~0xfff) === page ? undefined : c.phys, phys: c.phys, seenOff };
  };
  const region: RegionBlock[] = [block(entry, 0)];
  const seen = new Set<number>([0]);
  let total = entry.insns.length;
  for (let q = 0; q < region.length && region.length < MAX_REGION_BLOCKS; q++) {
    for (const t of successors(region[q], ss32 === 1)) {
      if (seen.has(t) || region.length >= MAX_REGION_BLOCKS) continue;
      seen.add(t);
      const c = lookup((lin + t) | 0);
      if (c === undefined || c.insns.length === 0 || c.carriesX87 || total + c.insns.length > MAX_REGION_INSNS) continue;
      total += c.insns.length;
      region.push(block(c, t));
    }
  }
  const loop = loopBlocks(region, ss32);
  return loop.length === 1 && !successors(loop[0], ss32 === 1).includes(0) ? tracePath(entry, lin, ss32, lookup, block) : loop;
}

/**
 * For an entry on no loop: the path control took from it while it was interpreted (each block's
 * observed successor, or its only static one), up to the region bounds. Straight-line code that runs
 * once per call (a function's prologue, its blocks between loops, a callee's body) then costs one
 * function entry instead of one per block; a branch off the path leaves the region.
 */
function tracePath(entry: RegionCandidate, lin: number, ss32: number,
  lookup: (lin: number) => RegionCandidate | undefined,
  block: (c: RegionCandidate, off: number) => RegionBlock): RegionBlock[] {
  const path = [block(entry, 0)];
  const taken = new Set<number>([0]);
  let c = entry, total = entry.insns.length;
  while (path.length < MAX_REGION_BLOCKS) {
    const next = observedSuccessor(c, path[path.length - 1], lin, ss32);
    if (next === undefined || taken.has(next)) break;
    const n = lookup((lin + next) | 0);
    if (n === undefined || n.insns.length === 0 || n.carriesX87 || total + n.insns.length > MAX_REGION_INSNS) break;
    // A loop (a block branching to itself, or one compiled already) keeps its own function.
    if (n.compiled !== undefined || staticSuccessors(n.insns, next, ss32 === 1).includes(next)) break;
    taken.add(next);
    total += n.insns.length;
    path.push(block(n, next));
    c = n;
  }
  return path;
}

/** The offset control went to after block `b` (candidate `c`) when last interpreted, if known. */
function observedSuccessor(c: RegionCandidate, b: RegionBlock, lin: number, ss32: number): number | undefined {
  const st = staticSuccessors(b.insns, b.off, ss32 === 1);
  if (st.length === 1) return st[0];
  if (b.seenOff !== undefined) return b.seenOff;
  const seen = c.seenNext === -1 ? undefined : (c.seenNext - lin) | 0;
  return seen !== undefined && st.includes(seen) ? seen : undefined;
}

/**
 * The entry plus the blocks of `region` on a cycle through it (reachable from the entry and reaching
 * it again inside the region). A self-looping entry stays alone: compiled on its own, such a loop is
 * the tightest code there is. A self-looping block inside the region (an inner loop) is compiled as
 * a loop in place (codegen.ts), so the outer loop does not leave the function around it.
 */
export function loopBlocks(region: RegionBlock[], ss32: number): RegionBlock[] {
  const at = new Map<number, number>();
  region.forEach((b, j) => at.set(b.off, j));
  const succ = region.map((b) => successors(b, ss32 === 1).map((t) => at.get(t)).filter((j) => j !== undefined));
  if (region.length === 1 || succ[0].includes(0)) return region.slice(0, 1);
  const forward = closure(region.length, (j) => succ[j]);
  const pred: number[][] = region.map(() => []);
  succ.forEach((s, j) => { for (const t of s) pred[t].push(j); });
  const backward = closure(region.length, (j) => pred[j]);
  return region.filter((_, j) => j === 0 || (forward[j] && backward[j]));
}

/** Nodes reachable from node 0 through `next` (0 included). */
function closure(n: number, next: (j: number) => number[]): Uint8Array {
  const seen = new Uint8Array(n);
  const stack = [0];
  seen[0] = 1;
  while (stack.length) {
    for (const t of next(stack.pop()!)) if (!seen[t]) { seen[t] = 1; stack.push(t); }
  }
  return seen;
}
