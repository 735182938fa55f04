// Data movement: MOV in all forms, MOVZX/MOVSX, LEA, XCHG, XADD, CMPXCHG(8B), BSWAP, CMOVcc,
// SETcc, CBW/CWDE/CWD/CDQ, LAHF/SAHF, XLAT, segment register moves and LDS/LES/LFS/LGS/LSS.
// Platform-neutral.
import type { Handler } from "../insn.ts";
import { raise } from "../fault.ts";
import { Seg } from "../registers.ts";
import { loadSegment } from "../segments.ts";
import { alu, readE, readG, rmwAddr, writeE, writeG } from "./alu.ts";

// ---- MOV ------------------------------------------------------------------------------------
export const movEbGb: Handler = (cpu, i) => {
  if (i.mod === 3) cpu.r8[i.rm8] = cpu.r8[i.reg8]; else cpu.write8(cpu.ea(i), cpu.r8[i.reg8]);
};
export const movEwGw: Handler = (cpu, i) => {
  if (i.mod === 3) cpu.r16[i.rm << 1] = cpu.r16[i.reg << 1]; else cpu.write16(cpu.ea(i), cpu.r16[i.reg << 1]);
};
export const movEdGd: Handler = (cpu, i) => {
  if (i.mod === 3) cpu.r32[i.rm] = cpu.r32[i.reg]; else cpu.write32(cpu.ea(i), cpu.r32[i.reg]);
};
export const movGbEb: Handler = (cpu, i) => {
  cpu.r8[i.reg8] = i.mod === 3 ? cpu.r8[i.rm8] : cpu.read8(cpu.ea(i));
};
export const movGwEw: Handler = (cpu, i) => {
  cpu.r16[i.reg << 1] = i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i));
};
export const movGdEd: Handler = (cpu, i) => {
  cpu.r32[i.reg] = i.mod === 3 ? cpu.r32[i.rm] : cpu.read32(cpu.ea(i));
};
export const movAlOb: Handler = (cpu, i) => { cpu.r8[0] = cpu.read8(cpu.ea(i)); };
export const movAxOw: Handler = (cpu, i) => { cpu.r16[0] = cpu.read16(cpu.ea(i)); };
export const movEaxOd: Handler = (cpu, i) => { cpu.r32[0] = cpu.read32(cpu.ea(i)); };
export const movObAl: Handler = (cpu, i) => cpu.write8(cpu.ea(i), cpu.r8[0]);
export const movOwAx: Handler = (cpu, i) => cpu.write16(cpu.ea(i), cpu.r16[0]);
export const movOdEax: Handler = (cpu, i) => cpu.write32(cpu.ea(i), cpu.r32[0]);
export const movRbIb: Handler = (cpu, i) => { cpu.r8[[0, 4, 8, 12, 1, 5, 9, 13][i.op & 7]] = i.imm; };
export const movRwIw: Handler = (cpu, i) => { cpu.r16[(i.op & 7) << 1] = i.imm; };
export const movRdId: Handler = (cpu, i) => { cpu.r32[i.op & 7] = i.imm; };
export const movEbIb: Handler = (cpu, i) => {
  if (i.mod === 3) cpu.r8[i.rm8] = i.imm; else cpu.write8(cpu.ea(i), i.imm);
};
export const movEwIw: Handler = (cpu, i) => {
  if (i.mod === 3) cpu.r16[i.rm << 1] = i.imm; else cpu.write16(cpu.ea(i), i.imm);
};
export const movEdId: Handler = (cpu, i) => {
  if (i.mod === 3) cpu.r32[i.rm] = i.imm; else cpu.write32(cpu.ea(i), i.imm);
};

/** MOV Ew, Sw: a register destination gets the selector zero-extended (32-bit form). */
export const movEwSw: Handler = (cpu, i) => {
  if (i.reg > 5) raise(6);
  const v = cpu.sreg[i.reg];
  if (i.mod === 3) { if (i.o16) cpu.r16[i.rm << 1] = v; else cpu.r32[i.rm] = v; }
  else cpu.write16(cpu.ea(i), v);
};
/** MOV Sw, Ew (CS is not a valid destination). MOV SS inhibits interrupts for one instruction. */
export const movSwEw: Handler = (cpu, i) => {
  if (i.reg === Seg.CS || i.reg > 5) raise(6);
  const v = i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i));
  loadSegment(cpu, i.reg, v);
  if (i.reg === Seg.SS) cpu.intShadow = true;
};

/** LDS/LES/LFS/LGS/LSS Gv, Mp: offset then selector. */
function loadFarPointer(seg: number): Handler {
  return (cpu, i) => {
    if (i.mod === 3) raise(6);
    const a = cpu.ea(i);
    const off = i.o16 ? cpu.read16(a) : cpu.read32(a);
    const sel = cpu.read16(a + (i.o16 ? 2 : 4));
    loadSegment(cpu, seg, sel);
    if (i.o16) cpu.r16[i.reg << 1] = off; else cpu.r32[i.reg] = off;
  };
}
export const lesGvMp = loadFarPointer(Seg.ES), ldsGvMp = loadFarPointer(Seg.DS);
export const lssGvMp = loadFarPointer(Seg.SS), lfsGvMp = loadFarPointer(Seg.FS);
export const lgsGvMp = loadFarPointer(Seg.GS);

// ---- MOVZX / MOVSX / LEA ----------------------------------------------------------------------
export const movzxGvEb: Handler = (cpu, i) => {
  const v = i.mod === 3 ? cpu.r8[i.rm8] : cpu.read8(cpu.ea(i));
  if (i.o16) cpu.r16[i.reg << 1] = v; else cpu.r32[i.reg] = v;
};
export const movzxGvEw: Handler = (cpu, i) => {
  const v = i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i));
  if (i.o16) cpu.r16[i.reg << 1] = v; else cpu.r32[i.reg] = v;
};
export const movsxGvEb: Handler = (cpu, i) => {
  const v = ((i.mod === 3 ? cpu.r8[i.rm8] : cpu.read8(cpu.ea(i))) << 24) >> 24;
  if (i.o16) cpu.r16[i.reg << 1] = v; else cpu.r32[i.reg] = v;
};
export const movsxGvEw: Handler = (cpu, i) => {
  const v = ((i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i))) << 16) >> 16;
  if (i.o16) cpu.r16[i.reg << 1] = v; else cpu.r32[i.reg] = v;
};
export const leaGvM: Handler = (cpu, i) => {
  if (i.mod === 3) raise(6);
  const v = cpu.eaOffset(i);
  if (i.o16) cpu.r16[i.reg << 1] = v; else cpu.r32[i.reg] = v;
};

// ---- exchanges ------------------------------------------------------------------------------
function xchgEG(sb: number): Handler {
  return (cpu, i) => {
    const a = rmwAddr(cpu, i);
    const m = readE(cpu, i, sb, a), r = readG(cpu, i, sb);
    writeE(cpu, i, sb, a, r);
    writeG(cpu, i, sb, m);
  };
}
export const xchgEbGb = xchgEG(7), xchgEwGw = xchgEG(15), xchgEdGd = xchgEG(31);
export const xchgEaxR: Handler = (cpu, i) => {
  const r = i.op & 7;
  if (i.o16) { const t = cpu.r16[0]; cpu.r16[0] = cpu.r16[r << 1]; cpu.r16[r << 1] = t; }
  else { const t = cpu.r32[0]; cpu.r32[0] = cpu.r32[r]; cpu.r32[r] = t; }
};

function xaddEG(sb: number): Handler {
  return (cpu, i) => {
    const a = rmwAddr(cpu, i);
    // A faulting write (a COW page the kernel then restarts) must leave the register and EFLAGS as
    // they were: probe first, since the sum's flags and the register change come before the store.
    if (i.mod !== 3) cpu.probeWrite(a, (sb + 1) >> 3);
    const d = readE(cpu, i, sb, a), s = readG(cpu, i, sb);
    const sum = alu(cpu, 0, sb, d, s);
    writeG(cpu, i, sb, d);
    writeE(cpu, i, sb, a, sum);
  };
}
export const xaddEbGb = xaddEG(7), xaddEwGw = xaddEG(15), xaddEdGd = xaddEG(31);

function cmpxchgEG(sb: number): Handler {
  const m = sb === 7 ? 0xff : sb === 15 ? 0xffff : -1;
  return (cpu, i) => {
    const a = rmwAddr(cpu, i);
    if (i.mod !== 3) cpu.probeWrite(a, (sb + 1) >> 3);
    const d = readE(cpu, i, sb, a);
    const acc = (sb === 7 ? cpu.r8[0] : sb === 15 ? cpu.r16[0] : cpu.r32[0]) & m;
    alu(cpu, 7, sb, acc, d);
    if (acc === (d & m)) writeE(cpu, i, sb, a, readG(cpu, i, sb));
    else {
      if (sb === 7) cpu.r8[0] = d; else if (sb === 15) cpu.r16[0] = d; else cpu.r32[0] = d;
      if (i.mod !== 3) writeE(cpu, i, sb, a, d); // the destination is always written (SDM)
    }
  };
}
export const cmpxchgEbGb = cmpxchgEG(7), cmpxchgEwGw = cmpxchgEG(15), cmpxchgEdGd = cmpxchgEG(31);

/** CMPXCHG8B m64 (group 9 /1). */
export const cmpxchg8bMq: Handler = (cpu, i) => {
  if (i.mod === 3) raise(6);
  const a = cpu.ea(i);
  cpu.probeWrite(a, 8);
  const lo = cpu.read32(a), hi = cpu.read32(a + 4);
  cpu.lf.materialise();
  if (lo === cpu.r32[0] && hi === cpu.r32[2]) {
    cpu.write32(a, cpu.r32[3]); cpu.write32(a + 4, cpu.r32[1]);
    cpu.lf.flags |= 0x40;
  } else {
    cpu.write32(a, lo); cpu.write32(a + 4, hi);
    cpu.r32[0] = lo; cpu.r32[2] = hi;
    cpu.lf.flags &= ~0x40;
  }
};

export const bswapR: Handler = (cpu, i) => {
  const r = i.op & 7, v = cpu.r32[r];
  cpu.r32[r] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
};

// ---- conditional moves and sets ------------------------------------------------------------
export const cmovGvEv: Handler = (cpu, i) => {
  const v = i.o16 ? (i.mod === 3 ? cpu.r16[i.rm << 1] : cpu.read16(cpu.ea(i)))
    : (i.mod === 3 ? cpu.r32[i.rm] : cpu.read32(cpu.ea(i)));
  if (cpu.lf.test(i.op & 15)) { if (i.o16) cpu.r16[i.reg << 1] = v; else cpu.r32[i.reg] = v; }
};
export const setccEb: Handler = (cpu, i) => {
  const v = cpu.lf.test(i.op & 15) ? 1 : 0;
  if (i.mod === 3) cpu.r8[i.rm8] = v; else cpu.write8(cpu.ea(i), v);
};

// ---- accumulator conversions and flag transfers ----------------------------------------------
export const cbwCwde: Handler = (cpu, i) => {
  if (i.o16) cpu.r16[0] = (cpu.r8[0] << 24) >> 24; else cpu.r32[0] = (cpu.r16[0] << 16) >> 16;
};
export const cwdCdq: Handler = (cpu, i) => {
  if (i.o16) cpu.r16[4] = (cpu.r16[0] & 0x8000) ? 0xffff : 0; else cpu.r32[2] = cpu.r32[0] >> 31;
};
export const lahf: Handler = (cpu) => { cpu.r8[1] = cpu.eflags & 0xd5 | 2; };
export const sahf: Handler = (cpu) => {
  cpu.lf.materialise();
  cpu.lf.flags = (cpu.lf.flags & ~0xd5) | (cpu.r8[1] & 0xd5);
};
export const xlat: Handler = (cpu, i) => {
  const off = i.ea16 ? (cpu.r16[6] + cpu.r8[0]) & 0xffff : (cpu.r32[3] + cpu.r8[0]) | 0;
  cpu.r8[0] = cpu.read8((cpu.segBase[i.seg] + off) | 0);
};

