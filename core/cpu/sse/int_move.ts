// Integer data movement between MMX/XMM registers, general registers and memory: MOVD, MOVQ,
// MOVDQA/MOVDQU, MOVQ2DQ/MOVDQ2Q, MOVNTQ/MOVNTDQ, MASKMOVQ/MASKMOVDQU and EMMS (SDM vol. 2, each
// page). Platform-neutral.
import type { Handler } from "../insn.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { mmxGate, sseGate } from "./simd_env.ts";
import { emptyMmx, enterMmx, readMm, writeMm } from "./mmx_state.ts";
import {
  Align, loadEd, loadQ, loadW, loadXmm, memAddr, requireMem, requireReg, storeEd, storeMem, storeMm, storeXmm,
  VS,
} from "./operands.ts";

/** 0F 6E: MOVD Pq,Ed (none) / Vx,Ed (66): zero-extends into the register. */
export const movdToVec: Handler = (cpu, i) => {
  if (i.pfx === 0) {
    mmxGate(cpu);
    const v = loadEd(cpu, i);
    enterMmx(cpu);
    writeMm(cpu, i.reg, v, 0);
  } else if (i.pfx === 1) {
    sseGate(cpu);
    VS[0] = loadEd(cpu, i); VS[1] = VS[2] = VS[3] = 0;
    storeXmm(cpu, i.reg, VS);
  } else raise(Vector.InvalidOpcode);
};

/** 0F 7E: MOVD Ed,Pq (none) / Ed,Vx (66); F3: MOVQ Vx,Wq (zero-extends to 128 bits). */
export const movdFromVec: Handler = (cpu, i) => {
  if (i.pfx === 0) {
    mmxGate(cpu); enterMmx(cpu);
    readMm(cpu, i.reg, VS);
    storeEd(cpu, i, VS[0]);
  } else if (i.pfx === 1) {
    sseGate(cpu);
    storeEd(cpu, i, cpu.xmm[i.reg << 2]);
  } else if (i.pfx === 3) {
    sseGate(cpu);
    loadW(cpu, i, VS, 8, Align.None);
    VS[2] = VS[3] = 0;
    storeXmm(cpu, i.reg, VS);
  } else raise(Vector.InvalidOpcode);
};

/** 0F 6F: MOVQ Pq,Qq (none) / MOVDQA Vx,Wx (66, aligned) / MOVDQU (F3). */
export const movqLoad: Handler = (cpu, i) => {
  if (i.pfx === 0) {
    mmxGate(cpu); enterMmx(cpu);
    loadQ(cpu, i, VS);
    storeMm(cpu, i.reg, VS);
  } else if (i.pfx === 1 || i.pfx === 3) {
    sseGate(cpu);
    loadW(cpu, i, VS, 16, i.pfx === 1 ? Align.A16 : Align.None);
    storeXmm(cpu, i.reg, VS);
  } else raise(Vector.InvalidOpcode);
};

/** 0F 7F: MOVQ Qq,Pq (none) / MOVDQA Wx,Vx (66, aligned) / MOVDQU (F3). */
export const movqStore: Handler = (cpu, i) => {
  if (i.pfx === 0) {
    mmxGate(cpu); enterMmx(cpu);
    readMm(cpu, i.reg, VS);
    if (i.mod === 3) storeMm(cpu, i.rm, VS); else storeMem(cpu, cpu.ea(i), VS, 8);
  } else if (i.pfx === 1 || i.pfx === 3) {
    sseGate(cpu);
    loadXmm(cpu, i.reg, VS);
    if (i.mod === 3) storeXmm(cpu, i.rm, VS);
    else storeMem(cpu, memAddr(cpu, i, i.pfx === 1 ? Align.A16 : Align.None), VS, 16);
  } else raise(Vector.InvalidOpcode);
};

/** 0F D6: MOVQ Wq,Vq (66; a register destination's upper half is zeroed), MOVQ2DQ (F3), MOVDQ2Q (F2). */
export const movqD6: Handler = (cpu, i) => {
  if (i.pfx === 0) raise(Vector.InvalidOpcode);
  if (i.pfx === 1) {
    sseGate(cpu);
    loadXmm(cpu, i.reg, VS);
    VS[2] = VS[3] = 0;
    if (i.mod === 3) storeXmm(cpu, i.rm, VS); else storeMem(cpu, cpu.ea(i), VS, 8);
    return;
  }
  requireReg(i);
  sseGate(cpu);
  enterMmx(cpu);
  if (i.pfx === 3) { // MOVQ2DQ Vdq, Nq
    readMm(cpu, i.rm, VS); VS[2] = VS[3] = 0;
    storeXmm(cpu, i.reg, VS);
  } else { // MOVDQ2Q Pq, Uq
    writeMm(cpu, i.reg, cpu.xmm[i.rm << 2], cpu.xmm[(i.rm << 2) + 1]);
  }
};

/** 0F E7: MOVNTQ Mq,Pq (none) / MOVNTDQ Mdq,Vdq (66, aligned). */
export const movntqM: Handler = (cpu, i) => {
  requireMem(i);
  if (i.pfx === 0) {
    mmxGate(cpu); enterMmx(cpu);
    readMm(cpu, i.reg, VS);
    storeMem(cpu, cpu.ea(i), VS, 8);
  } else if (i.pfx === 1) {
    sseGate(cpu);
    loadXmm(cpu, i.reg, VS);
    storeMem(cpu, memAddr(cpu, i, Align.A16), VS, 16);
  } else raise(Vector.InvalidOpcode);
};

/**
 * 0F F7: MASKMOVQ Pq,Nq (none) / MASKMOVDQU Vdq,Udq (66): stores the bytes of the first operand whose
 * mask byte has its top bit set, to DS:(E)DI (segment override allowed).
 */
export const maskmov: Handler = (cpu, i) => {
  requireReg(i);
  let n: number;
  if (i.pfx === 0) { mmxGate(cpu); enterMmx(cpu); n = 8; }
  else if (i.pfx === 1) { sseGate(cpu); n = 16; }
  else return raise(Vector.InvalidOpcode);
  const data = new Int32Array(4), m = new Int32Array(4);
  if (n === 8) { readMm(cpu, i.reg, data); readMm(cpu, i.rm, m); }
  else { loadXmm(cpu, i.reg, data); loadXmm(cpu, i.rm, m); }
  const d8 = new Uint8Array(data.buffer), m8 = new Uint8Array(m.buffer);
  const di = i.ea16 ? cpu.r32[7] & 0xffff : cpu.r32[7];
  const base = (cpu.segBase[i.seg] + di) | 0;
  for (let k = 0; k < n; k++) if (m8[k] & 0x80) cpu.probeWrite((base + k) | 0, 1);
  for (let k = 0; k < n; k++) if (m8[k] & 0x80) cpu.write8((base + k) | 0, d8[k]);
};

/** 0F 77: EMMS — empties the x87 tags so x87 code may follow MMX code. */
export const emms: Handler = (cpu) => {
  mmxGate(cpu);
  emptyMmx(cpu);
};
