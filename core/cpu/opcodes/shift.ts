// Shifts and rotates: group 2 (C0 C1 D0–D3: ROL ROR RCL RCR SHL SHR SAL SAR) and SHLD/SHRD
// (SDM Vol. 2 "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR", "SHLD", "SHRD"). Counts are masked to 5 bits;
// a zero count changes no flags. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler, Insn } from "../insn.ts";
import { Eflags } from "../eflags.ts";
import { maskOf, readE, rmwAddr, writeE } from "./alu.ts";

const CF = Eflags.CF, OF = Eflags.OF, AF = Eflags.AF;

/** Result flags from `res`, then CF and OF set explicitly (AF cleared: undefined on hardware). */
function setShiftFlags(cpu: Cpu, sb: number, res: number, cf: number, of: number): void {
  const lf = cpu.lf;
  lf.setLogic(sb, res);
  lf.lazy &= ~(CF | OF | AF);
  lf.flags = (lf.flags & ~(CF | OF | AF)) | cf | (of << 11);
}

/**
 * Only CF and OF change (rotates): they become concrete; the other four stay as they are (lazy ones
 * keep their record, which stays valid).
 */
function setRotateFlags(cpu: Cpu, cf: number, of: number): void {
  const lf = cpu.lf;
  lf.lazy &= ~(CF | OF);
  lf.flags = (lf.flags & ~(CF | OF)) | cf | (of << 11);
}

/** Performs shift/rotate `op` (ModRM.reg) of `v` by `count` at size `sb`; returns the result. */
export function shift(cpu: Cpu, op: number, sb: number, v: number, count: number): number {
  const bits = sb + 1, m = maskOf(sb);
  v &= m;
  switch (op) {
    case 0: { // ROL
      const c = count & (bits - 1);
      const r = c ? ((v << c) | (v >>> (bits - c))) & m : v;
      const cf = r & 1;
      setRotateFlags(cpu, cf, ((r >>> sb) & 1) ^ cf);
      return r;
    }
    case 1: { // ROR
      const c = count & (bits - 1);
      const r = c ? ((v >>> c) | (v << (bits - c))) & m : v;
      setRotateFlags(cpu, (r >>> sb) & 1, ((r >>> sb) ^ (r >>> (sb - 1))) & 1);
      return r;
    }
    case 2: { // RCL
      const c = count % (bits + 1);
      let r = v, cf = cpu.lf.cf();
      for (let k = 0; k < c; k++) {
        const out = (r >>> sb) & 1;
        r = ((r << 1) | cf) & m;
        cf = out;
      }
      setRotateFlags(cpu, cf, ((r >>> sb) & 1) ^ cf);
      return r;
    }
    case 3: { // RCR
      const c = count % (bits + 1);
      let r = v, cf = cpu.lf.cf();
      const of = ((r >>> sb) & 1) ^ cf;
      for (let k = 0; k < c; k++) {
        const out = r & 1;
        r = ((r >>> 1) | (cf << sb)) & m;
        cf = out;
      }
      setRotateFlags(cpu, cf, of);
      return r;
    }
    case 4: case 6: { // SHL/SAL
      if (count >= bits) {
        const cf = count === bits ? v & 1 : 0;
        setShiftFlags(cpu, sb, 0, cf, cf);
        return 0;
      }
      const r = (v << count) & m;
      const cf = (v >>> (bits - count)) & 1;
      setShiftFlags(cpu, sb, r, cf, ((r >>> sb) & 1) ^ cf);
      return r;
    }
    case 5: { // SHR
      const r = count >= bits ? 0 : v >>> count;
      const cf = count > bits ? 0 : (v >>> (count - 1)) & 1;
      setShiftFlags(cpu, sb, r, cf, (v >>> sb) & 1);
      return r;
    }
    default: { // SAR
      const s = (v << (31 - sb)) >> (31 - sb);
      const c = count >= bits ? sb : count;
      const r = (s >> c) & m;
      const cf = (s >> (count >= bits ? sb : count - 1)) & 1;
      setShiftFlags(cpu, sb, r, cf, 0);
      return r;
    }
  }
}

function group2(sb: number, countOf: (cpu: Cpu, i: Insn) => number): Handler {
  return (cpu, i) => {
    const count = countOf(cpu, i) & 31;
    if (count === 0) {
      if (i.mod !== 3) readE(cpu, i, sb, cpu.ea(i)); // still faults on a bad address
      return;
    }
    const a = rmwAddr(cpu, i);
    const v = readE(cpu, i, sb, a);
    // shift() records the flags before the write: a write that faults must leave them as they were
    // (a restarted RCL/RCR reads CF), so the destination is checked writable first.
    if (i.mod !== 3) cpu.probeWrite(a, (sb + 1) >> 3);
    writeE(cpu, i, sb, a, shift(cpu, i.reg, sb, v, count));
  };
}
const one = () => 1, imm = (_: Cpu, i: Insn) => i.imm, cl = (cpu: Cpu) => cpu.r8[4];
export const shiftEbIb = group2(7, imm), shiftEwIb = group2(15, imm), shiftEdIb = group2(31, imm);
export const shiftEb1 = group2(7, one), shiftEw1 = group2(15, one), shiftEd1 = group2(31, one);
export const shiftEbCl = group2(7, cl), shiftEwCl = group2(15, cl), shiftEdCl = group2(31, cl);

/** SHLD/SHRD Ev, Gv, Ib|CL. */
function doubleShift(left: boolean, countOf: (cpu: Cpu, i: Insn) => number): Handler {
  return (cpu, i) => {
    const count = countOf(cpu, i) & 31;
    const sb = i.o16 ? 15 : 31, bits = sb + 1;
    const a = rmwAddr(cpu, i);
    const d = readE(cpu, i, sb, a);
    if (count === 0) return;
    const s = i.o16 ? cpu.r16[i.reg << 1] : cpu.r32[i.reg];
    let r: number, cf: number;
    if (bits === 32) {
      if (left) { r = (d << count) | (s >>> (32 - count)); cf = (d >>> (32 - count)) & 1; }
      else { r = (d >>> count) | (s << (32 - count)); cf = (d >>> (count - 1)) & 1; }
    } else {
      // 16-bit: shift the 32-bit concatenation (counts above 16 are undefined on hardware).
      const cat = left ? ((d << 16) | s) >>> 0 : ((s << 16) | d) >>> 0;
      if (left) {
        const w = count <= 16 ? cat << count : (((s << 16) | s) >>> 0) << (count - 16);
        r = (w >>> 16) & 0xffff;
        cf = count <= 16 ? (cat >>> (32 - count)) & 1 : (s >>> (32 - count)) & 1;
      } else {
        const w = count <= 16 ? cat >>> count : ((((d << 16) | s) >>> 0) >>> (count - 16));
        r = w & 0xffff;
        cf = (cat >>> (count - 1)) & 1;
      }
    }
    r &= maskOf(sb);
    writeE(cpu, i, sb, a, r);
    setShiftFlags(cpu, sb, r, cf, ((r ^ d) >>> sb) & 1);
  };
}
export const shldEvGvIb = doubleShift(true, imm), shldEvGvCl = doubleShift(true, cl);
export const shrdEvGvIb = doubleShift(false, imm), shrdEvGvCl = doubleShift(false, cl);
