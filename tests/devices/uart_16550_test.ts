import { expect, test } from "bun:test";
import { Uart16550, type UartTxEvent } from "../../devices/uart_16550.ts";
import { collect, makeHost, RecordingIrq } from "./_harness.ts";

const COM1 = 0x3f8;

function setup() {
  const host = makeHost();
  const irq = new RecordingIrq();
  const uart = new Uart16550(host, { base: COM1, irq, unit: 0 });
  const tx = collect<UartTxEvent>(host, "uart.tx");
  const p = host.ports;
  // A typical driver init: 115200 8N1, FIFO on with 14-byte trigger, DTR/RTS/OUT2.
  p.out8(COM1 + 1, 0x00);
  p.out8(COM1 + 3, 0x80);
  p.out8(COM1 + 0, 0x01);
  p.out8(COM1 + 1, 0x00);
  p.out8(COM1 + 3, 0x03);
  p.out8(COM1 + 2, 0xc7);
  p.out8(COM1 + 4, 0x0b);
  return { host, irq, uart, tx, p };
}

test("Uart16550 transmits THR writes as uart.tx events", () => {
  const { tx, p } = setup();
  for (const c of "hi\n") p.out8(COM1, c.charCodeAt(0));
  expect(tx).toEqual([{ unit: 0, byte: 0x68 }, { unit: 0, byte: 0x69 }, { unit: 0, byte: 0x0a }]);
  expect(p.in8(COM1 + 5) & 0x60).toBe(0x60); // THRE and TEMT
});

test("Uart16550 DLAB exposes the divisor latch and SCR is a scratch register", () => {
  const { p, uart } = setup();
  p.out8(COM1 + 3, 0x83);
  expect(p.in8(COM1)).toBe(0x01);
  expect(p.in8(COM1 + 1)).toBe(0x00);
  p.out8(COM1 + 3, 0x03);
  p.out8(COM1 + 7, 0x5a);
  expect(p.in8(COM1 + 7)).toBe(0x5a);
  expect(uart.describe()).toContain("115200 baud");
});

test("Uart16550 loopback returns transmitted bytes to the receiver without emitting them", () => {
  const { p, tx } = setup();
  p.out8(COM1 + 4, 0x1e); // loopback + RTS + OUT1 + OUT2
  p.out8(COM1, 0xae);
  expect(tx).toEqual([]);
  expect(p.in8(COM1 + 5) & 1).toBe(1);
  expect(p.in8(COM1)).toBe(0xae);
  expect(p.in8(COM1 + 5) & 1).toBe(0);
  // MSR mirrors MCR in loopback: RTS→CTS, OUT1→RI, OUT2→DCD.
  expect(p.in8(COM1 + 6) & 0xf0).toBe(0x10 | 0x40 | 0x80);
});

test("Uart16550 interrupt identification: rx timeout, rx data at trigger, THR empty", () => {
  const { p, irq, uart } = setup();
  p.out8(COM1 + 1, 0x01); // receive interrupts
  expect(p.in8(COM1 + 2)).toBe(0xc1); // FIFO on, nothing pending
  uart.receive(new Uint8Array([0x41, 0x42]));
  expect(irq.level).toBe(true);
  expect(p.in8(COM1 + 2)).toBe(0xcc); // below the 14-byte trigger: character timeout
  expect(p.in8(COM1)).toBe(0x41);
  expect(p.in8(COM1)).toBe(0x42);
  expect(irq.level).toBe(false);
  expect(p.in8(COM1 + 2)).toBe(0xc1);
  uart.receive(new Uint8Array(20).fill(0x61));
  expect(p.in8(COM1 + 2)).toBe(0xc4); // 16 in the FIFO ≥ 14: received data available
  p.out8(COM1 + 1, 0x02); // THRE only
  expect(p.in8(COM1 + 2)).toBe(0xc2);
  expect(p.in8(COM1 + 2)).toBe(0xc1); // reading IIR acknowledged THRE
  p.out8(COM1, 0x21);
  expect(p.in8(COM1 + 2)).toBe(0xc2); // the byte left: THR empty again
});

test("Uart16550.receive() never drops input: the host queue refills the FIFO as the guest drains it", () => {
  const { p, uart, irq } = setup();
  p.out8(COM1 + 1, 0x01);
  const data = new Uint8Array(1000).map((_, i) => i & 0xff);
  uart.receive(data);
  const got: number[] = [];
  const risesBefore = irq.rises;
  while (p.in8(COM1 + 5) & 1) got.push(p.in8(COM1));
  expect(got).toEqual([...data]);
  expect(uart.hasPendingInput()).toBe(false);
  // Each time the FIFO ran dry and was refilled the IRQ line made a fresh rising edge.
  expect(irq.rises - risesBefore).toBeGreaterThanOrEqual(Math.floor(1000 / 16) - 1);
});

test("Uart16550 FIFO reset keeps host input queued", () => {
  const { p, uart } = setup();
  uart.receive(new TextEncoder().encode("boot"));
  p.out8(COM1 + 2, 0xc7); // driver resets the FIFOs
  let s = "";
  while (p.in8(COM1 + 5) & 1) s += String.fromCharCode(p.in8(COM1));
  expect(s).toBe("boot");
});

test("Uart16550 saveState()/loadState() keeps queued input and registers", () => {
  const { uart } = setup();
  uart.receive(new Uint8Array(40).fill(7));
  const saved = JSON.parse(JSON.stringify(uart.saveState()));
  const host2 = makeHost();
  const u2 = new Uart16550(host2, { base: COM1, irq: new RecordingIrq() });
  u2.loadState(saved);
  let n = 0;
  while (host2.ports.in8(COM1 + 5) & 1) { expect(host2.ports.in8(COM1)).toBe(7); n++; }
  expect(n).toBe(40);
  expect(host2.ports.in8(COM1 + 3)).toBe(0x03);
});
