import { expect, test } from "bun:test";
import { FileType } from "../../../../kernel/files/file_mode.ts";
import { Nfs2FileSystem } from "../../../../kernel/files/nfs2/file_system.ts";
import { buildImage, formatNfs2 } from "../../../../kernel/files/nfs2/mkfs.ts";
import { RamDisk } from "../../../../kernel/files/ram_disk.ts";
import { Storage } from "../../../../kernel/files/storage.ts";
import { Vfs } from "../../../../kernel/files/vfs.ts";
import { Errno } from "../../../../kernel/linux/errno.ts";

const text = (s: string) => new TextEncoder().encode(s);

test("buildImage() → mount → read back the tree (imgbuild)", () => {
  const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
  const disk = buildImage([
    { path: "/bin/hello", mode: FileType.S_IFREG | 0o755, data: big },
    { path: "/etc/motd", mode: 0o644, data: text("welcome\n"), uid: 1000, gid: 100 },
    { path: "/boot", mode: FileType.S_IFDIR | 0o700 },
    { path: "/etc/alias", mode: FileType.S_IFLNK | 0o777, target: "motd" },
    { path: "/home/vm/.profile", mode: 0o600, data: text("") },
    { path: "/dev/ttyS0", mode: FileType.S_IFCHR | 0o620, rdev: (4 << 8) | 64 },
  ], { blockSize: 1024 });
  const fs = Nfs2FileSystem.mount(new Storage(disk));
  const vfs = new Vfs(fs.root);
  expect(vfs.resolve("/bin/hello").read(0, 200_000)).toEqual(big);
  expect(vfs.resolve("/bin/hello").mode).toBe(FileType.S_IFREG | 0o755);
  const motd = vfs.resolve("/etc/alias");
  expect(new TextDecoder().decode(motd.read(0, 100))).toBe("welcome\n");
  expect([motd.uid, motd.gid]).toEqual([1000, 100]);
  expect(vfs.resolve("/boot").mode).toBe(FileType.S_IFDIR | 0o700);
  expect(vfs.resolve("/home/vm").isDirectory).toBe(true);
  expect(vfs.resolve("/home/vm/.profile").size).toBe(0);
  expect(vfs.resolve("/dev/ttyS0").rdev).toBe((4 << 8) | 64);
  expect(fs.blockSize).toBe(1024);
  expect(fs.statfs().freeBlocks).toBeGreaterThan(0);
});

test("formatNfs2() rejects bad block sizes and tiny devices", () => {
  expect(() => formatNfs2(new RamDisk(64 * 1024), { blockSize: 768 })).toThrow(Errno);
  expect(() => formatNfs2(new RamDisk(512))).toThrow(Errno);
});

test("buildImage() honours sizeBytes and fails with ENOSPC when the tree does not fit", () => {
  expect(() => buildImage([{ path: "a", mode: 0o644, data: new Uint8Array(8192) }], { sizeBytes: 4096 })).toThrow(Errno);
  const disk = buildImage([{ path: "a", mode: 0o644, data: new Uint8Array(10) }], { sizeBytes: 1 << 20 });
  expect(disk.bytes.length).toBe(1 << 20);
});
