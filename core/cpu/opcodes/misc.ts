// Flag manipulation, HLT, NOPs, CPUID, RDTSC, UD2, SALC and other single instructions without
// operands worth a file of their own (SDM Vol. 2). Platform-neutral.
import type { Handler } from "../insn.ts";
import { Cr4 } from "../control_regs.ts";
import { cpuid } from "../cpuid.ts";
import { Eflags } from "../eflags.ts";
import { raise } from "../fault.ts";

export const nop: Handler = () => {};
export const ud2: Handler = () => raise(6);

function setFlag(mask: number, value: 0 | 1): Handler {
  return (cpu) => {
    cpu.lf.materialise();
    cpu.lf.flags = value ? cpu.lf.flags | mask : cpu.lf.flags & ~mask;
  };
}
export const clc = setFlag(Eflags.CF, 0), stc = setFlag(Eflags.CF, 1);
export const cld = setFlag(Eflags.DF, 0), std = setFlag(Eflags.DF, 1);
export const cmc: Handler = (cpu) => {
  cpu.lf.materialise();
  cpu.lf.flags ^= Eflags.CF;
};

/** CLI/STI need CPL ≤ IOPL; STI delays interrupts by one instruction. */
export const cli: Handler = (cpu) => {
  if (cpu.cpl > ((cpu.lf.flags >> 12) & 3)) raise(13, 0);
  cpu.lf.flags &= ~Eflags.IF;
};
export const sti: Handler = (cpu) => {
  if (cpu.cpl > ((cpu.lf.flags >> 12) & 3)) raise(13, 0);
  if (!(cpu.lf.flags & Eflags.IF)) cpu.intShadow = true;
  cpu.lf.flags |= Eflags.IF;
};

/** HLT: privileged; the CPU sleeps until an interrupt. */
export const hlt: Handler = (cpu) => {
  cpu.requireCpl0();
  cpu.halted = true;
  cpu.hooks.onHalt?.();
};

/** SALC (D6, undocumented): AL = CF ? 0xFF : 0. */
export const salc: Handler = (cpu) => { cpu.r8[0] = cpu.lf.cf() ? 0xff : 0; };

export const cpuidH: Handler = (cpu) => {
  const [a, b, c, d] = cpuid(cpu.r32[0]);
  cpu.r32[0] = a; cpu.r32[3] = b; cpu.r32[1] = c; cpu.r32[2] = d;
};

/** RDTSC: the time-stamp counter is the retired instruction count (deterministic). */
export const rdtsc: Handler = (cpu) => {
  if ((cpu.cr4 & Cr4.TSD) && cpu.cpl !== 0) raise(13, 0);
  const t = cpu.instructionCount;
  cpu.r32[0] = t % 4294967296;
  cpu.r32[2] = Math.floor(t / 4294967296);
};
