import { expect, test } from "bun:test";
import { PIT_HZ, Pit8254 } from "../../devices/pit_8254.ts";
import { makeHost, RecordingIrq } from "./_harness.ts";

function setup() {
  const host = makeHost();
  const irq = new RecordingIrq();
  const pit = new Pit8254(host, { irq });
  return { host, irq, pit, ports: host.ports };
}

/** Virtual ns of the k-th input tick after a load at t=0. */
const tickNs = (k: number) => Math.ceil((k * 1e9) / PIT_HZ);

test("Pit8254 mode 2 raises IRQ0 once per period of count / 1.193182 MHz", () => {
  const { host, irq, pit, ports } = setup();
  const count = 11932; // ~100 Hz, as Linux programs it (LATCH)
  ports.out8(0x43, 0x34); // channel 0, lobyte/hibyte, mode 2
  ports.out8(0x40, count & 0xff);
  ports.out8(0x40, count >> 8);
  let deadline = pit.tick(0);
  expect(deadline).toBe(tickNs(count));
  expect(Math.abs(deadline - 10_000_151)).toBeLessThanOrEqual(1); // 11932 / 1193182 s
  for (let k = 1; k <= 5; k++) {
    host.clock.skipTo(deadline - 1);
    expect(pit.tick(host.clock.now())).toBe(deadline); // not yet
    expect(irq.rises).toBe(k - 1);
    host.clock.skipTo(deadline);
    deadline = pit.tick(host.clock.now());
    expect(irq.rises).toBe(k);
    expect(deadline).toBe(tickNs((k + 1) * count));
  }
  expect(pit.irqPeriodNs()).toBeCloseTo((count * 1e9) / PIT_HZ, 6);
});

test("Pit8254 mode 0 fires IRQ0 once at terminal count", () => {
  const { host, irq, pit, ports } = setup();
  ports.out8(0x43, 0x30); // channel 0, lo/hi, mode 0
  ports.out8(0x40, 100);
  ports.out8(0x40, 0);
  expect(pit.output(0)).toBe(false);
  const deadline = pit.tick(0);
  expect(deadline).toBe(tickNs(100));
  host.clock.skipTo(deadline);
  expect(pit.tick(deadline)).toBe(Infinity);
  expect(irq.rises).toBe(1);
  expect(pit.output(0)).toBe(true);
  host.clock.skipTo(deadline * 10);
  expect(pit.tick(host.clock.now())).toBe(Infinity);
  expect(irq.rises).toBe(1);
});

test("Pit8254 counter latch freezes the value read as low then high byte", () => {
  const { host, ports } = setup();
  ports.out8(0x43, 0x34);
  ports.out8(0x40, 0x00);
  ports.out8(0x40, 0x10); // 0x1000
  host.clock.skipTo(tickNs(0x100));
  ports.out8(0x43, 0x00); // latch channel 0
  host.clock.skipTo(tickNs(0x300)); // time moves on; the latch does not
  const lo = ports.in8(0x40);
  const hi = ports.in8(0x40);
  expect((hi << 8) | lo).toBe(0x1000 - 0x100);
  // Without a latch the live count is read.
  const lo2 = ports.in8(0x40);
  const hi2 = ports.in8(0x40);
  expect((hi2 << 8) | lo2).toBe(0x1000 - 0x300);
});

test("Pit8254 read-back command latches status (output, access, mode)", () => {
  const { ports } = setup();
  ports.out8(0x43, 0xb6); // channel 2, lo/hi, mode 3 (PC speaker)
  ports.out8(0x43, 0xe8); // read-back: status only, channel 2
  expect(ports.in8(0x42)).toBe(0x40 | 0x30 | (3 << 1) | 0x80); // null count, lo/hi, mode 3, OUT high
  ports.out8(0x42, 0x34);
  ports.out8(0x42, 0x12);
  ports.out8(0x43, 0xc8); // read-back: count and status, channel 2
  expect(ports.in8(0x42) & 0x40).toBe(0); // count loaded: null count clear
  expect(ports.in8(0x42)).toBe(0x34); // gate 2 is low: the count has not moved
  expect(ports.in8(0x42)).toBe(0x12);
});

test("Pit8254 channel 2 gate via port 0x61 and OUT2 in bit 5 (TSC calibration pattern)", () => {
  const { host, ports } = setup();
  ports.out8(0x61, (ports.in8(0x61) & ~0x02) | 0x01); // gate 2 high, speaker off
  ports.out8(0x43, 0xb0); // channel 2, lo/hi, mode 0
  ports.out8(0x42, 0xe8);
  ports.out8(0x42, 0x03); // 1000 ticks
  expect(ports.in8(0x61) & 0x20).toBe(0);
  host.clock.skipTo(tickNs(999));
  expect(ports.in8(0x61) & 0x20).toBe(0);
  host.clock.skipTo(tickNs(1000));
  expect(ports.in8(0x61) & 0x20).toBe(0x20);
  expect(ports.in8(0x61) & 0x03).toBe(0x01);
});

test("Pit8254 lobyte-only access and BCD counting", () => {
  const { host, ports, pit } = setup();
  ports.out8(0x43, 0x50); // channel 1, lobyte only, mode 0
  ports.out8(0x41, 50);
  host.clock.skipTo(tickNs(8));
  expect(ports.in8(0x41)).toBe(42);
  ports.out8(0x43, 0x31); // channel 0, lo/hi, mode 0, BCD
  ports.out8(0x40, 0x00);
  ports.out8(0x40, 0x10); // BCD 1000
  host.clock.skipTo(host.clock.now() + tickNs(1) + 1);
  expect(pit.counterValue(0)).toBe(999);
  ports.out8(0x43, 0x00);
  expect(ports.in8(0x40)).toBe(0x99);
  expect(ports.in8(0x40)).toBe(0x09);
});

test("Pit8254 port 0x61 bit 4 toggles with virtual time", () => {
  const { host, ports } = setup();
  const a = ports.in8(0x61) & 0x10;
  host.clock.skipTo(15_085);
  expect(ports.in8(0x61) & 0x10).not.toBe(a);
});

test("Pit8254 saveState()/loadState() keeps the periodic schedule", () => {
  const { host, pit, ports } = setup();
  ports.out8(0x43, 0x34);
  ports.out8(0x40, 0x9c);
  ports.out8(0x40, 0x2e);
  host.clock.skipTo(5_000_000);
  const saved = JSON.parse(JSON.stringify(pit.saveState()));
  const host2 = makeHost();
  host2.clock.skipTo(5_000_000);
  const irq2 = new RecordingIrq();
  const pit2 = new Pit8254(host2, { irq: irq2 });
  pit2.loadState(saved);
  expect(pit2.counterValue(0)).toBe(pit.counterValue(0));
  const d = pit2.tick(host2.clock.now());
  expect(d).toBe(pit.tick(host.clock.now()));
  host2.clock.skipTo(d);
  pit2.tick(d);
  expect(irq2.rises).toBe(1);
});
