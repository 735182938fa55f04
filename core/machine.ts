// The PC: CPU + physical memory + port bus + clock + event bus + the standard devices, and the loop
// that interleaves CPU slices with device deadlines in virtual time. Platform-neutral.
import { EventBus } from "./bus/event_bus.ts";
import { PortBus } from "./bus/port_bus.ts";
import { Clock, NS_PER_INSTRUCTION } from "./clock.ts";
import { Cpu, StopReason } from "./cpu/cpu.ts";
import { Eflags } from "./cpu/eflags.ts";
import { PhysicalMemory } from "./memory/physical.ts";
import type { DeviceHost } from "../devices/device.ts";
import type { BlockBackend } from "../devices/block_backend.ts";
import { createPcDevices, type PcDevices } from "../devices/pc.ts";

/** How a machine is built. */
export interface MachineOptions {
  /** RAM in bytes (multiple of 4 KiB; default 64 MiB). */
  memory?: number;
  /** Disk behind the ATA master. */
  disk?: BlockBackend;
  /** Install the Bochs VBE framebuffer (default true). */
  framebuffer?: boolean;
  /** Wall-clock epoch (ms since 1970) at power-on, for the RTC (default 2026-01-01, deterministic). */
  epochMs?: number;
}

/** Why `Machine.run()` returned. */
export type RunOutcome =
  | "budget" // ran the requested instructions
  | "idle" // halted with nothing scheduled that could wake it (waiting for host input)
  | "exit" // the guest wrote the debug-exit port; see exitCode
  | "stopped" // stop() or a hook asked to stop
  | "breakpoint" // reached a breakpoint
  | "shutdown" // triple fault
  | "dead"; // HLT with interrupts disabled: nothing can ever wake it

/**
 * Longest CPU slice between device ticks (instructions) when no device deadline comes sooner. Each
 * slice end leaves compiled code for the run loop; 200 k (about 0.2–1 ms of guest time) rather than
 * 20 k made call-heavy code ~7 % faster (qsort) and changed nothing a device can observe: their
 * deadlines still bound every slice.
 */
const MAX_SLICE = 200_000;

/** An i386 PC. */
export class Machine implements DeviceHost {
  readonly memory: PhysicalMemory;
  readonly ports = new PortBus();
  readonly clock: Clock;
  // deno-lint-ignore no-explicit-any
  readonly events = new EventBus<Record<string, any>>();
  readonly cpu: Cpu;
  readonly devices: PcDevices;
  /** Set when the guest exits through the debug-exit port (QEMU isa-debug-exit encoding). */
  exitCode: number | undefined;
  private shutdown = false;
  private nextDeadline = 0;
  private stopFlag = false;

  constructor(opts: MachineOptions = {}) {
    this.memory = new PhysicalMemory(opts.memory ?? 64 << 20);
    this.clock = new Clock(opts.epochMs);
    this.cpu = new Cpu(this.memory, this.ports);
    this.devices = createPcDevices(this, { disk: opts.disk, framebuffer: opts.framebuffer });
    this.cpu.intc = this.devices.pic;
    this.cpu.hooks.onTripleFault = () => { this.shutdown = true; };
    this.events.on("exit", (e: { code: number }) => {
      this.exitCode = e.code;
      this.cpu.requestStop();
    });
  }

  /** Power-cycles CPU and devices (memory is kept, as on a warm reset). */
  reset(): void {
    this.cpu.reset();
    for (const d of this.devices.all) d.reset();
    this.clock.reset();
    this.exitCode = undefined;
    this.shutdown = false;
    this.nextDeadline = 0;
  }

  /** Runs device timers due at the current virtual time; returns the earliest next deadline. */
  tickDevices(): number {
    const now = this.clock.now();
    let next = Infinity;
    for (const d of this.devices.all) {
      if (d.tick) {
        const t = d.tick(now);
        if (t < next) next = t;
      }
    }
    this.nextDeadline = next;
    return next;
  }

  /**
   * Runs up to `budget` instructions, servicing device deadlines in virtual time. A halted CPU skips
   * ahead to the next deadline (deterministic idle); with nothing scheduled it returns "idle".
   */
  run(budget: number): RunOutcome {
    const cpu = this.cpu;
    const end = cpu.instructionCount + budget;
    if (this.exitCode !== undefined) return "exit";
    while (cpu.instructionCount < end) {
      if (this.stopFlag) {
        this.stopFlag = false;
        cpu.clearStopRequest();
        return "stopped";
      }
      // Devices may have been reprogrammed during the last slice: always refresh deadlines.
      let next = this.tickDevices();
      if (cpu.halted && !this.interruptPending()) {
        if (!(cpu.eflags & Eflags.IF)) return "dead";
        if (next === Infinity) return "idle";
        this.clock.skipTo(next);
        this.tickDevices();
        continue;
      }
      const untilDeadline = next === Infinity ? MAX_SLICE : Math.ceil((next - this.clock.now()) / NS_PER_INSTRUCTION);
      const slice = Math.max(1, Math.min(end - cpu.instructionCount, untilDeadline, MAX_SLICE));
      // A slice cut short for the devices may finish its last block (a device deadline a few
      // instructions late is harmless); one that ends the caller's budget is exact.
      const soft = slice < end - cpu.instructionCount;
      const sliceStart = cpu.instructionCount;
      this.clock.inFlight = () => cpu.instructionCount - sliceStart;
      let n: number;
      try {
        n = cpu.run(slice, soft);
      } finally {
        this.clock.inFlight = undefined;
      }
      this.clock.advance(n);
      if (this.shutdown || cpu.stopReason === StopReason.Shutdown) return "shutdown";
      if (this.exitCode !== undefined) return "exit";
      if (cpu.stopReason === StopReason.Breakpoint) return "breakpoint";
      if (cpu.stopReason === StopReason.Requested) {
        this.stopFlag = false;
        return "stopped";
      }
    }
    return "budget";
  }

  /** True if the PIC has an interrupt the CPU would take. */
  interruptPending(): boolean {
    return (this.cpu.eflags & Eflags.IF) !== 0 && this.devices.pic.hasInterrupt();
  }

  /** Asks a running `run()` to return "stopped" at the next block boundary. */
  stop(): void {
    this.stopFlag = true;
    this.cpu.requestStop();
  }
}
