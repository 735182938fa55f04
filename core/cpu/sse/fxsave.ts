// The 0F AE group: FXSAVE/FXRSTOR (512-byte image, SDM vol. 2 FXSAVE Table 3-53), LDMXCSR/STMXCSR,
// and LFENCE/MFENCE/SFENCE (ordering is trivially satisfied by a single in-order CPU). Platform-neutral.
//
//   0 FCW  2 FSW  4 FTW(abridged)  6 FOP  8 FIP  12 FCS  16 FDP  20 FDS  24 MXCSR  28 MXCSR_MASK
//   32 + 16·i: ST(i) 80-bit  (i = 0..7)      160 + 16·n: XMMn      288–511: reserved (untouched)
import type { Handler } from "../insn.ts";
import { Cr0 } from "../control_regs.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { MXCSR_MASK, sseGate } from "./simd_env.ts";
import { readPhysical, readX87Env, writePhysical, writeX87Env, type X87Environment } from "./mmx_state.ts";
import { memAddr, requireMem } from "./operands.ts";

const ENV_IMAGE: X87Environment = { cw: 0, sw: 0, tagWord: 0, fop: 0, fip: 0, fcs: 0, fdp: 0, fds: 0 };
const REG = new Int32Array(3);

/** FXSAVE/FXRSTOR: #NM if CR0.EM or CR0.TS (SDM FXSAVE "Protected Mode Exceptions"). */
function fxGate(cr0: number): void {
  if (cr0 & (Cr0.EM | Cr0.TS)) raise(Vector.DeviceNotAvailable);
}

/** 0F AE /0: FXSAVE m512. */
export const fxsave: Handler = (cpu, i) => {
  requireMem(i);
  fxGate(cpu.cr0);
  const a = memAddr(cpu, i, true);
  cpu.probeWrite(a, 288);
  readX87Env(cpu, ENV_IMAGE);
  const at = (o: number) => (a + o) | 0;
  cpu.write16(at(0), ENV_IMAGE.cw);
  cpu.write16(at(2), ENV_IMAGE.sw);
  let ftw = 0;
  for (let r = 0; r < 8; r++) if (((ENV_IMAGE.tagWord >> (2 * r)) & 3) !== 3) ftw |= 1 << r;
  cpu.write8(at(4), ftw);
  cpu.write8(at(5), 0);
  cpu.write16(at(6), ENV_IMAGE.fop);
  cpu.write32(at(8), ENV_IMAGE.fip);
  cpu.write32(at(12), ENV_IMAGE.fcs & 0xffff);
  cpu.write32(at(16), ENV_IMAGE.fdp);
  cpu.write32(at(20), ENV_IMAGE.fds & 0xffff);
  cpu.write32(at(24), cpu.mxcsr);
  cpu.write32(at(28), MXCSR_MASK);
  const top = (ENV_IMAGE.sw >> 11) & 7;
  for (let st = 0; st < 8; st++) {
    readPhysical(cpu, (top + st) & 7, REG);
    const o = 32 + 16 * st;
    cpu.write32(at(o), REG[0]);
    cpu.write32(at(o + 4), REG[1]);
    cpu.write16(at(o + 8), REG[2]);
    cpu.write16(at(o + 10), 0); cpu.write32(at(o + 12), 0);
  }
  for (let k = 0; k < 32; k++) cpu.write32(at(160 + 4 * k), cpu.xmm[k]);
};

/** The full tag of a non-empty register from its contents (SDM vol. 1 §8.1.7). */
function tagOf(signExp: number, hi: number, lo: number): number {
  const exp = signExp & 0x7fff;
  if (exp === 0x7fff) return 2;
  if (exp === 0) return hi === 0 && lo === 0 ? 1 : 2;
  return hi & 0x80000000 ? 0 : 2; // an unnormal is "special"
}

/** 0F AE /1: FXRSTOR m512; #GP(0) if the image's MXCSR sets a reserved bit. */
export const fxrstor: Handler = (cpu, i) => {
  requireMem(i);
  fxGate(cpu.cr0);
  const a = memAddr(cpu, i, true);
  const at = (o: number) => (a + o) | 0;
  const mxcsr = cpu.read32(at(24));
  if (mxcsr & ~MXCSR_MASK) raise(Vector.GeneralProtection, 0);
  const xmm = new Int32Array(32);
  for (let k = 0; k < 32; k++) xmm[k] = cpu.read32(at(160 + 4 * k));
  const regs: number[][] = [];
  for (let st = 0; st < 8; st++) {
    const o = 32 + 16 * st;
    regs.push([cpu.read32(at(o)), cpu.read32(at(o + 4)), cpu.read16(at(o + 8))]);
  }
  ENV_IMAGE.cw = cpu.read16(at(0));
  ENV_IMAGE.sw = cpu.read16(at(2));
  const ftw = cpu.read8(at(4));
  ENV_IMAGE.fop = cpu.read16(at(6));
  ENV_IMAGE.fip = cpu.read32(at(8));
  ENV_IMAGE.fcs = cpu.read16(at(12));
  ENV_IMAGE.fdp = cpu.read32(at(16));
  ENV_IMAGE.fds = cpu.read16(at(20));
  // Everything is read; now commit (a fault above leaves the state untouched).
  const top = (ENV_IMAGE.sw >> 11) & 7;
  let tagWord = 0;
  for (let st = 0; st < 8; st++) {
    const r = (top + st) & 7, [lo, hi, se] = regs[st];
    writePhysical(cpu, r, lo, hi, se);
    const tag = (ftw >> r) & 1 ? tagOf(se, hi, lo) : 3;
    tagWord |= tag << (2 * r);
  }
  ENV_IMAGE.tagWord = tagWord;
  writeX87Env(cpu, ENV_IMAGE);
  cpu.mxcsr = mxcsr;
  cpu.xmm.set(xmm);
};

/** 0F AE /2: LDMXCSR m32; #GP(0) on a reserved bit. */
export const ldmxcsr: Handler = (cpu, i) => {
  requireMem(i);
  sseGate(cpu);
  const v = cpu.read32(cpu.ea(i));
  if (v & ~MXCSR_MASK) raise(Vector.GeneralProtection, 0);
  cpu.mxcsr = v;
};

/** 0F AE /3: STMXCSR m32. */
export const stmxcsr: Handler = (cpu, i) => {
  requireMem(i);
  sseGate(cpu);
  cpu.write32(cpu.ea(i), cpu.mxcsr);
};

/** 0F AE /5 /6 with mod 3: LFENCE, MFENCE (the memory forms are later XSAVE-family opcodes: #UD). */
export const fence: Handler = (_cpu, i) => {
  if (i.mod !== 3) raise(Vector.InvalidOpcode);
};

/**
 * 0F AE /7: SFENCE (mod 3) or CLFLUSH m8. nk has no caches, so CLFLUSH only performs the access
 * check of a byte read (it faults like one, SDM CLFLUSH).
 */
export const sfenceClflush: Handler = (cpu, i) => {
  if (i.mod !== 3) cpu.read8(cpu.ea(i));
};
