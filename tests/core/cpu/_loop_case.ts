// Test helper for the compiled-against-interpreted comparisons of instruction sequences: a machine
// with `code` at `at` followed by DEC ECX; JNZ back to its start; HLT, so a case loops ECX times
// and its compiled form has a region branch after the code under test. jitThreshold 1 compiles the
// block before its first run. The first exception's vector is kept and stops the CPU.
import { Machine } from "../../../core/machine.ts";

export interface LoopCase {
  readonly m: Machine;
  /** The first exception's vector, or −1. */
  vector(): number;
}

export function loopCase(code: number[], at: number, jit: boolean): LoopCase {
  const m = new Machine({ memory: 1 << 20, framebuffer: false });
  const cpu = m.cpu;
  cpu.jitEnabled = jit;
  cpu.jitThreshold = 1;
  let vector = -1;
  cpu.hooks.onInterrupt = (v) => {
    if (vector < 0) vector = v;
    cpu.requestStop();
    return true;
  };
  const body = [...code, 0x49, 0x75, (-(code.length + 3)) & 0xff, 0xf4];
  m.memory.writeBytes(at, Uint8Array.from(body));
  return { m, vector: () => vector };
}
