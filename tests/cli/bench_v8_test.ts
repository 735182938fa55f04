// `nk bench --v8` puts nk's timings under V8 (Node) beside those under JavaScriptCore (Bun): the same
// benchmark, checked by its checksum in both engines.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");
const haveNode = spawnSync("node", ["--version"]).status === 0;

test.skipIf(!haveNode)("nk bench --v8 --json reports the benchmark under both engines with matching checksums", () => {
  const r = spawnSync(process.execPath, ["cli/main.ts", "bench", "--json", "--v8", "--no-native", "--no-kernel", "crc32"], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, NK_BENCH_PINNED: "1" }, timeout: 120_000,
  });
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.v8.node).toMatch(/^v\d+\./);
  expect(out.warmUp).toBe(true); // one untimed run warmed nk's own code first (--cold: none)
  const [crc] = out.results;
  expect(crc.name).toBe("crc32");
  expect(crc.checksumOk).toBe(true);
  expect(crc.nkMs).toBeGreaterThan(0);
  expect(crc.v8Ms).toBeGreaterThan(0);
  expect(out.summary[0].v8Ratio).toBeGreaterThan(0);
});
