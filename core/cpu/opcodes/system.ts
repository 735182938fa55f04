// System instructions: descriptor-table registers (LGDT/LIDT/SGDT/SIDT/LLDT/SLDT/LTR/STR), MOV to
// and from control/debug registers, LMSW/SMSW/CLTS, INVLPG, INVD/WBINVD, RDMSR/WRMSR, LAR/LSL,
// VERR/VERW, ARPL (SDM Vol. 2, Vol. 3 ch. 2). Platform-neutral.
import type { Handler } from "../insn.ts";
import { Cr0, Cr4, CR4_SUPPORTED } from "../control_regs.ts";
import { Eflags } from "../eflags.ts";
import { raise } from "../fault.ts";
import { flushTlb, invalidateTlbEntry } from "../paging.ts";
import { DescBit, readDescriptor } from "../segments.ts";

export const lgdt: Handler = (cpu, i) => {
  cpu.requireCpl0();
  if (i.mod === 3) raise(6);
  const a = cpu.ea(i);
  cpu.gdtLimit = cpu.read16(a);
  cpu.gdtBase = cpu.read32(a + 2) & (i.o16 ? 0xffffff : -1);
};
export const lidt: Handler = (cpu, i) => {
  cpu.requireCpl0();
  if (i.mod === 3) raise(6);
  const a = cpu.ea(i);
  cpu.idtLimit = cpu.read16(a);
  cpu.idtBase = cpu.read32(a + 2) & (i.o16 ? 0xffffff : -1);
};
export const sgdt: Handler = (cpu, i) => {
  if (i.mod === 3) raise(6);
  const a = cpu.ea(i);
  cpu.probeWrite(a, 6);
  cpu.write16(a, cpu.gdtLimit);
  cpu.write32(a + 2, cpu.gdtBase);
};
export const sidt: Handler = (cpu, i) => {
  if (i.mod === 3) raise(6);
  const a = cpu.ea(i);
  cpu.probeWrite(a, 6);
  cpu.write16(a, cpu.idtLimit);
  cpu.write32(a + 2, cpu.idtBase);
};

/** Writes a 16-bit system value to Ew (register destinations get it zero-extended). */
function storeEw(cpu: Parameters<Handler>[0], i: Parameters<Handler>[1], v: number): void {
  if (i.mod === 3) { if (i.o16) cpu.r16[i.rm << 1] = v; else cpu.r32[i.rm] = v; }
  else cpu.write16(cpu.ea(i), v);
}
function loadEw(cpu: Parameters<Handler>[0], i: Parameters<Handler>[1]): number {
  return i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i));
}

export const sldt: Handler = (cpu, i) => storeEw(cpu, i, cpu.ldtSelector);
export const str: Handler = (cpu, i) => storeEw(cpu, i, cpu.trSelector);
export const smsw: Handler = (cpu, i) => {
  if (i.mod === 3 && !i.o16) cpu.r32[i.rm] = cpu.cr0; else storeEw(cpu, i, cpu.cr0 & 0xffff);
};
/** LMSW: sets PE/MP/EM/TS; cannot clear PE. */
export const lmsw: Handler = (cpu, i) => {
  cpu.requireCpl0();
  const v = loadEw(cpu, i) & 0xf;
  cpu.cr0 = (cpu.cr0 & ~0xe) | v | (cpu.cr0 & Cr0.PE);
};
export const clts: Handler = (cpu) => {
  cpu.requireCpl0();
  cpu.cr0 &= ~Cr0.TS;
};

export const lldt: Handler = (cpu, i) => {
  cpu.requireCpl0();
  const sel = loadEw(cpu, i);
  if ((sel & ~3) === 0) { cpu.ldtSelector = 0; cpu.ldtBase = 0; cpu.ldtLimit = 0; return; }
  if (sel & 4) raise(13, sel & 0xfffc);
  const d = readDescriptor(cpu, sel)!;
  if ((d.attr & 0x1f) !== 2) raise(13, sel & 0xfffc); // system descriptor type 2 = LDT
  if (!(d.attr & DescBit.Present)) raise(11, sel & 0xfffc);
  cpu.ldtSelector = sel; cpu.ldtBase = d.base; cpu.ldtLimit = d.limit;
};

/** LTR: loads an available 32-bit TSS and marks it busy. */
export const ltr: Handler = (cpu, i) => {
  cpu.requireCpl0();
  const sel = loadEw(cpu, i);
  if ((sel & ~3) === 0 || (sel & 4)) raise(13, sel & 0xfffc);
  const d = readDescriptor(cpu, sel)!;
  const type = d.attr & 0x1f;
  if (type !== 9 && type !== 1) raise(13, sel & 0xfffc); // available 32-bit or 16-bit TSS
  if (!(d.attr & DescBit.Present)) raise(11, sel & 0xfffc);
  cpu.trSelector = sel; cpu.trBase = d.base; cpu.trLimit = d.limit;
  cpu.write32(d.addr + 4, d.hi | (2 << 8)); // busy bit
};

/** VERR/VERW: ZF=1 if the segment is readable/writable at the current privilege. */
function verify(write: boolean): Handler {
  return (cpu, i) => {
    const sel = loadEw(cpu, i);
    let ok = false;
    try {
      const d = (sel & ~3) ? readDescriptor(cpu, sel) : undefined;
      if (d && (d.attr & DescBit.System)) {
        const dpl = (d.attr >> 5) & 3;
        const code = (d.attr & DescBit.Code) !== 0, conforming = code && (d.attr & DescBit.Conforming);
        const privOk = conforming || (dpl >= cpu.cpl && dpl >= (sel & 3));
        ok = !!privOk && (write ? !code && (d.attr & DescBit.Writable) !== 0 : !code || (d.attr & DescBit.Writable) !== 0);
      }
    } catch { ok = false; }
    cpu.lf.materialise();
    cpu.lf.flags = ok ? cpu.lf.flags | Eflags.ZF : cpu.lf.flags & ~Eflags.ZF;
  };
}
export const verr = verify(false), verw = verify(true);

/** LAR/LSL: access rights / segment limit of a descriptor visible at this privilege, ZF=1 on success. */
function larLsl(limit: boolean): Handler {
  return (cpu, i) => {
    const sel = loadEw(cpu, i);
    let d;
    try { d = (sel & ~3) ? readDescriptor(cpu, sel) : undefined; } catch { d = undefined; }
    cpu.lf.materialise();
    const dpl = d ? (d.attr >> 5) & 3 : 0;
    const conforming = d && (d.attr & DescBit.System) && (d.attr & DescBit.Code) && (d.attr & DescBit.Conforming);
    if (!d || (!conforming && (dpl < cpu.cpl || dpl < (sel & 3)))) {
      cpu.lf.flags &= ~Eflags.ZF;
      return;
    }
    const v = limit ? d.limit : d.hi & 0x00f0ff00;
    if (i.o16) cpu.r16[i.reg << 1] = v; else cpu.r32[i.reg] = v;
    cpu.lf.flags |= Eflags.ZF;
  };
}
export const lar = larLsl(false), lsl = larLsl(true);

/** ARPL Ew, Gw (only meaningful in 16/32-bit protected mode). */
export const arpl: Handler = (cpu, i) => {
  const a = i.mod === 3 ? 0 : cpu.ea(i);
  const dst = i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(a);
  const src = cpu.r16[i.reg << 1];
  cpu.lf.materialise();
  if ((dst & 3) < (src & 3)) {
    const v = (dst & ~3) | (src & 3);
    if (i.mod === 3) cpu.r16[i.rm << 1] = v; else cpu.write16(a, v);
    cpu.lf.flags |= Eflags.ZF;
  } else cpu.lf.flags &= ~Eflags.ZF;
};

/** MOV r32, CRn. */
export const movRdCd: Handler = (cpu, i) => {
  cpu.requireCpl0();
  const v = [cpu.cr0, 0, cpu.cr2, cpu.cr3, cpu.cr4][i.reg];
  if (v === undefined || i.reg === 1) raise(6);
  cpu.r32[i.rm] = v;
};
/** MOV CRn, r32: paging changes flush the TLB. */
export const movCdRd: Handler = (cpu, i) => {
  cpu.requireCpl0();
  const v = cpu.r32[i.rm];
  switch (i.reg) {
    case 0: {
      if ((v & Cr0.PG) && !(v & Cr0.PE)) raise(13, 0);
      const changed = cpu.cr0 ^ v;
      cpu.cr0 = v | Cr0.ET;
      if (changed & (Cr0.PG | Cr0.WP | Cr0.PE)) flushTlb(cpu, true);
      break;
    }
    case 2: cpu.cr2 = v; break;
    case 3: cpu.cr3 = v; flushTlb(cpu, false); break;
    case 4: {
      if (v & ~CR4_SUPPORTED) raise(13, 0);
      const changed = cpu.cr4 ^ v;
      cpu.cr4 = v;
      if (changed & (Cr4.PSE | Cr4.PGE)) flushTlb(cpu, true);
      break;
    }
    default: raise(6);
  }
};
/** MOV r32, DRn / MOV DRn, r32 (stored; hardware breakpoints are not implemented). */
export const movRdDd: Handler = (cpu, i) => { cpu.requireCpl0(); cpu.r32[i.rm] = cpu.dr[i.reg]; };
export const movDdRd: Handler = (cpu, i) => { cpu.requireCpl0(); cpu.dr[i.reg] = cpu.r32[i.rm]; };

export const invlpg: Handler = (cpu, i) => {
  cpu.requireCpl0();
  if (i.mod === 3) raise(6);
  invalidateTlbEntry(cpu, cpu.ea(i));
};
export const wbinvd: Handler = (cpu) => cpu.requireCpl0();

/** MSRs nk knows: TSC (0x10), SYSENTER_CS/ESP/EIP (0x174–0x176) stored only. */
const KNOWN_MSRS = new Set([0x10, 0x174, 0x175, 0x176, 0x1b]);
export const rdmsr: Handler = (cpu) => {
  cpu.requireCpl0();
  const n = cpu.r32[1] >>> 0;
  if (!KNOWN_MSRS.has(n)) raise(13, 0);
  const v = n === 0x10 ? BigInt(cpu.instructionCount) : cpu.msr.get(n) ?? 0n;
  cpu.r32[0] = Number(v & 0xffffffffn);
  cpu.r32[2] = Number((v >> 32n) & 0xffffffffn);
};
export const wrmsr: Handler = (cpu) => {
  cpu.requireCpl0();
  const n = cpu.r32[1] >>> 0;
  if (!KNOWN_MSRS.has(n) || n === 0x10) raise(13, 0);
  cpu.msr.set(n, (BigInt(cpu.r32[2] >>> 0) << 32n) | BigInt(cpu.r32[0] >>> 0));
};
