// Interrupt and exception delivery through the IDT (Intel SDM Vol. 3 §6.12), the privilege change
// through the TSS's ring stacks, IRET and far returns. The kernel hook sees every event first.
// Platform-neutral.
import type { Cpu } from "./cpu.ts";
import { Cr0 } from "./control_regs.ts";
import { Eflags } from "./eflags.ts";
import { raise } from "./fault.ts";
import { Seg } from "./registers.ts";
import { HAS_ERROR_CODE } from "./vectors.ts";
import {
  asSupervisor, DescBit, loadCodeSegment, loadSegment, nullInaccessibleSegments, readDescriptor,
  setSegmentCache,
} from "./segments.ts";

/** Where an interrupt came from (changes privilege checks and the saved EIP). */
export const InterruptKind = {
  Exception: 0, // fault/trap raised by an instruction (EIP = faulting instruction for faults)
  Software: 1, // INT n / INT3 / INTO (EIP = next instruction; gate DPL checked)
  Hardware: 2, // external interrupt from the PIC
} as const;
export type InterruptKind = (typeof InterruptKind)[keyof typeof InterruptKind];

const GateType = { Task: 5, Int16: 6, Trap16: 7, Int32: 0xe, Trap32: 0xf } as const;

/** Delivers exception `vector` (errorCode -1 if none) — to the hook, else through the IDT. */
export function deliverException(cpu: Cpu, vector: number, errorCode: number): void {
  const code = HAS_ERROR_CODE.has(vector) ? (errorCode < 0 ? 0 : errorCode) : -1;
  if (cpu.hooks.onInterrupt?.(vector, code, InterruptKind.Exception)) return;
  throughIdt(cpu, vector, code, InterruptKind.Exception);
}

/** Delivers a software or hardware interrupt. */
export function deliverInterrupt(cpu: Cpu, vector: number, errorCode: number, kind: InterruptKind): void {
  if (cpu.hooks.onInterrupt?.(vector, errorCode, kind)) return;
  throughIdt(cpu, vector, errorCode, kind);
}

function throughIdt(cpu: Cpu, vector: number, errorCode: number, kind: InterruptKind): void {
  cpu.halted = false;
  if (!(cpu.cr0 & Cr0.PE)) return realModeInterrupt(cpu, vector);
  const ext = kind === InterruptKind.Software ? 0 : 1;
  if (vector * 8 + 7 > cpu.idtLimit) raise(13, vector * 8 + 2 + ext);
  const gateAddr = (cpu.idtBase + vector * 8) | 0;
  const [lo, hi] = asSupervisor(cpu, () => [cpu.read32(gateAddr), cpu.read32(gateAddr + 4)]);
  const type = (hi >>> 8) & 0x1f;
  const gateDpl = (hi >>> 13) & 3;
  if (type !== GateType.Int32 && type !== GateType.Trap32 && type !== GateType.Int16 &&
    type !== GateType.Trap16) {
    raise(13, vector * 8 + 2 + ext); // task gates are not supported
  }
  if (kind === InterruptKind.Software && gateDpl < cpu.cpl) raise(13, vector * 8 + 2);
  if (!(hi & 0x8000)) raise(11, vector * 8 + 2 + ext);
  const selector = lo >>> 16;
  const offset = (lo & 0xffff) | (hi & 0xffff0000);
  const gate32 = type === GateType.Int32 || type === GateType.Trap32;
  const target = readDescriptor(cpu, selector, 13);
  if (!target || !(target.attr & DescBit.Code)) raise(13, (selector & 0xfffc) + ext);
  if (!(target.attr & DescBit.Present)) raise(11, (selector & 0xfffc) + ext);
  const conforming = (target.attr & DescBit.Conforming) !== 0;
  const dpl = conforming ? cpu.cpl : (target.attr >> 5) & 3;
  if (dpl > cpu.cpl) raise(13, (selector & 0xfffc) + ext);

  const flags = cpu.eflags;
  const oldCs = cpu.sreg[Seg.CS], oldEip = cpu.eip;
  const push = gate32 ? (v: number) => cpu.push32(v) : (v: number) => cpu.push16(v);
  if (dpl < cpu.cpl) {
    // Inner-privilege stack from the TSS (32-bit TSS: ESPn at 4 + 8n, SSn at 8 + 8n).
    const oldSs = cpu.sreg[Seg.SS], oldEsp = cpu.r32[4];
    const [esp, ss] = asSupervisor(cpu, () => [
      cpu.read32(cpu.trBase + 4 + dpl * 8), cpu.read16(cpu.trBase + 8 + dpl * 8),
    ]);
    const ssDesc = readDescriptor(cpu, ss, 10);
    if (!ssDesc || (ss & 3) !== dpl) raise(10, ss & 0xfffc);
    cpu.setCpl(dpl);
    setSegmentCache(cpu, Seg.SS, ss, ssDesc);
    cpu.r32[4] = esp;
    push(oldSs);
    push(oldEsp);
  }
  push(flags);
  push(oldCs);
  push(oldEip);
  if (errorCode >= 0) push(errorCode);
  loadCodeSegment(cpu, selector, dpl);
  cpu.eip = gate32 ? offset : offset & 0xffff;
  let f = flags & ~(Eflags.TF | Eflags.NT | Eflags.RF | Eflags.VM);
  if (type === GateType.Int32 || type === GateType.Int16) f &= ~Eflags.IF;
  cpu.eflags = f;
}

function realModeInterrupt(cpu: Cpu, vector: number): void {
  const ip = cpu.read16(vector * 4), cs = cpu.read16(vector * 4 + 2);
  cpu.push16(cpu.eflags);
  cpu.push16(cpu.sreg[Seg.CS]);
  cpu.push16(cpu.eip);
  cpu.sreg[Seg.CS] = cs;
  cpu.segBase[Seg.CS] = cs << 4;
  cpu.eip = ip;
  cpu.eflags = cpu.eflags & ~(Eflags.IF | Eflags.TF);
}

/** Applies a popped EFLAGS image with the privilege rules of POPF/IRET (IOPL at CPL 0, IF at CPL ≤ IOPL). */
export function writeFlagsChecked(cpu: Cpu, v: number, mask: number): void {
  const old = cpu.eflags;
  let allowed = mask & ~(Eflags.VM | Eflags.VIF | Eflags.VIP);
  if (cpu.cpl !== 0) allowed &= ~Eflags.IOPL;
  if (cpu.cpl > ((old >> 12) & 3)) allowed &= ~Eflags.IF;
  cpu.eflags = (old & ~allowed) | (v & allowed);
}

/** IRET / IRETD (no nested-task returns; VM86 returns raise #GP). */
export function iret(cpu: Cpu, o16: boolean): void {
  const pop = o16 ? () => cpu.pop16() : () => cpu.pop32();
  if (!(cpu.cr0 & Cr0.PE)) {
    cpu.eip = pop();
    const cs = pop();
    cpu.sreg[Seg.CS] = cs; cpu.segBase[Seg.CS] = cs << 4;
    writeFlagsChecked(cpu, pop(), o16 ? 0xffff : 0x3f7fd5);
    return;
  }
  if (cpu.eflags & Eflags.NT) raise(13, 0);
  const eip = pop(), cs = pop() & 0xffff, flags = pop();
  if (!o16 && (flags & Eflags.VM) && cpu.cpl === 0) raise(13, 0);
  const rpl = cs & 3;
  if (rpl < cpu.cpl) raise(13, cs & 0xfffc);
  if (rpl > cpu.cpl) {
    const esp = pop(), ss = pop() & 0xffff;
    writeFlagsChecked(cpu, flags, o16 ? 0xffff : -1);
    loadCodeSegment(cpu, cs, rpl);
    loadSegment(cpu, Seg.SS, ss);
    cpu.r32[4] = esp;
    nullInaccessibleSegments(cpu);
  } else {
    writeFlagsChecked(cpu, flags, o16 ? 0xffff : -1);
    loadCodeSegment(cpu, cs, cpu.cpl);
  }
  cpu.eip = o16 ? eip & 0xffff : eip;
}

/** RETF [imm16]: far return, possibly to an outer privilege level. */
export function retFar(cpu: Cpu, o16: boolean, release: number): void {
  const pop = o16 ? () => cpu.pop16() : () => cpu.pop32();
  const eip = pop(), cs = pop() & 0xffff;
  cpu.r32[4] = (cpu.r32[4] + release) | 0;
  if (!(cpu.cr0 & Cr0.PE) || (cs & 3) === cpu.cpl) {
    loadCodeSegment(cpu, cs, cpu.cpl);
  } else {
    if ((cs & 3) < cpu.cpl) raise(13, cs & 0xfffc);
    const esp = pop(), ss = pop() & 0xffff;
    loadCodeSegment(cpu, cs, cs & 3);
    loadSegment(cpu, Seg.SS, ss);
    cpu.r32[4] = (esp + release) | 0;
    nullInaccessibleSegments(cpu);
  }
  cpu.eip = o16 ? eip & 0xffff : eip;
}

/** Far JMP to a code segment at the current privilege level. */
export function jmpFar(cpu: Cpu, selector: number, offset: number): void {
  loadCodeSegment(cpu, selector, cpu.cpl);
  cpu.eip = offset;
}

/** Far CALL to a code segment at the current privilege level. */
export function callFar(cpu: Cpu, selector: number, offset: number, o16: boolean): void {
  const cs = cpu.sreg[Seg.CS], ret = cpu.eip;
  // Check the target first so a faulting call leaves the stack untouched.
  const save = { sel: cs, base: cpu.segBase[Seg.CS], lim: cpu.segLimit[Seg.CS], attr: cpu.segAttr[Seg.CS] };
  loadCodeSegment(cpu, selector, cpu.cpl);
  try {
    if (o16) { cpu.push16(cs); cpu.push16(ret); } else { cpu.push32(cs); cpu.push32(ret); }
  } catch (e) {
    cpu.sreg[Seg.CS] = save.sel; cpu.segBase[Seg.CS] = save.base;
    cpu.segLimit[Seg.CS] = save.lim; cpu.segAttr[Seg.CS] = save.attr;
    cpu.cs32 = (save.attr & DescBit.Big) ? 1 : 0;
    throw e;
  }
  cpu.eip = o16 ? offset & 0xffff : offset;
}
