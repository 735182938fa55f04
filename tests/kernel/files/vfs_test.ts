import { expect, test } from "bun:test";
import { FileType, OpenFlag } from "../../../kernel/files/file_mode.ts";
import { SyntheticFile, SyntheticFs, SyntheticSymlink } from "../../../kernel/files/synthetic.ts";
import { Tmpfs } from "../../../kernel/files/tmpfs.ts";
import { Vfs } from "../../../kernel/files/vfs.ts";
import { RamDisk } from "../../../kernel/files/ram_disk.ts";
import { Storage } from "../../../kernel/files/storage.ts";
import { Nfs2FileSystem } from "../../../kernel/files/nfs2/file_system.ts";
import { buildImage } from "../../../kernel/files/nfs2/mkfs.ts";
import { Errno, LinuxErrno } from "../../../kernel/linux/errno.ts";

const text = (s: string) => new TextEncoder().encode(s);

function errnoOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    if (error instanceof Errno) return error.code;
    throw error;
  }
  return 0;
}

function setup() {
  const rootFs = new Tmpfs({ rootMode: 0o755 });
  const vfs = new Vfs(rootFs.root);
  vfs.mkdir("/tmp", 0o1777);
  vfs.mkdir("/usr", 0o755);
  vfs.mkdir("/usr/bin", 0o755);
  vfs.open("/usr/bin/sh", OpenFlag.O_CREAT | OpenFlag.O_WRONLY, 0o755).write(text("#!"));
  const tmp = new Tmpfs();
  vfs.mount("/tmp", tmp.root);
  return { vfs, rootFs, tmp };
}

test("Vfs.resolve() handles ., .., repeated slashes and relative paths from a cwd", () => {
  const { vfs } = setup();
  const sh = vfs.resolve("/usr/bin/sh");
  expect(vfs.resolve("//usr/./bin/../bin//sh")).toBe(sh);
  const usr = vfs.resolve("/usr");
  expect(vfs.resolve("bin/sh", usr)).toBe(sh);
  expect(vfs.resolve("../../../..", usr)).toBe(vfs.root);
  expect(vfs.resolve("/usr/bin/")).toBe(vfs.resolve("/usr/bin"));
});

test("Vfs.resolve() errors: ENOENT, ENOTDIR, trailing slash on a file, ENAMETOOLONG", () => {
  const { vfs } = setup();
  expect(errnoOf(() => vfs.resolve(""))).toBe(LinuxErrno.ENOENT);
  expect(errnoOf(() => vfs.resolve("/nope"))).toBe(LinuxErrno.ENOENT);
  expect(errnoOf(() => vfs.resolve("/usr/bin/sh/x"))).toBe(LinuxErrno.ENOTDIR);
  expect(errnoOf(() => vfs.resolve("/usr/bin/sh/"))).toBe(LinuxErrno.ENOTDIR);
  expect(errnoOf(() => vfs.resolve("/usr/bin/sh/."))).toBe(LinuxErrno.ENOTDIR);
  expect(errnoOf(() => vfs.resolve("/" + "a".repeat(256)))).toBe(LinuxErrno.ENAMETOOLONG);
  expect(errnoOf(() => vfs.resolve("/a".repeat(2048)))).toBe(LinuxErrno.ENAMETOOLONG);
});

test("Vfs symlinks: relative and absolute targets, lstat, ELOOP after 40, trailing slash follows", () => {
  const { vfs } = setup();
  vfs.symlink("bin/sh", "/usr/shell");
  vfs.symlink("/usr", "/u");
  vfs.symlink("loop2", "/loop1");
  vfs.symlink("loop1", "/loop2");
  const sh = vfs.resolve("/usr/bin/sh");
  expect(vfs.resolve("/usr/shell")).toBe(sh);
  expect(vfs.resolve("/u/bin/sh")).toBe(sh);
  expect(vfs.resolve("/u", vfs.root, false).isSymlink).toBe(true);
  expect(vfs.resolve("/u/", vfs.root, false).isDirectory).toBe(true);
  expect(vfs.readlink("/usr/shell")).toBe("bin/sh");
  expect(errnoOf(() => vfs.resolve("/loop1"))).toBe(LinuxErrno.ELOOP);
  // a chain of exactly 40 links resolves; 41 does not
  vfs.symlink("/usr/bin/sh", "/c0");
  for (let i = 1; i <= 40; i++) vfs.symlink(`/c${i - 1}`, `/c${i}`);
  expect(vfs.resolve("/c39")).toBe(sh);
  expect(errnoOf(() => vfs.resolve("/c40"))).toBe(LinuxErrno.ELOOP);
  expect(errnoOf(() => vfs.open("/usr/shell", OpenFlag.O_RDONLY | OpenFlag.O_NOFOLLOW))).toBe(LinuxErrno.ELOOP);
});

test("Vfs mounts: crossing down and up, EXDEV, EBUSY, realpath", () => {
  const { vfs, tmp } = setup();
  const tmpRoot = vfs.resolve("/tmp");
  expect(tmpRoot).toBe(tmp.root);
  vfs.mkdir("/tmp/work", 0o755);
  const work = vfs.resolve("/tmp/work");
  expect(vfs.resolve("../..", work)).toBe(vfs.root);
  expect(vfs.resolve("../../usr/bin", work)).toBe(vfs.resolve("/usr/bin"));
  expect(vfs.realpath(work)).toBe("/tmp/work");
  expect(vfs.realpath(vfs.resolve("/usr/bin/sh"))).toBe("/usr/bin/sh");
  expect(vfs.realpath(vfs.root)).toBe("/");
  expect(errnoOf(() => vfs.rename("/usr/bin/sh", "/tmp/sh"))).toBe(LinuxErrno.EXDEV);
  expect(errnoOf(() => vfs.link("/usr/bin/sh", "/tmp/sh"))).toBe(LinuxErrno.EXDEV);
  expect(errnoOf(() => vfs.rmdir("/tmp"))).toBe(LinuxErrno.EBUSY);
  expect(vfs.mounts().map((row) => [row.path, row.fs.name])).toEqual([["/", "tmpfs"], ["/tmp", "tmpfs"]]);
  const over = new Tmpfs();
  vfs.mount("/tmp", over.root); // stacks, as Linux: the newest mount hides the older one
  expect(vfs.resolve("/tmp")).toBe(over.root);
  vfs.umount("/tmp");
  expect(vfs.resolve("/tmp/work")).toBe(work);
  vfs.umount("/tmp");
  expect(errnoOf(() => vfs.resolve("/tmp/work"))).toBe(LinuxErrno.ENOENT);
});

test("Vfs.pathOf() gives an open file's path, with (deleted) after unlink", () => {
  const { vfs } = setup();
  const file = vfs.open("/usr/gone", OpenFlag.O_CREAT | OpenFlag.O_RDWR);
  vfs.symlink("/usr/bin/sh", "/tmp/link");
  expect(vfs.pathOf(vfs.open("/tmp/link", OpenFlag.O_RDONLY))).toBe("/usr/bin/sh");
  expect(vfs.pathOf(vfs.open("/tmp", OpenFlag.O_RDONLY))).toBe("/tmp");
  expect(vfs.pathOf(file)).toBe("/usr/gone");
  vfs.unlink("/usr/gone");
  expect(vfs.pathOf(file)).toBe("/usr/gone (deleted)");
});

test("Vfs.open() flags: O_CREAT|O_EXCL, O_TRUNC, O_DIRECTORY, EISDIR, trailing slash", () => {
  const { vfs } = setup();
  const file = vfs.open("/tmp/f", OpenFlag.O_CREAT | OpenFlag.O_WRONLY, 0o640);
  file.write(text("hello"));
  expect(vfs.stat("/tmp/f").mode).toBe(FileType.S_IFREG | 0o640);
  expect(errnoOf(() => vfs.open("/tmp/f", OpenFlag.O_CREAT | OpenFlag.O_EXCL | OpenFlag.O_WRONLY))).toBe(LinuxErrno.EEXIST);
  expect(vfs.open("/tmp/f", OpenFlag.O_RDONLY | OpenFlag.O_TRUNC).inode.size).toBe(5); // read-only: no truncation
  expect(vfs.open("/tmp/f", OpenFlag.O_WRONLY | OpenFlag.O_TRUNC).inode.size).toBe(0);
  expect(errnoOf(() => vfs.open("/tmp/f", OpenFlag.O_RDONLY | OpenFlag.O_DIRECTORY))).toBe(LinuxErrno.ENOTDIR);
  expect(errnoOf(() => vfs.open("/tmp", OpenFlag.O_WRONLY))).toBe(LinuxErrno.EISDIR);
  expect(errnoOf(() => vfs.open("/tmp/new/", OpenFlag.O_CREAT | OpenFlag.O_WRONLY))).toBe(LinuxErrno.EISDIR);
  expect(errnoOf(() => vfs.open("/tmp/none", OpenFlag.O_RDONLY))).toBe(LinuxErrno.ENOENT);
  expect(vfs.open("/tmp", OpenFlag.O_RDONLY | OpenFlag.O_DIRECTORY).inode).toBe(vfs.resolve("/tmp"));
});

test("Vfs name operations: mkdir/rmdir/unlink/rename edge cases", () => {
  const { vfs } = setup();
  expect(errnoOf(() => vfs.mkdir("/usr", 0o755))).toBe(LinuxErrno.EEXIST);
  expect(errnoOf(() => vfs.mkdir("/", 0o755))).toBe(LinuxErrno.EEXIST);
  expect(errnoOf(() => vfs.mkdir("/no/such", 0o755))).toBe(LinuxErrno.ENOENT);
  expect(errnoOf(() => vfs.rmdir("/usr/bin/."))).toBe(LinuxErrno.EINVAL);
  expect(errnoOf(() => vfs.rmdir("/usr/bin/.."))).toBe(LinuxErrno.ENOTEMPTY);
  expect(errnoOf(() => vfs.rmdir("/"))).toBe(LinuxErrno.EBUSY);
  expect(errnoOf(() => vfs.rmdir("/usr"))).toBe(LinuxErrno.ENOTEMPTY);
  expect(errnoOf(() => vfs.unlink("/usr"))).toBe(LinuxErrno.EISDIR);
  expect(errnoOf(() => vfs.unlink("/usr/bin/sh/"))).toBe(LinuxErrno.ENOTDIR);
  expect(errnoOf(() => vfs.rename("/usr", "/usr/bin/usr"))).toBe(LinuxErrno.EINVAL);
  expect(errnoOf(() => vfs.rename("/usr/bin/sh", "/usr"))).toBe(LinuxErrno.EISDIR);
  vfs.mkdir("/tmp/d/", 0o700); // trailing slash allowed for mkdir
  vfs.rename("/usr/bin/sh", "/usr/sh");
  expect(vfs.resolve("/usr/sh").size).toBe(2);
  vfs.mknod("/tmp/fifo", FileType.S_IFIFO | 0o600);
  expect(vfs.stat("/tmp/fifo").mode).toBe(FileType.S_IFIFO | 0o600);
  vfs.truncate("/usr/sh", 1);
  expect(vfs.resolve("/usr/sh").size).toBe(1);
});

test("Vfs over synthetic nodes (a tiny /proc and /dev)", () => {
  const { vfs } = setup();
  vfs.mkdir("/proc", 0o555);
  vfs.mkdir("/dev", 0o755);
  const proc = new SyntheticFs("proc", 0x9fa0);
  let pid = 7;
  const self = proc.root.add("7", new SyntheticFile(proc, { content: () => `pid ${pid}\n` }));
  proc.root.add("self", new SyntheticSymlink(proc, () => String(pid)));
  vfs.mount("/proc", proc.root);
  const dev = new SyntheticFs("devtmpfs", 0x01021994);
  let sunk = 0;
  dev.root.add("null", new SyntheticFile(dev, {
    mode: FileType.S_IFCHR | 0o666, rdev: 0x0103, read: () => new Uint8Array(0), write: (_o, d) => (sunk += d.length, d.length),
  }));
  vfs.mount("/dev", dev.root);
  expect(vfs.resolve("/proc/self")).toBe(self);
  const file = vfs.open("/proc/self", OpenFlag.O_RDONLY);
  expect(new TextDecoder().decode(file.read(100))).toBe("pid 7\n");
  expect(vfs.realpath(self)).toBe("/proc/7");
  const devNull = vfs.open("/dev/null", OpenFlag.O_WRONLY);
  expect(devNull.write(text("abc"))).toBe(3);
  expect(sunk).toBe(3);
  expect(vfs.stat("/dev/null").rdev).toBe(0x0103);
  pid = 8;
  expect(errnoOf(() => vfs.resolve("/proc/self"))).toBe(LinuxErrno.ENOENT);
});

test("Vfs over an NFSII root with tmpfs on /tmp: open, getdents, rename, realpath", () => {
  const disk = buildImage([{ path: "/tmp", mode: FileType.S_IFDIR | 0o1777 }, { path: "/bin/sh", mode: 0o755, data: text("ELF") }]);
  const fs = Nfs2FileSystem.mount(new Storage(disk));
  const vfs = new Vfs(fs.root);
  vfs.mount("/tmp", new Tmpfs().root);
  vfs.mkdir("/home", 0o755);
  const file = vfs.open("/home/notes", OpenFlag.O_CREAT | OpenFlag.O_RDWR, 0o600);
  file.write(text("persist me"));
  vfs.rename("/home/notes", "/bin/notes");
  expect(vfs.pathOf(file)).toBe("/home/notes (deleted)"); // the name it was opened under is gone
  expect(vfs.realpath(vfs.resolve("/bin/notes"))).toBe("/bin/notes");
  const listing = vfs.open("/", OpenFlag.O_RDONLY | OpenFlag.O_DIRECTORY).getdents64(4096);
  expect(new TextDecoder().decode(listing)).toContain("home");
  expect(errnoOf(() => vfs.open("/tmp", OpenFlag.O_CREAT | OpenFlag.O_RDONLY))).toBe(LinuxErrno.EISDIR);
  const again = new Vfs(Nfs2FileSystem.mount(new Storage(new RamDisk(disk.bytes.slice()))).root);
  expect(new TextDecoder().decode(again.resolve("/bin/notes").read(0, 100))).toBe("persist me");
});
