// Intel 8254 programmable interval timer at 0x40–0x43 (channel 0 → IRQ0, channel 2 → speaker) and
// the gate/speaker bits of system control port B (0x61). Time is the machine's virtual clock.
// Sources: Intel 8254 datasheet (modes 0–5, read-back); IBM PC/AT Technical Reference (port 0x61).

import type { Device, DeviceHost, DeviceState, IrqLine } from "./device.ts";

/** Input clock of every channel, in Hz (PC/AT Technical Reference: 14.31818 MHz / 12). */
export const PIT_HZ = 1_193_182;

/** I/O ports (PC/AT Technical Reference, system I/O map). */
export const PitPorts = {
  channel0: 0x40,
  channel1: 0x41,
  channel2: 0x42,
  control: 0x43,
  /** System control port B: bit 0 gate 2, bit 1 speaker data, bit 4 refresh toggle, bit 5 OUT2. */
  portB: 0x61,
} as const;

/** Control-word access field (8254 datasheet, RW1/RW0). */
export const PitAccess = { latch: 0, low: 1, high: 2, lowHigh: 3 } as const;

/** Virtual ns at which input tick `k` (counted from a count load) happens. Monotonic in k. */
const nsOfTick = (k: number) => Math.ceil((k * 1e9) / PIT_HZ);

/** The number of whole input ticks in `elapsed` ns: the largest k with nsOfTick(k) <= elapsed. */
function ticksIn(elapsed: number): number {
  let k = Math.floor((elapsed * PIT_HZ) / 1e9);
  while (nsOfTick(k + 1) <= elapsed) k++;
  while (k > 0 && nsOfTick(k) > elapsed) k--;
  return k;
}

const toBcd = (v: number) => ((v / 1000) % 10 << 12) | ((v / 100) % 10 << 8) | ((v / 10) % 10 << 4) | (v % 10);
const fromBcd = (v: number) =>
  ((v >> 12) & 15) * 1000 + ((v >> 8) & 15) * 100 + ((v >> 4) & 15) * 10 + (v & 15);

/** One counter. `count` is the reload value, 1..65536 (10000 in BCD mode). */
interface Channel {
  mode: number; access: number; bcd: boolean; count: number; loadTime: number;
  /** Counting (a count is loaded and, for modes 1/5, the gate has triggered). */
  running: boolean; gate: boolean;
  /** Value held while the gate is low (modes 0/2/3/4 stop counting). */
  frozen: number;
  latched: number; latchBytes: number; status: number; statusLatched: boolean;
  readHigh: boolean; writeHigh: boolean; writeLow: number; nullCount: boolean;
}

function newChannel(gate: boolean): Channel {
  return {
    mode: 0, access: PitAccess.lowHigh, bcd: false, count: 0x10000, loadTime: 0, running: false, gate,
    frozen: 0, latched: 0, latchBytes: 0, status: 0, statusLatched: false, readHigh: false, writeHigh: false,
    writeLow: 0, nullCount: true,
  };
}

/** The 8254. Channel 0 drives IRQ0 through `irq`; `tick(now)` fires it when due. */
export class Pit8254 implements Device {
  readonly name = "pit";
  private channels: Channel[] = [];
  private portB = 0;
  /** Virtual ns of channel 0's next rising OUT edge, or Infinity. */
  private irqDeadline = Infinity;

  constructor(private readonly host: DeviceHost, private readonly opts: { irq: IrqLine }) {
    this.reset();
    for (let i = 0; i < 3; i++) {
      host.ports.register(PitPorts.channel0 + i, {
        read8: () => this.readCounter(this.channels[i]),
        write8: (_p, v) => this.writeCounter(i, v),
      });
    }
    host.ports.register(PitPorts.control, { read8: () => 0xff, write8: (_p, v) => this.writeControl(v) });
    host.ports.register(PitPorts.portB, { read8: () => this.readPortB(), write8: (_p, v) => this.writePortB(v) });
  }

  reset(): void {
    // Channels 0 and 1 have their gates tied high on the PC; channel 2's is port B bit 0.
    this.channels = [newChannel(true), newChannel(true), newChannel(false)];
    this.portB = 0;
    this.irqDeadline = Infinity;
  }

  tick(now: number): number {
    if (now >= this.irqDeadline) {
      this.opts.irq.pulse(); // edges that were missed while nobody ticked are coalesced, like a late timer
      this.scheduleIrq(now);
    }
    return this.irqDeadline;
  }

  /** Current counter value of `channel` (what a latch would capture), for tests and the monitor. */
  counterValue(channel: number): number {
    return this.currentValue(this.channels[channel], this.host.clock.now());
  }

  /** Level of OUT of `channel` now. */
  output(channel: number): boolean {
    return this.outAt(this.channels[channel], this.host.clock.now());
  }

  /** Channel 0's period in virtual ns in the periodic modes 2 and 3, else undefined. */
  irqPeriodNs(): number | undefined {
    const c = this.channels[0];
    return c.running && (c.mode === 2 || c.mode === 3) ? (c.count * 1e9) / PIT_HZ : undefined;
  }

  private counting(c: Channel): boolean {
    return c.running && (c.gate || c.mode === 1 || c.mode === 5);
  }

  private currentValue(c: Channel, now: number): number {
    if (!c.running) return c.count & 0xffff;
    if (!this.counting(c)) return c.frozen;
    const d = ticksIn(now - c.loadTime);
    switch (c.mode) {
      case 2: return (c.count - (d % c.count)) & 0xffff;
      case 3: return (c.count - ((2 * d) % c.count)) & 0xffff;
      default: return (c.count - d) & 0xffff; // modes 0, 1, 4, 5 wrap past zero
    }
  }

  private outAt(c: Channel, now: number): boolean {
    if (!c.running) return c.mode !== 0; // mode 0 holds OUT low from the control word on
    const d = ticksIn(now - c.loadTime);
    switch (c.mode) {
      case 0: return d >= c.count;
      case 1: return d >= c.count;
      case 2: return !c.gate || d % c.count !== c.count - 1;
      case 3: return !c.gate || d % c.count < (c.count + 1) >> 1;
      default: return d !== c.count; // 4, 5: one-tick strobe
    }
  }

  /** Recomputes channel 0's next rising edge after `now`. */
  private scheduleIrq(now: number): void {
    const c = this.channels[0];
    this.irqDeadline = Infinity;
    if (!this.counting(c)) return;
    const d = ticksIn(now - c.loadTime);
    let edge: number;
    switch (c.mode) {
      case 0: edge = c.count; break;
      case 4: edge = c.count + 1; break;
      case 2: case 3: edge = (Math.floor(d / c.count) + 1) * c.count; break;
      default: return; // modes 1 and 5 need a gate edge, and channel 0's gate never moves
    }
    const at = c.loadTime + nsOfTick(edge);
    if (at > now) this.irqDeadline = at;
  }

  private writeControl(v: number): void {
    const select = v >> 6;
    if (select === 3) return this.readBack(v);
    const c = this.channels[select];
    const access = (v >> 4) & 3;
    if (access === PitAccess.latch) {
      if (!c.latchBytes) this.latchCount(c);
      return;
    }
    let mode = (v >> 1) & 7;
    if (mode > 5) mode -= 4; // 6 and 7 are aliases of 2 and 3
    Object.assign(c, { mode, access, bcd: !!(v & 1), running: false, nullCount: true, readHigh: false,
      writeHigh: false, latchBytes: 0, statusLatched: false });
    if (select === 0) this.irqDeadline = Infinity;
  }

  /** Read-back command (8254 only): bit 5 clear latches counts, bit 4 clear latches status. */
  private readBack(v: number): void {
    const now = this.host.clock.now();
    for (let i = 0; i < 3; i++) {
      if (!(v & (2 << i))) continue;
      const c = this.channels[i];
      if (!(v & 0x20) && !c.latchBytes) this.latchCount(c);
      if (!(v & 0x10) && !c.statusLatched) {
        c.status = (this.outAt(c, now) ? 0x80 : 0) | (c.nullCount ? 0x40 : 0) | (c.access << 4) | (c.mode << 1) |
          (c.bcd ? 1 : 0);
        c.statusLatched = true;
      }
    }
  }

  private latchCount(c: Channel): void {
    const v = this.currentValue(c, this.host.clock.now());
    c.latched = c.bcd ? toBcd(v % 10000) : v;
    c.latchBytes = c.access === PitAccess.lowHigh ? 2 : 1;
  }

  private readCounter(c: Channel): number {
    if (c.statusLatched) {
      c.statusLatched = false;
      return c.status;
    }
    let value: number;
    if (c.latchBytes) {
      value = c.latched;
      c.latchBytes--;
    } else {
      const v = this.currentValue(c, this.host.clock.now());
      value = c.bcd ? toBcd(v % 10000) : v;
    }
    let high: boolean;
    if (c.access === PitAccess.lowHigh) {
      high = c.readHigh;
      c.readHigh = !c.readHigh;
    } else {
      high = c.access === PitAccess.high;
    }
    return high ? (value >> 8) & 0xff : value & 0xff;
  }

  private writeCounter(index: number, v: number): void {
    const c = this.channels[index];
    let raw: number;
    if (c.access === PitAccess.lowHigh) {
      if (!c.writeHigh) {
        c.writeLow = v;
        c.writeHigh = true;
        if (c.mode === 0) { // mode 0 stops counting at the first byte (8254 datasheet)
          c.running = false;
          if (index === 0) this.irqDeadline = Infinity;
        }
        return;
      }
      c.writeHigh = false;
      raw = c.writeLow | (v << 8);
    } else {
      raw = c.access === PitAccess.low ? v : v << 8;
    }
    const value = c.bcd ? fromBcd(raw) : raw;
    c.count = value === 0 ? (c.bcd ? 10000 : 0x10000) : value;
    c.nullCount = false;
    c.loadTime = this.host.clock.now();
    // Modes 1 and 5 wait for a gate edge; the others start counting now.
    c.running = c.mode !== 1 && c.mode !== 5;
    c.frozen = c.count & 0xffff;
    if (index === 0) this.scheduleIrq(c.loadTime);
  }

  private setGate2(level: boolean): void {
    const c = this.channels[2];
    if (level === c.gate) return;
    const now = this.host.clock.now();
    if (!level) {
      c.frozen = this.currentValue(c, now);
      c.gate = false;
      return;
    }
    c.gate = true;
    if (c.mode === 1 || c.mode === 5 || c.mode === 2 || c.mode === 3) {
      c.loadTime = now; // a rising gate (re)triggers these modes
      c.running = c.nullCount ? false : true;
    } else if (c.running) {
      // Modes 0 and 4 resume from the value held while the gate was low.
      c.loadTime = now - nsOfTick((c.count - c.frozen) & 0xffff);
    }
  }

  private readPortB(): number {
    const now = this.host.clock.now();
    // Bit 4 toggles with every DRAM refresh request, about every 15 µs; BIOS delay loops count it.
    const refresh = Math.floor(now / 15_085) & 1;
    return (this.portB & 0x0f) | (refresh << 4) | (this.outAt(this.channels[2], now) ? 0x20 : 0);
  }

  private writePortB(v: number): void {
    this.portB = v & 0x0f;
    this.setGate2(!!(v & 1));
  }

  saveState(): DeviceState {
    return { channels: this.channels.map((c) => ({ ...c })), portB: this.portB, irqDeadline: this.irqDeadline };
  }

  loadState(state: DeviceState): void {
    this.channels = (state.channels as Channel[]).map((c) => ({ ...c }));
    this.portB = state.portB as number;
    this.irqDeadline = (state.irqDeadline as number | null) ?? Infinity;
  }

  describe(): string {
    const c = this.channels[0];
    const hz = c.running ? ` (${(PIT_HZ / c.count).toFixed(2)} Hz)` : "";
    return `pit: ch0 mode ${c.mode} count ${c.count}${hz}, ch2 mode ${this.channels[2].mode} gate ${+this.channels[2].gate}`;
  }
}
