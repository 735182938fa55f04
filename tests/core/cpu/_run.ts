// Test helper: runs a code snippet in a fresh (or reused) nk Machine, flat 32-bit at CPL 0, until
// HLT, INT3 or the first exception, and reports which.
import { Machine } from "../../../core/machine.ts";

/** How a snippet ended: "hlt", "int3", or "#<vector>" with the error code. */
export interface RunEnd {
  end: string;
  errorCode: number;
}

/** A machine with the exception hook installed; `exec()` runs code at `at`. */
export class Snippet {
  readonly m = new Machine({ memory: 16 << 20, framebuffer: false });
  private last: RunEnd = { end: "", errorCode: -1 };

  constructor() {
    this.m.cpu.hooks.onInterrupt = (vector, code) => {
      this.last = { end: vector === 3 ? "int3" : `#${vector}`, errorCode: code };
      this.m.cpu.requestStop();
      return true;
    };
  }

  get cpu() { return this.m.cpu; }

  /** Writes `code` at `at`, sets EIP there and runs up to `budget` instructions. */
  exec(code: number[] | Uint8Array, at = 0x1000, budget = 1000): RunEnd {
    if (code.length) this.m.memory.writeBytes(at, Uint8Array.from(code));
    return this.resume(at, budget);
  }

  /** Runs from `eip` without writing code. */
  resume(eip: number, budget = 1000): RunEnd {
    this.last = { end: "budget", errorCode: -1 };
    this.cpu.halted = false;
    this.cpu.eip = eip;
    this.cpu.run(budget);
    if (this.cpu.halted) this.last = { end: "hlt", errorCode: -1 };
    return this.last;
  }
}

/** Little-endian bytes of a 32-bit value. */
export function d32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** Identity-maps the first 4 MiB except page `hole` (not present), page directory at 0x80000, paging on. */
export function pagingWithHole(s: Snippet, hole = 5): void {
  const mem = s.m.memory;
  mem.write32(0x80000, 0x81000 | 3);
  for (let p = 0; p < 1024; p++) mem.write32(0x81000 + p * 4, p === hole ? 0 : (p << 12) | 3);
  s.cpu.cr3 = 0x80000;
  s.cpu.cr0 |= 0x80000000;
}
