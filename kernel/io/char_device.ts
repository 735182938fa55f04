// The thesis's device hierarchy (§3.5, Figs. 3.7–3.10): Device (an interrupt listener that can say
// whether it is ready), InputDevice (read), OutputDevice (write + print helpers), IODevice (both).
// Drivers implement these and reach hardware only through ports and memory. Platform-neutral.
import type { WaitQueue } from "../files/wait_queue.ts";

/** An interrupt-driven device. */
export interface Device {
  readonly name: string;
  /** Interrupt service routine, called by ARCH for the device's vector. */
  isr(vector: number): void;
  /** True when the device can accept a write / has data to read. */
  isReady(): boolean;
}

/** A device that produces bytes. */
export interface InputDevice extends Device {
  /** Takes up to `max` buffered bytes (empty if none yet). Never blocks. */
  read(max: number): Uint8Array;
  /** Bytes buffered and not yet read. */
  available(): number;
  /** True once the host closed the input (pipes): reads then return 0. */
  readonly endOfInput: boolean;
  /** Woken when bytes arrive or input ends. */
  readonly readable: WaitQueue;
}

/** A device that consumes bytes. */
export interface OutputDevice extends Device {
  write(bytes: Uint8Array): number;
  /** Kernel log helper: writes a string. */
  print(text: string): void;
}

/** A full-duplex character device (a UART, a terminal). */
export interface CharDevice extends InputDevice, OutputDevice {}
