// Port I/O: IN/OUT with immediate and DX ports (SDM Vol. 2 "IN", "OUT"; Vol. 1 §18.5: CPL > IOPL
// raises #GP — nk has no TSS I/O permission bitmap). Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler } from "../insn.ts";
import { raise } from "../fault.ts";

/** #GP(0) unless the current privilege may do I/O. */
export function checkIo(cpu: Cpu, _port: number, _size: number): void {
  if (cpu.cpl > ((cpu.lf.flags >> 12) & 3)) raise(13, 0);
}

export const inAlIb: Handler = (cpu, i) => { checkIo(cpu, i.imm, 1); cpu.r8[0] = cpu.ports.in8(i.imm); };
export const inEaxIb: Handler = (cpu, i) => {
  checkIo(cpu, i.imm, 4);
  if (i.o16) cpu.r16[0] = cpu.ports.in16(i.imm); else cpu.r32[0] = cpu.ports.in32(i.imm);
};
export const outIbAl: Handler = (cpu, i) => { checkIo(cpu, i.imm, 1); cpu.ports.out8(i.imm, cpu.r8[0]); };
export const outIbEax: Handler = (cpu, i) => {
  checkIo(cpu, i.imm, 4);
  if (i.o16) cpu.ports.out16(i.imm, cpu.r16[0]); else cpu.ports.out32(i.imm, cpu.r32[0]);
};
export const inAlDx: Handler = (cpu) => { checkIo(cpu, cpu.r16[4], 1); cpu.r8[0] = cpu.ports.in8(cpu.r16[4]); };
export const inEaxDx: Handler = (cpu, i) => {
  checkIo(cpu, cpu.r16[4], 4);
  if (i.o16) cpu.r16[0] = cpu.ports.in16(cpu.r16[4]); else cpu.r32[0] = cpu.ports.in32(cpu.r16[4]);
};
export const outDxAl: Handler = (cpu) => { checkIo(cpu, cpu.r16[4], 1); cpu.ports.out8(cpu.r16[4], cpu.r8[0]); };
export const outDxEax: Handler = (cpu, i) => {
  checkIo(cpu, cpu.r16[4], 4);
  if (i.o16) cpu.ports.out16(cpu.r16[4], cpu.r16[0]); else cpu.ports.out32(cpu.r16[4], cpu.r32[0]);
};
