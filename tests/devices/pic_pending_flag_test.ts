// Pic8259Pair's cached pendingFlag must always equal a fresh computation from the chips' registers,
// whatever path changed them (edges, ICW/OCW writes, INTA, poll reads, reset, loadState).
import { expect, test } from "bun:test";
import { Pic8259Pair } from "../../devices/pic_8259.ts";
import { Cpu } from "../../core/cpu/cpu.ts";
import { PortBus } from "../../core/bus/port_bus.ts";
import { PhysicalMemory } from "../../core/memory/physical.ts";
import type { InterruptController } from "../../devices/device.ts";
import { makeHost } from "./_harness.ts";

/** A second pair whose flag is recomputed from scratch by loadState (every field is restored). */
const other = new Pic8259Pair(makeHost(4096));

/** What hasInterrupt() would say if recomputed from `pic`'s registers. */
function fresh(pic: Pic8259Pair): boolean {
  other.loadState(pic.saveState());
  return other.hasInterrupt();
}

/** A small deterministic PRNG (xorshift32) so a failure is reproducible. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

test("Pic8259Pair.pendingFlag tracks the registers through random traffic", () => {
  const host = makeHost();
  const pic = new Pic8259Pair(host);
  const p = host.ports;
  const ocws = [0x20, 0x60, 0x61, 0x62, 0x63, 0xa0, 0xc3, 0xe1, 0x0a, 0x0b, 0x0c, 0x68, 0x48, 0x80, 0x00];
  const r = rng(12345);
  let seenTrue = 0, seenFalse = 0;
  for (let step = 0; step < 4000; step++) {
    const op = Math.floor(r() * 9);
    const n = Math.floor(r() * 16);
    const slave = r() < 0.4;
    const cmd = slave ? 0xa0 : 0x20, data = slave ? 0xa1 : 0x21;
    if (op === 0 && r() < 0.05) { // full initialisation, sometimes auto-EOI
      p.out8(cmd, 0x11); p.out8(data, slave ? 0x28 : 0x20); p.out8(data, slave ? 2 : 4); p.out8(data, r() < 0.3 ? 3 : 1);
    } else if (op <= 2) pic.irqLine(n).pulse();
    else if (op === 3) pic.irqLine(n).set(r() < 0.5);
    else if (op === 4) p.out8(data, Math.floor(r() * 256) & Math.floor(r() * 256)); // IMR
    else if (op === 5) p.out8(cmd, ocws[Math.floor(r() * ocws.length)]);
    else if (op === 6 && pic.hasInterrupt()) pic.acknowledge();
    else if (op === 7) p.in8(cmd); // IRR/ISR or a poll word (which acknowledges)
    else if (op === 8 && r() < 0.01) pic.reset();
    expect(pic.hasInterrupt()).toBe(fresh(pic));
    expect(pic.pendingFlag.value).toBe(pic.hasInterrupt());
    if (pic.hasInterrupt()) seenTrue++; else seenFalse++;
  }
  expect(seenTrue).toBeGreaterThan(100);
  expect(seenFalse).toBeGreaterThan(100);
});

test("Cpu.intPending follows the attached controller", () => {
  const cpu = new Cpu(new PhysicalMemory(1 << 20), new PortBus());
  expect(cpu.intPending.value).toBe(false); // no controller: never ask
  const pic = new Pic8259Pair(makeHost());
  cpu.intc = pic;
  expect(cpu.intc).toBe(pic);
  expect(cpu.intPending).toBe(pic.pendingFlag);
  const plain: InterruptController = { hasInterrupt: () => false, acknowledge: () => 0x20 };
  cpu.intc = plain;
  expect(cpu.intPending.value).toBe(true); // no cached flag: ask hasInterrupt() every block
  cpu.intc = undefined;
  expect(cpu.intPending.value).toBe(false);
});
