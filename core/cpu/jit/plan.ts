// The contract between the block compiler (codegen.ts) and the per-instruction code generators:
// what an inline instruction does to flags, whether it can fault or store, and how it is emitted.
// Platform-neutral.
import type { Insn } from "../insn.ts";

/** What produced the lazy flags, as far as the compiler knows (for fused conditions). */
export interface FlagProducer {
  /** CcOp of the producer (ADD, SUB, LOGIC, INC, DEC). */
  op: number;
  /** Sign-bit index of the operation size. */
  sb: number;
}

/** Per-instruction context handed to an emitter. */
export interface EmitContext {
  readonly i: Insn;
  /** Index of the instruction in its block. */
  readonly k: number;
  /** False when a later instruction overwrites all flags before anything can observe them. */
  readonly flagsLive: boolean;
  /** The last in-block flag producer whose operands are in locals A, B, R (or undefined). */
  readonly producer: FlagProducer | undefined;
  /** JS expression for the EIP after this instruction. */
  readonly nextEip: string;
  /**
   * Code that leaves before this instruction and hands it to the interpreter (the dispatcher runs
   * the rest of the block interpreted once), for slow paths that are rare.
   */
  readonly handOver: string;
  /** JS expression for `eipAfterThis + rel` wrapped to the operand size (branch targets). */
  target(rel: number): string;
  /** Code that leaves the block with EIP = `eipExpr` after retiring this instruction. */
  exit(eipExpr: string): string;
  /** Like exit() for a branch to `rel`: loops inside the function when it targets the block start. */
  branch(rel: number): string;
}

/** How one instruction is compiled inline. */
export interface Plan {
  /** Reads the lazy flag record (conditions, INC/DEC's carry). */
  readonly reads: boolean;
  /** Replaces the whole lazy flag record (so earlier flag results are dead). */
  readonly writes: boolean;
  /** Changes flags in a way no fused condition can follow (rotates, shifts). */
  readonly touchesFlags?: boolean;
  /** Updates flags through locals A, B, R as `producer` (for fused conditions), if any. */
  readonly producer?: FlagProducer;
  /** Can raise a CPU fault (memory access, #UD, #DE…). */
  readonly faults: boolean;
  /** Writes memory (a store may hit cached code: the block is re-checked after it). */
  readonly stores: boolean;
  /** Always leaves the block itself (control transfer); `emit` includes the exit. */
  readonly ends: boolean;
  emit(ctx: EmitContext): string;
}
