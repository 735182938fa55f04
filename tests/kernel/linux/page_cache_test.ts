// The page cache seen by programs under nk (guest/page_cache.c, built with gcc -m32): re-executed
// programs map the cached frames, a program patching its own text after mprotect affects neither
// later execs nor the cache, a binary rewritten on disk runs its new contents, and the frames come
// back when the cache is dropped. Each run is compared with what Linux prints.
import { expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "../../../cli/session.ts";
import { buildGuest, runNative } from "./_guest_c.ts";

const exe = buildGuest("page_cache");
/** The same program with VARIANT=2: the same size, different bytes. */
const variant2 = join(mkdtempSync(join(tmpdir(), "nk-page-cache-")), "page_cache2");
execFileSync("gcc", ["-m32", "-static", "-O1", "-DVARIANT=2", "-o", variant2, join(import.meta.dir, "guest", "page_cache.c")]);

/** Runs `/bin/prog args` under nk with `files` (guest path → host path) installed too. */
async function runNk(args: string[], files: Record<string, string> = {}) {
  const out: Uint8Array[] = [];
  const session = new Session({ console: "pipe", pace: false, memory: 64 << 20 }, { stdout: (b) => out.push(b), stderr: () => {} });
  session.installFile(exe, "/bin/prog");
  for (const [guest, host] of Object.entries(files)) session.installFile(host, guest);
  const free0 = session.system.memory.allocator.freePages;
  session.start("/bin/prog", ["/bin/prog", ...args], []);
  const status = await session.run();
  return { stdout: Buffer.concat(out).toString("utf8"), status: ((status ?? -1) >> 8) & 0xff, system: session.system, free0 };
}

test("page_cache selfmod: a patched text page stays private to the process and its fork", async () => {
  const nk = await runNk(["selfmod"]);
  expect(nk.stdout).toBe(runNative(exe, ["selfmod"]).stdout);
  expect(nk.stdout).toContain("patched 7\nchild 7\nanswer 42\nanswer 42\nparent 7\n");
  expect(nk.system.memory.pageCache.stats.hits).toBeGreaterThan(0); // the two execs shared pages
});

test("page_cache rewrite: a binary rewritten on disk (same size) runs its new contents", async () => {
  const nk = await runNk(["rewrite", "/bin/target", "/bin/one", "/bin/two"], {
    "/bin/target": exe, "/bin/one": exe, "/bin/two": variant2,
  });
  expect(nk.stdout).toBe("first 1\nagain 1\nrewritten 2\n");
  expect(nk.status).toBe(0);
});

test("after the last process exits only the cache holds memory; drop_caches returns all of it", async () => {
  const nk = await runNk(["selfmod"]);
  const cache = nk.system.memory.pageCache;
  const allocator = nk.system.memory.allocator;
  expect(nk.system.processes.liveCount()).toBe(0);
  expect(cache.size).toBeGreaterThan(0);
  expect(allocator.freePages).toBe(nk.free0 - cache.size);
  const dropCaches = nk.system.files.vfs.open("/proc/sys/vm/drop_caches", 1 /* O_WRONLY */, 0);
  dropCaches.write(new TextEncoder().encode("3\n"));
  dropCaches.release();
  expect(cache.size).toBe(0);
  expect(allocator.freePages).toBe(nk.free0);
});
