import { expect, test } from "bun:test";
import { createPcDevices } from "../../devices/pc.ts";
import { MemoryBackend } from "../../devices/memory_backend.ts";
import { makeHost } from "./_harness.ts";

function initPic(p: ReturnType<typeof makeHost>["ports"]) {
  for (const [port, v] of [[0x20, 0x11], [0xa0, 0x11], [0x21, 0x20], [0xa1, 0x28], [0x21, 4], [0xa1, 2], [0x21, 1], [0xa1, 1], [0x21, 0], [0xa1, 0]]) {
    p.out8(port, v);
  }
}

test("createPcDevices() wires PIT→IRQ0, keyboard→IRQ1, COM2→IRQ3, COM1→IRQ4, RTC→IRQ8, ATA→IRQ14", () => {
  const host = makeHost();
  const pc = createPcDevices(host, { disk: new MemoryBackend(64) });
  const p = host.ports;
  initPic(p);
  expect(pc.all.map((d) => d.name)).toEqual(["pic", "pit", "kbd", "uart0", "uart1", "rtc", "ata0", "vga", "vbe", "debug"]);
  const eoi = () => { p.out8(0xa0, 0x20); p.out8(0x20, 0x20); };

  pc.keyboard.pressKey("a");
  expect(pc.pic.acknowledge()).toBe(0x21);
  eoi();

  p.out8(0x3f8 + 1, 0x01);
  pc.com1.receive(new Uint8Array([0x41]));
  expect(pc.pic.acknowledge()).toBe(0x24);
  eoi();

  p.out8(0x2f8 + 1, 0x01);
  pc.com2.receive(new Uint8Array([0x42]));
  expect(pc.pic.acknowledge()).toBe(0x23);
  eoi();

  p.out8(0x70, 0x0b); p.out8(0x71, 0x42); // RTC periodic interrupt
  const due = pc.rtc.tick(0);
  host.clock.skipTo(due);
  pc.rtc.tick(due);
  expect(pc.pic.acknowledge()).toBe(0x28);
  eoi();

  p.out8(0x1f6, 0xe0); p.out8(0x1f7, 0xe7); // ATA flush completes with IRQ14
  expect(pc.pic.acknowledge()).toBe(0x2e);
  eoi();

  p.out8(0x43, 0x34); p.out8(0x40, 0x00); p.out8(0x40, 0x01);
  const deadline = pc.pit.tick(host.clock.now());
  host.clock.skipTo(deadline);
  pc.pit.tick(deadline);
  expect(pc.pic.acknowledge()).toBe(0x20);
  expect(pc.pic.hasInterrupt()).toBe(false);
});

test("createPcDevices() without a disk or framebuffer leaves them out; reset() and saveState() work on all", () => {
  const host = makeHost();
  const pc = createPcDevices(host, { framebuffer: false });
  expect(pc.ata).toBeUndefined();
  expect(pc.vbe).toBeUndefined();
  expect(host.ports.isClaimed(0x1f0)).toBe(false);
  for (const d of pc.all) {
    d.reset();
    const s = structuredClone(d.saveState());
    d.loadState(s);
    expect(typeof (d.describe?.() ?? "")).toBe("string");
  }
});
