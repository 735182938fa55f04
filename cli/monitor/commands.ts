// The base monitor command rows (QEMU HMP names and arguments where QEMU has the command) and
// their handlers, which only call MonitorTarget. The lead adds process/scheduler/strace/gdbserver
// rows through buildCommandTable().

import { writeFileSync } from "node:fs";
import { disassembleOne } from "../disasm/mod.ts";
import { encodePng } from "../png.ts";
import {
  assertUniqueNames, CommandError, renderHelp, rowNames, type CommandContext, type CommandRow, type ParsedArgs,
} from "./command_table.ts";
import type { FormatSpec } from "./format_spec.ts";
import { formatCString, formatMemoryDump, formatValue, printChar, type DumpFormat } from "./memory_dump.ts";
import { formatRegisters } from "./register_dump.ts";

const num = (args: ParsedArgs, name: string): number => args[name] as number;
const hex = (value: number): string => "0x" + (value >>> 0).toString(16);

/** Reads up to `length` bytes, shrinking at an unmapped page boundary (for x/i and x/s). */
function readSome(ctx: CommandContext, physical: boolean, address: number, length: number): Uint8Array {
  const read = (len: number): Uint8Array =>
    physical ? ctx.target.readPhysical(address, len) : ctx.target.readVirtual(ctx.state.pid, address, len);
  try {
    return read(length);
  } catch (error) {
    const toPageEnd = 0x1000 - (address & 0xfff);
    if (toPageEnd >= length) throw error;
    return read(toPageEnd);
  }
}

/** The `x`/`xp` body: values, strings (s) or instructions (i), QEMU layout. */
function dumpMemory(ctx: CommandContext, fmt: FormatSpec, start: number, physical: boolean): void {
  let address = start >>> 0;
  if (fmt.format === "i") {
    for (let n = 0; n < fmt.count; n++) {
      const bytes = readSome(ctx, physical, address, 16);
      const insn = disassembleOne(bytes, 0, address);
      ctx.print(`0x${address.toString(16).padStart(8, "0")}:  ${insn.text}`);
      address = (address + insn.length) >>> 0;
    }
    return;
  }
  if (fmt.format === "s") {
    for (let n = 0; n < fmt.count; n++) {
      const bytes = readSome(ctx, physical, address, 256);
      const end = bytes.indexOf(0);
      ctx.print(`0x${address.toString(16).padStart(8, "0")}: ${formatCString(bytes)}`);
      address = (address + (end < 0 ? bytes.length : end + 1)) >>> 0;
    }
    return;
  }
  const size = fmt.format === "c" ? 1 : fmt.size ?? 4;
  const length = fmt.count * size;
  const bytes = physical ? ctx.target.readPhysical(address, length) : ctx.target.readVirtual(ctx.state.pid, address, length);
  for (const line of formatMemoryDump(bytes, address, fmt.format as DumpFormat, size, physical)) ctx.print(line);
}

/** Parses `write`'s data: a "quoted string" with C escapes, or hex bytes (`de ad`, `0xde,0xad`, `dead`). */
export function parseWriteData(text: string): Uint8Array {
  const quoted = /^"((?:\\.|[^"\\])*)"$/.exec(text.trim());
  if (quoted !== null) {
    const body = quoted[1]!.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) =>
      e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: "\n", r: "\r", t: "\t", "0": "\0" } as Record<string, string>)[e] ?? e);
    return Uint8Array.from(body, (c) => c.charCodeAt(0) & 0xff);
  }
  const digits = text.replace(/0x/gi, "").replace(/[\s,]/g, "");
  if (digits === "" || !/^[0-9a-f]+$/i.test(digits) || digits.length % 2 !== 0) {
    throw new CommandError(`write: data must be "a string" or hex bytes, got '${text}'`);
  }
  return Uint8Array.from({ length: digits.length / 2 }, (_, i) => parseInt(digits.slice(i * 2, i * 2 + 2), 16));
}

/** The value of `p`: QEMU hmp_print formats (%#x, %#o, %u, %d, 'c'). */
export function formatPrinted(value: number, format: string): string {
  const v = BigInt(value >>> 0);
  switch (format) {
    case "x": return v === 0n ? "0" : "0x" + v.toString(16);
    case "o": return v === 0n ? "0" : "0" + v.toString(8);
    case "u": return v.toString();
    case "c": return printChar(value);
    default: return formatValue(v, "d", 4).trim();
  }
}

const UNIT_BY_LETTER = { b: 1, w: 2, d: 4 } as const;

/** `info` sub-rows. */
export const INFO_COMMANDS: readonly CommandRow[] = [
  {
    name: "registers", args: "", params: "", help: "show the cpu registers",
    run: (ctx) => { for (const line of formatRegisters(ctx.target.registers())) ctx.print(line); },
  },
  {
    name: "status", args: "", params: "", help: "show the current VM status (running|paused)",
    run: (ctx) => {
      const status = ctx.target.status();
      ctx.print(`VM status: ${status.running ? "running" : "paused"}${!status.running && status.reason ? ` (${status.reason})` : ""}`);
    },
  },
  {
    name: "devices", args: "", params: "", help: "show the emulated devices",
    run: (ctx) => {
      const devices = ctx.target.devices();
      const width = Math.max(0, ...devices.map((d) => d.name.length));
      for (const device of devices) ctx.print(`${device.name.padEnd(width)}  ${device.detail}`);
    },
  },
];

/** The base command rows, in help order. */
export const BASE_COMMANDS: readonly CommandRow[] = [
  {
    name: "help|?", args: "name:S?", params: "[cmd]", help: "show the help",
    run: (ctx, args) => ctx.print(renderHelp(ctx.table, args.name as string | undefined)),
  },
  { name: "info", args: "", params: "", help: "show various information about the system state", sub: INFO_COMMANDS },
  { name: "stop", args: "", params: "", help: "stop emulation", run: (ctx) => ctx.target.stop() },
  {
    name: "c|cont", args: "", params: "", help: "resume emulation",
    run: async (ctx) => {
      const stopped = ctx.target.cont();
      if (ctx.state.waitOnCont && stopped !== undefined) await stopped;
    },
  },
  {
    name: "step|s", args: "count:i?", params: "[count]", help: "execute count instructions (default 1) and show the next",
    run: (ctx, args) => {
      const count = (args.count as number | undefined) ?? 1;
      if (count < 1) throw new CommandError("step: count must be at least 1");
      ctx.target.step(count);
      dumpMemory(ctx, { count: 1, format: "i", size: undefined }, ctx.target.registers().eip, false);
    },
  },
  {
    name: "x", args: "fmt:/,addr:l", params: "/fmt addr", help: "virtual memory dump starting at 'addr'",
    run: (ctx, args) => dumpMemory(ctx, args.fmt as FormatSpec, num(args, "addr"), false),
  },
  {
    name: "xp", args: "fmt:/,addr:l", params: "/fmt addr", help: "physical memory dump starting at 'addr'",
    run: (ctx, args) => dumpMemory(ctx, args.fmt as FormatSpec, num(args, "addr"), true),
  },
  {
    name: "p|print", args: "fmt:/,val:l", params: "/fmt expr", help: "print expression value (use $reg for CPU register access)",
    run: (ctx, args) => ctx.print(formatPrinted(num(args, "val"), (args.fmt as FormatSpec).format)),
  },
  {
    name: "poke", args: "addr:l,val:l,size:s?", params: "addr value [b|w|d]", help: "write a byte, word or dword (default) to virtual memory",
    run: (ctx, args) => {
      const letter = (args.size as string | undefined) ?? "d";
      if (!(letter in UNIT_BY_LETTER)) throw new CommandError(`poke: size must be b, w or d, got '${letter}'`);
      const size = UNIT_BY_LETTER[letter as keyof typeof UNIT_BY_LETTER];
      const value = num(args, "val");
      const bytes = Uint8Array.from({ length: size }, (_, i) => (value >>> (8 * i)) & 0xff);
      ctx.target.writeVirtual(ctx.state.pid, num(args, "addr"), bytes);
    },
  },
  {
    name: "write", args: "addr:l,data:S", params: "addr \"string\"|hexbytes", help: "write a string or hex bytes to virtual memory",
    run: (ctx, args) => ctx.target.writeVirtual(ctx.state.pid, num(args, "addr"), parseWriteData(args.data as string)),
  },
  {
    name: "i", args: "fmt:/,addr:i", params: "/fmt addr", help: "I/O port read",
    run: (ctx, args) => {
      const size = ioSize(args.fmt as FormatSpec);
      const port = num(args, "addr") & 0xffff;
      const value = ctx.target.portIn(port, size) >>> 0;
      const suffix = { 1: "b", 2: "w", 4: "l" }[size];
      ctx.print(`port${suffix}[0x${port.toString(16).padStart(4, "0")}] = 0x${value.toString(16).padStart(size * 2, "0")}`);
    },
  },
  {
    name: "o", args: "fmt:/,addr:i,val:i", params: "/fmt addr value", help: "I/O port write",
    run: (ctx, args) => ctx.target.portOut(num(args, "addr") & 0xffff, ioSize(args.fmt as FormatSpec), num(args, "val")),
  },
  {
    name: "memsave", args: "val:l,size:i,filename:F", params: "addr size file", help: "save to disk virtual memory dump starting at 'addr' of size 'size'",
    run: (ctx, args) => writeFileSync(args.filename as string, ctx.target.readVirtual(ctx.state.pid, num(args, "val"), num(args, "size"))),
  },
  {
    name: "pmemsave", args: "val:l,size:i,filename:F", params: "addr size file", help: "save to disk physical memory dump starting at 'addr' of size 'size'",
    run: (ctx, args) => writeFileSync(args.filename as string, ctx.target.readPhysical(num(args, "val"), num(args, "size"))),
  },
  {
    name: "screendump", args: "filename:F", params: "filename", help: "save the screen as a PNG image",
    run: (ctx, args) => {
      const screen = ctx.target.screen();
      if (screen === undefined) throw new CommandError("screendump: no display device");
      writeFileSync(args.filename as string, encodePng(screen.width, screen.height, screen.rgba));
    },
  },
  {
    name: "q|quit", args: "", params: "", help: "quit the emulator",
    run: (ctx) => { ctx.state.quitRequested = true; ctx.target.quit(); },
  },
];

// `i`/`o` take their width from the /fmt unit like QEMU (b, h/w → 16-bit, otherwise 32-bit).
function ioSize(fmt: FormatSpec): 1 | 2 | 4 {
  if (fmt.size === 1) return 1;
  return fmt.size === 2 ? 2 : 4;
}

/**
 * The full command table: base rows plus `extra` rows (inserted before `q|quit`) and extra
 * `info` sub-rows. `replacing` rows take the place of base rows sharing a name with them (or
 * are added like `extra`). Throws if any name or alias is duplicated.
 */
export function buildCommandTable(
  extra: readonly CommandRow[] = [],
  extraInfo: readonly CommandRow[] = [],
  replacing: readonly CommandRow[] = [],
): CommandRow[] {
  const replaced = new Set(replacing.flatMap(rowNames));
  const rows = BASE_COMMANDS
    .filter((row) => !rowNames(row).some((name) => replaced.has(name)))
    .map((row) => (row.name === "info" ? { ...row, sub: [...INFO_COMMANDS, ...extraInfo] } : row));
  rows.splice(rows.length - 1, 0, ...extra, ...replacing);
  assertUniqueNames(rows);
  return rows;
}
