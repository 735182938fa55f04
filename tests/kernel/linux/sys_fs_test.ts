// sys_fs.ts against the host kernel: tests/kernel/linux/guest/fs_calls.c prints results and
// errnos of the path/metadata syscalls; its nk run must print exactly what the native run does.
import { test, expect } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGuest, runNative } from "./_guest_c.ts";
import { runUnderNk } from "../../support/nk_runner.ts";
import { createLinuxSystem } from "../../../kernel/compose.ts";
import { FS_SYSCALLS } from "../../../kernel/linux/sys_fs.ts";

const exe = buildGuest("fs_calls");

test("fs_calls prints the same under nk as natively (tmpfs)", async () => {
  const hostDir = mkdtempSync(join(tmpdir(), "nk-fs-calls-"));
  try {
    const native = runNative(exe, [hostDir]);
    expect(native.status).toBe(0);
    expect(native.stdout).toContain("done\n");
    const nk = await runUnderNk(exe, { args: ["/tmp/work"], prepare: (s) => s.files.vfs.mkdir("/tmp/work", 0o755) });
    expect(nk.stdout).toBe(native.stdout);
    expect(nk.status).toBe(0);
  } finally {
    rmSync(hostDir, { recursive: true, force: true });
  }
});

test("FS_SYSCALLS rows have unique numbers and names", () => {
  const nrs = FS_SYSCALLS.map((r) => r.nr);
  expect(new Set(nrs).size).toBe(nrs.length);
  expect(FS_SYSCALLS.find((r) => r.name === "fstatat64")?.nr).toBe(300);
  expect(FS_SYSCALLS.find((r) => r.name === "stat")?.nr).toBe(106);
});

test("old stat says EOVERFLOW for a size past 2 GiB, stat64 does not", () => {
  const system = createLinuxSystem({ memory: 16 << 20 });
  system.start();
  const vfs = system.files.vfs;
  const f = vfs.open("/tmp/big", 0o101, 0o644);
  f.release();
  // A sparse-looking size without allocating it: wrap the inode's stat().
  const node = vfs.resolve("/tmp/big");
  const real = node.stat.bind(node);
  node.stat = () => ({ ...real(), size: 3 * 2 ** 30 });
  const row = (name: string) => FS_SYSCALLS.find((r) => r.name === name)!;
  const ctx = fakeContext(system);
  const path = ctx.put("/tmp/big\0");
  const buf = ctx.alloc(256);
  expect(() => row("stat").handler(ctx, path, buf)).toThrow("EOVERFLOW");
  expect(row("stat64").handler(ctx, path, buf)).toBe(0);
  expect(ctx.u32(buf + 44) + ctx.u32(buf + 48) * 2 ** 32).toBe(3 * 2 ** 30); // st_size at 44
});

/** A minimal SyscallContext over a plain byte array (no process memory needed by these rows). */
function fakeContext(system: ReturnType<typeof createLinuxSystem>) {
  const bytes = new Uint8Array(4096);
  let top = 0;
  const view = new DataView(bytes.buffer);
  const mem = {
    read: (a: number, n: number) => bytes.slice(a, a + n),
    write: (a: number, d: Uint8Array) => bytes.set(d, a),
    readString: (a: number) => new TextDecoder().decode(bytes.subarray(a, bytes.indexOf(0, a))),
    readU32: (a: number) => view.getUint32(a, true),
    readI32: (a: number) => view.getInt32(a, true),
    writeU32: (a: number, v: number) => view.setUint32(a, v >>> 0, true),
  };
  const process = { fs: { cwd: system.files.vfs.root, umask: 0o22 }, uid: 0, gid: 0, euid: 0, egid: 0 };
  return {
    system, mem, process, thread: {}, now: () => 0, deadline: (ns: number) => ns,
    put(s: string) { const at = top; bytes.set(new TextEncoder().encode(s), at); top += s.length + 7 & ~7; return at; },
    alloc(n: number) { const at = top; top += n; return at; },
    u32: (a: number) => view.getUint32(a, true),
  } as never as import("../../../kernel/syscall/context.ts").SyscallContext & {
    put(s: string): number; alloc(n: number): number; u32(a: number): number;
  };
}
