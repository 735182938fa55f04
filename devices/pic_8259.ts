// The PC/AT's cascaded 8259A pair: master at 0x20/0x21 (IRQ0–7), slave at 0xA0/0xA1 (IRQ8–15) on
// the master's IRQ2. Edge-triggered; spurious interrupts report IRQ7/IRQ15. Platform-neutral.
// Sources: Intel 8259A datasheet; IBM PC/AT Technical Reference (cascade on IRQ2).

import type { Device, DeviceHost, DeviceState, InterruptController, IrqLine } from "./device.ts";
import { PicChip, type PicChipState } from "./_pic_chip.ts";

/** I/O ports of the pair (IBM PC/AT Technical Reference, system I/O map). */
export const PicPorts = {
  masterCommand: 0x20,
  masterData: 0x21,
  slaveCommand: 0xa0,
  slaveData: 0xa1,
} as const;

/** The master input the slave's INT output is wired to. */
const CASCADE_IRQ = 2;
/** The IRQ a chip reports when its request vanished before INTA. */
const SPURIOUS_IRQ = 7;

/** What `info pic` shows for one chip. */
export interface PicChipSummary {
  chip: "master" | "slave";
  irr: number;
  isr: number;
  imr: number;
  /** Vector of the chip's IRQ 0 (ICW2). */
  base: number;
}

/** A shared cell the CPU reads instead of calling `hasInterrupt()` before every block. */
export interface PendingFlag {
  value: boolean;
}

/**
 * The two 8259s. Devices get their input with `irqLine(n)`; the CPU polls `hasInterrupt()` (or
 * reads `pendingFlag.value`, the same answer cached) and runs the INTA cycle with `acknowledge()`.
 */
export class Pic8259Pair implements Device, InterruptController {
  readonly name = "pic";
  /**
   * Cached `hasInterrupt()`: recomputed whenever IRR, IMR, ISR or the priority state of either chip
   * changes (every chip mutation reaches the master's onChange, directly or via the cascade line).
   */
  readonly pendingFlag: PendingFlag = { value: false };
  private readonly master = new PicChip(() => this.updatePending());
  private readonly slave = new PicChip(() => this.master.setLevel(CASCADE_IRQ, this.slave.pendingIrq() >= 0));
  private readonly lines: IrqLine[] = [];

  constructor(host: DeviceHost) {
    const chips = [this.master, this.slave];
    const commandPorts = [PicPorts.masterCommand, PicPorts.slaveCommand];
    const dataPorts = [PicPorts.masterData, PicPorts.slaveData];
    for (let i = 0; i < 2; i++) {
      const chip = chips[i];
      host.ports.register(commandPorts[i], {
        read8: () => this.readCommand(chip),
        write8: (_p, v) => chip.writeCommand(v),
      });
      host.ports.register(dataPorts[i], {
        read8: () => chip.imr,
        write8: (_p, v) => chip.writeData(v),
      });
    }
    for (let n = 0; n < 16; n++) {
      const chip = n < 8 ? this.master : this.slave;
      const pin = n & 7;
      this.lines.push({
        set: (level) => chip.setLevel(pin, level),
        pulse: () => { chip.setLevel(pin, true); chip.setLevel(pin, false); },
      });
    }
  }

  /** The input line for IRQ `n` (0..15). IRQ2 is the cascade and not normally used by devices. */
  irqLine(n: number): IrqLine {
    const line = this.lines[n];
    if (!line) throw new RangeError(`no IRQ ${n} on the PC's PIC pair`);
    return line;
  }

  hasInterrupt(): boolean {
    return this.pendingFlag.value;
  }

  /** Recomputes `pendingFlag` from the chips' registers. */
  private updatePending(): void {
    this.pendingFlag.value = this.master.pendingIrq(CASCADE_IRQ) >= 0;
  }

  acknowledge(): number {
    const vector = this.inta();
    this.updatePending();
    return vector;
  }

  private inta(): number {
    let irq = this.master.pendingIrq(CASCADE_IRQ);
    if (irq < 0) return this.master.base + SPURIOUS_IRQ; // spurious: ISR untouched
    this.master.acknowledge(irq);
    if (irq !== CASCADE_IRQ) return this.master.base + irq;
    irq = this.slave.pendingIrq();
    if (irq < 0) return this.slave.base + SPURIOUS_IRQ; // master ISR bit 2 stays set, as on hardware
    this.slave.acknowledge(irq);
    this.recascade();
    return this.slave.base + irq;
  }

  /** IRR/ISR/IMR and vector base of each chip, for the monitor. */
  pendingSummary(): PicChipSummary[] {
    return [
      { chip: "master", irr: this.master.irr, isr: this.master.isr, imr: this.master.imr, base: this.master.base },
      { chip: "slave", irr: this.slave.irr, isr: this.slave.isr, imr: this.slave.imr, base: this.slave.base },
    ];
  }

  /** Command-port read: the poll word after an OCW3 poll command, else IRR or ISR. */
  private readCommand(chip: PicChip): number {
    if (!chip.poll) return chip.readCommand();
    chip.poll = false;
    const irq = chip.pendingIrq(chip === this.master ? CASCADE_IRQ : -1);
    if (irq < 0) return 0;
    chip.acknowledge(irq);
    if (chip === this.slave) this.recascade();
    this.updatePending();
    return 0x80 | irq;
  }

  /**
   * After a slave INTA the master's IRQ2 request is consumed; if the slave still has a request
   * (auto-EOI mode), drop and re-raise IRQ2 so the master latches a fresh edge for it.
   */
  private recascade(): void {
    this.master.setLevel(CASCADE_IRQ, false);
    this.master.setLevel(CASCADE_IRQ, this.slave.pendingIrq() >= 0);
  }

  reset(): void {
    this.master.reset();
    this.slave.reset();
    this.updatePending();
  }

  saveState(): DeviceState {
    return { master: this.master.saveState(), slave: this.slave.saveState() };
  }

  loadState(state: DeviceState): void {
    this.master.loadState(state.master as PicChipState);
    this.slave.loadState(state.slave as PicChipState);
    this.updatePending();
  }

  describe(): string {
    const hex = (v: number) => v.toString(16).padStart(2, "0");
    return this.pendingSummary()
      .map((c) => `${c.chip}: irr=${hex(c.irr)} isr=${hex(c.isr)} imr=${hex(c.imr)} base=${hex(c.base)}`)
      .join("; ");
  }
}
