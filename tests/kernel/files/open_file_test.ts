import { expect, test } from "bun:test";
import { encodeDirents32 } from "../../../kernel/files/dirent.ts";
import { DirentType, OpenFlag, Seek } from "../../../kernel/files/file_mode.ts";
import { Tmpfs } from "../../../kernel/files/tmpfs.ts";
import { Vfs } from "../../../kernel/files/vfs.ts";
import { Errno, LinuxErrno } from "../../../kernel/linux/errno.ts";

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function errnoOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    if (error instanceof Errno) return error.code;
    throw error;
  }
  return 0;
}

function vfs(): Vfs {
  return new Vfs(new Tmpfs().root);
}

test("OpenFile read/write advance the offset; O_APPEND writes at the end", () => {
  const v = vfs();
  const file = v.open("/f", OpenFlag.O_CREAT | OpenFlag.O_RDWR);
  file.write(text("hello world"));
  expect(file.offset).toBe(11);
  file.lseek(0, Seek.SEEK_SET);
  expect(str(file.read(5))).toBe("hello");
  const appender = v.open("/f", OpenFlag.O_WRONLY | OpenFlag.O_APPEND);
  appender.write(text("!"));
  expect(str(file.pread(0, 100))).toBe("hello world!");
  expect(file.offset).toBe(5); // pread leaves the position alone
  file.pwrite(0, text("J"));
  expect(str(file.read(100))).toBe(" world!");
  expect(file.read(10).length).toBe(0); // EOF
});

test("OpenFile.lseek() SEEK_SET/CUR/END and EINVAL on negative or bad whence", () => {
  const file = vfs().open("/f", OpenFlag.O_CREAT | OpenFlag.O_RDWR);
  file.write(new Uint8Array(100));
  expect(file.lseek(10, Seek.SEEK_SET)).toBe(10);
  expect(file.lseek(5, Seek.SEEK_CUR)).toBe(15);
  expect(file.lseek(-1, Seek.SEEK_END)).toBe(99);
  expect(file.lseek(50, Seek.SEEK_END)).toBe(150); // past the end is allowed
  expect(errnoOf(() => file.lseek(-200, Seek.SEEK_CUR))).toBe(LinuxErrno.EINVAL);
  expect(file.offset).toBe(150);
  expect(errnoOf(() => file.lseek(0, 3))).toBe(LinuxErrno.EINVAL);
  expect(errnoOf(() => file.pread(-1, 1))).toBe(LinuxErrno.EINVAL);
});

test("OpenFile access modes: EBADF on the wrong direction and on O_PATH", () => {
  const v = vfs();
  v.open("/f", OpenFlag.O_CREAT | OpenFlag.O_WRONLY).write(text("x"));
  expect(errnoOf(() => v.open("/f", OpenFlag.O_RDONLY).write(text("y")))).toBe(LinuxErrno.EBADF);
  expect(errnoOf(() => v.open("/f", OpenFlag.O_WRONLY).read(1))).toBe(LinuxErrno.EBADF);
  expect(errnoOf(() => v.open("/f", OpenFlag.O_PATH).read(1))).toBe(LinuxErrno.EBADF);
  expect(errnoOf(() => v.open("/", OpenFlag.O_RDONLY).read(1))).toBe(LinuxErrno.EISDIR);
  const file = v.open("/f", OpenFlag.O_RDONLY | OpenFlag.O_CREAT | OpenFlag.O_CLOEXEC);
  expect(file.flags).toBe(OpenFlag.O_RDONLY); // creation flags are not kept
  file.setStatusFlags(OpenFlag.O_NONBLOCK | OpenFlag.O_WRONLY);
  expect(file.flags).toBe(OpenFlag.O_NONBLOCK);
});

test("OpenFile.getdents64() produces byte-exact linux_dirent64 records", () => {
  const v = vfs();
  const dir = v.mkdir("/d", 0o755);
  v.mkdir("/d/sub", 0o755);
  v.open("/d/file.txt", OpenFlag.O_CREAT | OpenFlag.O_WRONLY);
  const file = v.open("/d", OpenFlag.O_RDONLY | OpenFlag.O_DIRECTORY);
  const bytes = file.getdents64(4096);
  const view = new DataView(bytes.buffer);
  const records: { ino: bigint; off: bigint; reclen: number; type: number; name: string }[] = [];
  for (let at = 0; at < bytes.length; ) {
    const reclen = view.getUint16(at + 16, true);
    const nameEnd = bytes.indexOf(0, at + 19);
    records.push({
      ino: view.getBigUint64(at, true), off: view.getBigInt64(at + 8, true), reclen, type: bytes[at + 18],
      name: str(bytes.subarray(at + 19, nameEnd)),
    });
    expect(reclen % 8).toBe(0);
    expect(nameEnd).toBeLessThan(at + reclen);
    expect(bytes.subarray(nameEnd, at + reclen).every((b) => b === 0)).toBe(true); // NUL + zero padding
    at += reclen;
  }
  expect(records.map((r) => [r.name, r.type, r.reclen, r.off])).toEqual([
    [".", DirentType.DT_DIR, 24, 1n],
    ["..", DirentType.DT_DIR, 24, 2n],
    ["sub", DirentType.DT_DIR, 24, 3n],
    ["file.txt", DirentType.DT_REG, 32, 4n],
  ]);
  expect(records[0].ino).toBe(BigInt(dir.ino));
  expect(records[1].ino).toBe(BigInt(v.root.ino));
  expect(bytes.length).toBe(104);
  expect(file.getdents64(4096).length).toBe(0); // end of directory
  file.lseek(0, Seek.SEEK_SET);
  expect(file.getdents64(50).length).toBe(48); // only whole records: "." and ".."
  expect(file.getdents64(50).length).toBe(24); // "sub" (24); file.txt (32) would pass 50
  expect(errnoOf(() => file.getdents64(20))).toBe(LinuxErrno.EINVAL); // file.txt needs 32
  expect(errnoOf(() => v.open("/d/file.txt", OpenFlag.O_RDONLY).getdents64(4096))).toBe(LinuxErrno.ENOTDIR);
});

test("encodeDirents32() lays out i386 linux_dirent with d_type in the last byte", () => {
  const { bytes, next } = encodeDirents32([{ name: "ab", ino: 7, type: DirentType.DT_REG }], 0, 100);
  expect(next).toBe(1);
  expect(bytes.length).toBe(16); // 10 + 2 + 2 → 14, aligned to 4
  const view = new DataView(bytes.buffer);
  expect([view.getUint32(0, true), view.getUint32(4, true), view.getUint16(8, true)]).toEqual([7, 1, 16]);
  expect(str(bytes.subarray(10, 12))).toBe("ab");
  expect(bytes[12]).toBe(0);
  expect(bytes[15]).toBe(DirentType.DT_REG);
});
