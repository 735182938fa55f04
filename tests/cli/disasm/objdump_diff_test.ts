// Differential test: our disassembler against binutils `objdump -d -M intel` on the .text of a
// static i386 hello world built with gcc -m32 (needs gcc-multilib and binutils).

import { expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { disassembleOne } from "../../../cli/disasm/mod.ts";

/** Normalises cosmetic differences: whitespace, `<symbol>` annotations, bare hex branch targets. */
export function normaliseObjdump(text: string): string {
  const collapsed = text.replace(/\s+/g, " ").replace(/ <[^>]*>/g, "").trim();
  // objdump prints direct branch targets as bare hex (`call 8049000`); we print 0x8049000.
  return collapsed.replace(/^((?:\w+ )*(?:j\w+|call|loop\w*|jecxz|xbegin)) ([0-9a-f]+)$/, "$1 0x$2");
}

function buildHello(): string {
  const dir = mkdtempSync(join(tmpdir(), "nk-disasm-"));
  writeFileSync(join(dir, "hello.c"),
    "#include <stdio.h>\n#include <math.h>\n#include <string.h>\n" +
    "int main(int c, char **v) { double d = c; printf(\"hello %f %zu\\n\", sqrt(d) * 1.5, strlen(v[0])); return 0; }\n");
  execFileSync("gcc", ["-m32", "-static", "-O2", "-o", join(dir, "hello"), join(dir, "hello.c"), "-lm"]);
  return join(dir, "hello");
}

test("disassembleOne() matches objdump -M intel on a static i386 binary", () => {
  const binary = buildHello();
  const headers = execFileSync("objdump", ["-h", binary]).toString();
  const section = / \.text\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(headers)!;
  const [size, vma, fileOffset] = [section[1]!, section[2]!, section[3]!].map((h) => parseInt(h, 16)) as [number, number, number];
  const text = new Uint8Array(readFileSync(binary)).subarray(fileOffset, fileOffset + size);
  const listing = execFileSync("objdump", ["-d", "-M", "intel", "-j", ".text", "--no-show-raw-insn", "-w", binary], { maxBuffer: 1 << 28 }).toString();
  let total = 0;
  const mismatches: string[] = [];
  for (const line of listing.split("\n")) {
    const match = /^\s*([0-9a-f]+):\t(.*)$/.exec(line);
    if (match === null) continue;
    const address = parseInt(match[1]!, 16);
    const want = normaliseObjdump(match[2]!);
    const got = disassembleOne(text, address - vma, address).text.replace(/\s+/g, " ").trim();
    total++;
    if (got !== want) mismatches.push(`${match[1]}: objdump [${want}] nk [${got}]`);
  }
  const rate = (total - mismatches.length) / total;
  console.log(`disassembler vs objdump: ${total - mismatches.length}/${total} instructions match (${(rate * 100).toFixed(3)}%)`);
  expect(total).toBeGreaterThan(5000);
  expect(mismatches.slice(0, 10)).toEqual([]);
});

test("disassembleOne() mostly matches objdump on random encodings (coverage report)", () => {
  // 4000 slots of 16 bytes: optional 66/F3/F2, optional 0F, random bytes, NOP padding.
  let seed = 12345;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const slots = 4000;
  const buffer = new Uint8Array(slots * 16).fill(0x90);
  for (let i = 0; i < slots; i++) {
    let k = i * 16;
    if (i % 5 === 0) buffer[k++] = [0x66, 0xf3, 0xf2, 0x66][random() & 3]!;
    if (i % 2 === 1) buffer[k++] = 0x0f;
    while (k < i * 16 + 10) buffer[k++] = random();
  }
  const file = join(mkdtempSync(join(tmpdir(), "nk-disasm-")), "random.bin");
  writeFileSync(file, buffer);
  const listing = execFileSync("objdump", ["-D", "-b", "binary", "-m", "i386", "-M", "intel", "-w", "--no-show-raw-insn", file], { maxBuffer: 1 << 28 }).toString();
  let total = 0, matched = 0;
  for (const line of listing.split("\n")) {
    const match = /^\s*([0-9a-f]+):\t(.*)$/.exec(line);
    if (match === null || parseInt(match[1]!, 16) % 16 !== 0) continue;
    const address = parseInt(match[1]!, 16);
    total++;
    if (disassembleOne(buffer, address, address).text.replace(/\s+/g, " ").trim() === normaliseObjdump(match[2]!)) matched++;
  }
  console.log(`disassembler vs objdump on random encodings: ${matched}/${total} (${((matched / total) * 100).toFixed(2)}%)`);
  expect(total).toBeGreaterThan(3000);
  // Known gaps: VMX/SMX/MPX/3DNow!/VIA/TR registers and binutils' partial "(bad)" operands.
  expect(matched / total).toBeGreaterThan(0.93);
});
