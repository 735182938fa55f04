import { expect, test } from "bun:test";
import { FileType } from "../../../kernel/files/file_mode.ts";
import { Tmpfs } from "../../../kernel/files/tmpfs.ts";
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

test("Tmpfs files grow, hole-fill with zeros, and truncate", () => {
  const fs = new Tmpfs();
  const file = fs.root.create("f", FileType.S_IFREG | 0o644);
  file.write(4, text("abc"));
  expect([...file.read(0, 10)]).toEqual([0, 0, 0, 0, 97, 98, 99]);
  file.truncate(5);
  file.truncate(8);
  expect([...file.read(0, 10)]).toEqual([0, 0, 0, 0, 97, 0, 0, 0]);
  expect(file.read(100, 4).length).toBe(0);
});

test("Tmpfs directories: nlink, EEXIST, ENOTEMPTY, EISDIR, ENOTDIR", () => {
  const fs = new Tmpfs();
  const dir = fs.root.mkdir("d", 0o755);
  expect(fs.root.nlink).toBe(3);
  dir.create("x", 0o644);
  expect(errnoOf(() => fs.root.mkdir("d", 0o755))).toBe(LinuxErrno.EEXIST);
  expect(errnoOf(() => fs.root.rmdir("d"))).toBe(LinuxErrno.ENOTEMPTY);
  expect(errnoOf(() => fs.root.unlink("d"))).toBe(LinuxErrno.EISDIR);
  expect(errnoOf(() => dir.rmdir("x"))).toBe(LinuxErrno.ENOTDIR);
  expect(errnoOf(() => dir.lookup("x").lookup("y"))).toBe(LinuxErrno.ENOTDIR);
  expect(errnoOf(() => fs.root.create("n".repeat(256), 0o644))).toBe(LinuxErrno.ENAMETOOLONG);
  dir.unlink("x");
  fs.root.rmdir("d");
  expect(fs.root.nlink).toBe(2);
});

test("Tmpfs hard links share data and count links", () => {
  const fs = new Tmpfs();
  const file = fs.root.create("a", 0o644);
  fs.root.link("b", file);
  expect(file.nlink).toBe(2);
  fs.root.lookup("b").write(0, text("shared"));
  fs.root.unlink("a");
  expect(new TextDecoder().decode(fs.root.lookup("b").read(0, 10))).toBe("shared");
  expect(file.nlink).toBe(1);
});

test("Tmpfs rename replaces a file and refuses dir-into-itself", () => {
  const fs = new Tmpfs();
  const a = fs.root.mkdir("a", 0o755);
  const inner = a.mkdir("inner", 0o755);
  fs.root.create("x", 0o644).write(0, text("1"));
  fs.root.create("y", 0o644);
  fs.root.rename("x", fs.root, "y");
  expect(fs.root.lookup("y").size).toBe(1);
  expect(errnoOf(() => fs.root.lookup("x"))).toBe(LinuxErrno.ENOENT);
  expect(errnoOf(() => fs.root.rename("a", inner, "a2"))).toBe(LinuxErrno.EINVAL);
  fs.root.rename("a", fs.root, "b");
  expect(inner.parent().parent()).toBe(fs.root);
});

test("Tmpfs maxBytes gives ENOSPC", () => {
  const fs = new Tmpfs({ maxBytes: 1000 });
  const file = fs.root.create("f", 0o644);
  expect(errnoOf(() => file.write(0, new Uint8Array(2000)))).toBe(LinuxErrno.ENOSPC);
});
