// cli/host_fs.ts: a host directory mounted into the VFS — operations reach the host, identity is
// per host file, errors map to errnos, read-only mounts say EROFS; and fs_calls.c run under nk
// on a host mount prints what it prints natively.
import { test, expect, afterAll } from "bun:test";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HostFs, hostCall } from "../../cli/host_fs.ts";
import { Vfs } from "../../kernel/files/vfs.ts";
import { Tmpfs } from "../../kernel/files/tmpfs.ts";
import { OpenFlag } from "../../kernel/files/file_mode.ts";
import { Errno, LinuxErrno } from "../../kernel/linux/errno.ts";
import { buildGuest, runNative } from "../kernel/linux/_guest_c.ts";
import { runUnderNk } from "../support/nk_runner.ts";

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

function hostDir(): string {
  const d = fs.mkdtempSync(join(tmpdir(), "nk-hostfs-"));
  dirs.push(d);
  return d;
}

function mounted(readOnly = false): { vfs: Vfs; host: string } {
  const host = hostDir();
  const vfs = new Vfs(new Tmpfs().root);
  vfs.mkdir("/mnt", 0o755);
  vfs.mount("/mnt", new HostFs(host, { readOnly }).root);
  return { vfs, host };
}

const errnoOf = (f: () => unknown) => {
  try { f(); } catch (e) { if (e instanceof Errno) return e.code; throw e; }
  return 0;
};

test("HostFs: files created in the guest appear on the host, and back", () => {
  const { vfs, host } = mounted();
  const f = vfs.open("/mnt/a.txt", OpenFlag.O_CREAT | OpenFlag.O_RDWR, 0o640);
  f.write(new TextEncoder().encode("hello"));
  f.release();
  expect(fs.readFileSync(join(host, "a.txt"), "utf8")).toBe("hello");
  expect(fs.statSync(join(host, "a.txt")).mode & 0o777).toBe(0o640);
  fs.writeFileSync(join(host, "b.txt"), "from host");
  const g = vfs.open("/mnt/b.txt", OpenFlag.O_RDONLY);
  expect(new TextDecoder().decode(g.read(100))).toBe("from host");
  g.release();
  vfs.mkdir("/mnt/sub", 0o700);
  expect(fs.statSync(join(host, "sub")).isDirectory()).toBe(true);
  expect(vfs.resolve("/mnt").readdir().map((e) => e.name).sort()).toEqual(["a.txt", "b.txt", "sub"]);
  expect(vfs.stat("/mnt/b.txt").size).toBe(9);
});

test("HostFs: one Inode per host file, kept across renames and hard links", () => {
  const { vfs, host } = mounted();
  vfs.mkdir("/mnt/d", 0o755);
  const f = vfs.open("/mnt/d/x", OpenFlag.O_CREAT | OpenFlag.O_WRONLY, 0o644);
  f.release();
  const node = vfs.resolve("/mnt/d/x");
  expect(vfs.resolve("/mnt/d/x")).toBe(node);
  vfs.rename("/mnt/d", "/mnt/e");
  expect(vfs.resolve("/mnt/e/x")).toBe(node);
  expect(vfs.realpath(node)).toBe("/mnt/e/x");
  vfs.link("/mnt/e/x", "/mnt/y");
  expect(vfs.resolve("/mnt/y")).toBe(node);
  expect(node.nlink).toBe(2);
  expect(fs.existsSync(join(host, "e", "x"))).toBe(true);
});

test("HostFs: an unlinked open file stays readable through its host descriptor", () => {
  const { vfs, host } = mounted();
  fs.writeFileSync(join(host, "gone"), "still here");
  const f = vfs.open("/mnt/gone", OpenFlag.O_RDONLY);
  vfs.unlink("/mnt/gone");
  expect(fs.existsSync(join(host, "gone"))).toBe(false);
  expect(new TextDecoder().decode(f.read(100))).toBe("still here");
  expect(f.inode.nlink).toBe(0);
  f.release();
});

test("HostFs: symlinks, readlink, truncate, chmod and times reach the host", () => {
  const { vfs, host } = mounted();
  fs.writeFileSync(join(host, "t"), "0123456789");
  vfs.symlink("t", "/mnt/l");
  expect(fs.readlinkSync(join(host, "l"))).toBe("t");
  expect(vfs.readlink("/mnt/l")).toBe("t");
  expect(vfs.stat("/mnt/l").size).toBe(10);
  vfs.truncate("/mnt/l", 4);
  expect(fs.readFileSync(join(host, "t"), "utf8")).toBe("0123");
  const t = vfs.resolve("/mnt/t");
  t.chmod(0o600);
  expect(fs.statSync(join(host, "t")).mode & 0o7777).toBe(0o600);
  t.setTimes({ sec: 1_000_000_000, nsec: 0 }, null);
  expect(fs.statSync(join(host, "t")).atimeMs).toBe(1e12);
});

test("HostFs: host errors become errnos", () => {
  const { vfs } = mounted();
  expect(errnoOf(() => vfs.resolve("/mnt/missing"))).toBe(LinuxErrno.ENOENT);
  vfs.mkdir("/mnt/full", 0o755);
  vfs.open("/mnt/full/x", OpenFlag.O_CREAT | OpenFlag.O_WRONLY).release();
  expect(errnoOf(() => vfs.rmdir("/mnt/full"))).toBe(LinuxErrno.ENOTEMPTY);
  expect(errnoOf(() => vfs.mkdir("/mnt/full", 0o755))).toBe(LinuxErrno.EEXIST);
  expect(errnoOf(() => vfs.unlink("/mnt/full"))).toBe(LinuxErrno.EISDIR);
  expect(errnoOf(() => hostCall(() => { throw Object.assign(new Error("x"), { code: "ERR_WEIRD" }); }))).toBe(LinuxErrno.EIO);
  expect(errnoOf(() => new HostFs(join(tmpdir(), "nk-no-such-dir-here")))).toBe(LinuxErrno.ENOENT);
});

test("HostFs: a read-only mount refuses changes with EROFS but reads", () => {
  const { vfs, host } = mounted(true);
  fs.writeFileSync(join(host, "r"), "ro");
  const f = vfs.open("/mnt/r", OpenFlag.O_RDONLY);
  expect(new TextDecoder().decode(f.read(10))).toBe("ro");
  f.release();
  expect(vfs.resolve("/mnt").fs.readOnly).toBe(true);
  expect(errnoOf(() => vfs.open("/mnt/new", OpenFlag.O_CREAT | OpenFlag.O_WRONLY))).toBe(LinuxErrno.EROFS);
  expect(errnoOf(() => vfs.mkdir("/mnt/d", 0o755))).toBe(LinuxErrno.EROFS);
  expect(errnoOf(() => vfs.unlink("/mnt/r"))).toBe(LinuxErrno.EROFS);
  expect(errnoOf(() => vfs.truncate("/mnt/r", 0))).toBe(LinuxErrno.EROFS);
  expect(fs.readFileSync(join(host, "r"), "utf8")).toBe("ro");
});

test("fs_calls on a host mount prints the same under nk as natively", async () => {
  const exe = buildGuest("fs_calls");
  const nativeDir = hostDir(), guestDir = hostDir();
  const native = runNative(exe, [nativeDir]);
  expect(native.status).toBe(0);
  const nk = await runUnderNk(exe, {
    args: ["/mnt/host"],
    prepare: (s) => {
      s.files.vfs.mkdir("/mnt", 0o755);
      s.files.vfs.mkdir("/mnt/host", 0o755);
      s.files.vfs.mount("/mnt/host", new HostFs(guestDir).root);
    },
  });
  expect(nk.stdout).toBe(native.stdout);
  // The guest's work is really on the host.
  expect(fs.readFileSync(join(guestDir, "copy"), "utf8")).toBe("23456012");
});
