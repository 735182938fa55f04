// Tests for the ELF32 parser against real binaries built with the host gcc, and corrupted copies.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Elf, ElfError, elfHeadersLength, parseElf } from "../../../kernel/process/elf.ts";

let dir = "";
const bin: Record<string, Uint8Array> = {};

const SOURCE = `#include <stdio.h>
__thread int counter = 3;
int main(void) { printf("hi %d\\n", counter); return 0; }
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nk-elf-"));
  const c = join(dir, "hello.c");
  writeFileSync(c, SOURCE);
  const builds: Record<string, string[]> = {
    static: ["-m32", "-static"],
    staticPie: ["-m32", "-static-pie"],
    execStack: ["-m32", "-static", "-z", "execstack"],
    dynamic: ["-m32"],
    x64: ["-m64", "-static"],
    object: ["-m32", "-c"],
  };
  for (const [name, flags] of Object.entries(builds)) {
    const out = join(dir, name);
    execFileSync("gcc", [...flags, "-o", out, c]);
    bin[name] = new Uint8Array(readFileSync(out));
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** readelf's view of a binary: `readelf -lhW` output. */
function readelf(name: string): string {
  return execFileSync("readelf", ["-lhW", join(dir, name)], { encoding: "utf8" });
}

function errorOf(bytes: Uint8Array): string {
  try {
    parseElf(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ElfError);
    return (e as Error).message;
  }
  throw new Error("parseElf accepted the file");
}

test("parseElf() reads a static gcc -m32 binary as readelf does", () => {
  const image = parseElf(bin.static);
  const text = readelf("static");
  expect(image.pie).toBe(false);
  expect(`0x${image.entry.toString(16)}`).toBe(/Entry point address:\s+(0x[0-9a-f]+)/.exec(text)![1]);
  const loads = [...text.matchAll(/^\s+LOAD\s+(0x\w+) (0x\w+) (0x\w+) (0x\w+) (0x\w+) (.{3}) (0x\w+)/gm)];
  expect(image.segments.length).toBe(loads.length);
  image.segments.forEach((s, i) => {
    const [, offset, vaddr, , filesz, memsz, flags, align] = loads[i];
    expect([s.offset, s.vaddr, s.filesz, s.memsz, s.align]).toEqual([offset, vaddr, filesz, memsz, align].map(Number));
    expect(s.flags).toBe((flags.includes("R") ? 4 : 0) | (flags.includes("W") ? 2 : 0) | (flags.includes("E") ? 1 : 0));
  });
  expect(image.phnum).toBe(Number(/Number of program headers:\s+(\d+)/.exec(text)![1]));
  expect(image.phentsize).toBe(32);
  // The first PT_LOAD maps the file from offset 0, so the headers are visible at its base + e_phoff.
  expect(image.phdrAddr).toBe(image.segments[0].vaddr + 52);
  expect(image.tls).not.toBeNull();
  expect(image.tls!.memsz).toBeGreaterThanOrEqual(4);
  expect(image.hasGnuStack).toBe(true);
  expect(image.execStack).toBe(false);
  const last = image.segments[image.segments.length - 1];
  expect(image.end).toBe(last.vaddr + last.memsz);
  expect(image.start).toBe(0x08048000);
});

test("parseElf() of just the headers (as exec reads them) equals parseElf() of the whole file", () => {
  const need = elfHeadersLength(bin.static.subarray(0, 52));
  expect(need).toBeLessThan(4096);
  const head = bin.static.slice(0, need);
  expect(parseElf(head, bin.static.length)).toEqual(parseElf(bin.static));
  // Without the real size the segments look truncated: the size is what validates them.
  expect(() => parseElf(head)).toThrow(ElfError);
});

test("parseElf() accepts static-pie and reports the exec-stack flag", () => {
  const pie = parseElf(bin.staticPie);
  expect(pie.pie).toBe(true);
  expect(pie.start).toBe(0);
  expect(pie.phdrAddr).toBe(pie.programHeaders.find((h) => h.type === Elf.PT_PHDR)?.vaddr ?? 52);
  expect(parseElf(bin.execStack).execStack).toBe(true);
});

test("parseElf() rejects dynamic, 64-bit and object files with a clear message", () => {
  expect(errorOf(bin.dynamic)).toBe("dynamically linked programs are not supported (interpreter /lib/ld-linux.so.2)");
  expect(errorOf(bin.x64)).toBe("ELF for x86-64, nk runs i386 programs");
  expect(errorOf(bin.object)).toBe("relocatable object file (.o), not an executable");
  expect(errorOf(new TextEncoder().encode("#!/bin/sh\necho hi\n"))).toBe("not an ELF file");
  expect(errorOf(new Uint8Array(0))).toBe("not an ELF file");
});

/** A copy of the static binary with `patch` applied through a DataView. */
function corrupt(patch: (view: DataView, bytes: Uint8Array) => void, length = bin.static.length): Uint8Array {
  const bytes = bin.static.slice(0, length);
  patch(new DataView(bytes.buffer), bytes);
  return bytes;
}

/** File offset of program header `index` of the static binary. */
function phdr(index: number): number {
  return new DataView(bin.static.buffer, bin.static.byteOffset).getUint32(28, true) + index * 32;
}

function firstLoadIndex(type = Elf.PT_LOAD, skip = 0): number {
  return parseElf(bin.static).programHeaders.findIndex((h, i) => i >= skip && h.type === type);
}

test("parseElf() rejects corrupted copies", () => {
  expect(errorOf(corrupt((_, b) => (b[1] = 0x46)))).toBe("not an ELF file");
  expect(errorOf(bin.static.slice(0, 40))).toBe("truncated ELF header");
  expect(errorOf(bin.static.slice(0, 100))).toBe("truncated program header table");
  expect(errorOf(bin.static.slice(0, 0x2000))).toMatch(/extends past the end of the file/);
  expect(errorOf(corrupt((v) => v.setUint32(28, 0x7fff_0000, true)))).toMatch(/program header table offset 0x7fff0000 outside the file/);
  expect(errorOf(corrupt((v) => v.setUint16(18, 40, true)))).toBe("ELF for ARM, nk runs i386 programs");
  expect(errorOf(corrupt((_, b) => (b[5] = 2)))).toMatch(/big-endian/);
  expect(errorOf(corrupt((v) => v.setUint16(16, 4, true)))).toMatch(/core dump/);
  expect(errorOf(corrupt((v) => v.setUint16(42, 56, true)))).toMatch(/program header size 56/);
  expect(errorOf(corrupt((v) => v.setUint16(44, 0, true)))).toBe("no program headers");
  expect(errorOf(corrupt((v) => v.setUint32(24, 0x1000, true)))).toMatch(/entry point 0x1000 is outside/);
  const load = firstLoadIndex();
  const data = parseElf(bin.static).segments.length - 1 + load; // last PT_LOAD (data+bss)
  expect(errorOf(corrupt((v) => v.setUint32(phdr(data) + 20, 0xf000_0000, true)))).toMatch(/reaches kernel space/);
  expect(errorOf(corrupt((v) => v.setUint32(phdr(data) + 20, 0x10, true)))).toMatch(/filesz .* larger than memsz/);
  expect(errorOf(corrupt((v) => v.setUint32(phdr(load) + 28, 0x1800, true)))).toMatch(/not a power of two/);
  expect(errorOf(corrupt((v) => v.setUint32(phdr(load + 1) + 8, 0x08049800, true)))).toMatch(/misaligned|overlaps/);
  // Second PT_LOAD moved below the first: out of order / overlapping.
  expect(errorOf(corrupt((v) => {
    v.setUint32(phdr(load + 1) + 8, 0x08048000, true);
    v.setUint32(24, 0x08048010, true);
  }))).toMatch(/overlaps or precedes/);
});
