// Test harness for devices: a bare DeviceHost and an IrqLine that records what a device drives.

import { PortBus } from "../../core/bus/port_bus.ts";
import { EventBus } from "../../core/bus/event_bus.ts";
import { PhysicalMemory } from "../../core/memory/physical.ts";
import { Clock } from "../../core/clock.ts";
import type { DeviceHost, IrqLine } from "../../devices/device.ts";

/** A machine with nothing plugged in: 16 MiB RAM, a port bus, a clock at 2026-01-01, an event bus. */
export function makeHost(memoryBytes = 16 << 20): DeviceHost & { clock: Clock } {
  // deno-lint-ignore no-explicit-any
  return { ports: new PortBus(), memory: new PhysicalMemory(memoryBytes), clock: new Clock(), events: new EventBus<Record<string, any>>() };
}

/** An IrqLine that remembers its level and counts rising edges. */
export class RecordingIrq implements IrqLine {
  level = false;
  rises = 0;
  set(level: boolean): void {
    if (level && !this.level) this.rises++;
    this.level = level;
  }
  pulse(): void {
    this.set(true);
    this.set(false);
  }
}

/** Collects the payloads of one event name. */
export function collect<T>(host: DeviceHost, name: string): T[] {
  const out: T[] = [];
  host.events.on(name, (p: T) => out.push(p));
  return out;
}
