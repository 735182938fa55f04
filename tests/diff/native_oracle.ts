// Builds (once, cached by source hash in tests/diff/.cache) and runs the native oracle: a static
// i386 binary (oracle/driver.c + oracle/trampoline.asm) that executes cases on the host CPU.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CaseResult, type DiffCase, decodeResults, encodeCases } from "./layout.ts";

const HERE = import.meta.dir;
const CACHE = join(HERE, ".cache");

/** True when nasm and a 32-bit gcc are available (the oracle cannot be built otherwise). */
export function oracleAvailable(): boolean {
  try {
    execFileSync("nasm", ["-v"], { stdio: "ignore" });
    execFileSync("gcc", ["-m32", "--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Returns the path of the oracle binary, building it if its sources changed. */
export function buildOracle(): string {
  const c = readFileSync(join(HERE, "oracle/driver.c"));
  const asm = readFileSync(join(HERE, "oracle/trampoline.asm"));
  const hash = createHash("sha256").update(c).update(asm).digest("hex").slice(0, 16);
  const bin = join(CACHE, `oracle-${hash}`);
  if (existsSync(bin)) return bin;
  mkdirSync(CACHE, { recursive: true });
  const obj = join(CACHE, `trampoline-${hash}.o`);
  execFileSync("nasm", ["-f", "elf32", join(HERE, "oracle/trampoline.asm"), "-o", obj]);
  const tmp = `${bin}.${process.pid}.tmp`;
  execFileSync("gcc", ["-m32", "-static", "-O1", "-o", tmp, join(HERE, "oracle/driver.c"), obj]);
  renameSync(tmp, bin); // atomic: parallel test processes never see a half-written binary
  return bin;
}

/** Runs `cases` natively and returns one result per case. */
export function runNative(cases: readonly DiffCase[]): CaseResult[] {
  const bin = buildOracle();
  const tag = `${process.pid}-${Date.now()}`;
  const inPath = join(CACHE, `in-${tag}.bin`), outPath = join(CACHE, `out-${tag}.bin`);
  writeFileSync(inPath, encodeCases(cases));
  execFileSync(bin, [inPath, outPath], { stdio: ["ignore", "ignore", "inherit"] });
  const res = decodeResults(new Uint8Array(readFileSync(outPath)));
  execFileSync("rm", ["-f", inPath, outPath]);
  if (res.length !== cases.length) throw new Error(`oracle returned ${res.length} of ${cases.length} results`);
  return res;
}
