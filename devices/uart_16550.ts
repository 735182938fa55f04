// National Semiconductor 16550A UART (8 registers at a base port, e.g. COM1 0x3F8 / IRQ4) with
// 16-byte FIFOs. The host feeds input through an unbounded queue; output is the "uart.tx" event.
// Sources: NS PC16550D datasheet (register map, IIR priorities); QEMU hw/char/serial.c. Platform-neutral.

import type { Device, DeviceHost, DeviceState, IrqLine } from "./device.ts";

/** Register offsets from the base port (PC16550D Table II); DLAB = LCR bit 7 selects DLL/DLM. */
export const UartReg = {
  data: 0, // RBR (read) / THR (write) / DLL (DLAB)
  ier: 1, // interrupt enable / DLM (DLAB)
  iir: 2, // interrupt identification (read) / FCR (write)
  lcr: 3,
  mcr: 4,
  lsr: 5,
  msr: 6,
  scr: 7,
} as const;

/** Line status bits (PC16550D, LSR). */
export const Lsr = { dataReady: 0x01, overrun: 0x02, thrEmpty: 0x20, transmitterEmpty: 0x40, fifoError: 0x80 } as const;

/** IIR interrupt identifiers, highest priority first (PC16550D Table IV). */
export const Iir = { none: 0x01, lineStatus: 0x06, rxData: 0x04, rxTimeout: 0x0c, thrEmpty: 0x02, modem: 0x00 } as const;

/** FIFO receive trigger levels selected by FCR bits 7..6. */
const RX_TRIGGER = [1, 4, 8, 14] as const;
const FIFO_SIZE = 16;
/** Modem status with a terminal attached and ready (DCD, DSR, CTS), as QEMU reports. */
const MSR_CONNECTED = 0xb0;

/** Options of one UART. */
export interface UartOptions {
  /** Base I/O port, e.g. 0x3F8 for COM1. */
  base: number;
  irq: IrqLine;
  /** Unit number reported in "uart.tx" events (0 for COM1). */
  unit?: number;
}

/** Payload of the "uart.tx" event: one byte the guest transmitted. */
export interface UartTxEvent { unit: number; byte: number }

/**
 * A 16550A. Transmission is instantaneous (no baud-rate timing): a THR write emits "uart.tx" at once.
 * The IRQ output is not gated by MCR.OUT2, matching QEMU, since hobby kernels rarely set it.
 */
export class Uart16550 implements Device {
  readonly name: string;
  private readonly unit: number;
  private rx: number[] = [];
  /** Bytes from the host not yet in the FIFO; `hostHead` indexes the next one. */
  private host: number[] = [];
  private hostHead = 0;
  private ier = 0; private lcr = 0; private mcr = 0; private lsrErrors = 0; private msr = MSR_CONNECTED;
  private scr = 0; private divisor = 12; private fcr = 0; private thrEmptyPending = false;
  private level = false;
  private readonly events: DeviceHost["events"];

  constructor(hostMachine: DeviceHost, private readonly opts: UartOptions) {
    this.unit = opts.unit ?? 0;
    this.name = `uart${this.unit}`;
    this.events = hostMachine.events;
    for (let i = 0; i < 8; i++) {
      hostMachine.ports.register(opts.base + i, {
        read8: () => this.read(i),
        write8: (_p, v) => this.write(i, v),
      });
    }
  }

  /** Queues host input. Never drops: bytes wait here until the guest has drained the FIFO. */
  receive(bytes: Uint8Array): void {
    for (const b of bytes) this.host.push(b);
    this.refill();
    this.updateIrq();
  }

  /** True while host input is waiting in the FIFO or the host queue. */
  hasPendingInput(): boolean {
    return this.rx.length > 0 || this.hostHead < this.host.length;
  }

  reset(): void {
    this.rx = [];
    this.ier = this.lcr = this.mcr = this.lsrErrors = this.scr = this.fcr = 0;
    this.msr = MSR_CONNECTED;
    this.divisor = 12; // 9600 baud
    this.thrEmptyPending = false;
    this.setLine(false);
    // Queued host input survives a guest reset: it is the user's typing, not chip state.
  }

  private get fifoEnabled(): boolean {
    return !!(this.fcr & 1);
  }

  private get loopback(): boolean {
    return !!(this.mcr & 0x10);
  }

  /** Moves host bytes into the receive FIFO (one holding register without FIFO mode). */
  private refill(): void {
    if (this.loopback) return; // in loopback the receiver is disconnected from the line
    const room = (this.fifoEnabled ? FIFO_SIZE : 1) - this.rx.length;
    for (let i = 0; i < room && this.hostHead < this.host.length; i++) this.rx.push(this.host[this.hostHead++]);
    if (this.hostHead > 4096 && this.hostHead * 2 > this.host.length) {
      this.host = this.host.slice(this.hostHead);
      this.hostHead = 0;
    }
  }

  /** The highest-priority pending interrupt, as IIR bits 3..0. */
  private interruptId(): number {
    if (this.ier & 0x04 && this.lsrErrors) return Iir.lineStatus;
    if (this.ier & 0x01 && this.rx.length) {
      if (!this.fifoEnabled || this.rx.length >= RX_TRIGGER[this.fcr >> 6]) return Iir.rxData;
      // Below the trigger level the chip raises a timeout after 4 idle character times; input only
      // arrives from the host queue, which refill() has already drained, so the line is idle now.
      return Iir.rxTimeout;
    }
    if (this.ier & 0x02 && this.thrEmptyPending) return Iir.thrEmpty;
    if (this.ier & 0x08 && this.msr & 0x0f) return Iir.modem;
    return Iir.none;
  }

  private setLine(level: boolean): void {
    if (level !== this.level) {
      this.level = level;
      this.opts.irq.set(level);
    }
  }

  private updateIrq(): void {
    this.setLine(this.interruptId() !== Iir.none);
  }

  private read(reg: number): number {
    const dlab = !!(this.lcr & 0x80);
    switch (reg) {
      case UartReg.data: {
        if (dlab) return this.divisor & 0xff;
        const byte = this.rx.shift() ?? 0;
        if (this.rx.length === 0) {
          // Let the IRQ line fall before new input arrives so the edge-triggered PIC sees a new edge.
          this.updateIrq();
          this.refill();
        }
        this.updateIrq();
        return byte;
      }
      case UartReg.ier: return dlab ? this.divisor >> 8 : this.ier;
      case UartReg.iir: {
        const id = this.interruptId();
        if (id === Iir.thrEmpty) {
          this.thrEmptyPending = false; // reading IIR acknowledges THRE
          this.updateIrq();
        }
        return id | (this.fifoEnabled ? 0xc0 : 0);
      }
      case UartReg.lcr: return this.lcr;
      case UartReg.mcr: return this.mcr;
      case UartReg.lsr: {
        const v = (this.rx.length ? Lsr.dataReady : 0) | this.lsrErrors | Lsr.thrEmpty | Lsr.transmitterEmpty;
        this.lsrErrors = 0;
        this.updateIrq();
        return v;
      }
      case UartReg.msr: {
        const v = this.msr;
        this.msr &= 0xf0; // reading clears the delta bits
        this.updateIrq();
        return v;
      }
      default: return this.scr;
    }
  }

  private write(reg: number, v: number): void {
    const dlab = !!(this.lcr & 0x80);
    switch (reg) {
      case UartReg.data:
        if (dlab) this.divisor = (this.divisor & 0xff00) | v;
        else this.transmit(v);
        break;
      case UartReg.ier:
        if (dlab) {
          this.divisor = (this.divisor & 0xff) | (v << 8);
        } else {
          // Enabling THRE interrupts while the THR is empty raises one at once (PC16550D).
          if (v & 0x02 && !(this.ier & 0x02)) this.thrEmptyPending = true;
          this.ier = v & 0x0f;
        }
        break;
      case UartReg.iir: this.writeFcr(v); break;
      case UartReg.lcr: this.lcr = v; break;
      case UartReg.mcr: this.writeMcr(v); break;
      case UartReg.scr: this.scr = v; break;
      default: break; // LSR and MSR are read-only
    }
    this.updateIrq();
  }

  private transmit(byte: number): void {
    this.thrEmptyPending = false;
    this.updateIrq();
    if (this.loopback) {
      if (this.rx.length < (this.fifoEnabled ? FIFO_SIZE : 1)) this.rx.push(byte);
      else this.lsrErrors |= Lsr.overrun;
    } else {
      this.events.emit("uart.tx", { unit: this.unit, byte } satisfies UartTxEvent);
    }
    this.thrEmptyPending = true;
  }

  private writeFcr(v: number): void {
    const wasEnabled = this.fifoEnabled;
    // Clearing the receive FIFO hands host bytes back to the host queue: input the user typed
    // before the driver initialised the chip is not lost to its FIFO reset.
    if (v & 0x02 || (v & 1) !== +wasEnabled) this.clearRx();
    this.fcr = v & 0xc9;
    this.refill();
  }

  private clearRx(): void {
    if (!this.loopback) {
      this.host = [...this.rx, ...this.host.slice(this.hostHead)];
      this.hostHead = 0;
    }
    this.rx = [];
  }

  private writeMcr(v: number): void {
    const wasLoopback = this.loopback;
    this.mcr = v & 0x1f;
    const old = this.msr;
    // In loopback the modem outputs feed the inputs: RTS→CTS, DTR→DSR, OUT1→RI, OUT2→DCD.
    const lines = this.loopback
      ? ((v & 0x02) << 3) | ((v & 0x01) << 5) | ((v & 0x04) << 4) | ((v & 0x08) << 4)
      : MSR_CONNECTED;
    let delta = ((old ^ lines) >> 4) & 0x0b; // DCTS, DDSR, DDCD
    if (old & 0x40 && !(lines & 0x40)) delta |= 0x04; // TERI: trailing edge of RI
    this.msr = lines | (old & 0x0f) | delta;
    if (wasLoopback !== this.loopback) {
      if (this.loopback) this.clearRx(); else this.refill();
    }
  }

  saveState(): DeviceState {
    return {
      rx: [...this.rx], host: this.host.slice(this.hostHead), ier: this.ier, lcr: this.lcr, mcr: this.mcr,
      lsrErrors: this.lsrErrors, msr: this.msr, scr: this.scr, divisor: this.divisor, fcr: this.fcr,
      thrEmptyPending: this.thrEmptyPending, level: this.level,
    };
  }

  loadState(s: DeviceState): void {
    this.rx = [...(s.rx as number[])];
    this.host = [...(s.host as number[])];
    this.hostHead = 0;
    Object.assign(this, {
      ier: s.ier, lcr: s.lcr, mcr: s.mcr, lsrErrors: s.lsrErrors, msr: s.msr, scr: s.scr, divisor: s.divisor,
      fcr: s.fcr, thrEmptyPending: s.thrEmptyPending, level: s.level,
    });
  }

  describe(): string {
    const baud = this.divisor ? Math.round(115200 / this.divisor) : 0;
    return `${this.name}: base 0x${this.opts.base.toString(16)} ${baud} baud, ier=${this.ier.toString(16)} ` +
      `fifo=${this.fifoEnabled ? "on" : "off"} rx=${this.rx.length} queued=${this.host.length - this.hostHead}`;
  }
}
