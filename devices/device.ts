// The contract every emulated chip implements. Platform-neutral.
//
// A device is constructed with the machine it plugs into and registers its own ports (and MMIO
// regions) there. It raises interrupts through an IrqLine (the PIC input it is wired to), reads
// time from the machine clock, and reports output as events on the machine's event bus.

import type { PortBus } from "../core/bus/port_bus.ts";
import type { EventBus } from "../core/bus/event_bus.ts";
import type { PhysicalMemory } from "../core/memory/physical.ts";
import type { Clock } from "../core/clock.ts";

/** One interrupt request line into the interrupt controller. */
export interface IrqLine {
  /** Drives the line high (asserted) or low. Edge-triggered PICs latch the rising edge. */
  set(level: boolean): void;
  /** Convenience: a rising then falling edge. */
  pulse(): void;
}

/** Serialisable device state (plain JSON-compatible data, typed arrays allowed). */
export type DeviceState = Record<string, unknown>;

/** Common interface of emulated devices. */
export interface Device {
  /** Short unique name, e.g. "uart0", "pic", "pit". */
  readonly name: string;
  /** Returns the device to its power-on state. */
  reset(): void;
  /**
   * Runs any timed behaviour due at virtual time `now` (ns) and returns the next virtual time at
   * which the device needs to be called again, or Infinity if it has nothing scheduled.
   */
  tick?(now: number): number;
  /** Captures the whole device state for savevm. */
  saveState(): DeviceState;
  /** Restores a state produced by saveState() of the same device type. */
  loadState(state: DeviceState): void;
  /** One-line human summary for `info devices`. */
  describe?(): string;
}


/** What a device sees of the machine it is plugged into (core/machine.ts implements it). */
export interface DeviceHost {
  readonly ports: PortBus;
  readonly memory: PhysicalMemory;
  readonly clock: Clock;
  // deno-lint-ignore no-explicit-any
  readonly events: EventBus<Record<string, any>>;
}

/** The CPU's view of an interrupt controller (the 8259 pair implements it). */
export interface InterruptController {
  /** True if an unmasked interrupt is waiting for the CPU. */
  hasInterrupt(): boolean;
  /** INTA cycle: returns the vector of the highest-priority pending interrupt and marks it in service. */
  acknowledge(): number;
}
