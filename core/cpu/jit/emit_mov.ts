// JIT code generators for data movement and the stack: MOV (88–8B, A0–A3, B0–BF, C6/C7), LEA,
// MOVZX/MOVSX, CWDE/CDQ, NOP, PUSH/POP (50–5F, 68, 6A, FF /6), LEAVE, SETcc and CMOVcc. Semantics
// mirror opcodes/mov.ts and opcodes/stack.ts; stack forms are compiled for a 32-bit stack only
// (the compiled block checks SS.B on entry). Platform-neutral.
import type { Insn } from "../insn.ts";
import type { EmitContext, Plan } from "./plan.ts";
import { eaExpr, eaOffsetExpr, loadStmt, memLoad, memStore, regExpr, regSet, SS_PLUS, storeStmt } from "./emit_memory.ts";
import { condExpr } from "./emit_flow.ts";
import { REG8_INDEX as REG8_BYTE } from "../registers.ts";

function simple(faults: boolean, stores: boolean, emit: (ctx: EmitContext) => string): Plan {
  return { reads: false, writes: false, faults, stores, ends: false, emit };
}

/** A register destination: a statement writing `val` to it. */
type Dest = (val: string) => string;

/** `dst = E` at a size, with an optional conversion of the loaded value. */
function loadE(i: Insn, sb: number, dst: Dest, convert = (x: string) => x): Plan {
  if (i.mod === 3) return simple(false, false, () => dst(convert(regExpr(sb, i.rm, i.rm8))));
  return simple(true, false, () => `${memLoad(i, sb, "v")} ${dst(convert("v"))}`);
}

function reg(sb: number, r: number, r8 = r): Dest {
  return (val) => regSet(sb, r, r8, val);
}

/** `E = value` at a size. */
function storeE(i: Insn, sb: number, value: string): Plan {
  if (i.mod === 3) return simple(false, false, () => regSet(sb, i.rm, i.rm8, value));
  return simple(true, true, () => memStore(i, sb, value));
}

/** Stack push of `value` (32-bit stack, 16/32-bit operand): write first, then ESP (a fault keeps ESP). */
function push(value: string, o16: number): string {
  const n = o16 ? 2 : 4;
  return `a = (${SS_PLUS}g4 - ${n}) | 0; ${storeStmt(o16 ? 15 : 31, value)} g4 = (g4 - ${n}) | 0;`;
}

/** Stack pop into `dst` (ESP is updated before the destination is written, so POP ESP works). */
export function pop(dst: Dest, o16: number): string {
  const n = o16 ? 2 : 4;
  return `a = (${SS_PLUS}g4) | 0; ${loadStmt(o16 ? 15 : 31, "v")} g4 = (g4 + ${n}) | 0; ${dst("v")}`;
}

/** Plans a data-movement instruction; `ss32` is the stack size the block is compiled for. */
export function planMov(i: Insn, ss32: number): Plan | undefined {
  const op = i.op;
  const sv = i.o16 ? 15 : 31;
  switch (op) {
    case 0x88: case 0x89: {
      const sb = op === 0x88 ? 7 : sv;
      return storeE(i, sb, regExpr(sb, i.reg, i.reg8));
    }
    case 0x8a: case 0x8b: {
      const sb = op === 0x8a ? 7 : sv;
      return loadE(i, sb, reg(sb, i.reg, i.reg8));
    }
    case 0xa0: case 0xa1:
      return simple(true, false, () => `a = ${eaExpr(i)}; ${loadStmt(op === 0xa0 ? 7 : sv, "v")} ${regSet(op === 0xa0 ? 7 : sv, 0, 0, "v")}`);
    case 0xa2: case 0xa3:
      return simple(true, true, () => `a = ${eaExpr(i)}; ${storeStmt(op === 0xa2 ? 7 : sv, regExpr(op === 0xa2 ? 7 : sv, 0, 0))}`);
    case 0xc6: return i.reg === 0 ? storeE(i, 7, `${i.imm & 0xff}`) : undefined;
    case 0xc7: return i.reg === 0 ? storeE(i, sv, `${sv === 31 ? i.imm | 0 : i.imm & 0xffff}`) : undefined;
    case 0x8d:
      if (i.mod === 3) return undefined; // #UD: the handler raises it
      return simple(false, false, () => regSet(sv, i.reg, 0, eaOffsetExpr(i)));
    case 0x1b6: return loadE(i, 7, reg(sv, i.reg));
    case 0x1b7: return loadE(i, 15, reg(sv, i.reg));
    case 0x1be: return loadE(i, 7, reg(sv, i.reg), (x) => `(${x} << 24) >> 24`);
    case 0x1bf: return loadE(i, 15, reg(sv, i.reg), (x) => `(${x} << 16) >> 16`);
    case 0x98: return simple(false, false, () => i.o16 ? regSet(15, 0, 0, "(g0 << 24) >> 24") : "g0 = (g0 << 16) >> 16;");
    case 0x99: return simple(false, false, () => i.o16 ? regSet(15, 2, 8, "(g0 & 0x8000) ? 0xffff : 0") : "g2 = g0 >> 31;");
    case 0x90: return i.rep === 0 && i.lock === 0 ? simple(false, false, () => "") : undefined;
    case 0xc9:
      if (!ss32 || i.o16) return undefined;
      // LEAVE: ESP = EBP, then POP EBP.
      return simple(true, false, () => `a = (${SS_PLUS}g5) | 0; ${loadStmt(31, "v")} g4 = (g5 + 4) | 0; g5 = v;`);
  }
  if (op >= 0xb0 && op <= 0xb7) return simple(false, false, () => regSet(7, op & 3, REG8_BYTE[op & 7], `${i.imm & 0xff}`));
  if (op >= 0xb8 && op <= 0xbf) {
    return simple(false, false, () => i.o16 ? regSet(15, op & 7, 0, `${i.imm & 0xffff}`) : `g${op & 7} = ${i.imm | 0};`);
  }
  if (ss32) {
    if (op >= 0x50 && op <= 0x57) return simple(true, true, () => push(regExpr(sv, op & 7, 0), i.o16));
    if (op >= 0x58 && op <= 0x5f) return simple(true, false, () => pop(reg(sv, op & 7), i.o16));
    if (op === 0x68 || op === 0x6a) return simple(true, true, () => push(`${i.o16 ? i.imm & 0xffff : i.imm | 0}`, i.o16));
    if (op === 0xff && i.reg === 6) {
      const src = i.mod === 3 ? regExpr(sv, i.rm, 0) : "v";
      const load = i.mod === 3 ? "" : `a = ${eaExpr(i)}; ${loadStmt(sv, "v")} `;
      return simple(true, true, () => `${load}${push(src, i.o16)}`);
    }
  }
  if (op >= 0x190 && op <= 0x19f) {
    // SETcc: the condition is evaluated before the destination address (as the handler does).
    const plan = storeE(i, 7, "t");
    return { ...plan, reads: true, emit: (ctx) => `t = (${condExpr(ctx, op & 15)}) ? 1 : 0; ${plan.emit(ctx)}` };
  }
  if (op >= 0x140 && op <= 0x14f) {
    // CMOVcc: the source is always read (a memory source faults even when the condition is false).
    const dst = reg(sv, i.reg);
    const load = i.mod === 3 ? `v = ${regExpr(sv, i.rm, 0)};` : `a = ${eaExpr(i)}; ${loadStmt(sv, "v")}`;
    return {
      reads: true, writes: false, faults: i.mod !== 3, stores: false, ends: false,
      emit: (ctx) => `${load} if (${condExpr(ctx, op & 15)}) { ${dst("v")} }`,
    };
  }
  return undefined;
}
