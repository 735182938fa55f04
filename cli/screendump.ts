// `screendump FILE.png`: the machine's display as a PNG, like QEMU's screendump — the Bochs VBE
// framebuffer when the guest has enabled a mode, otherwise the VGA text screen drawn with the
// 8×16 font (720×400 with 9-dot characters, 640×400 with 8-dot ones).

import { writeFileSync } from "node:fs";
import type { Machine } from "../core/machine.ts";
import { VGA_FONT_8X16 } from "../devices/vga_font.ts";
import type { RgbaImage } from "../devices/vga_text.ts";
import { encodePng } from "./png.ts";

/** Which device the picture came from. */
export type ScreenSource = "vbe" | "vga-text";

/** The current picture and where it came from. */
export function captureScreen(machine: Machine): RgbaImage & { source: ScreenSource } {
  const framebuffer = machine.devices.vbe?.renderRgba();
  if (framebuffer !== undefined) return { ...framebuffer, source: "vbe" };
  return { ...machine.devices.vga.renderRgba(VGA_FONT_8X16), source: "vga-text" };
}

/**
 * Writes the current picture to `file` as a PNG; returns a one-line description for the monitor,
 * e.g. `screendump: 720x400 VGA text -> out.png`.
 */
export function screendump(machine: Machine, file: string): string {
  const image = captureScreen(machine);
  writeFileSync(file, encodePng(image.width, image.height, image.rgba));
  const what = image.source === "vbe" ? "VBE framebuffer" : "VGA text";
  return `screendump: ${image.width}x${image.height} ${what} -> ${file}`;
}
