// `nk bench [NAME...]`: runs the user-mode benchmarks of examples/bench (manifest.json) natively, under
// qemu-i386 when installed, and under nk in-process (Session, virtual clock), pinned to one CPU with
// taskset where possible; prints time ratios to native, nk MIPS (native instruction count / nk time)
// and checksum checks, geometric means per kind, the multiboot bench kernel's MIPS and the start-up
// times of dist/nk (`--version`, and bare `nk` to its shell's first prompt: bench_startup.ts). `--json` for machine-readable output, `--no-jit` for the interpreter only.
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { parseCommandLine } from "./args.ts";
import { findSubcommand } from "./subcommands.ts";
import { Session } from "./session.ts";
import { Machine } from "../core/machine.ts";
import { bootMultiboot } from "../core/boot/multiboot.ts";
import { applyJitSetting, setJitDefault } from "../core/cpu/jit/settings.ts";
import { measureStartup, type StartupTimes } from "./bench_startup.ts";
import { benchUnderV8, type V8Report } from "./bench_v8.ts";

// The repository: beside this file when run from source, else the current directory (compiled binary).
const SOURCE_ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const ROOT = existsSync(join(SOURCE_ROOT, "examples/bench/manifest.json")) ? SOURCE_ROOT : process.cwd();
const BENCH_DIR = join(ROOT, "examples/bench");
const KERNEL_DIR = join(ROOT, "examples/multiboot/bench");

interface ManifestEntry {
  name: string; binary: string; args: string[]; kind: string; expected: string;
  native_ms: number; native_insns: number;
}

/** One benchmark's measurements (times in ms; undefined = not run or unavailable). */
export interface BenchResult {
  name: string; kind: string;
  nativeMs?: number; qemuMs?: number; nkMs?: number;
  qemuRatio?: number; nkRatio?: number; nkMips?: number;
  /** nk's time and ratio to native under V8 (`--v8`). */
  v8Ms?: number; v8Ratio?: number;
  checksumOk: boolean; error?: string;
}

function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** Wall time of one run of `cmd` (ms) and its stdout; pinned with taskset when available. */
function timed(cmd: string[], pin: boolean): { ms: number; out: string; ok: boolean } {
  const argv = pin ? ["taskset", "-c", "1", ...cmd] : cmd;
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: BENCH_DIR, encoding: "utf8", maxBuffer: 1 << 24 });
  return { ms: performance.now() - t0, out: r.stdout ?? "", ok: r.status === 0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** The untimed warm-up run (see runCommand): a short sieve. */
const WARM_UP = { binary: "bin/sieve", args: ["100000", "1"] };

/** Runs one static binary under nk in this process; returns wall ms and the guest's stdout. */
async function runInNk(path: string, args: string[]): Promise<{ ms: number; out: string; status: number | undefined }> {
  const chunks: Uint8Array[] = [];
  const session = new Session({ console: "pipe", pace: false }, {
    stdout: (b) => chunks.push(b),
    stderr: () => {},
  });
  session.installFile(path, path);
  const t0 = performance.now();
  session.start(path, [path, ...args], ["PATH=/bin", "HOME=/"]);
  const status = await session.run();
  const ms = performance.now() - t0;
  return { ms, out: Buffer.concat(chunks).toString("utf8"), status };
}

/** Boots the multiboot bench kernel in-process; MIPS from the QEMU-counted instructions. */
function runKernel(): { ms: number; mips: number; ok: boolean; instructions: number } | undefined {
  const elf = join(KERNEL_DIR, "bench.elf");
  if (!existsSync(elf)) return undefined;
  const expected = readFileSync(join(KERNEL_DIR, "expected_serial.txt"), "utf8");
  const counted = JSON.parse(readFileSync(join(KERNEL_DIR, "insn_count.json"), "utf8")).instructions_from_entry as number;
  const m = new Machine({ memory: 64 << 20 });
  let serial = "";
  m.events.on("uart.tx", (e: { byte: number }) => { serial += String.fromCharCode(e.byte); });
  bootMultiboot(m, { kernel: readFileSync(elf), cmdline: "bench.elf" });
  const t0 = performance.now();
  for (let k = 0; k < 100_000; k++) if (m.run(1_000_000) !== "budget") break;
  const ms = performance.now() - t0;
  return { ms, mips: counted / ms / 1000, ok: serial.trim() === expected.trim(), instructions: m.cpu.instructionCount };
}

/** Median start-up times of dist/nk (`--version`, and bare `nk` to its first prompt), if it is built. */
async function startupMs(): Promise<StartupTimes | undefined> {
  const bin = join(ROOT, "dist/nk");
  return existsSync(bin) ? await measureStartup([bin], 5) : undefined;
}

function geomean(xs: number[]): number | undefined {
  return xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : undefined;
}

const f = (x: number | undefined, d = 0) => (x === undefined ? "-" : x.toFixed(d));

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, findSubcommand("bench")!.options, "bench");
  // Re-run pinned to CPU 1 so native, qemu and nk timings share one core (not for a compiled binary).
  if (!process.env.NK_BENCH_PINNED && have("taskset") && process.argv[1]?.endsWith(".ts")) {
    const r = spawnSync("taskset", ["-c", "1", process.execPath, ...process.argv.slice(1)], {
      stdio: "inherit", env: { ...process.env, NK_BENCH_PINNED: "1" },
    });
    if (r.status !== null) return r.status;
  }
  applyJitSetting(process.env.NK_JIT);
  if (values["no-jit"]) setJitDefault(false);
  const manifest = JSON.parse(readFileSync(join(BENCH_DIR, "manifest.json"), "utf8")) as { benchmarks: ManifestEntry[] };
  const chosen = manifest.benchmarks.filter((b) => positionals.length === 0 || positionals.includes(b.name));
  if (chosen.length === 0) {
    process.stderr.write(`nk bench: no benchmark named ${positionals.join(", ")}\n`);
    return 1;
  }
  const pin = have("taskset");
  const native = !values["no-native"];
  const qemu = native && have("qemu-i386");
  const json = values.json === true;
  const results: BenchResult[] = [];
  // nk's own code is warmed by one small untimed run first; otherwise whichever benchmark came first
  // would also pay for JavaScriptCore tiering up the interpreter, kernel and devices (~40–90 ms).
  // Each benchmark's guest code still starts cold: every run is a new machine.
  if (!values.cold) await runInNk(join(BENCH_DIR, WARM_UP.binary), WARM_UP.args);
  for (const b of chosen) {
    const path = join(BENCH_DIR, b.binary);
    const r: BenchResult = { name: b.name, kind: b.kind, checksumOk: true };
    if (native) {
      const runs = [0, 1, 2].map(() => timed([path, ...b.args], pin));
      r.nativeMs = median(runs.map((x) => x.ms));
      if (!runs[0].out.includes(b.expected)) r.checksumOk = false;
    }
    if (qemu) {
      const q = timed(["qemu-i386", path, ...b.args], pin);
      r.qemuMs = q.ms;
      if (!q.out.includes(b.expected)) r.checksumOk = false;
    }
    try {
      const n = await runInNk(path, b.args);
      r.nkMs = n.ms;
      r.nkMips = b.native_insns / n.ms / 1000;
      if (!n.out.includes(b.expected) || n.status !== 0) r.checksumOk = false;
    } catch (e) {
      r.error = (e as Error).message;
      r.checksumOk = false;
    }
    const base = r.nativeMs ?? b.native_ms;
    if (r.qemuMs !== undefined) r.qemuRatio = r.qemuMs / base;
    if (r.nkMs !== undefined) r.nkRatio = r.nkMs / base;
    results.push(r);
    if (!json) process.stderr.write(`  ${b.name}: ${f(r.nkMs)} ms${r.checksumOk ? "" : " (checksum mismatch)"}\n`);
  }
  let v8: V8Report | undefined;
  if (values.v8) {
    if (!json) process.stderr.write("  the same under V8 (node)…\n");
    v8 = benchUnderV8(ROOT, chosen.map((b) => b.name), { noJit: values["no-jit"] === true, kernel: !values["no-kernel"], pin, cold: values.cold === true },
      (reason) => process.stderr.write(`nk bench: no V8 column: ${reason}\n`));
    for (const r of results) {
      const x = v8?.results.get(r.name);
      if (x === undefined) continue;
      r.v8Ms = x.ms;
      r.v8Ratio = x.ms / (r.nativeMs ?? chosen.find((b) => b.name === r.name)!.native_ms);
      if (!x.checksumOk) r.checksumOk = false;
    }
  }
  const kinds = [...new Set(results.map((r) => r.kind))];
  const summary = kinds.map((kind) => {
    const rs = results.filter((r) => r.kind === kind);
    return {
      kind,
      qemuRatio: geomean(rs.flatMap((r) => (r.qemuRatio === undefined ? [] : [r.qemuRatio]))),
      nkRatio: geomean(rs.flatMap((r) => (r.nkRatio === undefined ? [] : [r.nkRatio]))),
      nkMips: geomean(rs.flatMap((r) => (r.nkMips === undefined ? [] : [r.nkMips]))),
      v8Ratio: geomean(rs.flatMap((r) => (r.v8Ratio === undefined ? [] : [r.v8Ratio]))),
    };
  });
  const kernel = values["no-kernel"] ? undefined : runKernel();
  const startup = await startupMs();
  const jit = !values["no-jit"] && process.env.NK_JIT !== "0" && process.env.NK_JIT !== "off";
  if (json) {
    process.stdout.write(JSON.stringify({ jit, pinned: pin, warmUp: !values.cold, results, summary, kernel, startupMs: startup,
      v8: v8 && { node: v8.node, kernelMips: v8.kernelMips } }, null, 2) + "\n");
  } else {
    // With --v8, "nk" columns are JavaScriptCore (Bun) and "V8" columns the same nk under Node.
    const v8Head = v8 ? ["V8 ms", "V8 ×"] : [];
    const head = ["name", "kind", "native ms", "qemu ms", "qemu ×", "nk ms", "nk ×", ...v8Head, "nk MIPS", "checksum"];
    const rows = results.map((r) => [r.name, r.kind, f(r.nativeMs, 1), f(r.qemuMs, 1), f(r.qemuRatio, 1),
      f(r.nkMs), f(r.nkRatio, 1), ...(v8 ? [f(r.v8Ms), f(r.v8Ratio, 1)] : []), f(r.nkMips),
      r.error ? `error: ${r.error}` : r.checksumOk ? "ok" : "MISMATCH"]);
    for (const s of summary) {
      rows.push([`geomean`, s.kind, "", "", f(s.qemuRatio, 1), "", f(s.nkRatio, 1), ...(v8 ? ["", f(s.v8Ratio, 1)] : []), f(s.nkMips), ""]);
    }
    const width = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
    const line = (cells: string[]) => cells.map((c, k) => (k < 2 ? c.padEnd(width[k]) : c.padStart(width[k]))).join("  ");
    const engines = v8 ? `; nk = Bun ${process.versions.bun ?? "?"} (JavaScriptCore), V8 = Node ${v8.node}` : "";
    const warm = values.cold ? ", cold" : ", after a warm-up run";
    const out = [`nk bench (${jit ? "JIT" : "interpreter only"}${pin ? ", taskset -c 1" : ""}${warm}${engines})`, line(head), ...rows.map(line)];
    if (kernel) {
      out.push(`multiboot bench kernel: ${f(kernel.ms)} ms, ${f(kernel.mips, 1)} MIPS, serial ${kernel.ok ? "ok" : "MISMATCH"}` +
        (v8?.kernelMips !== undefined ? `; under V8: ${f(v8.kernelMips, 1)} MIPS` : ""));
    }
    if (startup !== undefined) {
      out.push(`dist/nk start-up: --version ${f(startup.version, 1)} ms, to the first shell prompt ${f(startup.firstPrompt, 1)} ms (median of 5)`);
    }
    process.stdout.write(out.join("\n") + "\n");
  }
  const bad = results.some((r) => !r.checksumOk) || (kernel !== undefined && !kernel.ok);
  return bad ? 1 : 0;
}
