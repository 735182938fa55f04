// Bit instructions: BT/BTS/BTR/BTC (register and immediate offsets, group 8), BSF/BSR
// (SDM Vol. 2). A register bit offset addresses memory beyond the operand (signed, SAR by size).
// Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler, Insn } from "../insn.ts";
import { Eflags } from "../eflags.ts";

/** Bit operation: 0 BT, 1 BTS, 2 BTR, 3 BTC. */
function bitOp(cpu: Cpu, i: Insn, op: number, offset: number, fromReg: boolean): void {
  const sb = i.o16 ? 15 : 31, bits = sb + 1;
  let cf: number;
  if (i.mod === 3) {
    const bit = offset & sb;
    const v = i.o16 ? cpu.r16[i.rm << 1] : cpu.r32[i.rm];
    cf = (v >>> bit) & 1;
    let r = v;
    if (op === 1) r = v | (1 << bit); else if (op === 2) r = v & ~(1 << bit); else if (op === 3) r = v ^ (1 << bit);
    if (op) { if (i.o16) cpu.r16[i.rm << 1] = r; else cpu.r32[i.rm] = r; }
  } else {
    let a = cpu.ea(i);
    let bit: number;
    if (fromReg) {
      const off = i.o16 ? (offset << 16) >> 16 : offset;
      a = (a + (off >> (i.o16 ? 4 : 5)) * (bits >> 3)) | 0;
      bit = off & sb;
    } else bit = offset & sb;
    const v = i.o16 ? cpu.read16(a) : cpu.read32(a);
    cf = (v >>> bit) & 1;
    let r = v;
    if (op === 1) r = v | (1 << bit); else if (op === 2) r = v & ~(1 << bit); else if (op === 3) r = v ^ (1 << bit);
    if (op) { if (i.o16) cpu.write16(a, r); else cpu.write32(a, r); }
  }
  cpu.lf.materialise();
  cpu.lf.flags = (cpu.lf.flags & ~Eflags.CF) | cf;
}

function btG(op: number): Handler {
  return (cpu, i) => bitOp(cpu, i, op, i.o16 ? cpu.r16[i.reg << 1] : cpu.r32[i.reg], true);
}
function btI(op: number): Handler {
  return (cpu, i) => bitOp(cpu, i, op, i.imm, false);
}
export const btEvGv = btG(0), btsEvGv = btG(1), btrEvGv = btG(2), btcEvGv = btG(3);
export const btEvIb = btI(0), btsEvIb = btI(1), btrEvIb = btI(2), btcEvIb = btI(3);

/** BSF/BSR: ZF=1 and the destination unchanged when the source is zero. */
function bitScan(reverse: boolean): Handler {
  return (cpu, i) => {
    const v = i.o16 ? (i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i)))
      : (i.mod === 3 ? cpu.r32[i.rm] : cpu.read32(cpu.ea(i)));
    cpu.lf.materialise();
    if (v === 0) {
      cpu.lf.flags |= Eflags.ZF;
      return;
    }
    cpu.lf.flags &= ~Eflags.ZF;
    const r = reverse ? 31 - Math.clz32(v) : 31 - Math.clz32(v & -v);
    if (i.o16) cpu.r16[i.reg << 1] = r; else cpu.r32[i.reg] = r;
  };
}
export const bsfGvEv = bitScan(false), bsrGvEv = bitScan(true);
