import { expect, test } from "bun:test";
import { Pic8259Pair } from "../../devices/pic_8259.ts";
import { makeHost } from "./_harness.ts";

/** The standard BIOS/Linux initialisation: master at `mbase`, slave at `sbase`, cascade on IRQ2. */
function init(ports: ReturnType<typeof makeHost>["ports"], mbase = 0x20, sbase = 0x28, icw4 = 0x01) {
  ports.out8(0x20, 0x11); ports.out8(0xa0, 0x11); // ICW1: edge, cascade, ICW4 needed
  ports.out8(0x21, mbase); ports.out8(0xa1, sbase); // ICW2: vector bases
  ports.out8(0x21, 0x04); ports.out8(0xa1, 0x02); // ICW3: slave on IRQ2 / slave id 2
  ports.out8(0x21, icw4); ports.out8(0xa1, icw4); // ICW4: 8086 mode (+ auto-EOI if 0x03)
  ports.out8(0x21, 0x00); ports.out8(0xa1, 0x00); // OCW1: unmask all
}

function setup(icw4 = 0x01) {
  const host = makeHost();
  const pic = new Pic8259Pair(host);
  init(host.ports, 0x20, 0x28, icw4);
  return { host, pic, ports: host.ports };
}

test("Pic8259Pair.acknowledge() returns the programmed vectors for master and slave IRQs", () => {
  const { pic } = setup();
  expect(pic.hasInterrupt()).toBe(false);
  pic.irqLine(1).pulse();
  expect(pic.hasInterrupt()).toBe(true);
  expect(pic.acknowledge()).toBe(0x21);
  expect(pic.hasInterrupt()).toBe(false);
});

test("Pic8259Pair routes a slave IRQ through the IRQ2 cascade and needs EOI on both chips", () => {
  const { pic, ports } = setup();
  pic.irqLine(14).pulse();
  expect(pic.hasInterrupt()).toBe(true);
  expect(pic.acknowledge()).toBe(0x28 + 6);
  const [m, s] = pic.pendingSummary();
  expect(m.isr).toBe(0x04);
  expect(s.isr).toBe(0x40);
  expect(s.base).toBe(0x28);
  pic.irqLine(15).pulse(); // lower priority than 14 on the slave: held
  expect(pic.hasInterrupt()).toBe(false);
  ports.out8(0xa0, 0x20); // non-specific EOI to the slave
  ports.out8(0x20, 0x20); // and to the master
  expect(pic.hasInterrupt()).toBe(true);
  expect(pic.acknowledge()).toBe(0x2f);
});

test("Pic8259Pair applies fixed priority and in-service blocking; EOI releases lower levels", () => {
  const { pic, ports } = setup();
  pic.irqLine(4).pulse();
  pic.irqLine(0).pulse();
  pic.irqLine(3).pulse();
  expect(pic.acknowledge()).toBe(0x20); // IRQ0 first
  expect(pic.hasInterrupt()).toBe(false); // IRQ3/4 are lower than IRQ0 in service
  pic.irqLine(0).pulse();
  expect(pic.hasInterrupt()).toBe(false); // same level is also blocked
  ports.out8(0x20, 0x20);
  expect(pic.acknowledge()).toBe(0x20); // the second IRQ0 edge was latched
  ports.out8(0x20, 0x60); // specific EOI for IRQ0
  expect(pic.acknowledge()).toBe(0x23);
  ports.out8(0x20, 0x63);
  expect(pic.acknowledge()).toBe(0x24);
});

test("Pic8259Pair honours the mask register (OCW1) and reads back IMR", () => {
  const { pic, ports } = setup();
  ports.out8(0x21, 0xfe); // only IRQ0
  expect(ports.in8(0x21)).toBe(0xfe);
  pic.irqLine(1).pulse();
  expect(pic.hasInterrupt()).toBe(false);
  ports.out8(0x21, 0x00);
  expect(pic.acknowledge()).toBe(0x21);
});

test("Pic8259Pair OCW3 selects IRR or ISR for command-port reads", () => {
  const { pic, ports } = setup();
  pic.irqLine(5).pulse();
  ports.out8(0x20, 0x0a); // read IRR
  expect(ports.in8(0x20)).toBe(0x20);
  pic.acknowledge();
  expect(ports.in8(0x20)).toBe(0x00);
  ports.out8(0x20, 0x0b); // read ISR
  expect(ports.in8(0x20)).toBe(0x20);
});

test("Pic8259Pair is edge-triggered: a held line raises one request", () => {
  const { pic, ports } = setup();
  const line = pic.irqLine(3);
  line.set(true);
  expect(pic.acknowledge()).toBe(0x23);
  ports.out8(0x20, 0x20);
  expect(pic.hasInterrupt()).toBe(false); // still high, no new edge
  line.set(false);
  line.set(true);
  expect(pic.acknowledge()).toBe(0x23);
});

test("Pic8259Pair auto-EOI mode leaves ISR clear", () => {
  const { pic } = setup(0x03);
  pic.irqLine(1).pulse();
  expect(pic.acknowledge()).toBe(0x21);
  expect(pic.pendingSummary()[0].isr).toBe(0);
  pic.irqLine(1).pulse();
  expect(pic.acknowledge()).toBe(0x21);
});

test("Pic8259Pair.acknowledge() reports spurious IRQ7 and IRQ15 when nothing is pending", () => {
  const { pic } = setup();
  expect(pic.acknowledge()).toBe(0x27);
  expect(pic.pendingSummary()[0].isr).toBe(0); // spurious IRQ7 is not put in service
  // A slave request that vanished (masked after the master saw IRQ2) yields the slave's IRQ15 vector.
  const { pic: p2, ports } = setup();
  p2.irqLine(9).pulse();
  ports.out8(0xa1, 0x02); // mask IRQ9 on the slave after it reached the master
  expect(p2.acknowledge()).toBe(0x2f);
});

test("Pic8259Pair re-initialisation with ICW1 changes the vector base (Linux remaps to 0x30)", () => {
  const { pic, ports } = setup();
  init(ports, 0x30, 0x38);
  pic.irqLine(0).pulse();
  pic.irqLine(8).pulse();
  expect(pic.acknowledge()).toBe(0x30);
  ports.out8(0x20, 0x20);
  expect(pic.acknowledge()).toBe(0x38);
  expect(pic.describe()).toContain("base=30");
});

test("Pic8259Pair saveState()/loadState() round-trips pending and in-service bits", () => {
  const { pic } = setup();
  pic.irqLine(1).pulse();
  pic.irqLine(12).pulse();
  expect(pic.acknowledge()).toBe(0x21);
  const saved = JSON.parse(JSON.stringify(pic.saveState()));
  const host2 = makeHost();
  const other = new Pic8259Pair(host2);
  other.loadState(saved);
  expect(other.pendingSummary()).toEqual(pic.pendingSummary());
  expect(other.hasInterrupt()).toBe(false); // IRQ12 waits behind IRQ1 in service
  host2.ports.out8(0x20, 0x20);
  expect(other.acknowledge()).toBe(0x2c);
});
