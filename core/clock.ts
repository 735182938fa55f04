// Virtual time. By default time is a pure function of retired instructions, so a run is
// deterministic; idle periods (HLT with nothing pending) skip ahead to the next device deadline.
// Platform-neutral.

/** Nanoseconds of virtual time per retired instruction in deterministic mode (1 GHz, CPI 1). */
export const NS_PER_INSTRUCTION = 1;

/**
 * The machine clock, in nanoseconds since power-on. `now()` is what devices (PIT, RTC, UART
 * baud timing) read. The CPU loop calls `advance()` with retired instruction counts; the idle loop
 * calls `skipTo()` when the CPU halts.
 */
export class Clock {
  private ns = 0;
  /**
   * Instructions retired in the CPU slice now running but not yet added with advance(): set by the
   * machine loop so that time read in the middle of a slice (a syscall, a device) is exact.
   */
  inFlight: (() => number) | undefined;
  /** Wall-clock epoch (ms since 1970) at power-on; fixed in deterministic mode. */
  epochMs: number;

  constructor(epochMs = Date.UTC(2026, 0, 1)) {
    this.epochMs = epochMs;
  }

  /** Virtual nanoseconds since power-on. */
  now(): number {
    return this.inFlight ? this.ns + this.inFlight() * NS_PER_INSTRUCTION : this.ns;
  }

  /** Advances by `instructions` retired instructions. */
  advance(instructions: number): void {
    this.ns += instructions * NS_PER_INSTRUCTION;
  }

  /** Jumps forward to `ns` (never backwards). */
  skipTo(ns: number): void {
    if (ns > this.ns) this.ns = ns;
  }

  /** Resets to power-on. */
  reset(): void {
    this.ns = 0;
  }

  saveState(): { ns: number; epochMs: number } {
    return { ns: this.ns, epochMs: this.epochMs };
  }

  loadState(s: { ns: number; epochMs: number }): void {
    this.ns = s.ns;
    this.epochMs = s.epochMs;
  }
}
