// MC146818A-compatible CMOS real-time clock at 0x70/0x71 (IRQ8) with 128 bytes of CMOS RAM.
// Wall time = clock.epochMs + virtual ns since power-on (+ whatever the guest set). Platform-neutral.
// Sources: Motorola MC146818A datasheet (registers A–D, rates); IBM PC/AT BIOS CMOS map; QEMU hw/rtc/mc146818rtc.c.

import type { Device, DeviceHost, DeviceState, IrqLine } from "./device.ts";
import { bytesFrom } from "./_state.ts";

/** I/O ports (PC/AT): index (bit 7 = NMI disable) and data. */
export const RtcPorts = { index: 0x70, data: 0x71 } as const;

/** CMOS register indexes (MC146818A + PC/AT BIOS conventions). */
export const Cmos = {
  seconds: 0x00, secondsAlarm: 0x01, minutes: 0x02, minutesAlarm: 0x03, hours: 0x04, hoursAlarm: 0x05,
  weekday: 0x06, day: 0x07, month: 0x08, year: 0x09,
  statusA: 0x0a, statusB: 0x0b, statusC: 0x0c, statusD: 0x0d,
  equipment: 0x14,
  baseMemLow: 0x15, baseMemHigh: 0x16, // KiB below 1 MiB
  extMemLow: 0x17, extMemHigh: 0x18, // KiB above 1 MiB (max 65535)
  checksumHigh: 0x2e, checksumLow: 0x2f, // sum of 0x10..0x2D
  extMemLow2: 0x30, extMemHigh2: 0x31, // copy of 0x17/0x18
  century: 0x32,
  highMemLow: 0x34, highMemHigh: 0x35, // 64 KiB blocks above 16 MiB (SeaBIOS/QEMU)
} as const;

/** Register B bits (MC146818A). */
export const StatusB = { set: 0x80, pie: 0x40, aie: 0x20, uie: 0x10, sqwe: 0x08, binary: 0x04, hour24: 0x02 } as const;
/** Register C bits: IRQF and the periodic/alarm/update-ended flags. */
export const StatusC = { irqf: 0x80, pf: 0x40, af: 0x20, uf: 0x10 } as const;

/** Time registers that are computed from the clock rather than stored. */
const TIME_REGS = [Cmos.seconds, Cmos.minutes, Cmos.hours, Cmos.weekday, Cmos.day, Cmos.month, Cmos.year, Cmos.century];
/** The update cycle takes 244 µs before each second boundary, during which register A bit 7 (UIP) is set. */
const UIP_NS = 244_000;

const bcd = (v: number) => ((v / 10) | 0) * 16 + (v % 10);
const unbcd = (v: number) => (v >> 4) * 10 + (v & 15);

/** The RTC. Interrupts go out on `irq` (IRQ8); `tick(now)` sets the periodic/alarm/update flags. */
export class Rtc implements Device {
  readonly name = "rtc";
  private cmos = new Uint8Array(128);
  private index = 0;
  private nmiMasked = false;
  /** Guest adjustment to wall time, in ms. */
  private offsetMs = 0;
  private lastPeriod = 0;
  private lastSecond = 0;
  private level = false;

  constructor(private readonly host: DeviceHost, private readonly opts: { irq: IrqLine }) {
    host.ports.register(RtcPorts.index, {
      read8: () => 0xff, // the index register is write-only
      write8: (_p, v) => { this.index = v & 0x7f; this.nmiMasked = !!(v & 0x80); },
    });
    host.ports.register(RtcPorts.data, { read8: () => this.read(this.index), write8: (_p, v) => this.write(this.index, v) });
    this.reset();
  }

  /** True while the guest has NMIs masked through port 0x70 bit 7. */
  get nmiDisabled(): boolean {
    return this.nmiMasked;
  }

  reset(): void {
    const c = this.cmos;
    c.fill(0);
    c[Cmos.statusA] = 0x26; // 32.768 kHz time base, 1024 Hz periodic rate
    c[Cmos.statusB] = StatusB.hour24;
    c[Cmos.statusD] = 0x80; // VRT: battery good
    c[Cmos.equipment] = 0x02; // FPU present, VGA
    const kib = this.host.memory.size / 1024;
    const base = Math.min(640, kib);
    c[Cmos.baseMemLow] = base & 0xff; c[Cmos.baseMemHigh] = base >> 8;
    const ext = Math.max(0, Math.min(0xffff, kib - 1024));
    c[Cmos.extMemLow] = c[Cmos.extMemLow2] = ext & 0xff;
    c[Cmos.extMemHigh] = c[Cmos.extMemHigh2] = ext >> 8;
    const high = Math.max(0, Math.min(0xffff, Math.floor((this.host.memory.size - (16 << 20)) / 65536)));
    c[Cmos.highMemLow] = high & 0xff; c[Cmos.highMemHigh] = high >> 8;
    let sum = 0;
    for (let i = 0x10; i <= 0x2d; i++) sum += c[i];
    c[Cmos.checksumHigh] = (sum >> 8) & 0xff; c[Cmos.checksumLow] = sum & 0xff;
    this.index = 0; this.nmiMasked = false; this.offsetMs = 0;
    this.resyncCounters(this.host.clock.now());
    this.setLine(false);
  }

  tick(now: number): number {
    this.update(now);
    const b = this.cmos[Cmos.statusB];
    let next = Infinity;
    const period = this.periodNs();
    if (b & StatusB.pie && period) next = Math.ceil((Math.floor(now / period) + 1) * period);
    if (b & (StatusB.uie | StatusB.aie)) {
      const ms = this.wallMs(now);
      next = Math.min(next, now + Math.ceil(((Math.floor(ms / 1000) + 1) * 1000 - ms) * 1e6));
    }
    return next;
  }

  /** Current wall time in ms since 1970 as the guest sees it. */
  wallMs(now = this.host.clock.now()): number {
    return this.host.clock.epochMs + now / 1e6 + this.offsetMs;
  }

  /** Periodic interrupt period in ns from register A's rate bits, or 0 when off. */
  private periodNs(): number {
    const rate = this.cmos[Cmos.statusA] & 0x0f;
    if (!rate) return 0;
    const hz = rate <= 2 ? 256 >> (rate - 1) : 32768 >> (rate - 1); // rates 1, 2 alias 8, 9
    return 1e9 / hz;
  }

  private resyncCounters(now: number): void {
    const p = this.periodNs();
    this.lastPeriod = p ? Math.floor(now / p) : 0;
    this.lastSecond = Math.floor(this.wallMs(now) / 1000);
  }

  /** Sets PF/UF/AF for the periods and seconds that elapsed up to `now`, and raises IRQF. */
  private update(now: number): void {
    const c = this.cmos;
    const p = this.periodNs();
    if (p) {
      const idx = Math.floor(now / p);
      if (idx > this.lastPeriod) c[Cmos.statusC] |= StatusC.pf;
      this.lastPeriod = idx;
    }
    const second = Math.floor(this.wallMs(now) / 1000);
    if (second > this.lastSecond && !(c[Cmos.statusB] & StatusB.set)) {
      c[Cmos.statusC] |= StatusC.uf;
      if (this.alarmMatches(now)) c[Cmos.statusC] |= StatusC.af;
    }
    this.lastSecond = second;
    this.updateIrq();
  }

  private alarmMatches(now: number): boolean {
    // Alarm bytes with the top two bits set (0xC0–0xFF) match any value (MC146818A "don't care").
    const pairs = [[Cmos.secondsAlarm, Cmos.seconds], [Cmos.minutesAlarm, Cmos.minutes], [Cmos.hoursAlarm, Cmos.hours]];
    return pairs.every(([a, t]) => (this.cmos[a] & 0xc0) === 0xc0 || this.cmos[a] === this.timeReg(t, now));
  }

  private updateIrq(): void {
    const c = this.cmos;
    const enabled = c[Cmos.statusB] & (StatusB.pie | StatusB.aie | StatusB.uie);
    // PIE/AIE/UIE sit at the same bit positions as PF/AF/UF (0x40/0x20/0x10).
    if (c[Cmos.statusC] & enabled & 0x70) c[Cmos.statusC] |= StatusC.irqf;
    this.setLine(!!(c[Cmos.statusC] & StatusC.irqf));
  }

  private setLine(level: boolean): void {
    if (level !== this.level) {
      this.level = level;
      this.opts.irq.set(level);
    }
  }

  /** Encodes time register `reg` for the wall time at `now`, honouring BCD/binary and 12/24 h. */
  private timeReg(reg: number, now: number): number {
    const b = this.cmos[Cmos.statusB];
    if (b & StatusB.set) return this.cmos[reg];
    const d = new Date(Math.floor(this.wallMs(now)));
    const enc = (v: number) => (b & StatusB.binary ? v : bcd(v));
    switch (reg) {
      case Cmos.seconds: return enc(d.getUTCSeconds());
      case Cmos.minutes: return enc(d.getUTCMinutes());
      case Cmos.hours: {
        const h = d.getUTCHours();
        if (b & StatusB.hour24) return enc(h);
        return enc(h % 12 === 0 ? 12 : h % 12) | (h >= 12 ? 0x80 : 0); // bit 7 = PM
      }
      case Cmos.weekday: return enc(d.getUTCDay() + 1); // 1 = Sunday
      case Cmos.day: return enc(d.getUTCDate());
      case Cmos.month: return enc(d.getUTCMonth() + 1);
      case Cmos.year: return enc(d.getUTCFullYear() % 100);
      default: return enc(Math.floor(d.getUTCFullYear() / 100)); // century
    }
  }

  /** Makes the stored time registers the current time: wall time restarts from them at a whole second. */
  private adoptStoredTime(now: number): void {
    const c = this.cmos;
    const b = c[Cmos.statusB];
    const dec = (v: number) => (b & StatusB.binary ? v : unbcd(v));
    let hour = dec(c[Cmos.hours] & 0x7f);
    if (!(b & StatusB.hour24)) hour = (hour % 12) + (c[Cmos.hours] & 0x80 ? 12 : 0);
    const year = dec(c[Cmos.century]) * 100 + dec(c[Cmos.year]);
    const ms = Date.UTC(year, dec(c[Cmos.month]) - 1, dec(c[Cmos.day]), hour, dec(c[Cmos.minutes]), dec(c[Cmos.seconds]));
    this.offsetMs = ms - (this.host.clock.epochMs + now / 1e6);
    this.lastSecond = Math.floor(this.wallMs(now) / 1000);
  }

  private read(reg: number): number {
    const now = this.host.clock.now();
    if (TIME_REGS.includes(reg as (typeof TIME_REGS)[number])) return this.timeReg(reg, now);
    switch (reg) {
      case Cmos.statusA: {
        const ns = (this.wallMs(now) % 1000) * 1e6;
        return (this.cmos[reg] & 0x7f) | (ns >= 1e9 - UIP_NS ? 0x80 : 0);
      }
      case Cmos.statusC: {
        this.update(now);
        const v = this.cmos[reg];
        this.cmos[reg] = 0; // reading C acknowledges every flag and drops IRQ8
        this.setLine(false);
        return v;
      }
      default: return this.cmos[reg];
    }
  }

  private write(reg: number, v: number): void {
    const now = this.host.clock.now();
    const c = this.cmos;
    if (TIME_REGS.includes(reg as (typeof TIME_REGS)[number])) {
      if (!(c[Cmos.statusB] & StatusB.set)) for (const r of TIME_REGS) c[r] = this.timeReg(r, now);
      c[reg] = v;
      if (!(c[Cmos.statusB] & StatusB.set)) this.adoptStoredTime(now);
      return;
    }
    switch (reg) {
      case Cmos.statusA:
        this.update(now);
        c[reg] = v & 0x7f; // UIP is read-only
        this.resyncCounters(now);
        break;
      case Cmos.statusB: {
        this.update(now);
        const wasSet = c[reg] & StatusB.set;
        // Entering SET mode freezes the time registers at their current values for the guest to edit.
        if (v & StatusB.set && !wasSet) for (const r of TIME_REGS) c[r] = this.timeReg(r, now);
        c[reg] = v;
        if (!(v & StatusB.set) && wasSet) this.adoptStoredTime(now);
        this.updateIrq();
        break;
      }
      case Cmos.statusC: case Cmos.statusD: break; // read-only
      default: c[reg] = v;
    }
  }

  saveState(): DeviceState {
    return {
      cmos: this.cmos.slice(), index: this.index, nmiMasked: this.nmiMasked, offsetMs: this.offsetMs,
      lastPeriod: this.lastPeriod, lastSecond: this.lastSecond, level: this.level,
    };
  }

  loadState(s: DeviceState): void {
    this.cmos = bytesFrom(s.cmos);
    Object.assign(this, {
      index: s.index, nmiMasked: s.nmiMasked, offsetMs: s.offsetMs, lastPeriod: s.lastPeriod,
      lastSecond: s.lastSecond, level: s.level,
    });
  }

  describe(): string {
    return `rtc: ${new Date(Math.floor(this.wallMs())).toISOString()} A=${this.cmos[Cmos.statusA].toString(16)} ` +
      `B=${this.cmos[Cmos.statusB].toString(16)}`;
  }
}
