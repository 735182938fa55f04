import { expect, test } from "bun:test";
import { FileType } from "../../../../kernel/files/file_mode.ts";
import type { Inode } from "../../../../kernel/files/inode.ts";
import { Nfs2FileSystem } from "../../../../kernel/files/nfs2/file_system.ts";
import { formatNfs2 } from "../../../../kernel/files/nfs2/mkfs.ts";
import { RamDisk } from "../../../../kernel/files/ram_disk.ts";
import { Storage } from "../../../../kernel/files/storage.ts";
import { Errno } from "../../../../kernel/linux/errno.ts";

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);
const fixedClock = () => ({ sec: 1_700_000_000, nsec: 123 });

function fresh(size = 1 << 20, blockSize = 512): { disk: RamDisk; fs: Nfs2FileSystem } {
  const disk = new RamDisk(size);
  formatNfs2(disk, { blockSize, now: fixedClock });
  return { disk, fs: Nfs2FileSystem.mount(new Storage(disk), { now: fixedClock }) };
}

/** "Kill nk": mount a copy of the device bytes as they are, without any flush. */
function remount(disk: RamDisk): Nfs2FileSystem {
  return Nfs2FileSystem.mount(new Storage(new RamDisk(disk.bytes.slice())), { now: fixedClock });
}

function readAll(node: Inode): string {
  return str(node.read(0, node.size));
}

test("NFSII mount rejects garbage with a clear error", () => {
  const disk = new RamDisk(64 * 1024);
  disk.bytes.set(text("GARBAGE!"), 0);
  try {
    Nfs2FileSystem.mount(new Storage(disk));
    throw new Error("mounted garbage");
  } catch (error) {
    expect(error).toBeInstanceOf(Errno);
    expect((error as Errno).message).toContain('not an NFSII file system');
    expect((error as Errno).message).toContain('expected "NFS2"');
  }
});

test("NFSII superblock and root node follow the documented layout", () => {
  const { disk, fs } = fresh();
  const view = new DataView(disk.bytes.buffer);
  expect(str(disk.bytes.subarray(0, 4))).toBe("NFS2");
  expect(view.getUint32(8, true)).toBe(512);
  expect(Number(view.getBigUint64(16, true))).toBe(2048);
  expect(Number(view.getBigUint64(32, true))).toBe(1); // root directory at block 1
  expect(disk.bytes[512]).toBe(1); // type byte: directory
  expect(str(disk.bytes.subarray(516, 520))).toBe("NODE");
  expect(fs.root.isDirectory).toBe(true);
  expect(fs.statfs().freeBlocks).toBe(2046);
});

test("NFSII files, directories and symlinks persist across remount", () => {
  const { disk, fs } = fresh();
  const etc = fs.root.mkdir("etc", 0o755);
  const passwd = etc.create("passwd", FileType.S_IFREG | 0o644);
  passwd.write(0, text("root:x:0:0::/root:/bin/sh\n"));
  fs.root.symlink("link", "/etc/passwd");
  fs.root.create("fifo", FileType.S_IFIFO | 0o600);
  fs.root.create("tty", FileType.S_IFCHR | 0o620, 0x0400);
  passwd.chmod(0o600);

  const again = remount(disk);
  const node = again.root.lookup("etc").lookup("passwd");
  expect(readAll(node)).toBe("root:x:0:0::/root:/bin/sh\n");
  expect(node.mode).toBe(FileType.S_IFREG | 0o600);
  expect(node.mtime).toEqual(fixedClock());
  expect(again.root.lookup("link").readlink()).toBe("/etc/passwd");
  expect(again.root.lookup("fifo").isFifo).toBe(true);
  expect(again.root.lookup("tty").rdev).toBe(0x0400);
  expect(again.root.nlink).toBe(3);
  expect(again.root.readdir().map((entry) => entry.name).sort()).toEqual(["etc", "fifo", "link", "tty"]);
  expect(again.statfs().freeBlocks).toBe(fs.statfs().freeBlocks);
});

test("NFSII grows a file by reallocate-and-copy when its neighbour is taken", () => {
  const { disk, fs } = fresh();
  const a = fs.root.create("a", FileType.S_IFREG | 0o644) as import("../../../../kernel/files/nfs2/inode.ts").Nfs2Inode;
  a.write(0, new Uint8Array(512).fill(0x61));
  const firstExtent = a.record.extentStart;
  const b = fs.root.create("b", FileType.S_IFREG | 0o644);
  b.write(0, new Uint8Array(512).fill(0x62)); // b's extent sits right after a's: no room in place
  a.write(512, new Uint8Array(700).fill(0x41));
  expect(a.record.extentStart).not.toBe(firstExtent);
  expect(a.record.extentBlocks).toBeGreaterThanOrEqual(3);
  const content = a.read(0, 2000);
  expect(content.length).toBe(1212);
  expect(content.subarray(0, 512).every((x) => x === 0x61)).toBe(true);
  expect(content.subarray(512).every((x) => x === 0x41)).toBe(true);
  // the old extent went back to the free list: the next one-block allocation reuses it
  const c = fs.root.create("c", FileType.S_IFREG | 0o644) as typeof a;
  c.write(0, text("c"));
  expect(c.record.extentStart === firstExtent || c.block === firstExtent).toBe(true);
  expect(readAll(remount(disk).root.lookup("b"))).toBe("b".repeat(512));
});

test("NFSII grows in place when the next blocks are free, and truncate frees the tail", () => {
  const { fs } = fresh();
  const file = fs.root.create("f", FileType.S_IFREG | 0o644) as import("../../../../kernel/files/nfs2/inode.ts").Nfs2Inode;
  file.write(0, new Uint8Array(100));
  const start = file.record.extentStart;
  const free = fs.statfs().freeBlocks;
  file.write(100, new Uint8Array(5000).fill(1));
  expect(file.record.extentStart).toBe(start);
  file.truncate(600);
  expect(file.record.extentBlocks).toBe(2);
  expect(fs.statfs().freeBlocks).toBe(free - 1);
  file.truncate(1000); // regrowth reads zeros, not the old bytes
  expect(file.read(600, 400).every((x) => x === 0)).toBe(true);
  file.write(3000, text("x")); // a hole reads as zeros
  expect(file.read(1000, 2000).every((x) => x === 0)).toBe(true);
  expect(file.size).toBe(3001);
});

test("NFSII fragmentation: freed files coalesce so a big file fits again", () => {
  const { fs } = fresh(64 * 1024); // 128 blocks
  const names = Array.from({ length: 20 }, (_, i) => `f${i}`);
  for (const name of names) fs.root.create(name, FileType.S_IFREG | 0o644).write(0, new Uint8Array(1024).fill(1));
  for (const name of names.filter((_, i) => i % 2 === 0)) fs.root.unlink(name);
  const free = fs.statfs().freeBlocks;
  const big = fs.root.create("big", FileType.S_IFREG | 0o644);
  expect(() => big.write(0, new Uint8Array((free - 4) * 512))).toThrow(Errno); // ENOSPC: holes of 3
  for (const name of names.filter((_, i) => i % 2 === 1)) fs.root.unlink(name);
  big.write(0, new Uint8Array(40 * 512).fill(7));
  expect(big.size).toBe(40 * 512);
  expect(fs.allocator.extents().length).toBeLessThanOrEqual(3);
});

test("NFSII unlink of an open file frees its blocks only at the last close", () => {
  const { fs } = fresh();
  const file = fs.root.create("tmp", FileType.S_IFREG | 0o644);
  file.write(0, new Uint8Array(2048).fill(5));
  const free = fs.statfs().freeBlocks;
  file.onOpen();
  fs.root.unlink("tmp");
  expect(fs.statfs().freeBlocks).toBe(free);
  expect(file.read(0, 4)).toEqual(Uint8Array.of(5, 5, 5, 5));
  file.onRelease();
  expect(fs.statfs().freeBlocks).toBe(free + 1 + 4);
});

test("NFSII rename moves between directories and replaces a target atomically in memory", () => {
  const { disk, fs } = fresh();
  const a = fs.root.mkdir("a", 0o755);
  const b = fs.root.mkdir("b", 0o755);
  a.create("x", FileType.S_IFREG | 0o644).write(0, text("new"));
  b.create("y", FileType.S_IFREG | 0o644).write(0, text("old"));
  a.rename("x", b, "y");
  expect(a.readdir()).toEqual([]);
  expect(readAll(b.lookup("y"))).toBe("new");
  const again = remount(disk);
  expect(again.root.lookup("a").readdir()).toEqual([]);
  expect(readAll(again.root.lookup("b").lookup("y"))).toBe("new");
  expect(() => fs.root.rename("a", a, "inner")).toThrow(Errno); // EINVAL: into itself
  expect(() => fs.root.lookup("b").rmdir("nothing")).toThrow(Errno);
  expect(() => fs.root.rmdir("b")).toThrow(Errno); // ENOTEMPTY
  expect(() => fs.root.link("l", b.lookup("y"))).toThrow(Errno); // EPERM: no hard links
});

test("NFSII write-through: every acknowledged write survives a kill without flush", () => {
  const { disk, fs } = fresh();
  const dir = fs.root.mkdir("home", 0o755);
  const log = dir.create("log", FileType.S_IFREG | 0o644);
  let expected = "";
  for (let i = 0; i < 200; i++) {
    const line = `line ${i}\n`;
    log.write(expected.length, text(line));
    expected += line;
  }
  dir.create("empty", FileType.S_IFREG | 0o644);
  const crashed = remount(disk); // no fsync, no sync
  expect(readAll(crashed.root.lookup("home").lookup("log"))).toBe(expected);
  expect(crashed.root.lookup("home").lookup("empty").size).toBe(0);
});

/** A device that dies (throws) after `budget` sector writes, like nk killed mid-syscall. */
class DyingDisk extends RamDisk {
  constructor(size: number, public budget: number) {
    super(size);
  }
  override writeSectors(lba: number, data: Uint8Array): void {
    if (this.budget-- <= 0) throw new Error("killed");
    super.writeSectors(lba, data);
  }
}

test("NFSII crash at every write of a workload keeps all acknowledged operations", () => {
  type Model = Map<string, string>; // path → content of acknowledged state
  const steps: { touches: string[]; run: (root: Inode, model: Model) => void }[] = [
    { touches: ["d"], run: (root, m) => (root.mkdir("d", 0o755), m.set("d/", "")) },
    { touches: ["d/a"], run: (root, m) => (root.lookup("d").create("a", FileType.S_IFREG | 0o644).write(0, text("alpha")), m.set("d/a", "alpha")) },
    { touches: ["b"], run: (root, m) => (root.create("b", FileType.S_IFREG | 0o644).write(0, text("B".repeat(3000))), m.set("b", "B".repeat(3000))) },
    { touches: ["d/a"], run: (root, m) => (root.lookup("d").lookup("a").write(5, text("-grown".repeat(300))), m.set("d/a", "alpha" + "-grown".repeat(300))) },
    { touches: ["b", "d/b2"], run: (root, m) => (root.rename("b", root.lookup("d"), "b2"), m.delete("b"), m.set("d/b2", "B".repeat(3000))) },
    { touches: ["d/a"], run: (root, m) => (root.lookup("d").unlink("a"), m.delete("d/a")) },
    { touches: ["c"], run: (root, m) => (root.create("c", FileType.S_IFREG | 0o644).write(0, text("see")), m.set("c", "see")) },
    { touches: ["c"], run: (root, m) => (root.lookup("c").truncate(1), m.set("c", "s")) },
  ];
  for (let budget = 0; budget < 80; budget++) {
    const disk = new DyingDisk(256 * 1024, Infinity);
    formatNfs2(disk, { now: fixedClock });
    disk.budget = budget;
    const model: Model = new Map();
    let inFlight: string[] = [];
    try {
      const fs = Nfs2FileSystem.mount(new Storage(disk), { now: fixedClock });
      for (const step of steps) {
        inFlight = step.touches;
        step.run(fs.root, model);
      }
      inFlight = [];
    } catch (error) {
      if ((error as Error).message !== "killed") throw error;
    }
    const after = Nfs2FileSystem.mount(new Storage(new RamDisk(disk.bytes.slice())), { now: fixedClock });
    for (const [path, content] of model) {
      if (inFlight.includes(path.replace(/\/$/, ""))) continue;
      let node: Inode = after.root;
      for (const part of path.split("/").filter(Boolean)) node = node.lookup(part);
      if (!path.endsWith("/")) expect(readAll(node)).toBe(content);
    }
    // and the free list rebuilt from the tree is consistent: a big allocation + remount works
    after.root.create("probe", FileType.S_IFREG | 0o644).write(0, new Uint8Array(10000));
  }
});
