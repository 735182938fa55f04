// Runs differential cases in nk: one Machine reused, each case's code written at the code page and
// followed by HLT; exceptions are caught through the onInterrupt hook and reported as the vector.
import { Machine } from "../../core/machine.ts";
import { type CaseResult, type DiffCase, Layout } from "./layout.ts";

/** A reusable nk instance for running cases. */
export class NkRunner {
  readonly machine = new Machine({ memory: 16 << 20, framebuffer: false });
  private vector = -1;

  constructor() {
    this.machine.cpu.hooks.onInterrupt = (vector) => {
      this.vector = vector;
      this.machine.cpu.requestStop();
      return true;
    };
  }

  /** Executes one case and returns what it left behind. */
  run(c: DiffCase): CaseResult {
    const cpu = this.machine.cpu, mem = this.machine.memory;
    const code = new Uint8Array(c.code.length + 1);
    code.set(c.code);
    code[c.code.length] = 0xf4; // HLT
    mem.writeBytes(Layout.dataWindow, c.data);
    mem.writeBytes(Layout.stackWindow, c.stack);
    mem.writeBytes(Layout.codePage, code);
    cpu.halted = false;
    cpu.eip = Layout.codePage;
    cpu.r32.set(c.regs);
    cpu.eflags = c.eflags | 0x202; // IF set, as in a user process
    this.vector = -1;
    cpu.run(64);
    return {
      vector: this.vector,
      regs: cpu.r32.slice(),
      eflags: cpu.eflags,
      data: mem.u8.slice(Layout.dataWindow, Layout.dataWindow + Layout.windowSize),
      stack: mem.u8.slice(Layout.stackWindow, Layout.stackWindow + Layout.windowSize),
    };
  }
}
