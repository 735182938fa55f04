// Entry points for JIT-compiled x87 code (core/cpu/jit/emit_x87.ts): the same operations as the
// interpreter handlers, taking the instruction's EIP, FOP and linear address as arguments instead of
// reading them from cpu.prevEip and the guest registers (which compiled code keeps in JS locals).
// Reached from generated code as `cpu.fpu.jit`. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import { Insn } from "../insn.ts";
import { gate } from "./exec.ts";
import { REGISTER_FORMS } from "./rows.ts";
import { loadAt, loadF80, loadI64, storeAt } from "./load_store_ops.ts";
import { BINARY, LOADERS, binaryMemoryAt } from "./arith_ops.ts";
import { compareMemoryAt } from "./compare_ops.ts";
import { fastArithReg, fastComi, fastFldSt, fastFstSt, fastFxch } from "./jit_fast.ts";

/** Handed to register-form handlers: they read only `imm` (the FOP) from their instruction. */
const SCRATCH = new Insn(() => {});

/** Memory loaders by FLD kind: m32fp, m64fp, m32int, m16int, m80fp, m64int. */
const LOAD_KINDS = [...LOADERS, loadF80, loadI64];

/** The operations compiled code calls; see emit_x87.ts for the calling sequences. */
export const X87_JIT = {
  /** The #NM/#MF checks of a waiting instruction (compiled code calls it only when one may apply). */
  gate(cpu: Cpu): void {
    gate(cpu, true);
  },
  /** Any register form (ModRM ≥ 0xC0) that touches no general register: runs its handler. */
  reg(cpu: Cpu, eip: number, fop: number): void {
    cpu.prevEip = eip;
    SCRATCH.imm = fop;
    REGISTER_FORMS[((fop >> 8) << 6) | (fop & 0x3f)].h(cpu, SCRATCH);
  },
  /** FLD ST(i). */
  fldSt(cpu: Cpu, eip: number, fop: number, st: number): void {
    if (!fastFldSt(cpu, eip, fop, st)) X87_JIT.reg(cpu, eip, fop);
  },
  /** FXCH ST(i). */
  fxch(cpu: Cpu, eip: number, fop: number, st: number): void {
    if (!fastFxch(cpu, eip, fop, st)) X87_JIT.reg(cpu, eip, fop);
  },
  /** FST/FSTP ST(i). */
  fstSt(cpu: Cpu, eip: number, fop: number, st: number, pop: number): void {
    if (!fastFstSt(cpu, eip, fop, st, pop)) X87_JIT.reg(cpu, eip, fop);
  },
  /** ST(dest) = ST(0) op ST(src), then pop if `pop` (op indexes BINARY). */
  arithReg(cpu: Cpu, eip: number, fop: number, op: number, dest: number, src: number, pop: number): void {
    if (!fastArithReg(cpu, eip, fop, op, dest, src, pop)) X87_JIT.reg(cpu, eip, fop);
  },
  /** FCOMI/FUCOMI ST(0), ST(st), popping once if `pop` (the caller has materialised EFLAGS). */
  comi(cpu: Cpu, eip: number, fop: number, st: number, pop: number): void {
    if (!fastComi(cpu, eip, fop, st, pop)) X87_JIT.reg(cpu, eip, fop);
  },
  /** FLD/FILD m (kind: see LOAD_KINDS), pointers already recorded. */
  load(cpu: Cpu, lin: number, kind: number): void {
    loadAt(cpu, lin, kind === 0 || kind === 1 || kind === 2 ? kind : -1, LOAD_KINDS[kind]);
  },
  /** FST/FSTP/FIST/FISTP m (fmt: StoreFormat), pointers already recorded. */
  store(cpu: Cpu, lin: number, fmt: number, pop: number): void {
    storeAt(cpu, lin, fmt, pop !== 0);
  },
  /** ST(0) = ST(0) op m (kind indexes LOADERS), pointers already recorded. */
  arithMem(cpu: Cpu, lin: number, op: number, kind: number): void {
    binaryMemoryAt(cpu, lin, op, kind, LOADERS[kind], BINARY[op]!);
  },
  /** FCOM/FCOMP/FICOM/FICOMP m, pointers already recorded. */
  compareMem(cpu: Cpu, lin: number, kind: number, pops: number): void {
    compareMemoryAt(cpu, lin, LOADERS[kind], pops);
  },
};

export type X87Jit = typeof X87_JIT;
