// Region discovery for the block compiler: starting from a hot block, the blocks reachable through
// direct jumps, conditional branches, near calls and fall-through that start in the same linear
// page (hence the same physical page, so one code-page invalidation drops them together). Also the
// list of interpreter handlers that cannot change interrupt, stop or paging state. Platform-neutral.
import type { Insn } from "../insn.ts";
import { Flow } from "../insn.ts";

/** One block of a region: its instructions and its linear offset from the region's entry. */
export interface RegionBlock {
  readonly insns: Insn[];
  readonly off: number;
}

/**
 * Bounds on a region. A region keeps only the blocks that lie on a loop through its entry (blocks
 * that can branch back to it): a loop body split by branches then runs inside one function, while
 * the blocks leading out of it are left to their own compilations. Regions that also took in every
 * reachable block measured slower (overlapping regions, bigger functions for the engine to compile).
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

/** Where control goes after a block's last instruction when it is a direct transfer or fall-through. */
function successors(insns: Insn[], off: number, linkCall: boolean): number[] {
  let end = off;
  for (const i of insns) end += i.len;
  const last = insns[insns.length - 1];
  const op = last.op;
  if (last.flow === Flow.Next) return [end];
  if (last.o16) return [];
  if ((op >= 0x70 && op <= 0x7f) || (op >= 0x180 && op <= 0x18f)) return [end + last.imm, end];
  if (op === 0xe9 || op === 0xeb) return [end + last.imm];
  if (op === 0xe8 && linkCall) return [end + last.imm];
  return [];
}

/**
 * Collects the region that starts with `entry` (at linear address `lin`): breadth-first over direct
 * successors in the same linear page. `decodeAt(lin)` returns the block starting there, or undefined
 * when it cannot be used (fetch fault, crosses the page end).
 */
export function collectRegion(entry: Insn[], lin: number, ss32: number, decodeAt: (lin: number) => Insn[] | undefined): RegionBlock[] {
  const region: RegionBlock[] = [{ insns: entry, off: 0 }];
  const seen = new Set<number>([0]);
  let total = entry.length;
  for (let q = 0; q < region.length && region.length < MAX_REGION_BLOCKS; q++) {
    const b = region[q];
    for (const t of successors(b.insns, b.off, ss32 === 1)) {
      if (seen.has(t) || region.length >= MAX_REGION_BLOCKS) continue;
      seen.add(t);
      const target = (lin + t) | 0;
      if ((target >>> 12) !== (lin >>> 12)) continue;
      const insns = decodeAt(target);
      if (insns === undefined || insns.length === 0 || total + insns.length > MAX_REGION_INSNS) continue;
      total += insns.length;
      region.push({ insns, off: t });
    }
  }
  return loopBlocks(region, ss32);
}

/**
 * The entry plus the blocks of `region` on a cycle through it (reachable from the entry and reaching
 * it again inside the region). A block that loops to itself stays out, and a self-looping entry
 * stays alone: compiled on its own, such a loop is the tightest code there is.
 */
function loopBlocks(region: RegionBlock[], ss32: number): RegionBlock[] {
  const at = new Map<number, number>();
  region.forEach((b, j) => at.set(b.off, j));
  const succ = region.map((b) => successors(b.insns, b.off, ss32 === 1).map((t) => at.get(t)).filter((j) => j !== undefined));
  if (region.length === 1 || succ[0].includes(0)) return region.slice(0, 1);
  const usable = succ.map((s, j) => j === 0 || !s.includes(j));
  const forward = closure(region.length, (j) => succ[j].filter((s) => usable[s]));
  const pred: number[][] = region.map(() => []);
  succ.forEach((s, j) => { for (const t of s) pred[t].push(j); });
  const backward = closure(region.length, (j) => pred[j].filter((p) => usable[p]));
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
