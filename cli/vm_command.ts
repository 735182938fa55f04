// `nk vm chip8 ROM`: boots the CHIP-8 native VM (kernel/vm/chip8_system.ts, thesis §5.2) on a
// fresh machine. On a terminal it shows the VBE framebuffer with half-block characters and turns
// key presses into PS/2 scancodes; headless (`--frames N`) it runs N frames of virtual time and can
// write the framebuffer as a PNG (`--screendump FILE.png`), deterministically.
import { readFileSync, writeFileSync } from "node:fs";
import { parseCommandLine, UsageError, type OptionTable } from "./args.ts";
import { encodePng } from "./png.ts";
import { isInteractive, enterRawMode } from "./terminal.ts";
import { Chip8System, FRAME_NS } from "../kernel/vm/chip8_system.ts";
import { KEYPAD_KEY_NAMES } from "../kernel/vm/ps2_keypad.ts";
import { keyCode } from "../devices/ps2_keyboard.ts";
import type { RgbaImage } from "../devices/vga_text.ts";

/** Options of `nk vm`. */
export const VM_OPTIONS: OptionTable = {
  frames: { kind: "integer", valueName: "N", help: "run N frames (1/60 s of virtual time each), then stop" },
  screendump: { kind: "string", valueName: "FILE.png", help: "write the framebuffer as PNG at the end" },
  ipf: { kind: "integer", valueName: "N", help: "CHIP-8 instructions per frame (default 10)" },
  keys: { kind: "string", valueName: "SPEC", help: "headless key script: FRAME:KEY[+HOLD],... (KEY 0-f)" },
};

/** Runs `nk vm KIND ROM [options]`; returns the exit status. */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, VM_OPTIONS, "vm");
  const [kind, romPath] = positionals;
  if (kind !== "chip8") throw new UsageError(`nk vm: unknown VM '${kind ?? ""}' (available: chip8)`);
  if (!romPath) throw new UsageError("nk vm chip8: missing ROM (try 'nk help vm')");
  const system = new Chip8System({ rom: new Uint8Array(readFileSync(romPath)), instructionsPerFrame: values.ipf as number | undefined });
  system.start();
  const frames = values.frames as number | undefined;
  if (frames !== undefined || !isInteractive(process.stdin, process.stdout)) {
    runHeadless(system, frames ?? 600, parseKeyScript((values.keys as string | undefined) ?? ""));
  } else {
    await runInteractive(system);
  }
  if (system.vm.error) {
    process.stderr.write(`nk vm: ${system.vm.error.message}\n`);
    return 1;
  }
  const dump = values.screendump as string | undefined;
  if (dump) {
    const image = system.machine.devices.vbe!.renderRgba()!;
    writeFileSync(dump, encodePng(image.width, image.height, image.rgba));
  }
  process.stderr.write(`nk vm: ${system.vm.frames} frames, ${system.vm.cpu.instructions} CHIP-8 instructions, ` +
    `${system.vm.display.writes} framebuffer writes, ${system.vm.keypad.scancodes} scancodes\n`);
  return 0;
}

/** A scripted key press: keypad key `key` goes down at frame `at` for `hold` frames. */
export interface KeyPress { at: number; key: number; hold: number }

/** Parses `--keys 30:6+10,90:4` into presses sorted by frame. */
export function parseKeyScript(spec: string): KeyPress[] {
  return spec.split(",").filter(Boolean).map((item) => {
    const m = /^(\d+):([0-9a-f])(?:\+(\d+))?$/i.exec(item.trim());
    if (!m) throw new UsageError(`nk vm: --keys: bad item "${item}" (expected FRAME:KEY[+HOLD])`);
    return { at: Number(m[1]), key: parseInt(m[2], 16), hold: m[3] ? Number(m[3]) : 1 };
  }).sort((a, b) => a.at - b.at);
}

/** Runs `frames` frames, typing the scripted keys on the emulated PS/2 keyboard at their frames. */
export function runHeadless(system: Chip8System, frames: number, keys: readonly KeyPress[] = []): void {
  const kbd = system.machine.devices.keyboard;
  const events = keys.flatMap((k) => [{ at: k.at, key: k.key, down: true }, { at: k.at + k.hold, key: k.key, down: false }])
    .sort((a, b) => a.at - b.at);
  for (const e of events) {
    if (e.at >= frames) break;
    system.runFrames(e.at);
    kbd.keyEvent(keyCode(KEYPAD_KEY_NAMES[e.key]), e.down);
  }
  system.runFrames(frames);
}

/** Renders the framebuffer as text: one character cell per 8×16 block, ▀/▄/█ for its halves. */
export function framebufferText(image: RgbaImage, cell = 8): string[] {
  const lit = (x: number, y: number) => image.rgba[(y * image.width + x) * 4 + 1] > 0x80;
  const lines: string[] = [];
  for (let y = 0; y < image.height; y += cell * 2) {
    let line = "";
    for (let x = 0; x < image.width; x += cell) {
      const top = lit(x, y), bottom = y + cell < image.height && lit(x, y + cell);
      line += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
    }
    lines.push(line);
  }
  return lines;
}

/** Interactive loop: real-time pacing, keys 1-4/Q-R/A-F/Z-V, Ctrl-C or Esc quits. */
async function runInteractive(system: Chip8System): Promise<void> {
  const restore = enterRawMode(process.stdin);
  const kbd = system.machine.devices.keyboard;
  let quit = false;
  process.stdin.on("data", (chunk: Buffer) => {
    for (const byte of chunk) {
      if (byte === 3 || byte === 27) { quit = true; continue; }
      const ch = String.fromCharCode(byte).toLowerCase();
      const key = KEYPAD_KEY_NAMES.indexOf(ch as (typeof KEYPAD_KEY_NAMES)[number]);
      if (key < 0) continue;
      // Terminals report no key-up: hold the key for 1/10 s (autorepeat keeps it held).
      const code = keyCode(ch);
      kbd.keyEvent(code, true);
      setTimeout(() => kbd.keyEvent(code, false), 100);
    }
  });
  process.stdout.write("\x1b[2J\x1b[?25l");
  const vbe = system.machine.devices.vbe!;
  const started = Date.now();
  try {
    while (!quit && !system.vm.error) {
      const due = Math.floor((Date.now() - started) * 1e6 / FRAME_NS);
      if (due > system.vm.frames) system.runFrames(due);
      const screen = framebufferText(vbe.renderRgba()!);
      process.stdout.write("\x1b[H" + screen.join("\r\n") + `\r\nframe ${system.vm.frames}  keys: 1234 QWER ASDF ZXCV  Esc quits\x1b[K`);
      await new Promise((r) => setTimeout(r, 33));
    }
  } finally {
    process.stdout.write("\x1b[?25h\r\n");
    process.stdin.pause();
    restore();
  }
}

if (import.meta.main) runCommand(process.argv.slice(2)).then((code) => process.exit(code));
