import { expect, test } from "bun:test";
import { formatCString, formatMemoryDump, formatValue, printChar } from "../../../cli/monitor/memory_dump.ts";
import { formatEflags, formatRegisters } from "../../../cli/monitor/register_dump.ts";
import { FakeTarget } from "./fake_target.ts";

const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);

test("formatMemoryDump() puts 16 bytes per line, 8 for byte units", () => {
  expect(formatMemoryDump(bytes, 0x1000, "x", 4, false)).toEqual([
    "00001000: 0x271a0d00 0x5b4e4134 0x8f827568 0xc3b6a99c",
    "00001010: 0xf7eaddd0",
  ]);
  expect(formatMemoryDump(bytes.subarray(0, 9), 0x10, "x", 1, true)).toEqual([
    "0000000000000010: 0x00 0x0d 0x1a 0x27 0x34 0x41 0x4e 0x5b",
    "0000000000000018: 0x68",
  ]);
});

test("formatValue() pads like QEMU's printf widths", () => {
  expect(formatValue(8n, "o", 1)).toBe("010");
  expect(formatValue(0n, "o", 4)).toBe("          0");
  expect(formatValue(255n, "u", 1)).toBe("255");
  expect(formatValue(0xffffffffn, "d", 4)).toBe("        -1");
  expect(formatValue(0x1234n, "x", 8)).toBe("0x0000000000001234");
});

test("printChar() and formatCString() escape non-printables", () => {
  expect([0x41, 0x27, 0x5c, 0x0a, 0x07].map(printChar)).toEqual(["'A'", "'\\''", "'\\\\'", "'\\n'", "'\\x07'"]);
  expect(formatCString(Uint8Array.of(0x61, 0x22, 0x09, 0x01, 0, 0x62))).toBe("\"a\\\"\\t\\001\"");
});

test("formatEflags() decodes D O S Z A P C in QEMU's order", () => {
  expect(formatEflags(0x2)).toBe("[-------]");
  expect(formatEflags(0x455)).toBe("[D--ZAPC]");
  expect(formatEflags(0x880)).toBe("[-OS----]");
});

test("formatRegisters() has all QEMU lines for a snapshot with descriptor tables", () => {
  const lines = formatRegisters(new FakeTarget().registers());
  expect(lines[0]!.startsWith("EAX=")).toBe(true);
  expect(lines).toContain("GDT=     00000500 00000027");
  expect(lines).toContain("IDT=     00000600 000007ff");
  expect(lines.length).toBe(3 + 6 + 2 + 1);
});
