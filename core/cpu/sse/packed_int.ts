// Handlers for packed-integer instructions in their MMX (no prefix, Pq,Qq) and SSE2 (66, Vx,Wx) forms:
// the kernel-driven arithmetic rows, shifts by immediate (0F 71–73 groups) and the shuffles and word
// inserts/extracts (PSHUFW/PSHUFD/PSHUFHW/PSHUFLW, PINSRW, PEXTRW, PMOVMSKB). SDM vol. 2. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler, Insn } from "../insn.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { mmxGate, sseGate } from "./simd_env.ts";
import { enterMmx, readMm } from "./mmx_state.ts";
import {
  Align, loadMem, loadQ, loadW, loadXmm, requireReg, storeMm, storeXmm, VD, VR, VS, copy4,
} from "./operands.ts";
import type { Kernel } from "./int_kernels.ts";

const S16 = new Uint16Array(VS.buffer), R16 = new Uint16Array(VR.buffer), D16 = new Uint16Array(VD.buffer);
const S8 = new Uint8Array(VS.buffer);

/** Which register files a row accepts. */
export const Forms = { Both: 0, XmmOnly: 1 } as const;

/** Loads the destination register (MMX for pfx 0, XMM for 66) into VD. */
function loadDest(cpu: Cpu, i: Insn, n: number): void {
  if (n === 8) { readMm(cpu, i.reg, VD); VD[2] = VD[3] = 0; } else loadXmm(cpu, i.reg, VD);
}

/** Gates by form and returns the operand width in bytes (8 MMX, 16 XMM); #UD for F2/F3. */
function width(cpu: Cpu, i: Insn, forms: number): number {
  if (i.pfx === 0 && forms === Forms.Both) { mmxGate(cpu); enterMmx(cpu); return 8; }
  if (i.pfx === 1) { sseGate(cpu); return 16; }
  return raise(Vector.InvalidOpcode);
}

/**
 * A P,Q / V,W row running `kernel`. `mmxMemBytes`: how much memory the MMX form reads (the low
 * unpacks read only 4 bytes, SDM PUNPCKLBW).
 */
export function packed(kernel: Kernel, forms: number = Forms.Both, mmxMemBytes = 8): Handler {
  return (cpu, i) => {
    const n = width(cpu, i, forms);
    if (n === 8) {
      if (i.mod === 3) loadQ(cpu, i, VS);
      else loadMem(cpu, cpu.ea(i), VS, mmxMemBytes);
    } else loadW(cpu, i, VS, 16, Align.A16);
    loadDest(cpu, i, n);
    kernel(n);
    if (n === 8) storeMm(cpu, i.reg, VD); else storeXmm(cpu, i.reg, VD);
  };
}

/** 0F 71/72/73 group members: shift N/U register `rm` by imm8 (register form only). */
export function shiftImm(kernel: Kernel, forms: number = Forms.Both): Handler {
  return (cpu, i) => {
    requireReg(i);
    const n = width(cpu, i, forms);
    if (n === 8) { readMm(cpu, i.rm, VD); VD[2] = VD[3] = 0; } else loadXmm(cpu, i.rm, VD);
    VS[0] = i.imm; VS[1] = VS[2] = VS[3] = 0;
    kernel(n);
    if (n === 8) storeMm(cpu, i.rm, VD); else storeXmm(cpu, i.rm, VD);
  };
}

/** 0F 70: PSHUFW (none, MMX) / PSHUFD (66) / PSHUFHW (F3) / PSHUFLW (F2), with imm8 selectors. */
export const pshufIb: Handler = (cpu, i) => {
  const m = i.imm;
  if (i.pfx === 0) {
    mmxGate(cpu); enterMmx(cpu);
    loadQ(cpu, i, VS);
    for (let k = 0; k < 4; k++) R16[k] = S16[(m >> (2 * k)) & 3];
    storeMm(cpu, i.reg, VR);
    return;
  }
  sseGate(cpu);
  loadW(cpu, i, VS, 16, Align.A16);
  copy4(VR, VS);
  if (i.pfx === 1) {
    for (let k = 0; k < 4; k++) VR[k] = VS[(m >> (2 * k)) & 3];
  } else {
    const base = i.pfx === 3 ? 4 : 0; // F3 shuffles the high quadword's words, F2 the low
    for (let k = 0; k < 4; k++) R16[base + k] = S16[base + ((m >> (2 * k)) & 3)];
  }
  storeXmm(cpu, i.reg, VR);
};

/** 0F C4: PINSRW P/V, Ed/Mw, Ib. */
export const pinsrwIb: Handler = (cpu, i) => {
  const n = width(cpu, i, Forms.Both);
  const v = i.mod === 3 ? cpu.r32[i.rm] : cpu.read16(cpu.ea(i));
  loadDest(cpu, i, n);
  D16[i.imm & (n === 8 ? 3 : 7)] = v;
  if (n === 8) storeMm(cpu, i.reg, VD); else storeXmm(cpu, i.reg, VD);
};

/** 0F C5: PEXTRW Gd, N/U, Ib (zero-extended word). */
export const pextrwIb: Handler = (cpu, i) => {
  requireReg(i);
  const n = width(cpu, i, Forms.Both);
  if (n === 8) readMm(cpu, i.rm, VS); else loadXmm(cpu, i.rm, VS);
  cpu.r32[i.reg] = S16[i.imm & (n === 8 ? 3 : 7)];
};

/** 0F D7: PMOVMSKB Gd, N/U: the byte sign bits. */
export const pmovmskb: Handler = (cpu, i) => {
  requireReg(i);
  const n = width(cpu, i, Forms.Both);
  if (n === 8) readMm(cpu, i.rm, VS); else loadXmm(cpu, i.rm, VS);
  let r = 0;
  for (let k = 0; k < n; k++) r |= (S8[k] >> 7) << k;
  cpu.r32[i.reg] = r;
};

