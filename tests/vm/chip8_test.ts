// The native-VM case study (thesis §5.2): the CHIP-8 supervisor VM boots the bundled ROM, is fed
// scripted PS/2 key presses, and after 600 frames its VBE framebuffer must equal the committed
// golden PNG pixel for pixel. Plus the assembler, the CHIP-8 core and the keypad driver.
import { test, expect } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodePng } from "../../cli/png.ts";
import { runHeadless, parseKeyScript, framebufferText } from "../../cli/vm_command.ts";
import { Chip8System } from "../../kernel/vm/chip8_system.ts";
import { Chip8Cpu, CHIP8_WIDTH } from "../../kernel/vm/chip8_cpu.ts";
import { assemble } from "../../examples/chip8/chip8_asm.ts";

const DIR = join(import.meta.dir, "../../examples/chip8");
const ROM = new Uint8Array(readFileSync(join(DIR, "bounce.ch8")));

test("Chip8System after 600 frames (key 6 held at frame 100) matches the golden PNG", () => {
  const system = new Chip8System({ rom: ROM });
  system.start();
  runHeadless(system, 600, parseKeyScript("100:6+40"));
  const image = system.machine.devices.vbe!.renderRgba()!;
  const golden = decodePng(new Uint8Array(readFileSync(join(DIR, "bounce_600.png"))));
  expect([image.width, image.height]).toEqual([golden.width, golden.height]);
  let differing = 0;
  for (let i = 0; i < image.rgba.length; i++) if (image.rgba[i] !== golden.rgba[i]) differing++;
  expect(differing).toBe(0);
  expect(system.vm.frames).toBe(600);
  expect(system.vm.cpu.v[4]).toBe(1); // the score: one catch after the paddle moved right
  expect(system.vm.keypad.scancodes).toBe(2); // make and break of 'e' through IRQ1
  expect(system.vm.cpu.v[0xe]).toBeGreaterThan(28); // key 6 moved the paddle right
});

test("Chip8System without input leaves the paddle alone, so the frame differs from the golden one", () => {
  const system = new Chip8System({ rom: ROM });
  system.start();
  runHeadless(system, 600);
  const golden = decodePng(new Uint8Array(readFileSync(join(DIR, "bounce_600.png"))));
  expect(system.machine.devices.vbe!.renderRgba()!.rgba).not.toEqual(golden.rgba);
  expect(system.vm.cpu.v[0xe]).toBe(28); // the paddle never moved from x = 28
});

test("framebufferText() shows the score digits and the wall", () => {
  const system = new Chip8System({ rom: ROM });
  system.start();
  runHeadless(system, 10);
  const text = framebufferText(system.machine.devices.vbe!.renderRgba()!);
  expect(text.length).toBe(16);
  expect(text[3]).toBe("▀".repeat(64)); // the wall at CHIP-8 row 6
});

test("assemble(bounce.c8s) reproduces the committed bounce.ch8", () => {
  expect(assemble(readFileSync(join(DIR, "bounce.c8s"), "utf8"))).toEqual(ROM);
});

test("assemble() encodes Cowgod's mnemonics", () => {
  const rom = assemble("start: LD V1, 0x2A\nADD V1, V2\nLD I, start\nDRW V1, V2, 5\nLD B, V3\nSKNP VE\nJP V0, start\nDB 1, 0b11");
  expect([...rom]).toEqual([0x61, 0x2a, 0x81, 0x24, 0xa2, 0x00, 0xd1, 0x25, 0xf3, 0x33, 0xee, 0xa1, 0xb2, 0x00, 1, 3]);
  expect(() => assemble("LD V1, nowhere")).toThrow(/line 1: unknown symbol/);
});

test("Chip8Cpu: arithmetic flags, BCD, subroutines and key wait", () => {
  const rom = assemble(`
    LD V0, 200
    LD V1, 100
    ADD V0, V1      ; 300 -> 44, VF = 1
    LD V2, VF
    LD V3, 5
    SUB V3, V1      ; 5 - 100 borrows: VF = 0
    LD V4, VF
    LD I, 0x300
    LD B, V1        ; 1 0 0
    CALL sub
    LD V9, K
    LD V8, 7
  spin: JP spin
  sub: LD V7, 9
    RET`);
  const cpu = new Chip8Cpu(rom, () => false);
  for (let i = 0; i < 20; i++) cpu.step();
  expect([cpu.v[0], cpu.v[2], cpu.v[3], cpu.v[4], cpu.v[7]]).toEqual([44, 1, 161, 0, 9]);
  expect([...cpu.memory.subarray(0x300, 0x303)]).toEqual([1, 0, 0]);
  expect(cpu.waitingFor).toBe(9);
  expect(cpu.v[8]).toBe(0); // blocked on LD V9, K
  cpu.keyPressed(0xc);
  cpu.step();
  expect([cpu.v[9], cpu.v[8]]).toEqual([0xc, 7]);
});

test("Chip8Cpu rejects an invalid instruction with its address", () => {
  const cpu = new Chip8Cpu(Uint8Array.of(0xe0, 0x00), () => false);
  expect(() => cpu.step()).toThrow("chip8: invalid instruction e000 at 200");
});
