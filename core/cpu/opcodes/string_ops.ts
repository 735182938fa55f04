// String instructions MOVS CMPS STOS LODS SCAS INS OUTS with REP/REPE/REPNE (SDM Vol. 2). Source is
// seg:ESI (DS by default, overridable), destination ES:EDI. Registers are updated per element so a
// fault in the middle leaves a restartable state. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler, Insn } from "../insn.ts";
import { Eflags } from "../eflags.ts";
import { Seg } from "../registers.ts";
import { alu } from "./alu.ts";
import { checkIo } from "./io.ts";

const ESI = 6, EDI = 7, ECX = 1;

function read(cpu: Cpu, size: number, a: number): number {
  return size === 1 ? cpu.read8(a) : size === 2 ? cpu.read16(a) : cpu.read32(a);
}
function write(cpu: Cpu, size: number, a: number, v: number): void {
  if (size === 1) cpu.write8(a, v); else if (size === 2) cpu.write16(a, v); else cpu.write32(a, v);
}

/** Builds a string instruction handler for element size 1/2/4 (or by operand size when `size` 0). */
function stringOp(kind: "movs" | "cmps" | "stos" | "lods" | "scas" | "ins" | "outs", byteOp: boolean): Handler {
  return (cpu, i) => {
    const size = byteOp ? 1 : i.o16 ? 2 : 4;
    const step = cpu.lf.flags & Eflags.DF ? -size : size;
    const a16 = i.ea16;
    const srcBase = cpu.segBase[i.seg], dstBase = cpu.segBase[Seg.ES];
    const sb = size * 8 - 1;
    if (kind === "ins" || kind === "outs") checkIo(cpu, cpu.r16[4], size);
    const counted = i.rep !== 0;
    for (;;) {
      if (counted && (a16 ? cpu.r16[2] : cpu.r32[ECX]) === 0) return;
      const si = a16 ? cpu.r16[12] : cpu.r32[ESI], di = a16 ? cpu.r16[14] : cpu.r32[EDI];
      let advSi = false, advDi = false, cmp = false;
      switch (kind) {
        case "movs": write(cpu, size, (dstBase + di) | 0, read(cpu, size, (srcBase + si) | 0)); advSi = advDi = true; break;
        case "stos": write(cpu, size, (dstBase + di) | 0, size === 1 ? cpu.r8[0] : size === 2 ? cpu.r16[0] : cpu.r32[0]); advDi = true; break;
        case "lods": {
          const v = read(cpu, size, (srcBase + si) | 0);
          if (size === 1) cpu.r8[0] = v; else if (size === 2) cpu.r16[0] = v; else cpu.r32[0] = v;
          advSi = true;
          break;
        }
        case "cmps": {
          const s = read(cpu, size, (srcBase + si) | 0), d = read(cpu, size, (dstBase + di) | 0);
          alu(cpu, 7, sb, s, d);
          advSi = advDi = cmp = true;
          break;
        }
        case "scas": {
          const d = read(cpu, size, (dstBase + di) | 0);
          alu(cpu, 7, sb, size === 1 ? cpu.r8[0] : size === 2 ? cpu.r16[0] : cpu.r32[0], d);
          advDi = cmp = true;
          break;
        }
        case "ins": {
          const port = cpu.r16[4];
          const a = (dstBase + di) | 0;
          cpu.probeWrite(a, size);
          write(cpu, size, a, size === 1 ? cpu.ports.in8(port) : size === 2 ? cpu.ports.in16(port) : cpu.ports.in32(port));
          advDi = true;
          break;
        }
        case "outs": {
          const v = read(cpu, size, (srcBase + si) | 0), port = cpu.r16[4];
          if (size === 1) cpu.ports.out8(port, v); else if (size === 2) cpu.ports.out16(port, v); else cpu.ports.out32(port, v);
          advSi = true;
          break;
        }
      }
      if (a16) {
        if (advSi) cpu.r16[12] = si + step;
        if (advDi) cpu.r16[14] = di + step;
      } else {
        if (advSi) cpu.r32[ESI] = (si + step) | 0;
        if (advDi) cpu.r32[EDI] = (di + step) | 0;
      }
      if (!counted) return;
      if (a16) cpu.r16[2] = cpu.r16[2] - 1; else cpu.r32[ECX] = (cpu.r32[ECX] - 1) | 0;
      if (cmp) {
        const zf = cpu.lf.zf();
        if ((i.rep === 1 && zf === 0) || (i.rep === 2 && zf === 1)) return;
      }
    }
  };
}

export const movsb = stringOp("movs", true), movsv = stringOp("movs", false);
export const cmpsb = stringOp("cmps", true), cmpsv = stringOp("cmps", false);
export const stosb = stringOp("stos", true), stosv = stringOp("stos", false);
export const lodsb = stringOp("lods", true), lodsv = stringOp("lods", false);
export const scasb = stringOp("scas", true), scasv = stringOp("scas", false);
export const insb = stringOp("ins", true), insv = stringOp("ins", false);
export const outsb = stringOp("outs", true), outsv = stringOp("outs", false);

export type { Insn };
