import { expect, test } from "bun:test";
import { DebugExit } from "../../devices/debug_exit.ts";
import { collect, makeHost } from "./_harness.ts";

test("DebugExit port 0xF4 emits exit with QEMU's (v << 1) | 1 status", () => {
  const host = makeHost();
  new DebugExit(host);
  const exits = collect<{ code: number }>(host, "exit");
  host.ports.out8(0xf4, 0);
  host.ports.out8(0xf4, 0x10);
  host.ports.out32(0xf4, 1);
  expect(exits).toEqual([{ code: 1 }, { code: 0x21 }, { code: 3 }]);
});

test("DebugExit port 0xE9 emits debugcon bytes and reads back 0xE9", () => {
  const host = makeHost();
  const dbg = new DebugExit(host);
  const bytes = collect<{ byte: number }>(host, "debugcon");
  for (const c of "ok") host.ports.out8(0xe9, c.charCodeAt(0));
  expect(bytes.map((b) => b.byte)).toEqual([0x6f, 0x6b]);
  expect(host.ports.in8(0xe9)).toBe(0xe9);
  expect(dbg.saveState()).toEqual({});
});
