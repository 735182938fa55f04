// BCD adjustment: DAA DAS AAA AAS AAM AAD (SDM Vol. 2 pseudo-code, including the documented flag
// results). Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler } from "../insn.ts";
import { Eflags } from "../eflags.ts";
import { raise } from "../fault.ts";
import { PARITY } from "../flags.ts";

const CF = Eflags.CF, AF = Eflags.AF, ZF = Eflags.ZF, SF = Eflags.SF, PF = Eflags.PF, OF = Eflags.OF;

/** Sets SF/ZF/PF from an 8-bit result and CF/AF as given (OF cleared: undefined on hardware). */
function setBcdFlags(cpu: Cpu, al: number, cf: number, af: number): void {
  cpu.lf.materialise();
  let f = cpu.lf.flags & ~(CF | AF | ZF | SF | PF | OF);
  if (cf) f |= CF;
  if (af) f |= AF;
  if (al === 0) f |= ZF;
  if (al & 0x80) f |= SF;
  f |= PARITY[al];
  cpu.lf.flags = f;
}

export const daa: Handler = (cpu) => {
  const oldAl = cpu.r8[0], oldCf = cpu.lf.cf();
  let al = oldAl, cf = 0, af = 0;
  if ((al & 0x0f) > 9 || cpu.lf.af()) { al = (al + 6) & 0xff; af = 1; cf = oldCf | (oldAl > 0xf9 ? 1 : 0); }
  if (oldAl > 0x99 || oldCf) { al = (al + 0x60) & 0xff; cf = 1; }
  cpu.r8[0] = al;
  setBcdFlags(cpu, al, cf, af);
};

export const das: Handler = (cpu) => {
  const oldAl = cpu.r8[0], oldCf = cpu.lf.cf();
  let al = oldAl, cf = 0, af = 0;
  if ((al & 0x0f) > 9 || cpu.lf.af()) { al = (al - 6) & 0xff; af = 1; cf = oldCf | (oldAl < 6 ? 1 : 0); }
  if (oldAl > 0x99 || oldCf) { al = (al - 0x60) & 0xff; cf = 1; }
  cpu.r8[0] = al;
  setBcdFlags(cpu, al, cf, af);
};

export const aaa: Handler = (cpu) => {
  let adjust = 0;
  if ((cpu.r8[0] & 0x0f) > 9 || cpu.lf.af()) {
    cpu.r16[0] = cpu.r16[0] + 0x106;
    adjust = 1;
  }
  cpu.r8[0] &= 0x0f;
  setBcdFlags(cpu, cpu.r8[0], adjust, adjust);
};

export const aas: Handler = (cpu) => {
  let adjust = 0;
  if ((cpu.r8[0] & 0x0f) > 9 || cpu.lf.af()) {
    cpu.r16[0] = cpu.r16[0] - 6;
    cpu.r8[1] = cpu.r8[1] - 1;
    adjust = 1;
  }
  cpu.r8[0] &= 0x0f;
  setBcdFlags(cpu, cpu.r8[0], adjust, adjust);
};

/** AAM Ib: AH = AL / base, AL = AL % base; #DE when base is 0. */
export const aam: Handler = (cpu, i) => {
  const base = i.imm & 0xff;
  if (base === 0) raise(0);
  const al = cpu.r8[0];
  cpu.r8[1] = Math.floor(al / base);
  cpu.r8[0] = al % base;
  setBcdFlags(cpu, cpu.r8[0], 0, 0);
};

/** AAD Ib: AL = AL + AH × base, AH = 0. */
export const aad: Handler = (cpu, i) => {
  const al = (cpu.r8[0] + cpu.r8[1] * (i.imm & 0xff)) & 0xff;
  cpu.r16[0] = al;
  setBcdFlags(cpu, al, 0, 0);
};
