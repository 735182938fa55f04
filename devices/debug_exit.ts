// QEMU's isa-debug-exit (port 0xF4: writing v ends the run with status (v << 1) | 1) and the
// Bochs/QEMU debug console (port 0xE9: each byte written is printed by the host). Platform-neutral.
// Sources: QEMU hw/misc/debugexit.c (iobase=0xf4 as used with -device isa-debug-exit), hw/char/debugcon.c.

import type { Device, DeviceHost, DeviceState } from "./device.ts";

/** Ports (QEMU command-line conventions: isa-debug-exit,iobase=0xf4; debugcon at the Bochs port 0xE9). */
export const DebugPorts = { exit: 0xf4, console: 0xe9 } as const;

/** Payload of the "exit" event: the process exit status QEMU would return. */
export interface ExitEvent { code: number }
/** Payload of the "debugcon" event. */
export interface DebugconEvent { byte: number }

/** Both debug ports. Emits "exit" and "debugcon" on the host event bus; holds no state. */
export class DebugExit implements Device {
  readonly name = "debug";

  constructor(host: DeviceHost) {
    const exit = (_p: number, v: number) => host.events.emit("exit", { code: ((v << 1) | 1) >>> 0 } satisfies ExitEvent);
    host.ports.register(DebugPorts.exit, { write8: exit, write16: exit, write32: exit });
    host.ports.register(DebugPorts.console, {
      // Reading the debug console port returns 0xE9 so guests can detect it (QEMU debugcon readback).
      read8: () => 0xe9,
      write8: (_p, v) => host.events.emit("debugcon", { byte: v } satisfies DebugconEvent),
    });
  }

  reset(): void {}

  saveState(): DeviceState {
    return {};
  }

  loadState(_state: DeviceState): void {}

  describe(): string {
    return "debug: isa-debug-exit 0xf4, debugcon 0xe9";
  }
}
