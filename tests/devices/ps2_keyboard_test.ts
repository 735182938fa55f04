import { expect, test } from "bun:test";
import { keyCode, Ps2Keyboard } from "../../devices/ps2_keyboard.ts";
import { collect, makeHost, RecordingIrq } from "./_harness.ts";

function setup() {
  const host = makeHost();
  const irq = new RecordingIrq();
  const kbd = new Ps2Keyboard(host, { irq });
  const p = host.ports;
  /** Reads everything the guest can see, as an IRQ1 handler loop would. */
  const drain = () => {
    const out: number[] = [];
    while (p.in8(0x64) & 1) out.push(p.in8(0x60));
    return out;
  };
  return { host, irq, kbd, p, drain };
}

test("Ps2Keyboard.sendKeys() produces set 1 make/break codes with IRQ1 per byte", () => {
  const { kbd, irq, p, drain } = setup();
  kbd.sendKeys("shift-a");
  expect(irq.level).toBe(true);
  const bytes: number[] = [];
  while (p.in8(0x64) & 1) {
    const before = irq.rises;
    bytes.push(p.in8(0x60));
    if (p.in8(0x64) & 1) expect(irq.rises).toBe(before + 1); // next byte: a fresh edge
  }
  expect(bytes).toEqual([0x2a, 0x1e, 0x9e, 0xaa]);
  kbd.sendKeys("ctrl-alt-delete");
  expect(drain()).toEqual([0x1d, 0x38, 0xe0, 0x53, 0xe0, 0xd3, 0xb8, 0x9d]);
  kbd.pressKey("ret");
  kbd.sendKeys("esc f1 up spc");
  expect(drain()).toEqual([0x1c, 0x9c, 0x01, 0x81, 0x3b, 0xbb, 0xe0, 0x48, 0xe0, 0xc8, 0x39, 0xb9]);
});

test("Ps2Keyboard.typeText() types ASCII with shift where needed", () => {
  const { kbd, drain } = setup();
  kbd.typeText("A!");
  expect(drain()).toEqual([0x2a, 0x1e, 0x9e, 0xaa, 0x2a, 0x02, 0x82, 0xaa]);
  expect(() => kbd.typeText("é")).toThrow();
  expect(() => keyCode("nosuchkey")).toThrow();
  expect(keyCode("0x1e")).toBe(0x1e);
  expect(keyCode("kp_enter")).toBe(0xe01c);
});

test("Ps2Keyboard controller commands: self test, interface test, command byte", () => {
  const { p, drain } = setup();
  p.out8(0x64, 0xaa);
  expect(drain()).toEqual([0x55]);
  p.out8(0x64, 0xab);
  expect(drain()).toEqual([0x00]);
  p.out8(0x64, 0x20);
  const cfg = drain()[0];
  expect(cfg & 0x41).toBe(0x41); // IRQ1 enabled, translation on
  p.out8(0x64, 0x60);
  p.out8(0x60, cfg & ~0x01); // disable IRQ1
  p.out8(0x64, 0x20);
  expect(drain()).toEqual([cfg & ~0x01]);
  expect(p.in8(0x64) & 0x04).toBe(0x04); // system flag
});

test("Ps2Keyboard 0xAD holds keystrokes until 0xAE; disabled IRQ1 means polling only", () => {
  const { kbd, p, irq, drain } = setup();
  p.out8(0x64, 0xad);
  kbd.pressKey("a");
  expect(p.in8(0x64) & 1).toBe(0);
  p.out8(0x64, 0xae);
  expect(drain()).toEqual([0x1e, 0x9e]);
  p.out8(0x64, 0x60);
  p.out8(0x60, 0x44); // IRQ off
  const rises = irq.rises;
  kbd.pressKey("b");
  expect(irq.rises).toBe(rises);
  expect(drain()).toEqual([0x30, 0xb0]);
});

test("Ps2Keyboard keyboard commands: reset, echo, ID, LEDs, scancode set, disable scanning", () => {
  const { kbd, p, drain } = setup();
  p.out8(0x60, 0xff);
  expect(drain()).toEqual([0xfa, 0xaa]);
  p.out8(0x60, 0xee);
  expect(drain()).toEqual([0xee]);
  p.out8(0x60, 0xf2);
  expect(drain()).toEqual([0xfa, 0xab, 0x41]);
  p.out8(0x60, 0xed);
  p.out8(0x60, 0x05);
  expect(drain()).toEqual([0xfa, 0xfa]);
  expect(kbd.ledState).toBe(5);
  p.out8(0x60, 0xf0);
  p.out8(0x60, 0x00);
  expect(drain()).toEqual([0xfa, 0xfa, 0x41]); // set 2, as seen through translation
  p.out8(0x60, 0xf5);
  expect(drain()).toEqual([0xfa]);
  kbd.pressKey("a");
  expect(drain()).toEqual([]);
  p.out8(0x60, 0xf4);
  kbd.pressKey("a");
  expect(drain()).toEqual([0xfa, 0x1e, 0x9e]);
  p.out8(0x60, 0x42);
  expect(drain()).toEqual([0xfe]); // unknown: resend
});

test("Ps2Keyboard pulse of the reset line (0xFE) emits a reset event", () => {
  const { host, p, kbd } = setup();
  const resets = collect<{ source: string }>(host, "reset");
  p.out8(0x64, 0xfe);
  expect(resets).toEqual([{ source: "kbc" }]);
  p.out8(0x64, 0xd1);
  p.out8(0x60, 0x01); // A20 off, CPU not reset
  expect(kbd.a20Enabled).toBe(false);
  expect(resets.length).toBe(1);
});

test("Ps2Keyboard saveState()/loadState() keeps queued scancodes", () => {
  const { kbd } = setup();
  kbd.sendKeys("x y");
  const saved = JSON.parse(JSON.stringify(kbd.saveState()));
  const { kbd: k2, drain } = setup();
  k2.loadState(saved);
  expect(drain()).toEqual([0x2d, 0xad, 0x15, 0x95]);
});
