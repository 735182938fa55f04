// Wires the standard PC's chips onto a machine: PIC pair, PIT→IRQ0, keyboard→IRQ1, COM1→IRQ4,
// RTC→IRQ8, ATA→IRQ14, VGA text, Bochs VBE framebuffer and the debug ports. Platform-neutral.
// Source: IBM PC/AT Technical Reference (IRQ assignments, I/O map).

import type { Device, DeviceHost } from "./device.ts";
import type { BlockBackend } from "./block_backend.ts";
import { Pic8259Pair } from "./pic_8259.ts";
import { Pit8254 } from "./pit_8254.ts";
import { Ps2Keyboard } from "./ps2_keyboard.ts";
import { Uart16550 } from "./uart_16550.ts";
import { Rtc } from "./rtc.ts";
import { AtaDisk } from "./ata_disk.ts";
import { VgaText } from "./vga_text.ts";
import { Framebuffer } from "./framebuffer.ts";
import { DebugExit } from "./debug_exit.ts";

/** IRQ assignments of the PC/AT (IBM PC/AT Technical Reference, "System Interrupts"). */
export const PcIrq = { timer: 0, keyboard: 1, cascade: 2, com2: 3, com1: 4, rtc: 8, mouse: 12, fpu: 13, ata0: 14 } as const;

/** Base port of COM1. */
export const COM1_BASE = 0x3f8;
/** Base port of COM2. */
export const COM2_BASE = 0x2f8;

/** What createPcDevices() builds. */
export interface PcOptions {
  /** Disk behind the ATA master; no ATA channel is installed without one. */
  disk?: BlockBackend;
  /** Install the Bochs VBE framebuffer (default true). */
  framebuffer?: boolean;
}

/** The PC's devices by name, plus `all` in the order they should be reset, ticked and saved. */
export interface PcDevices {
  pic: Pic8259Pair;
  pit: Pit8254;
  keyboard: Ps2Keyboard;
  com1: Uart16550;
  /** COM2 (0x2F8, IRQ3): nk puts the guest's stderr here when the host side is a pipe. */
  com2: Uart16550;
  rtc: Rtc;
  ata?: AtaDisk;
  vga: VgaText;
  vbe?: Framebuffer;
  debug: DebugExit;
  all: Device[];
}

/** Builds and wires the standard PC on `host`. The PIC pair is the machine's InterruptController. */
export function createPcDevices(host: DeviceHost, opts: PcOptions = {}): PcDevices {
  const pic = new Pic8259Pair(host);
  const pit = new Pit8254(host, { irq: pic.irqLine(PcIrq.timer) });
  const keyboard = new Ps2Keyboard(host, { irq: pic.irqLine(PcIrq.keyboard) });
  const com1 = new Uart16550(host, { base: COM1_BASE, irq: pic.irqLine(PcIrq.com1), unit: 0 });
  const com2 = new Uart16550(host, { base: COM2_BASE, irq: pic.irqLine(PcIrq.com2), unit: 1 });
  const rtc = new Rtc(host, { irq: pic.irqLine(PcIrq.rtc) });
  const ata = opts.disk ? new AtaDisk(host, { disk: opts.disk, irq: pic.irqLine(PcIrq.ata0) }) : undefined;
  const vga = new VgaText(host);
  const vbe = opts.framebuffer ?? true ? new Framebuffer(host, { palette: () => vga.dacRgb8() }) : undefined;
  const debug = new DebugExit(host);
  const all: Device[] = [pic, pit, keyboard, com1, com2, rtc, ...(ata ? [ata] : []), vga, ...(vbe ? [vbe] : []), debug];
  return { pic, pit, keyboard, com1, com2, rtc, ata, vga, vbe, debug, all };
}
