// 16550 UART driver (thesis §3.5): programs the chip through its ports (8N1, FIFOs, receive
// interrupts), buffers received bytes in its ISR and transmits by polling THR-empty. The host's
// end-of-input (a closed pipe) is a kernel-side flag set by the embedder, since a serial line has
// no EOF of its own. Platform-neutral.
import type { PortBus } from "../../core/bus/port_bus.ts";
import type { CharDevice } from "../io/char_device.ts";
import { WaitQueue } from "../files/wait_queue.ts";

/** 16550 register offsets and bits (National Semiconductor PC16550D datasheet). */
const Reg = { RBR: 0, THR: 0, IER: 1, FCR: 2, LCR: 3, MCR: 4, LSR: 5 } as const;
const Lsr = { DataReady: 0x01, ThrEmpty: 0x20 } as const;

/** A UART as a character device. */
export class UartDriver implements CharDevice {
  readonly readable = new WaitQueue();
  private buffer: number[] = [];
  private eof = false;
  /** Called with each received chunk (the TTY line discipline hooks in here). */
  onReceive: ((bytes: Uint8Array) => void) | undefined;

  constructor(readonly name: string, private readonly ports: PortBus, private readonly base: number) {}

  /** Programs the chip: 115200 8N1, FIFOs on, receive-data interrupts. */
  init(): void {
    const p = this.ports, b = this.base;
    p.out8(b + Reg.IER, 0x00);
    p.out8(b + Reg.LCR, 0x80); // DLAB
    p.out8(b + 0, 0x01); // divisor 1 = 115200 baud
    p.out8(b + 1, 0x00);
    p.out8(b + Reg.LCR, 0x03); // 8N1
    p.out8(b + Reg.FCR, 0xc7); // enable + clear FIFOs, 14-byte trigger
    p.out8(b + Reg.MCR, 0x0b); // DTR, RTS, OUT2 (IRQ enable)
    p.out8(b + Reg.IER, 0x01); // received-data interrupt
  }

  isr(): void {
    const p = this.ports, b = this.base;
    const got: number[] = [];
    while (p.in8(b + Reg.LSR) & Lsr.DataReady) got.push(p.in8(b + Reg.RBR));
    if (!got.length) return;
    if (this.onReceive) this.onReceive(Uint8Array.from(got));
    else {
      for (const c of got) this.buffer.push(c);
      this.readable.wakeAll();
    }
  }

  isReady(): boolean {
    return this.buffer.length > 0 || this.eof;
  }

  read(max: number): Uint8Array {
    const n = Math.min(max, this.buffer.length);
    return Uint8Array.from(this.buffer.splice(0, n));
  }

  available(): number {
    return this.buffer.length;
  }

  get endOfInput(): boolean {
    return this.eof && !(this.ports.in8(this.base + Reg.LSR) & Lsr.DataReady);
  }

  /** The host closed this line's input. */
  markEndOfInput(): void {
    this.eof = true;
    this.readable.wakeAll();
  }

  write(bytes: Uint8Array): number {
    const p = this.ports, b = this.base;
    for (const c of bytes) {
      while (!(p.in8(b + Reg.LSR) & Lsr.ThrEmpty)) { /* the emulated UART empties THR at once */ }
      p.out8(b + Reg.THR, c);
    }
    return bytes.length;
  }

  print(text: string): void {
    this.write(new TextEncoder().encode(text));
  }
}
