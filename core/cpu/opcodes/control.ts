// Control transfer: Jcc, JMP, CALL, RET/RETF, LOOP/JCXZ, INT n/INT3/INTO, IRET, BOUND.
// EIP already points at the next instruction when a handler runs, so relative targets are
// `eip + imm`. Platform-neutral.
import type { Handler } from "../insn.ts";
import { raise } from "../fault.ts";
import { InterruptKind, deliverInterrupt, iret, retFar, jmpFar, callFar } from "../interrupts.ts";

/** Wraps a branch target to the operand size. */
function target(eip: number, rel: number, o16: number): number {
  return o16 ? (eip + rel) & 0xffff : (eip + rel) | 0;
}

export const jccJb: Handler = (cpu, i) => {
  if (cpu.lf.test(i.op & 15)) cpu.eip = target(cpu.eip, i.imm, i.o16);
};
export const jmpJb: Handler = (cpu, i) => { cpu.eip = target(cpu.eip, i.imm, i.o16); };
export const callJz: Handler = (cpu, i) => {
  if (i.o16) cpu.push16(cpu.eip); else cpu.push32(cpu.eip);
  cpu.eip = target(cpu.eip, i.imm, i.o16);
};
export const retNear: Handler = (cpu, i) => {
  cpu.eip = i.o16 ? cpu.pop16() : cpu.pop32();
};
export const retNearIw: Handler = (cpu, i) => {
  const eip = i.o16 ? cpu.pop16() : cpu.pop32();
  if (cpu.ss32) cpu.r32[4] = (cpu.r32[4] + i.imm) | 0; else cpu.r16[8] = cpu.r16[8] + i.imm;
  cpu.eip = eip;
};
export const retFarH: Handler = (cpu, i) => retFar(cpu, i.o16 === 1, 0);
export const retFarIw: Handler = (cpu, i) => retFar(cpu, i.o16 === 1, i.imm);

/** CALL Ev (group 5 /2): the target is read before anything is pushed. */
export const callEv: Handler = (cpu, i) => {
  if (i.o16) {
    const t = i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i));
    cpu.push16(cpu.eip); cpu.eip = t;
  } else {
    const t = i.mod === 3 ? cpu.r32[i.rm] : cpu.read32(cpu.ea(i));
    cpu.push32(cpu.eip); cpu.eip = t;
  }
};
/** JMP Ev (group 5 /4). */
export const jmpEv: Handler = (cpu, i) => {
  if (i.o16) cpu.eip = i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i));
  else cpu.eip = i.mod === 3 ? cpu.r32[i.rm] : cpu.read32(cpu.ea(i));
};
/** JMP/CALL Mp (group 5 /5, /3): far pointer in memory. */
function farPointer(cpu: Parameters<Handler>[0], i: Parameters<Handler>[1]): [number, number] {
  if (i.mod === 3) raise(6);
  const a = cpu.ea(i);
  const off = i.o16 ? cpu.read16(a) : cpu.read32(a);
  return [cpu.read16(a + (i.o16 ? 2 : 4)), off];
}
export const jmpMp: Handler = (cpu, i) => { const [s, o] = farPointer(cpu, i); jmpFar(cpu, s, o); };
export const callMp: Handler = (cpu, i) => { const [s, o] = farPointer(cpu, i); callFar(cpu, s, o, i.o16 === 1); };
export const jmpAp: Handler = (cpu, i) => jmpFar(cpu, i.imm2, i.imm);
export const callAp: Handler = (cpu, i) => callFar(cpu, i.imm2, i.imm, i.o16 === 1);

/** LOOP/LOOPE/LOOPNE/JCXZ (E0–E3): the counter is CX or ECX by address size. */
export const loopJb: Handler = (cpu, i) => {
  let count: number;
  if (i.op === 0xe3) {
    count = i.ea16 ? cpu.r16[2] : cpu.r32[1];
    if (count === 0) cpu.eip = target(cpu.eip, i.imm, i.o16);
    return;
  }
  if (i.ea16) { count = (cpu.r16[2] - 1) & 0xffff; cpu.r16[2] = count; }
  else { count = (cpu.r32[1] - 1) | 0; cpu.r32[1] = count; }
  let take = count !== 0;
  if (i.op === 0xe1) take = take && cpu.lf.zf() === 1;
  else if (i.op === 0xe0) take = take && cpu.lf.zf() === 0;
  if (take) cpu.eip = target(cpu.eip, i.imm, i.o16);
};

export const intIb: Handler = (cpu, i) => deliverInterrupt(cpu, i.imm & 0xff, -1, InterruptKind.Software);
export const int3: Handler = (cpu) => deliverInterrupt(cpu, 3, -1, InterruptKind.Software);
export const into: Handler = (cpu) => {
  if (cpu.lf.of()) deliverInterrupt(cpu, 4, -1, InterruptKind.Software);
};
/** INT1/ICEBP (F1). */
export const int1: Handler = (cpu) => deliverInterrupt(cpu, 1, -1, InterruptKind.Exception);
export const iretH: Handler = (cpu, i) => iret(cpu, i.o16 === 1);

/** BOUND Gv, Ma: #BR if the signed index is outside [lower, upper]. */
export const bound: Handler = (cpu, i) => {
  if (i.mod === 3) raise(6);
  const a = cpu.ea(i);
  if (i.o16) {
    const v = (cpu.r16[i.reg << 1] << 16) >> 16;
    const lo = (cpu.read16(a) << 16) >> 16, hi = (cpu.read16(a + 2) << 16) >> 16;
    if (v < lo || v > hi) raise(5);
  } else {
    const v = cpu.r32[i.reg], lo = cpu.read32(a), hi = cpu.read32(a + 4);
    if (v < lo || v > hi) raise(5);
  }
};
