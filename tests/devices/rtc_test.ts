import { expect, test } from "bun:test";
import { Rtc } from "../../devices/rtc.ts";
import { makeHost, RecordingIrq } from "./_harness.ts";

function setup(epoch = Date.UTC(2026, 2, 14, 15, 9, 26)) {
  const host = makeHost();
  host.clock.epochMs = epoch;
  const irq = new RecordingIrq();
  const rtc = new Rtc(host, { irq });
  const read = (reg: number) => { host.ports.out8(0x70, reg); return host.ports.in8(0x71); };
  const write = (reg: number, v: number) => { host.ports.out8(0x70, reg); host.ports.out8(0x71, v); };
  return { host, irq, rtc, read, write };
}

test("Rtc reads the clock's epoch in BCD, 24-hour mode by default", () => {
  const { read } = setup(); // Saturday 2026-03-14 15:09:26 UTC
  expect(read(0x00)).toBe(0x26);
  expect(read(0x02)).toBe(0x09);
  expect(read(0x04)).toBe(0x15);
  expect(read(0x06)).toBe(0x07); // Saturday (1 = Sunday)
  expect(read(0x07)).toBe(0x14);
  expect(read(0x08)).toBe(0x03);
  expect(read(0x09)).toBe(0x26);
  expect(read(0x32)).toBe(0x20);
});

test("Rtc follows virtual time and supports binary and 12-hour modes", () => {
  const { host, read, write } = setup();
  host.clock.skipTo(61e9); // +61 s
  expect(read(0x00)).toBe(0x27);
  expect(read(0x02)).toBe(0x10);
  write(0x0b, 0x04); // binary, 12-hour
  expect(read(0x00)).toBe(27);
  expect(read(0x04)).toBe(0x80 | 3); // 3 PM
});

test("Rtc lets the guest set the time under the SET bit", () => {
  const { host, read, write } = setup();
  write(0x0b, 0x82); // SET, BCD, 24 h
  write(0x04, 0x23); write(0x02, 0x59); write(0x00, 0x58);
  write(0x07, 0x31); write(0x08, 0x12); write(0x09, 0x99); write(0x32, 0x19);
  write(0x0b, 0x02);
  host.clock.skipTo(host.clock.now() + 3e9);
  expect(read(0x00)).toBe(0x01);
  expect(read(0x02)).toBe(0x00);
  expect(read(0x04)).toBe(0x00);
  expect(read(0x09)).toBe(0x00);
  expect(read(0x32)).toBe(0x20); // rolled over to 2000-01-01
});

test("Rtc periodic interrupt at 1024 Hz raises IRQ8 until register C is read", () => {
  const { host, irq, rtc, read, write } = setup();
  write(0x0a, 0x26); // 1024 Hz
  write(0x0b, 0x42); // PIE
  const period = 1e9 / 1024;
  const first = rtc.tick(0);
  expect(first).toBe(Math.ceil(period));
  host.clock.skipTo(first);
  rtc.tick(first);
  expect(irq.level).toBe(true);
  expect(read(0x0c)).toBe(0xc0); // IRQF | PF
  expect(irq.level).toBe(false);
  expect(read(0x0c)).toBe(0x00);
  const next = rtc.tick(host.clock.now());
  expect(next).toBe(Math.ceil(2 * period));
});

test("Rtc update-ended and alarm interrupts fire on the second boundary", () => {
  const { host, irq, rtc, read, write } = setup(Date.UTC(2026, 0, 1, 0, 0, 0, 500));
  write(0x01, 0x01); write(0x03, 0xff); write(0x05, 0xff); // alarm at any hh:mm:01
  write(0x0b, 0x32); // UIE | AIE, 24 h
  const d = rtc.tick(0);
  expect(d).toBe(500_000_000);
  host.clock.skipTo(d);
  rtc.tick(d);
  expect(irq.level).toBe(true);
  // PF is also set (register A's default 1024 Hz rate runs even with PIE off); mask it out.
  expect(read(0x0c) & ~0x40).toBe(0x80 | 0x20 | 0x10);
  host.clock.skipTo(d + 1e9);
  rtc.tick(host.clock.now());
  expect(read(0x0c) & ~0x40).toBe(0x80 | 0x10); // :02 does not match the alarm
});

test("Rtc sets UIP in the 244 µs before each second and keeps the NMI mask bit", () => {
  const { host, rtc, read } = setup();
  expect(read(0x0a) & 0x80).toBe(0);
  host.clock.skipTo(1e9 - 100_000);
  expect(read(0x0a) & 0x80).toBe(0x80);
  host.ports.out8(0x70, 0x80 | 0x0d);
  expect(rtc.nmiDisabled).toBe(true);
  expect(host.ports.in8(0x71)).toBe(0x80); // register D: valid RAM and time
});

test("Rtc CMOS holds the memory size bytes for 16 MiB", () => {
  const { read } = setup();
  expect(read(0x15) | (read(0x16) << 8)).toBe(640);
  expect(read(0x17) | (read(0x18) << 8)).toBe(15 * 1024);
  expect(read(0x30) | (read(0x31) << 8)).toBe(15 * 1024);
  expect(read(0x34) | (read(0x35) << 8)).toBe(0);
  let sum = 0;
  for (let i = 0x10; i <= 0x2d; i++) sum += read(i);
  expect((read(0x2e) << 8) | read(0x2f)).toBe(sum);
  const big = makeHost(64 << 20);
  new Rtc(big, { irq: new RecordingIrq() });
  big.ports.out8(0x70, 0x34);
  const low = big.ports.in8(0x71);
  big.ports.out8(0x70, 0x35);
  expect(low | (big.ports.in8(0x71) << 8)).toBe((48 << 20) / 65536);
});

test("Rtc saveState()/loadState() keeps a guest-set time and CMOS bytes", () => {
  const { rtc, write } = setup();
  write(0x0b, 0x86); // SET, binary
  write(0x09, 30);
  write(0x0b, 0x06);
  write(0x40, 0x77);
  const saved = JSON.parse(JSON.stringify(rtc.saveState()));
  const { rtc: r2, read } = setup();
  r2.loadState(saved);
  expect(read(0x09)).toBe(30);
  expect(read(0x40)).toBe(0x77);
});
