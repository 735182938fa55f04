// The kernel's video drivers reach the hardware only through ports and physical memory: /dev/fb0
// (VBE driver: DISPI mode set + LFB writes) and the VGA text console (0xB8000 + CRTC cursor).
import { expect, test } from "bun:test";
import { join } from "node:path";
import { runUnderNk } from "../../support/nk_runner.ts";
import type { System } from "../../../kernel/system.ts";

const root = join(import.meta.dir, "..", "..", "..");

test("fb-demo draws into the VBE framebuffer through /dev/fb0 (mode set over the DISPI ports)", async () => {
  let system: System | undefined;
  const r = await runUnderNk(join(root, "examples/userland/bin/fb-demo"), { prepare: (s) => { system = s; } });
  expect(r.status).toBe(0);
  const frame = system!.machine.devices.vbe!.renderRgba();
  expect(frame).toBeDefined();
  expect(frame!.width).toBe(640);
  expect(frame!.height).toBe(480);
  let lit = 0;
  for (let i = 0; i < frame!.rgba.length; i += 4) if (frame!.rgba[i] | frame!.rgba[i + 1] | frame!.rgba[i + 2]) lit++;
  expect(lit).toBeGreaterThan(640 * 480 / 2);
});

test("the kernel log is mirrored to the VGA text screen with the cursor after it", async () => {
  let system: System | undefined;
  await runUnderNk(join(root, "tests/guest/bin/musl/hello"), { prepare: (s) => { system = s; } });
  const vga = system!.machine.devices.vga;
  const lines = vga.screenText();
  expect(lines[0]).toBe("nk: Native Kit kernel");
  expect(lines.some((l) => l.includes("MiB RAM"))).toBe(true);
  expect(vga.cursor().col).toBe(0);
});
