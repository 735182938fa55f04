// What the gdbserver debugs: a small interface over a CPU plus a "run a slice" function, so the
// same server serves bare machines (`nk boot`) and kernel sessions (`nk run`, a user process).
// Memory is addressed as the CPU's linear addresses, translated with the side-effect-free probe.

import type { Cpu } from "../../core/cpu/cpu.ts";
import { probe } from "../../core/cpu/paging.ts";

/** How one slice of execution ended. */
export type RunEvent =
  /** Used its budget: keep going. */
  | { readonly kind: "running" }
  /** Nothing to execute now (idle, waiting for input or a timer): poll again after `ms`. */
  | { readonly kind: "waiting"; readonly ms: number }
  /** EIP is at a breakpoint (not yet executed). */
  | { readonly kind: "breakpoint" }
  /** Stopped but still inspectable; `signal` is the GDB signal number to report (2 INT, 5 TRAP, 11 SEGV). */
  | { readonly kind: "stopped"; readonly signal: number }
  /** The debugged program (or the guest through debug-exit) exited with `code`. */
  | { readonly kind: "exited"; readonly code: number }
  /** The debugged program was killed by `signal`. */
  | { readonly kind: "signalled"; readonly signal: number };

/**
 * A debuggable machine. `cpu` gives registers, breakpoints (`cpu.breakpoints`, linear addresses)
 * and memory (through the page tables of the current CR3). `run` executes at most `budget`
 * instructions and must honour the CPU's breakpoints; the server calls it in slices.
 */
export interface GdbTarget {
  readonly cpu: Cpu;
  run(budget: number): RunEvent;
  /** A debugger attached: the owner's own run loop must leave the machine to the server. */
  attach?(): void;
  /** The debugger detached (`D`) or disconnected: the owner may resume its run loop. */
  detach?(): void;
  /** The debugger sent `k`: end the program / machine. */
  kill?(): void;
}

/** Thrown by readMemory/writeMemory for an address with no page or no backing. */
export class UnmappedError extends Error {
  constructor(readonly address: number) {
    super(`no memory at 0x${(address >>> 0).toString(16)}`);
  }
}

function physicalOf(cpu: Cpu, address: number): number {
  const phys = probe(cpu, address | 0);
  if (phys < 0 || (!cpu.mem.isRam(phys) && cpu.mem.mmioAt(phys) === undefined)) throw new UnmappedError(address);
  return phys;
}

/** Reads `length` bytes at linear `address`; throws UnmappedError if any byte is unmapped. */
export function readMemory(cpu: Cpu, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let done = 0; done < length;) {
    const lin = (address + done) >>> 0;
    const chunk = Math.min(length - done, 0x1000 - (lin & 0xfff));
    const phys = physicalOf(cpu, lin);
    out.set(cpu.mem.readBytes(phys, chunk), done);
    done += chunk;
  }
  return out;
}

/**
 * Writes `bytes` at linear `address` (through write8, so cached code on those pages is dropped).
 * Checks every page first: an unmapped page writes nothing and throws UnmappedError.
 */
export function writeMemory(cpu: Cpu, address: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) {
    const lin = (address + done) >>> 0;
    physicalOf(cpu, lin);
    done += 0x1000 - (lin & 0xfff);
  }
  for (let i = 0; i < bytes.length; i++) cpu.mem.write8(physicalOf(cpu, (address + i) >>> 0), bytes[i]!);
}
