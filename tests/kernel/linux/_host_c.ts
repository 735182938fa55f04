// Test helper: compiles a C program with `gcc -m32` and runs it, returning its "key value" lines.
// The oracle for ABI constants and struct layouts: the host's own i386 headers.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Compiles `source` (gcc -m32, C11 + GNU) and returns the program's output lines split into key → value. */
export function runHostC(source: string): Map<string, bigint> {
  const dir = mkdtempSync(join(tmpdir(), "nk-abi-"));
  try {
    const c = join(dir, "probe.c");
    const exe = join(dir, "probe");
    writeFileSync(c, source);
    execFileSync("gcc", ["-m32", "-std=gnu11", "-o", exe, c], { stdio: ["ignore", "ignore", "pipe"] });
    const out = execFileSync(exe, { encoding: "utf8" });
    const values = new Map<string, bigint>();
    for (const line of out.trim().split("\n")) {
      const [key, value] = line.split(" ");
      values.set(key, BigInt(value));
    }
    return values;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** C source printing each macro of `names` as "NAME value" (value as a signed or unsigned 64-bit). */
export function macroProbe(includes: readonly string[], names: readonly string[]): string {
  return [
    "#include <stdio.h>",
    ...includes.map((h) => `#include <${h}>`),
    "#define P(x) do { if ((x) < 0) printf(\"%s %lld\\n\", #x, (long long)(x)); else printf(\"%s %llu\\n\", #x, (unsigned long long)(x)); } while (0)",
    "int main(void) {",
    ...names.map((n) => `  P(${n});`),
    "  return 0;",
    "}",
  ].join("\n");
}

/** Asserts every entry of `table` equals the host macro of the same name; returns mismatches as text. */
export function compareWithHost(includes: readonly string[], table: Readonly<Record<string, number>>): string[] {
  const host = runHostC(macroProbe(includes, Object.keys(table)));
  const wrong: string[] = [];
  for (const [name, value] of Object.entries(table)) {
    if (host.get(name) !== BigInt(value)) wrong.push(`${name}: nk ${value}, host ${host.get(name)}`);
  }
  return wrong;
}
