// `nk bench --v8`: the same nk benchmarks under V8 (Node.js) as well as under JavaScriptCore (Bun, the
// runtime of the shipped binary), so the table shows both engines side by side. nk's Node build
// (dist/nk.mjs, `npm run build:node`; rebuilt here when running from source) runs
// `nk bench --json --no-native` in a child process pinned like the parent; its nk timings come back
// as JSON.
import { existsSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** nk's timings of one benchmark under V8. */
export interface V8Result { ms: number; checksumOk: boolean }

/** V8 timings per benchmark name, and the multiboot kernel's MIPS under V8 (if it ran). */
export interface V8Report { node: string; results: Map<string, V8Result>; kernelMips?: number }

function nodeVersion(): string | undefined {
  const r = spawnSync("node", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The Node build of nk under `root`: dist/nk.mjs, (re)built with Bun from cli/node_main.ts when the
 * sources are present and Bun is the running runtime. Undefined when neither is possible.
 */
function nodeBuild(root: string): string | undefined {
  const out = join(root, "dist/nk.mjs");
  const entry = join(root, "cli/node_main.ts");
  const runningBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined" && process.argv[1]?.endsWith(".ts");
  if (existsSync(entry) && runningBun) {
    const r = spawnSync(process.execPath, ["build", entry, "--target", "node", "--outfile", out], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`building ${out} failed: ${(r.stderr || r.stdout).trim().split("\n").pop()}`);
  }
  return existsSync(out) && statSync(out).size > 0 ? out : undefined;
}

/**
 * Runs `names` under nk on V8 (`node dist/nk.mjs bench --json --no-native`), pinned to CPU 1 when
 * `pin`. Returns undefined (with the reason in `why`) when Node or the Node build is missing.
 */
export function benchUnderV8(root: string, names: string[], opts: { noJit: boolean; kernel: boolean; pin: boolean; cold: boolean },
  why: (reason: string) => void): V8Report | undefined {
  const node = nodeVersion();
  if (node === undefined) { why("node is not installed"); return undefined; }
  const build = nodeBuild(root);
  if (build === undefined) { why("no dist/nk.mjs (npm run build:node)"); return undefined; }
  const args = [build, "bench", "--json", "--no-native", ...(opts.noJit ? ["--no-jit"] : []),
    ...(opts.kernel ? [] : ["--no-kernel"]), ...(opts.cold ? ["--cold"] : []), ...names];
  const argv = opts.pin ? ["taskset", "-c", "1", "node", ...args] : ["node", ...args];
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: root, encoding: "utf8", maxBuffer: 1 << 24, env: { ...process.env, NK_BENCH_PINNED: "1" },
  });
  let parsed: { results: { name: string; nkMs?: number; checksumOk: boolean }[]; kernel?: { mips: number } };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    why(`node run failed: ${(r.stderr || "no output").trim().split("\n").pop()}`);
    return undefined;
  }
  const results = new Map<string, V8Result>();
  for (const x of parsed.results) if (x.nkMs !== undefined) results.set(x.name, { ms: x.nkMs, checksumOk: x.checksumOk });
  return { node, results, kernelMips: parsed.kernel?.mips };
}
