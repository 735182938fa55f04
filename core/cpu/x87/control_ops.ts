// x87 control handlers: FLDCW/FNSTCW, FNSTSW (m16, AX), FNSTENV/FLDENV, FNSAVE/FRSTOR (32-bit and,
// with an operand-size prefix, 16-bit protected-mode images), FNINIT, FNCLEX, FFREE(P),
// FINCSTP/FDECSTP, FNOP. SDM vol. 1 §8.1.10 and Figs. 8-9…8-12; vol. 2 each page. Platform-neutral.
import type { Handler, Insn } from "../insn.ts";
import type { Cpu } from "../cpu.ts";
import { Cc } from "./f80.ts";
import { CW_FIXED_ONES, CW_WRITABLE, ENV_SIZE, type FpuState } from "./fpu_state.ts";
import { gate, notePointers, readBytes, writeBytes } from "./exec.ts";

const IMAGE = new Uint8Array(108);
/** Byte sizes of the 16-bit protected-mode images (SDM vol. 1 Fig. 8-11). */
const ENV16_SIZE = 14;
const ES_AND_FLAGS = 0x80ff; // IE…PE, SF, ES and B (bit 15)
const BUSY = 0x8000;
const ES = 0x0080;

/** Recomputes ES/B from the exception flags and masks (after the control word changes). */
function refreshSummary(f: FpuState): void {
  if (f.sw & ~f.cw & 0x3f) f.sw |= ES | BUSY;
  else f.sw &= ~(ES | BUSY);
}

/** Memory operand address for a control instruction (they leave FIP/FDP untouched). */
function address(cpu: Cpu, i: Insn): number {
  return cpu.ea(i);
}

/** D9 /5 FLDCW m16. */
export const fldcw: Handler = (cpu, i) => {
  gate(cpu, true);
  const f = cpu.fpu;
  f.cw = (cpu.read16(address(cpu, i)) & CW_WRITABLE) | CW_FIXED_ONES;
  refreshSummary(f);
};

/** D9 /7 FNSTCW m16. */
export const fnstcw: Handler = (cpu, i) => {
  gate(cpu, false);
  cpu.write16(address(cpu, i), cpu.fpu.cw);
};

/** DD /7 FNSTSW m16. */
export const fnstswMemory: Handler = (cpu, i) => {
  gate(cpu, false);
  cpu.write16(address(cpu, i), cpu.fpu.statusWord());
};

/** DF E0 FNSTSW AX. */
export const fnstswAx: Handler = (cpu) => {
  gate(cpu, false);
  cpu.r16[0] = cpu.fpu.statusWord();
};

/** Converts the 28-byte image in IMAGE to the 14-byte 16-bit layout in place (registers follow). */
function packEnv16(f: FpuState): void {
  put16(0, f.cw); put16(1, f.statusWord()); put16(2, f.tagWord());
  put16(3, f.fip); put16(4, f.fcs); put16(5, f.fdp); put16(6, f.fds);
}

function put16(k: number, v: number): void {
  IMAGE[2 * k] = v & 0xff;
  IMAGE[2 * k + 1] = (v >> 8) & 0xff;
}

/** Loads a 16-bit environment image (14 bytes at IMAGE) into the state. */
function unpackEnv16(f: FpuState): void {
  const w = (k: number) => IMAGE[2 * k] | (IMAGE[2 * k + 1] << 8);
  f.cw = (w(0) & CW_WRITABLE) | CW_FIXED_ONES;
  f.setStatusWord(w(1));
  f.setTagWord(w(2));
  f.fip = w(3); f.fcs = w(4); f.fdp = w(5); f.fds = w(6);
}

/** D9 /6 FNSTENV: stores the environment, then masks every exception (SDM FSTENV). */
export const fnstenv: Handler = (cpu, i) => {
  gate(cpu, false);
  const f = cpu.fpu;
  const lin = address(cpu, i);
  if (i.o16) packEnv16(f);
  else f.storeEnv(IMAGE, 0);
  writeBytes(cpu, lin, IMAGE, i.o16 ? ENV16_SIZE : ENV_SIZE);
  f.cw |= 0x3f;
};

/** D9 /4 FLDENV. */
export const fldenv: Handler = (cpu, i) => {
  gate(cpu, true);
  const f = cpu.fpu;
  const lin = address(cpu, i);
  readBytes(cpu, lin, IMAGE, i.o16 ? ENV16_SIZE : ENV_SIZE);
  if (i.o16) unpackEnv16(f);
  else f.loadEnv(IMAGE, 0);
};

/** DD /6 FNSAVE: environment + ST(0)…ST(7), then FNINIT. */
export const fnsave: Handler = (cpu, i) => {
  gate(cpu, false);
  const f = cpu.fpu;
  const lin = address(cpu, i);
  const envSize = i.o16 ? ENV16_SIZE : ENV_SIZE;
  cpu.probeWrite(lin, envSize + 80);
  if (i.o16) packEnv16(f);
  else f.storeEnv(IMAGE, 0);
  for (let k = 0; k < 8; k++) f.storeReg(k, IMAGE, envSize + 10 * k);
  writeBytes(cpu, lin, IMAGE, envSize + 80);
  f.reset();
};

/** DD /4 FRSTOR. */
export const frstor: Handler = (cpu, i) => {
  gate(cpu, true);
  const f = cpu.fpu;
  const lin = address(cpu, i);
  const envSize = i.o16 ? ENV16_SIZE : ENV_SIZE;
  readBytes(cpu, lin, IMAGE, envSize + 80);
  if (i.o16) unpackEnv16(f);
  else f.loadEnv(IMAGE, 0);
  for (let k = 0; k < 8; k++) f.loadReg(k, IMAGE, envSize + 10 * k);
};

/** DB E3 FNINIT. */
export const fninit: Handler = (cpu) => {
  gate(cpu, false);
  cpu.fpu.reset();
};

/** DB E2 FNCLEX: clears the exception flags, SF, ES and B. */
export const fnclex: Handler = (cpu) => {
  gate(cpu, false);
  cpu.fpu.sw &= ~ES_AND_FLAGS;
};

/** DB E0/E1/E4 (FENI, FDISI, FSETPM): 8087/287 leftovers the 387 and later execute as FNOP. */
export const legacyNop: Handler = (cpu) => {
  gate(cpu, false);
};

/** D9 D0 FNOP. */
export const fnop: Handler = (cpu, i) => {
  gate(cpu, true);
  notePointers(cpu, i);
};

/** DD C0+i FFREE ST(i), DF C0+i FFREEP ST(i) (the latter also pops). */
export function ffree(st: number, pop: boolean): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    f.empty[(f.top + st) & 7] = 1;
    f.sw &= ~Cc.C1; // measured: the host clears C1 (the SDM leaves it undefined)
    if (pop) f.pop();
  };
}

/** D9 F7 FINCSTP / D9 F6 FDECSTP: TOP ± 1, tags untouched, C1 = 0. */
export function stepTop(delta: number): Handler {
  return (cpu, i) => {
    gate(cpu, true);
    notePointers(cpu, i);
    const f = cpu.fpu;
    f.top = (f.top + delta) & 7;
    f.sw &= ~Cc.C1;
  };
}
