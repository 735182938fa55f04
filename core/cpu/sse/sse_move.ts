// SSE/SSE2 data movement on XMM registers: MOVUPS/MOVAPS/MOVSS/MOVLPS/MOVHPS/MOVHLPS/MOVLHPS and PD
// forms, UNPCKL/H, SHUFPS/PD, MOVMSKPS/PD, the non-temporal stores (SDM vol. 2, each page; non-temporal
// hints are ordinary stores here, as nk has no caches). Platform-neutral.
import type { Handler } from "../insn.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { sseGate } from "./simd_env.ts";
import {
  Align, loadMem, loadW, loadXmm, memAddr, requireMem, requireReg, storeMem, storeXmm, VD, VR, VS,
} from "./operands.ts";

/** 0F 10: MOVUPS/MOVUPD (none/66) V,W; MOVSS (F3) / MOVSD (F2): merge from a register, zero-extend from memory. */
export const movupsVW: Handler = (cpu, i) => {
  sseGate(cpu);
  if (i.pfx < 2) { loadW(cpu, i, VS, 16, Align.None); storeXmm(cpu, i.reg, VS); return; }
  const dwords = i.pfx === 3 ? 1 : 2;
  if (i.mod !== 3) { loadMem(cpu, cpu.ea(i), VS, dwords * 4); storeXmm(cpu, i.reg, VS); return; }
  loadXmm(cpu, i.rm, VS);
  for (let k = 0; k < dwords; k++) cpu.xmm[(i.reg << 2) + k] = VS[k];
};

/** 0F 11: the store direction of 0F 10 (W,V). */
export const movupsWV: Handler = (cpu, i) => {
  sseGate(cpu);
  loadXmm(cpu, i.reg, VS);
  const bytes = i.pfx < 2 ? 16 : i.pfx === 3 ? 4 : 8;
  if (i.mod !== 3) { storeMem(cpu, cpu.ea(i), VS, bytes); return; }
  for (let k = 0; k < bytes >> 2; k++) cpu.xmm[(i.rm << 2) + k] = VS[k];
};

/** 0F 28 / 0F 29: MOVAPS/MOVAPD (aligned). */
export const movapsVW: Handler = (cpu, i) => {
  if (i.pfx >= 2) raise(Vector.InvalidOpcode);
  sseGate(cpu);
  loadW(cpu, i, VS, 16, Align.A16);
  storeXmm(cpu, i.reg, VS);
};
export const movapsWV: Handler = (cpu, i) => {
  if (i.pfx >= 2) raise(Vector.InvalidOpcode);
  sseGate(cpu);
  loadXmm(cpu, i.reg, VS);
  if (i.mod === 3) storeXmm(cpu, i.rm, VS);
  else storeMem(cpu, memAddr(cpu, i, Align.A16), VS, 16);
};

/** 0F 2B: MOVNTPS/MOVNTPD M128,V (aligned, memory only). Also 66 0F E7 MOVNTDQ. */
export const movntpsMV: Handler = (cpu, i) => {
  if (i.pfx >= 2) raise(Vector.InvalidOpcode);
  requireMem(i);
  sseGate(cpu);
  loadXmm(cpu, i.reg, VS);
  storeMem(cpu, memAddr(cpu, i, Align.A16), VS, 16);
};

/**
 * Moves one 64-bit half. 0F 12: MOVLPS/MOVLPD V,M64 or MOVHLPS V,U (none, register form); 0F 16:
 * MOVHPS/MOVHPD V,M64 or MOVLHPS V,U. `high` selects the destination half.
 */
function moveHalf(high: boolean): Handler {
  return (cpu, i) => {
    if (i.pfx >= 2 || (i.pfx === 1 && i.mod === 3)) raise(Vector.InvalidOpcode);
    sseGate(cpu);
    let lo: number, hi: number;
    if (i.mod === 3) {
      const s = i.rm << 2, half = high ? 0 : 2; // MOVLHPS takes the low half, MOVHLPS the high half
      lo = cpu.xmm[s + half]; hi = cpu.xmm[s + half + 1];
    } else {
      loadMem(cpu, cpu.ea(i), VS, 8);
      lo = VS[0]; hi = VS[1];
    }
    const d = (i.reg << 2) + (high ? 2 : 0);
    cpu.xmm[d] = lo; cpu.xmm[d + 1] = hi;
  };
}
export const movlpsVM = moveHalf(false);
export const movhpsVM = moveHalf(true);

/** 0F 13 / 0F 17: MOVLPS/MOVLPD and MOVHPS/MOVHPD M64,V (memory only). */
function storeHalf(high: boolean): Handler {
  return (cpu, i) => {
    if (i.pfx >= 2) raise(Vector.InvalidOpcode);
    requireMem(i);
    sseGate(cpu);
    const s = (i.reg << 2) + (high ? 2 : 0);
    VS[0] = cpu.xmm[s]; VS[1] = cpu.xmm[s + 1];
    storeMem(cpu, cpu.ea(i), VS, 8);
  };
}
export const movlpsMV = storeHalf(false);
export const movhpsMV = storeHalf(true);

/** 0F 14 / 0F 15: UNPCKLPS/UNPCKHPS and UNPCKLPD/UNPCKHPD (66). */
function unpack(high: boolean): Handler {
  return (cpu, i) => {
    if (i.pfx >= 2) raise(Vector.InvalidOpcode);
    sseGate(cpu);
    loadW(cpu, i, VS, 16, Align.A16);
    loadXmm(cpu, i.reg, VD);
    const h = high ? 2 : 0;
    if (i.pfx === 0) {
      VR[0] = VD[h]; VR[1] = VS[h]; VR[2] = VD[h + 1]; VR[3] = VS[h + 1];
    } else {
      VR[0] = VD[h]; VR[1] = VD[h + 1]; VR[2] = VS[h]; VR[3] = VS[h + 1];
    }
    storeXmm(cpu, i.reg, VR);
  };
}
export const unpcklVW = unpack(false);
export const unpckhVW = unpack(true);

/** 0F C6: SHUFPS / SHUFPD (66) V,W,Ib. */
export const shufVWIb: Handler = (cpu, i) => {
  if (i.pfx >= 2) raise(Vector.InvalidOpcode);
  sseGate(cpu);
  loadW(cpu, i, VS, 16, Align.A16);
  loadXmm(cpu, i.reg, VD);
  const m = i.imm;
  if (i.pfx === 0) {
    VR[0] = VD[m & 3]; VR[1] = VD[(m >> 2) & 3]; VR[2] = VS[(m >> 4) & 3]; VR[3] = VS[(m >> 6) & 3];
  } else {
    const a = (m & 1) * 2, b = ((m >> 1) & 1) * 2;
    VR[0] = VD[a]; VR[1] = VD[a + 1]; VR[2] = VS[b]; VR[3] = VS[b + 1];
  }
  storeXmm(cpu, i.reg, VR);
};

/** 0F 50: MOVMSKPS / MOVMSKPD (66) Gd,U: the lanes' sign bits. */
export const movmskGU: Handler = (cpu, i) => {
  if (i.pfx >= 2) raise(Vector.InvalidOpcode);
  requireReg(i);
  sseGate(cpu);
  const x = cpu.xmm, s = i.rm << 2;
  cpu.r32[i.reg] = i.pfx === 0
    ? (x[s] >>> 31) | ((x[s + 1] >>> 31) << 1) | ((x[s + 2] >>> 31) << 2) | ((x[s + 3] >>> 31) << 3)
    : (x[s + 1] >>> 31) | ((x[s + 3] >>> 31) << 1);
};

/** 0F C3: MOVNTI M32,Gd (SSE2; a plain store, no CR0/CR4 checks per the SDM). */
export const movntiMG: Handler = (cpu, i) => {
  if (i.pfx !== 0) raise(Vector.InvalidOpcode);
  requireMem(i);
  cpu.write32(cpu.ea(i), cpu.r32[i.reg]);
};

