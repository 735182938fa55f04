// x87 register file. Minimal placeholder written by the lead so the CPU compiles; the x87 unit
// (helper) replaces this file with the full state (it must keep `reset()` = FNINIT state).
export class FpuState {
  /** FNINIT state. */
  reset(): void {}
}
