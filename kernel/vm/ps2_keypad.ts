// A PS/2 keyboard driver that turns scancodes into the CHIP-8 hex keypad (thesis §3.5's keyboard
// driver): its ISR on IRQ1 drains port 0x60 while the 8042 status says the output buffer is full.
// Keys map by position, as CHIP-8 interpreters customarily do:
//   keypad 1 2 3 C      keyboard 1 2 3 4
//          4 5 6 D               Q W E R
//          7 8 9 E               A S D F
//          A 0 B F               Z X C V
// Sources: IBM PC/AT Technical Reference (8042 ports, scancode set 1). Platform-neutral.
import type { PortBus } from "../../core/bus/port_bus.ts";

/** 8042 ports and status bit (IBM PC/AT Technical Reference). */
const Kbc = { data: 0x60, status: 0x64, outputFull: 0x01 } as const;
/** Scancode set 1 make code → CHIP-8 key (layout above). Break codes are make | 0x80. */
export const KEYPAD_SCANCODES: Readonly<Record<number, number>> = {
  0x02: 0x1, 0x03: 0x2, 0x04: 0x3, 0x05: 0xc, // 1 2 3 4
  0x10: 0x4, 0x11: 0x5, 0x12: 0x6, 0x13: 0xd, // Q W E R
  0x1e: 0x7, 0x1f: 0x8, 0x20: 0x9, 0x21: 0xe, // A S D F
  0x2c: 0xa, 0x2d: 0x0, 0x2e: 0xb, 0x2f: 0xf, // Z X C V
};
/** The host key names (devices/scancodes.ts, QEMU names) of keypad keys 0–F, for front ends. */
export const KEYPAD_KEY_NAMES = ["x", "1", "2", "3", "q", "w", "e", "a", "s", "d", "z", "c", "4", "r", "f", "v"] as const;
const EXTENDED_PREFIX = 0xe0;

/** The keypad driver. */
export class Ps2Keypad {
  private readonly down = new Uint8Array(16);
  /** Pressed since the VM last looked: a tap shorter than a frame is still seen once. */
  private readonly latched = new Uint8Array(16);
  private extended = false;
  /** Called on each key press (Fx0A waits on this). */
  onPress: ((key: number) => void) | undefined;
  scancodes = 0;

  constructor(private readonly ports: PortBus) {}

  /** IRQ1 handler body: reads every pending byte. */
  isr(): void {
    while (this.ports.in8(Kbc.status) & Kbc.outputFull) this.scancode(this.ports.in8(Kbc.data));
  }

  private scancode(code: number): void {
    this.scancodes++;
    if (code === EXTENDED_PREFIX) { this.extended = true; return; }
    const extended = this.extended;
    this.extended = false;
    const key = extended ? undefined : KEYPAD_SCANCODES[code & 0x7f];
    if (key === undefined) return;
    if (code & 0x80) { this.down[key] = 0; return; }
    if (!this.down[key]) this.onPress?.(key);
    this.down[key] = 1;
    this.latched[key] = 1;
  }

  /** Whether keypad key `key` counts as down for the current frame. */
  isDown(key: number): boolean {
    return !!(this.down[key] | this.latched[key]);
  }

  /** End of a frame: taps that were seen stop counting. */
  endFrame(): void {
    this.latched.fill(0);
  }
}
