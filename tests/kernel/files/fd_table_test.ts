import { expect, test } from "bun:test";
import { OpenFlag } from "../../../kernel/files/file_mode.ts";
import { FdTable, MAX_FDS } from "../../../kernel/files/fd_table.ts";
import { createPipe } from "../../../kernel/files/open_file.ts";
import { Tmpfs } from "../../../kernel/files/tmpfs.ts";
import { Vfs } from "../../../kernel/files/vfs.ts";
import { Errno, LinuxErrno } from "../../../kernel/linux/errno.ts";

function errnoOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    if (error instanceof Errno) return error.code;
    throw error;
  }
  return 0;
}

const vfs = () => new Vfs(new Tmpfs().root);
const open = (v: Vfs) => v.open("/f", OpenFlag.O_CREAT | OpenFlag.O_RDWR);

test("FdTable.install() takes the lowest free descriptor", () => {
  const v = vfs();
  const table = new FdTable();
  expect([table.install(open(v)), table.install(open(v)), table.install(open(v))]).toEqual([0, 1, 2]);
  table.close(1);
  expect(table.install(open(v))).toBe(1);
  expect(table.install(open(v), false, 10)).toBe(10);
  expect(errnoOf(() => table.close(5))).toBe(LinuxErrno.EBADF);
  expect(errnoOf(() => table.get(-1))).toBe(LinuxErrno.EBADF);
});

test("FdTable dup/dup2/dup3 share one description (offset) and set FD_CLOEXEC as asked", () => {
  const v = vfs();
  const table = new FdTable();
  const fd = table.install(open(v), true);
  const copy = table.dup(fd);
  expect(table.get(copy)).toBe(table.get(fd));
  expect(table.getCloexec(copy)).toBe(false);
  table.get(fd).write(new TextEncoder().encode("abc"));
  expect(table.get(copy).offset).toBe(3);
  expect(table.dup2(fd, fd)).toBe(fd);
  expect(errnoOf(() => table.dup3(fd, fd, 0))).toBe(LinuxErrno.EINVAL);
  expect(errnoOf(() => table.dup3(fd, 7, OpenFlag.O_APPEND))).toBe(LinuxErrno.EINVAL);
  expect(table.dup3(fd, 7, OpenFlag.O_CLOEXEC)).toBe(7);
  expect(table.getCloexec(7)).toBe(true);
  expect(errnoOf(() => table.dup2(fd, MAX_FDS))).toBe(LinuxErrno.EBADF);
  expect(errnoOf(() => table.dup2(99, 3))).toBe(LinuxErrno.EBADF);
  expect(table.dupFrom(fd, 20)).toBe(20);
});

test("FdTable.dup2() over an open descriptor closes what it held", () => {
  const table = new FdTable();
  const [reader, writer] = createPipe();
  const r = table.install(reader);
  const w = table.install(writer);
  const other = table.install(open(vfs()));
  table.dup2(other, w); // the pipe's only write end goes away
  expect(reader.read(1).length).toBe(0); // EOF, not EAGAIN
  expect(table.get(r)).toBe(reader);
});

test("FdTable.fork() shares descriptions; closing in one table keeps them open in the other", () => {
  const table = new FdTable();
  const [reader, writer] = createPipe();
  table.install(reader);
  const w = table.install(writer, true);
  const child = table.fork();
  expect(child.get(w)).toBe(writer);
  expect(child.getCloexec(w)).toBe(true);
  expect(writer.referenceCount).toBe(2);
  table.close(w);
  expect(errnoOf(() => reader.read(1))).toBe(LinuxErrno.EAGAIN); // the child still holds a writer
  child.closeOnExec();
  expect(child.has(w)).toBe(false);
  expect(reader.read(1).length).toBe(0); // all writers gone: EOF
  child.closeAll();
  table.closeAll();
  expect(table.entries()).toEqual([]);
});

test("FdTable gives EMFILE past its limit and releases the refused description", () => {
  const table = new FdTable(4);
  const [reader, writer] = createPipe();
  for (let i = 0; i < 4; i++) table.install(i === 0 ? writer : reader.ref());
  const extra = reader.ref();
  expect(errnoOf(() => table.install(extra))).toBe(LinuxErrno.EMFILE);
  expect(reader.referenceCount).toBe(4); // the original + 3 installed; the refused ref was released
  expect(errnoOf(() => table.dup(0))).toBe(LinuxErrno.EMFILE);
  expect(writer.referenceCount).toBe(1);
});
