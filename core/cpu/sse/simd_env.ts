// The SIMD execution environment: MXCSR layout (SDM vol. 1 §10.2.3), the CR0/CR4 gates every MMX and
// SSE instruction passes first (SDM vol. 3 §13.1, §2.5 Tables 2-2/12-1) and delivery of SIMD
// floating-point exceptions (#XM or #UD per CR4.OSXMMEXCPT, SDM vol. 1 §11.5.2). Platform-neutral.
import type { Cpu } from "../cpu.ts";
import { Cr0, Cr4 } from "../control_regs.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";

/** MXCSR bits (SDM vol. 1 Figure 10-3). */
export const Mxcsr = {
  IE: 1 << 0, // invalid operation flag
  DE: 1 << 1, // denormal operand flag
  ZE: 1 << 2, // divide-by-zero flag
  OE: 1 << 3, // overflow flag
  UE: 1 << 4, // underflow flag
  PE: 1 << 5, // precision (inexact) flag
  DAZ: 1 << 6, // denormals are zeros
  IM: 1 << 7, // masks: IM..PM are the flag bits shifted left by 7
  UM: 1 << 11,
  RC_SHIFT: 13, // rounding control, 2 bits: 0 nearest, 1 down, 2 up, 3 toward zero
  FZ: 1 << 15, // flush to zero
  FLAGS: 0x3f,
  DEFAULT: 0x1f80, // power-on / FNINIT-independent default: all masked, round to nearest
} as const;

/**
 * MXCSR bits that LDMXCSR/FXRSTOR accept; the FXSAVE MXCSR_MASK field reports it. nk implements DAZ,
 * so it is 0xFFFF (as on later Pentium 4 steppings; the earliest ones reported 0xFFBF, without DAZ).
 */
export const MXCSR_MASK = 0xffff;

/** Rounding-control values (MXCSR.RC, SDM vol. 1 Table 4-8). */
export const Rc = { Nearest: 0, Down: 1, Up: 2, Zero: 3 } as const;

/** MMX instructions (and SSE integer forms on MMX registers): #UD if CR0.EM, #NM if CR0.TS. */
export function mmxGate(cpu: Cpu): void {
  if (cpu.cr0 & Cr0.EM) raise(Vector.InvalidOpcode);
  if (cpu.cr0 & Cr0.TS) raise(Vector.DeviceNotAvailable);
}

/** SSE/SSE2 instructions on XMM registers: #UD if CR0.EM or !CR4.OSFXSR, #NM if CR0.TS. */
export function sseGate(cpu: Cpu): void {
  if ((cpu.cr0 & Cr0.EM) || !(cpu.cr4 & Cr4.OSFXSR)) raise(Vector.InvalidOpcode);
  if (cpu.cr0 & Cr0.TS) raise(Vector.DeviceNotAvailable);
}

/**
 * The floating-point environment of one SSE instruction: rounding, DAZ/FTZ from MXCSR and the
 * exception flags its elements raise. `begin()` loads it; `commit()` merges the flags into MXCSR and
 * raises #XM (#UD without CR4.OSXMMEXCPT) when an unmasked one occurred — before the handler writes
 * its destination, since SSE leaves the destination untouched on an unmasked exception.
 */
export class SimdEnv {
  rc = 0;
  daz = false;
  ftz = false;
  /** Exception masks (MXCSR bits 7–12 shifted down to flag positions). */
  masks = 0x3f;
  flags = 0;

  begin(cpu: Cpu): void {
    const m = cpu.mxcsr;
    this.rc = (m >> Mxcsr.RC_SHIFT) & 3;
    this.daz = (m & Mxcsr.DAZ) !== 0;
    this.ftz = (m & Mxcsr.FZ) !== 0;
    this.masks = (m >> 7) & 0x3f;
    this.flags = 0;
  }

  commit(cpu: Cpu): void {
    cpu.mxcsr |= this.flags;
    if (this.flags & ~this.masks & Mxcsr.FLAGS) {
      raise(cpu.cr4 & Cr4.OSXMMEXCPT ? Vector.SimdError : Vector.InvalidOpcode);
    }
  }
}

/** The one environment instance (instructions do not nest). */
export const ENV = new SimdEnv();
