// Stack instructions: PUSH/POP of registers, immediates, memory and segment registers, PUSHA/POPA,
// PUSHF/POPF, ENTER/LEAVE (SDM Vol. 2). Platform-neutral.
import type { Handler } from "../insn.ts";
import { raise } from "../fault.ts";
import { Eflags } from "../eflags.ts";
import { Seg } from "../registers.ts";
import { loadSegment } from "../segments.ts";
import { writeFlagsChecked } from "../interrupts.ts";

export const pushR32: Handler = (cpu, i) => cpu.push32(cpu.r32[i.op & 7]);
export const pushR16: Handler = (cpu, i) => cpu.push16(cpu.r16[(i.op & 7) << 1]);
export const popR32: Handler = (cpu, i) => { cpu.r32[i.op & 7] = cpu.pop32(); };
export const popR16: Handler = (cpu, i) => { cpu.r16[(i.op & 7) << 1] = cpu.pop16(); };
export const pushIz: Handler = (cpu, i) => { if (i.o16) cpu.push16(i.imm); else cpu.push32(i.imm); };
export const pushIbs: Handler = (cpu, i) => { if (i.o16) cpu.push16(i.imm); else cpu.push32(i.imm); };

/** PUSH Ev (group 5 /6). */
export const pushEv: Handler = (cpu, i) => {
  if (i.o16) cpu.push16(i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i)));
  else cpu.push32(i.mod === 3 ? cpu.r32[i.rm] : cpu.read32(cpu.ea(i)));
};

/** POP Ev (8F /0): ESP is incremented before the destination address is computed (SDM). */
export const popEv: Handler = (cpu, i) => {
  if (i.mod === 3) {
    if (i.o16) cpu.r16[i.rm << 1] = cpu.pop16(); else cpu.r32[i.rm] = cpu.pop32();
    return;
  }
  const size = i.o16 ? 2 : 4;
  const v = i.o16 ? cpu.read16(cpu.stackLin()) : cpu.read32(cpu.stackLin());
  const oldEsp = cpu.r32[4];
  cpu.r32[4] = (oldEsp + size) | 0;
  try {
    const a = cpu.ea(i);
    if (i.o16) cpu.write16(a, v); else cpu.write32(a, v);
  } catch (e) {
    cpu.r32[4] = oldEsp;
    throw e;
  }
};

/** PUSH Sreg: a 32-bit push writes the selector in the low word (upper half unchanged on P6+; we zero it). */
function pushSeg(seg: number): Handler {
  return (cpu, i) => { if (i.o16) cpu.push16(cpu.sreg[seg]); else cpu.push32(cpu.sreg[seg]); };
}
function popSeg(seg: number): Handler {
  return (cpu, i) => {
    const v = i.o16 ? cpu.read16(cpu.stackLin()) : cpu.read32(cpu.stackLin()) & 0xffff;
    loadSegment(cpu, seg, v);
    cpu.r32[4] = (cpu.r32[4] + (i.o16 ? 2 : 4)) | 0;
    if (seg === Seg.SS) cpu.intShadow = true;
  };
}
export const pushEs = pushSeg(Seg.ES), pushCs = pushSeg(Seg.CS), pushSs = pushSeg(Seg.SS);
export const pushDs = pushSeg(Seg.DS), pushFs = pushSeg(Seg.FS), pushGs = pushSeg(Seg.GS);
export const popEs = popSeg(Seg.ES), popSs = popSeg(Seg.SS), popDs = popSeg(Seg.DS);
export const popFs = popSeg(Seg.FS), popGs = popSeg(Seg.GS);

export const pusha: Handler = (cpu, i) => {
  const sp = cpu.r32[4];
  cpu.probeWrite(cpu.stackLin(i.o16 ? -16 : -32), i.o16 ? 16 : 32);
  for (let r = 0; r < 8; r++) {
    if (i.o16) cpu.push16(r === 4 ? sp : cpu.r16[r << 1]); else cpu.push32(r === 4 ? sp : cpu.r32[r]);
  }
};
export const popa: Handler = (cpu, i) => {
  for (let r = 7; r >= 0; r--) {
    if (r === 4) { cpu.r32[4] = (cpu.r32[4] + (i.o16 ? 2 : 4)) | 0; continue; }
    if (i.o16) cpu.r16[r << 1] = cpu.pop16(); else cpu.r32[r] = cpu.pop32();
  }
};

/** PUSHF: VM and RF are cleared in the image. */
export const pushf: Handler = (cpu, i) => {
  const f = cpu.eflags & ~(Eflags.VM | Eflags.RF);
  if (i.o16) cpu.push16(f); else cpu.push32(f);
};
/** POPF with the IOPL/IF privilege rules. */
export const popf: Handler = (cpu, i) => {
  const v = i.o16 ? cpu.pop16() : cpu.pop32();
  writeFlagsChecked(cpu, v, i.o16 ? 0xffff : 0x3f7fd5 & ~Eflags.RF);
};

export const leave: Handler = (cpu, i) => {
  const bp = cpu.ss32 ? cpu.r32[5] : cpu.r16[10];
  const v = i.o16 ? cpu.read16((cpu.segBase[Seg.SS] + bp) | 0) : cpu.read32((cpu.segBase[Seg.SS] + bp) | 0);
  if (cpu.ss32) cpu.r32[4] = (bp + (i.o16 ? 2 : 4)) | 0; else cpu.r16[8] = bp + (i.o16 ? 2 : 4);
  if (i.o16) cpu.r16[10] = v; else cpu.r32[5] = v;
};

/** ENTER Iw, Ib: builds a stack frame with `level` nesting (SDM "ENTER"). */
export const enter: Handler = (cpu, i) => {
  const size = i.imm & 0xffff, level = i.imm2 & 31;
  const bp = cpu.r32[5];
  cpu.probeWrite(cpu.stackLin(-(i.o16 ? 2 : 4) * (level + 1) - size), 1);
  if (i.o16) cpu.push16(bp); else cpu.push32(bp);
  const frame = cpu.r32[4];
  if (level > 0) {
    let b = bp;
    for (let k = 1; k < level; k++) {
      b = (b - (i.o16 ? 2 : 4)) | 0;
      const v = i.o16 ? cpu.read16((cpu.segBase[Seg.SS] + b) | 0) : cpu.read32((cpu.segBase[Seg.SS] + b) | 0);
      if (i.o16) cpu.push16(v); else cpu.push32(v);
    }
    if (i.o16) cpu.push16(frame); else cpu.push32(frame);
  }
  if (i.o16) cpu.r16[10] = frame; else cpu.r32[5] = frame;
  cpu.r32[4] = (cpu.r32[4] - size) | 0;
};

/** Invalid in 32-bit code: POP CS. */
export const popCs: Handler = () => raise(6);
