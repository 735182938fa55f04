// One Intel 8259A programmable interrupt controller (edge-triggered, as wired in the PC/AT).
// Private to devices/: the PC's cascaded pair lives in pic_8259.ts. Platform-neutral.
// Register semantics follow the Intel 8259A datasheet (ICW1–4, OCW1–3) and QEMU hw/intc/i8259.c.

/** Control-word bits of the 8259A (Intel 8259A datasheet, "Initialization/Operation Command Words"). */
export const PicBits = {
  icw1Init: 0x10, // A0=0 with D4=1: ICW1, starts initialisation
  icw1NeedIcw4: 0x01,
  icw1Single: 0x02, // no cascade, so no ICW3
  ocw3Select: 0x08, // A0=0, D4=0, D3=1: OCW3 (else OCW2)
  ocw3Poll: 0x04,
  ocw3ReadRegister: 0x02, // with bit 0: 1 = read ISR, 0 = read IRR
  ocw3SpecialMaskSet: 0x40, // with bit 5: set/reset special mask mode
  icw4AutoEoi: 0x02,
} as const;

/** Serialised state of one chip. */
export interface PicChipState {
  irr: number; isr: number; imr: number; lastLevels: number; base: number; step: number;
  needIcw4: boolean; single: boolean; autoEoi: boolean; readIsr: boolean; poll: boolean;
  specialMask: boolean; lowestPriority: number; rotateOnAutoEoi: boolean;
}

/** One 8259A. Priorities are relative to `lowestPriority`, which rotation moves. */
export class PicChip {
  irr = 0;
  isr = 0;
  imr = 0;
  /** Current level of each input pin, to detect rising edges. */
  lastLevels = 0;
  base = 0;
  /** Initialisation step: 0 = operational, 2/3/4 = expecting ICW2/3/4. */
  step = 0;
  needIcw4 = false;
  single = false;
  autoEoi = false;
  readIsr = false;
  poll = false;
  specialMask = false;
  /** Priority rotation: the IRQ after this one has the highest priority (7 → IRQ0 highest). */
  lowestPriority = 7;
  rotateOnAutoEoi = false;

  constructor(private readonly onChange: () => void) {}

  reset(): void {
    this.irr = this.isr = this.imr = this.lastLevels = this.base = this.step = 0;
    this.needIcw4 = this.single = this.autoEoi = this.readIsr = this.poll = false;
    this.specialMask = this.rotateOnAutoEoi = false;
    this.lowestPriority = 7;
  }

  /** Drives input pin `irq` (0..7). A rising edge sets the request bit. */
  setLevel(irq: number, level: boolean): void {
    const mask = 1 << irq;
    if (level) {
      if (!(this.lastLevels & mask)) this.irr |= mask;
      this.lastLevels |= mask;
    } else {
      this.lastLevels &= ~mask;
    }
    this.onChange();
  }

  /** The priority-ordered position of the first set bit of `bits` (0 = highest), or 8 if none. */
  private priorityOf(bits: number): number {
    if (bits === 0) return 8;
    let p = 0;
    while (!(bits & (1 << ((p + this.lowestPriority + 1) & 7)))) p++;
    return p;
  }

  /**
   * The IRQ this chip would raise to the CPU now, or -1. `cascadeIrq` is the input a slave hangs
   * on (the master uses special fully nested behaviour for it, as the PC BIOS programs it).
   */
  pendingIrq(cascadeIrq = -1): number {
    const pending = this.irr & ~this.imr;
    const p = this.priorityOf(pending);
    if (p === 8) return -1;
    let inService = this.isr;
    if (this.specialMask) inService &= ~this.imr;
    // A slave in service must not block further slave requests (the slave does its own nesting).
    if (cascadeIrq >= 0) inService &= ~(1 << cascadeIrq);
    return p < this.priorityOf(inService) ? (p + this.lowestPriority + 1) & 7 : -1;
  }

  /** INTA for `irq`: moves it from IRR to ISR (or not, in auto-EOI mode). */
  acknowledge(irq: number): void {
    const mask = 1 << irq;
    this.irr &= ~mask;
    if (this.autoEoi) {
      if (this.rotateOnAutoEoi) this.lowestPriority = irq;
    } else {
      this.isr |= mask;
    }
  }

  writeCommand(value: number): void {
    if (value & PicBits.icw1Init) {
      const keepLevels = this.lastLevels;
      this.reset();
      this.lastLevels = keepLevels; // a reset does not change the wires, only the latches
      this.step = 2;
      this.needIcw4 = !!(value & PicBits.icw1NeedIcw4);
      this.single = !!(value & PicBits.icw1Single);
    } else if (value & PicBits.ocw3Select) {
      if (value & PicBits.ocw3Poll) this.poll = true;
      if (value & PicBits.ocw3ReadRegister) this.readIsr = !!(value & 1);
      if (value & PicBits.ocw3SpecialMaskSet) this.specialMask = !!(value & 0x20);
    } else {
      this.writeOcw2(value);
    }
    this.onChange();
  }

  /** OCW2: EOI and rotation commands (R, SL, EOI bits 7..5; level in bits 2..0). */
  private writeOcw2(value: number): void {
    const level = value & 7;
    switch (value >> 5) {
      case 0: this.rotateOnAutoEoi = false; break;
      case 4: this.rotateOnAutoEoi = true; break;
      case 1: case 5: { // non-specific EOI (5: and rotate)
        const p = this.priorityOf(this.isr);
        if (p === 8) break;
        const irq = (p + this.lowestPriority + 1) & 7;
        this.isr &= ~(1 << irq);
        if (value >> 5 === 5) this.lowestPriority = irq;
        break;
      }
      case 3: this.isr &= ~(1 << level); break; // specific EOI
      case 7: this.isr &= ~(1 << level); this.lowestPriority = level; break;
      case 6: this.lowestPriority = level; break; // set priority
      default: break; // 2: no operation
    }
  }

  writeData(value: number): void {
    switch (this.step) {
      case 2:
        this.base = value & 0xf8;
        this.step = this.single ? (this.needIcw4 ? 4 : 0) : 3;
        break;
      case 3: // ICW3: cascade wiring is fixed on the PC, nothing to record
        this.step = this.needIcw4 ? 4 : 0;
        break;
      case 4:
        this.autoEoi = !!(value & PicBits.icw4AutoEoi);
        this.step = 0;
        break;
      default:
        this.imr = value; // OCW1
    }
    this.onChange();
  }

  /** Reads the command port: IRR or ISR as selected by OCW3 (the poll word is handled by the pair). */
  readCommand(): number {
    return this.readIsr ? this.isr : this.irr;
  }

  saveState(): PicChipState {
    const { irr, isr, imr, lastLevels, base, step, needIcw4, single, autoEoi, readIsr, poll, specialMask,
      lowestPriority, rotateOnAutoEoi } = this;
    return { irr, isr, imr, lastLevels, base, step, needIcw4, single, autoEoi, readIsr, poll, specialMask,
      lowestPriority, rotateOnAutoEoi };
  }

  loadState(s: PicChipState): void {
    Object.assign(this, s);
  }
}
