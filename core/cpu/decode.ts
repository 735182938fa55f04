// The decoder: compiles the opcode rows into flat arrays indexed by `opcode | is0F << 8` (blink
// kNexgen32e) and turns bytes into Insn records — prefixes, ModRM/SIB, displacement, immediates.
// Platform-neutral.
import type { Cpu } from "./cpu.ts";
import { FAULT, raise } from "./fault.ts";
import { Flow, type Handler, Insn } from "./insn.ts";
import { REG8_INDEX, Seg } from "./registers.ts";
import { Attr, Imm, type OpRow } from "./opcodes/row.ts";
import { OPCODE_ROWS } from "./opcodes/table.ts";
import { specialise } from "./opcodes/specialise.ts";
import { fusePair } from "./opcodes/fuse.ts";

let specialiseHandlers = true;
let fusePairs = true;

/**
 * Turns superinstructions (opcodes/fuse.ts: adjacent specialised instructions run by one handler)
 * on or off for blocks decoded afterwards; like specialisation, only with the JIT off (tests compare).
 */
export function setPairFusion(on: boolean): void {
  fusePairs = on;
}

/**
 * Turns decode-time handler specialisation (opcodes/specialise.ts) on or off; off, every instruction
 * runs its row handler (tests compare the two). Affects instructions decoded afterwards, and only
 * CPUs with the JIT off (the interpreter is then all there is).
 */
export function setHandlerSpecialisation(on: boolean): void {
  specialiseHandlers = on;
}

/** #UD at execution time (so the fault is precise, at the instruction). */
export const undefinedOpcode: Handler = () => raise(6);

const ATTR = new Uint8Array(512);
const IMM = new Uint8Array(512);
const H32: Handler[] = new Array(512).fill(undefinedOpcode);
const H16: Handler[] = new Array(512).fill(undefinedOpcode);
/** Group members: GROUP_ROWS[op * 8 + reg]. */
const GROUP_ROWS: (OpRow | undefined)[] = new Array(512 * 8);
/** Every row by opcode (and group member), for the disassembler and coverage. */
export const ROWS_BY_OPCODE = new Map<number, OpRow>();

function compile(rows: readonly OpRow[]): void {
  for (const r of rows) {
    const key = r.sub < 0 ? r.op : r.op * 8 + r.sub;
    const mapKey = r.sub < 0 ? r.op : 0x10000 | key;
    if (ROWS_BY_OPCODE.has(mapKey)) {
      throw new Error(`opcode table: duplicate row for ${r.op.toString(16)}/${r.sub}`);
    }
    ROWS_BY_OPCODE.set(mapKey, r);
    if (r.sub < 0) {
      ATTR[r.op] = r.attr;
      IMM[r.op] = r.imm;
      H32[r.op] = r.h;
      H16[r.op] = r.h16;
    } else {
      ATTR[r.op] |= Attr.ModRM | Attr.Group;
      GROUP_ROWS[key] = r;
    }
  }
}
compile(OPCODE_ROWS);

/** Looks up the row an opcode/ModRM.reg pair decodes to (disassembler, coverage). */
export function rowFor(op: number, reg: number): OpRow | undefined {
  if (ATTR[op] & Attr.Group) return GROUP_ROWS[op * 8 + reg];
  return ROWS_BY_OPCODE.get(op);
}

// 16-bit ModRM base/index pairs (SDM Table 2-1): BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP, BX.
const EA16_BASE = [3, 3, 5, 5, 6, 7, 5, 3];
const EA16_INDEX = [6, 7, 6, 7, -1, -1, -1, -1];

/**
 * Decodes one instruction at linear address `lin` (code fetches may raise #PF). An opcode nk does
 * not implement decodes to a handler that raises #UD when executed.
 */
export function decodeInsn(cpu: Cpu, lin: number): Insn {
  let p = lin;
  let o16 = cpu.cs32 ? 0 : 1, a16 = o16;
  let seg = -1, rep = 0, lock = 0, pfx = 0;
  let b = cpu.fetch8(p++);
  for (let n = 0; ; n++) {
    if (n >= 14) raise(13, 0);
    switch (b) {
      case 0x26: seg = Seg.ES; break;
      case 0x2e: seg = Seg.CS; break;
      case 0x36: seg = Seg.SS; break;
      case 0x3e: seg = Seg.DS; break;
      case 0x64: seg = Seg.FS; break;
      case 0x65: seg = Seg.GS; break;
      case 0x66: o16 = cpu.cs32; pfx = 1; break;
      case 0x67: a16 = cpu.cs32; break;
      case 0xf0: lock = 1; break;
      case 0xf2: rep = 2; pfx = 2; break;
      case 0xf3: rep = 1; pfx = 3; break;
      default: n = -100;
    }
    if (n < 0) break;
    b = cpu.fetch8(p++);
  }
  let op = b;
  if (b === 0x0f) op = 0x100 | cpu.fetch8(p++);
  let attr = ATTR[op];
  const i = new Insn(o16 ? H16[op] : H32[op]);
  i.op = op;
  i.o16 = o16;
  i.ea16 = a16;
  i.rep = rep;
  i.pfx = pfx;
  i.lock = lock;
  let imm = IMM[op];
  if (attr & Attr.ModRM) {
    const modrm = cpu.fetch8(p++);
    const mod = modrm >> 6, reg = (modrm >> 3) & 7, rm = modrm & 7;
    i.mod = mod; i.reg = reg; i.rm = rm;
    i.reg8 = REG8_INDEX[reg]; i.rm8 = REG8_INDEX[rm];
    if (attr & Attr.Group) {
      const r = GROUP_ROWS[op * 8 + reg];
      if (r) {
        i.exec = o16 ? r.h16 : r.h;
        imm = r.imm;
        attr = (attr & Attr.ModRM) | r.attr;
      } else i.exec = undefinedOpcode;
    }
    if (mod !== 3) {
      let defaultSeg: number = Seg.DS;
      if (a16) {
        if (mod === 0 && rm === 6) {
          i.disp = cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8); p += 2;
        } else {
          i.base = EA16_BASE[rm]; i.index = EA16_INDEX[rm];
          if (i.base === 5) defaultSeg = Seg.SS;
          if (mod === 1) { i.disp = (cpu.fetch8(p++) << 24) >> 24; }
          else if (mod === 2) { i.disp = ((cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8)) << 16) >> 16; p += 2; }
        }
      } else {
        if (rm === 4) {
          const sib = cpu.fetch8(p++);
          const base = sib & 7, index = (sib >> 3) & 7;
          i.scale = sib >> 6;
          i.index = index === 4 ? -1 : index;
          if (base === 5 && mod === 0) {
            i.disp = read32(cpu, p); p += 4;
          } else {
            i.base = base;
            if (base === 4 || base === 5) defaultSeg = Seg.SS;
          }
        } else if (rm === 5 && mod === 0) {
          i.disp = read32(cpu, p); p += 4;
        } else {
          i.base = rm;
          if (rm === 5) defaultSeg = Seg.SS;
        }
        if (mod === 1) { i.disp = (cpu.fetch8(p++) << 24) >> 24; }
        else if (mod === 2) { i.disp = read32(cpu, p); p += 4; }
      }
      i.seg = seg >= 0 ? seg : defaultSeg;
    } else {
      i.seg = seg >= 0 ? seg : Seg.DS;
    }
  } else {
    i.seg = seg >= 0 ? seg : Seg.DS;
  }
  switch (imm) {
    case Imm.None: break;
    case Imm.Ib: i.imm = cpu.fetch8(p++); break;
    case Imm.Ibs: i.imm = (cpu.fetch8(p++) << 24) >> 24; break;
    case Imm.Iw: i.imm = cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8); p += 2; break;
    case Imm.Iz:
      if (o16) { i.imm = cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8); p += 2; }
      else { i.imm = read32(cpu, p); p += 4; }
      break;
    case Imm.Jz:
      if (o16) { i.imm = ((cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8)) << 16) >> 16; p += 2; }
      else { i.imm = read32(cpu, p); p += 4; }
      break;
    case Imm.IwIb:
      i.imm = cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8); i.imm2 = cpu.fetch8(p + 2); p += 3;
      break;
    case Imm.Ap:
      if (o16) { i.imm = cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8); p += 2; }
      else { i.imm = read32(cpu, p); p += 4; }
      i.imm2 = cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8); p += 2;
      break;
    case Imm.Moffs:
      if (a16) { i.disp = cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8); p += 2; }
      else { i.disp = read32(cpu, p); p += 4; }
      i.base = -1; i.index = -1;
      break;
  }
  i.len = p - lin;
  if (i.len > 15) raise(13, 0);
  if (lock && (!(attr & Attr.Lock) || i.mod === 3)) i.exec = undefinedOpcode;
  // With the JIT on, hot code is compiled anyway and generating the specialised handlers would
  // only cost start-up time (~13 ms to nk's first prompt).
  else if (specialiseHandlers && !cpu.jitEnabled) i.exec = specialise(i, i.exec);
  i.flow = attr & Attr.End ? Flow.End : Flow.Next;
  return i;
}

function read32(cpu: Cpu, p: number): number {
  return cpu.fetch8(p) | (cpu.fetch8(p + 1) << 8) | (cpu.fetch8(p + 2) << 16) | (cpu.fetch8(p + 3) << 24);
}

/**
 * Decodes a run of instructions from `lin` until a block-ending instruction, the end of the page,
 * a breakpoint, or `max` instructions. A fetch fault after the first instruction just ends the block.
 */
export function decodeBlock(cpu: Cpu, lin: number, max: number): Insn[] {
  const insns: Insn[] = [];
  let l = lin;
  const page = lin >>> 12;
  for (;;) {
    let i: Insn;
    try {
      i = decodeInsn(cpu, l);
    } catch (e) {
      if (e === FAULT && insns.length > 0) break;
      throw e;
    }
    if (insns.length > 0 && ((l + i.len - 1) >>> 12) !== page) break; // crosses: start a new block
    insns.push(i);
    l = (l + i.len) | 0;
    if (i.flow !== Flow.Next || insns.length >= max || (l >>> 12) !== page) break;
    if (cpu.breakpoints.size && cpu.breakpoints.has(l >>> 0)) break;
  }
  if (fusePairs && specialiseHandlers && !cpu.jitEnabled) {
    for (let k = 0; k + 1 < insns.length; k++) insns[k].pair = fusePair(insns[k], insns[k + 1]);
  }
  return insns;
}
