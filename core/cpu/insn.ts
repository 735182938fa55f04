// A decoded instruction: everything the handler needs, computed once by the decoder and cached in a
// block (v86/blink: handlers receive decoded operands). Platform-neutral.
import type { Cpu } from "./cpu.ts";

/** An instruction's semantics; EIP already points past it when called. */
export type Handler = (cpu: Cpu, i: Insn) => void;

/**
 * Two adjacent instructions `i`, `j` of block `b` run as one (opcodes/fuse.ts). Called with EIP past
 * `i` and prevEip at `i`, like a Handler; leaves EIP past `j` and prevEip at `j` when both ran, or
 * stops after `i` (prevEip still at `i`) when `i`'s store invalidated `b`.
 */
export type PairHandler = (cpu: Cpu, i: Insn, j: Insn, b: Block) => void;

/** Instruction flow attributes. */
export const Flow = {
  Next: 0, // falls through
  End: 1, // may change EIP, CPU mode or interrupt state: the block ends after it
} as const;

/** One decoded instruction. Plain fields only, so engines keep one hidden class. */
export class Insn {
  exec: Handler;
  /** Length in bytes (1–15). */
  len = 0;
  /** Opcode: 0x00–0xFF, or 0x100 | byte for the 0F map. */
  op = 0;
  /** ModRM fields (mod 3 means register operand). */
  mod = 0;
  reg = 0;
  rm = 0;
  /** Byte offsets in the GPR file for 8-bit `reg` and `rm`. */
  reg8 = 0;
  rm8 = 0;
  /** Memory operand: base/index register numbers (-1 none), scale shift, displacement, segment. */
  base = -1;
  index = -1;
  scale = 0;
  disp = 0;
  seg = 3;
  /** 1 when the address size is 16 bits (wrap the offset to 16 bits). */
  ea16 = 0;
  /** 1 when the operand size is 16 bits. */
  o16 = 0;
  imm = 0;
  imm2 = 0;
  /** 0 none, 1 REP/REPE (F3), 2 REPNE (F2). */
  rep = 0;
  /** Mandatory-prefix selector for SSE: 0 none, 1 = 66, 2 = F2, 3 = F3. */
  pfx = 0;
  lock = 0;
  flow = 0;
  /**
   * Interpreter only: runs this instruction and the next one of its block in one call (set when the
   * block is decoded with the JIT off). `exec` still runs this instruction alone (the JIT, budgets).
   */
  pair: PairHandler | undefined = undefined;

  constructor(exec: Handler) {
    this.exec = exec;
  }
}

/** A straight-line run of decoded instructions starting at one physical address. */
export class Block {
  readonly insns: Insn[];
  readonly phys: number;
  valid = true;
  /** Times executed; the JIT compiles hot blocks. */
  hits = 0;
  /** Compiled form, if any. */
  compiled: ((cpu: Cpu) => number) | undefined = undefined;
  /** The code/stack sizes `compiled` was made for (cs32 | ss32 << 1); it runs only in that mode. */
  compiledMode = -1;
  /**
   * A segment base its compiled code took as zero had changed when it was entered (jit/codegen.ts
   * zeroSegments): the block is compiled again, with the bases read at run time.
   */
  segmentsVary = false;
  /** `compiled` keeps the x87 stack in locals across its loop (jit/x87_run.ts): other regions leave it out. */
  carriesX87 = false;
  /** Linear address that followed this block's last interpreted run (-1: none yet; jit/region.ts). */
  seenNext = -1;

  /**
   * True when the block ends by falling through or by a near jump, call, return or loop: then the
   * interpreter may continue straight into the next cached block (executor.ts execBlock) because
   * nothing but EIP, the stack and memory can have changed.
   */
  readonly chains: boolean;

  constructor(phys: number, insns: Insn[]) {
    this.phys = phys;
    this.insns = insns;
    const last = insns[insns.length - 1];
    this.chains = last !== undefined && (last.flow === Flow.Next || isNearTransfer(last));
  }
}

/** Jcc, JMP/CALL rel, RET (C2, C3), LOOP/JECXZ, CALL/JMP Ev (FF /2, /4). */
function isNearTransfer(i: Insn): boolean {
  const op = i.op;
  return (op >= 0x70 && op <= 0x7f) || (op >= 0x180 && op <= 0x18f) || (op >= 0xe0 && op <= 0xe3) ||
    op === 0xe8 || op === 0xe9 || op === 0xeb || op === 0xc2 || op === 0xc3 ||
    (op === 0xff && (i.reg === 2 || i.reg === 4));
}
