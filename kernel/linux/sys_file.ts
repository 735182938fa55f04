// File-descriptor syscalls (thesis §3.3 logical layer): open/openat/creat, close, read/write and
// their vector/positional forms, lseek/_llseek, dup/dup2/dup3, fcntl/fcntl64, ioctl (terminals),
// pipe/pipe2, getdents/getdents64, ftruncate, fsync. Blocking reads and writes park the thread
// on the file's wait queue; EPIPE raises SIGPIPE. Platform-neutral.
import type { SyscallContext, SyscallRow } from "../syscall/context.ts";
import { block } from "../syscall/context.ts";
import { def, defs } from "./syscall_row.ts";
import { Errno, fail, LinuxErrno } from "./errno.ts";
import { AtFlag, FcntlCmd, OpenFlag } from "./abi_files.ts";
import { Ioctl } from "./abi_tty.ts";
import { Signal } from "./signals.ts";
import type { OpenFile } from "../files/open_file.ts";
import { createPipe } from "../files/open_file.ts";
import type { Inode } from "../files/inode.ts";
import { decodeTermios, encodeTermios } from "../io/tty.ts";

/** The directory a *at() call starts from. */
export function dirBase(ctx: SyscallContext, dirfd: number, path: string): Inode {
  if (path.startsWith("/")) return ctx.system.files.vfs.root;
  if (dirfd === AtFlag.AT_FDCWD) return ctx.process.fs.cwd;
  const f = ctx.process.files.get(dirfd);
  if ((f.inode.mode & 0o170000) !== 0o040000) fail("ENOTDIR");
  return f.inode;
}

/**
 * Runs a file operation that may say EAGAIN: blocking descriptors park on the file's wait queue
 * and retry; EPIPE also sends SIGPIPE to the caller.
 */
export function blocking<T>(ctx: SyscallContext, f: OpenFile, op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof Errno) {
      if (e.code === LinuxErrno.EAGAIN && !f.nonBlocking) {
        const q = f.waitQueue;
        if (q) return block([q]);
      }
      if (e.code === LinuxErrno.EPIPE) ctx.system.signals.sendThread(ctx.thread, Signal.SIGPIPE, { code: 0 });
    }
    throw e;
  }
}

function read(ctx: SyscallContext, fd: number, buf: number, count: number): number {
  const f = ctx.process.files.get(fd);
  if (count < 0) fail("EINVAL");
  if (count === 0) return 0;
  ctx.mem.checkWritable(buf, Math.min(count, 1));
  const data = blocking(ctx, f, () => f.read(Math.min(count >>> 0, 1 << 20)));
  ctx.mem.write(buf, data);
  return data.length;
}

function write(ctx: SyscallContext, fd: number, buf: number, count: number): number {
  const f = ctx.process.files.get(fd);
  if (count < 0) fail("EINVAL");
  const data = ctx.mem.read(buf, count >>> 0);
  return blocking(ctx, f, () => f.write(data));
}

function readIovec(ctx: SyscallContext, iov: number, n: number): [number, number][] {
  if (n < 0 || n > 1024) fail("EINVAL");
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([ctx.mem.readU32(iov + i * 8), ctx.mem.readU32(iov + i * 8 + 4)]);
  return out;
}

function readv(ctx: SyscallContext, fd: number, iov: number, n: number): number {
  const f = ctx.process.files.get(fd);
  const vec = readIovec(ctx, iov, n);
  const total = vec.reduce((s, [, l]) => s + l, 0);
  if (!total) return 0;
  const data = blocking(ctx, f, () => f.read(Math.min(total, 1 << 20)));
  let off = 0;
  for (const [base, len] of vec) {
    if (off >= data.length) break;
    const part = data.subarray(off, off + len);
    ctx.mem.write(base, part);
    off += part.length;
  }
  return data.length;
}

function writev(ctx: SyscallContext, fd: number, iov: number, n: number): number {
  const f = ctx.process.files.get(fd);
  const vec = readIovec(ctx, iov, n);
  const parts = vec.map(([base, len]) => ctx.mem.read(base, len));
  const total = parts.reduce((s, p) => s + p.length, 0);
  const all = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  if (!total) return 0;
  return blocking(ctx, f, () => f.write(all));
}

/** openat(dirfd, path, flags, mode). */
export function openat(ctx: SyscallContext, dirfd: number, pathPtr: number, flags: number, mode: number): number {
  const path = ctx.mem.readString(pathPtr);
  if (!path) fail("ENOENT");
  const files = ctx.process.files;
  const f = ctx.system.files.vfs.open(path, flags, (mode & 0o7777) & ~ctx.process.fs.umask, dirBase(ctx, dirfd, path));
  if (f.waitingForPeer() && !(flags & OpenFlag.O_NONBLOCK)) {
    f.release();
    const q = f.waitQueue;
    if (q) return block([q]);
  }
  try {
    return files.install(f, (flags & OpenFlag.O_CLOEXEC) !== 0);
  } catch (e) {
    f.release();
    throw e;
  }
}

function fcntl(ctx: SyscallContext, fd: number, cmd: number, arg: number): number {
  const files = ctx.process.files;
  const f = files.get(fd);
  switch (cmd) {
    case FcntlCmd.F_DUPFD: return files.dupFrom(fd, arg);
    case FcntlCmd.F_DUPFD_CLOEXEC: return files.dupFrom(fd, arg, true);
    case FcntlCmd.F_GETFD: return files.getCloexec(fd) ? 1 : 0;
    case FcntlCmd.F_SETFD: files.setCloexec(fd, (arg & 1) !== 0); return 0;
    case FcntlCmd.F_GETFL: return f.flags | (f.inode.mode && 0);
    case FcntlCmd.F_SETFL: f.setStatusFlags(arg); return 0;
    case FcntlCmd.F_GETLK: case FcntlCmd.F_GETLK64: {
      // No lock is ever held against another process: report F_UNLCK.
      ctx.mem.write(arg, new Uint8Array([2, 0]));
      return 0;
    }
    case FcntlCmd.F_SETLK: case FcntlCmd.F_SETLKW: case FcntlCmd.F_SETLK64: case FcntlCmd.F_SETLKW64: return 0;
    case FcntlCmd.F_GETOWN: case FcntlCmd.F_SETOWN: return 0;
    case FcntlCmd.F_GETPIPE_SZ: return 65536;
    default: fail("EINVAL");
  }
}

function ioctl(ctx: SyscallContext, fd: number, req: number, arg: number): number {
  const f = ctx.process.files.get(fd);
  const tty = ctx.system.files.ttyOf(f.inode);
  const m = ctx.mem;
  req >>>= 0;
  if (req === Ioctl.FIONBIO) {
    const on = m.readU32(arg) !== 0;
    f.setStatusFlags(on ? f.flags | OpenFlag.O_NONBLOCK : f.flags & ~OpenFlag.O_NONBLOCK);
    return 0;
  }
  if (req === Ioctl.FIOCLEX) { ctx.process.files.setCloexec(fd, true); return 0; }
  if (req === Ioctl.FIONCLEX) { ctx.process.files.setCloexec(fd, false); return 0; }
  if (!tty) {
    if (req === Ioctl.FIONREAD && f.pipe) { m.writeU32(arg, f.pipe.available); return 0; }
    return f.ioctl(req, arg);
  }
  switch (req) {
    case Ioctl.TCGETS: m.write(arg, encodeTermios(tty.termios)); return 0;
    case Ioctl.TCSETS: case Ioctl.TCSETSW: case Ioctl.TCSETSF:
      tty.termios = decodeTermios(m.read(arg, 36));
      if (req === Ioctl.TCSETSF) tty.flushInput();
      return 0;
    case Ioctl.TIOCGWINSZ: {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setUint16(0, tty.winsize.rows, true);
      new DataView(b.buffer).setUint16(2, tty.winsize.cols, true);
      m.write(arg, b);
      return 0;
    }
    case Ioctl.TIOCSWINSZ: {
      const b = m.read(arg, 8), dv = new DataView(b.buffer);
      tty.winsize = { rows: dv.getUint16(0, true), cols: dv.getUint16(2, true) };
      if (tty.foreground) ctx.system.signals.sendGroup(tty.foreground, Signal.SIGWINCH);
      return 0;
    }
    case Ioctl.TIOCGPGRP: m.writeU32(arg, tty.foreground || ctx.process.pgid); return 0;
    case Ioctl.TIOCSPGRP: tty.foreground = m.readU32(arg); return 0;
    case Ioctl.TIOCGSID: m.writeU32(arg, tty.session || ctx.process.sid); return 0;
    case Ioctl.TIOCSCTTY: tty.session = ctx.process.sid; tty.foreground = ctx.process.pgid; return 0;
    case Ioctl.TIOCNOTTY: return 0;
    case Ioctl.FIONREAD: m.writeU32(arg, tty.available()); return 0;
    case Ioctl.TCFLSH: if (arg === 0 || arg === 2) tty.flushInput(); return 0;
    case Ioctl.TCXONC: case Ioctl.TCSBRK: return 0;
    default: fail("ENOTTY");
  }
}

function pipe2(ctx: SyscallContext, ptr: number, flags: number): number {
  ctx.mem.checkWritable(ptr, 8);
  const [r, w] = createPipe(flags & (OpenFlag.O_NONBLOCK | OpenFlag.O_DIRECT));
  const files = ctx.process.files;
  const cloexec = (flags & OpenFlag.O_CLOEXEC) !== 0;
  const rfd = files.install(r, cloexec);
  let wfd: number;
  try { wfd = files.install(w, cloexec); } catch (e) { files.close(rfd); w.release(); throw e; }
  ctx.mem.writeU32(ptr, rfd);
  ctx.mem.writeU32(ptr + 4, wfd);
  return 0;
}

function getdents(ctx: SyscallContext, fd: number, buf: number, size: number, wide: boolean): number {
  const f = ctx.process.files.get(fd);
  const data = wide ? f.getdents64(size) : f.getdents(size);
  ctx.mem.write(buf, data);
  return data.length;
}

function llseek(ctx: SyscallContext, fd: number, hi: number, lo: number, result: number, whence: number): number {
  const f = ctx.process.files.get(fd);
  const off = (hi | 0) * 4294967296 + (lo >>> 0);
  const pos = f.lseek(off, whence);
  ctx.mem.writeU64(result, pos);
  return 0;
}

const off64 = (lo: number, hi: number) => (lo >>> 0) + (hi | 0) * 4294967296;

/** File-descriptor syscall rows. */
export const FILE_SYSCALLS: SyscallRow[] = [
  def("read", read, ["fd", "outbuf", "size"], { restart: true }),
  def("write", write, ["fd", "inbuf", "size"], { restart: true }),
  def("readv", readv, ["fd", "ptr", "int"], { restart: true }),
  def("writev", writev, ["fd", "ptr", "int"], { restart: true }),
  def("pread64", (ctx, fd, buf, count, lo, hi) => {
    const f = ctx.process.files.get(fd);
    const data = f.pread(off64(lo, hi), Math.min(count >>> 0, 1 << 20));
    ctx.mem.write(buf, data);
    return data.length;
  }, ["fd", "outbuf", "size", "int", "int"]),
  def("pwrite64", (ctx, fd, buf, count, lo, hi) => ctx.process.files.get(fd).pwrite(off64(lo, hi), ctx.mem.read(buf, count >>> 0)), ["fd", "inbuf", "size", "int", "int"]),
  def("open", (ctx, p, flags, mode) => openat(ctx, AtFlag.AT_FDCWD, p, flags, mode), ["path", "oflags", "mode"], { ret: "fd", restart: true }),
  def("openat", openat, ["dirfd", "path", "oflags", "mode"], { ret: "fd", restart: true }),
  def("creat", (ctx, p, mode) => openat(ctx, AtFlag.AT_FDCWD, p, OpenFlag.O_CREAT | OpenFlag.O_WRONLY | OpenFlag.O_TRUNC, mode), ["path", "mode"], { ret: "fd" }),
  def("close", (ctx, fd) => { ctx.process.files.close(fd); return 0; }, ["fd"]),
  def("lseek", (ctx, fd, off, whence) => {
    const pos = ctx.process.files.get(fd).lseek(off, whence);
    if (pos > 0x7fffffff) fail("EOVERFLOW");
    return pos;
  }, ["fd", "int", "whence"]),
  def("_llseek", llseek, ["fd", "int", "uint", "ptr", "whence"]),
  def("dup", (ctx, fd) => ctx.process.files.dup(fd), ["fd"], { ret: "fd" }),
  def("dup2", (ctx, a, b) => ctx.process.files.dup2(a, b), ["fd", "fd"], { ret: "fd" }),
  def("dup3", (ctx, a, b, flags) => ctx.process.files.dup3(a, b, flags), ["fd", "fd", "oflags"], { ret: "fd" }),
  ...defs(["fcntl", "fcntl64"], fcntl, ["fd", "int", "hex"]),
  def("ioctl", ioctl, ["fd", "ioctl", "hex"]),
  def("pipe", (ctx, ptr) => pipe2(ctx, ptr, 0), ["ptr"]),
  def("pipe2", pipe2, ["ptr", "oflags"]),
  def("getdents", (ctx, fd, b, n) => getdents(ctx, fd, b, n, false), ["fd", "ptr", "size"]),
  def("getdents64", (ctx, fd, b, n) => getdents(ctx, fd, b, n, true), ["fd", "ptr", "size"]),
  def("ftruncate", (ctx, fd, len) => { if (len < 0) fail("EINVAL"); ctx.process.files.get(fd).truncate(len); return 0; }, ["fd", "int"]),
  def("ftruncate64", (ctx, fd, lo, hi) => { const n = off64(lo, hi); if (n < 0) fail("EINVAL"); ctx.process.files.get(fd).truncate(n); return 0; }, ["fd", "int", "int"]),
  ...defs(["fsync", "fdatasync"], (ctx, fd) => { ctx.process.files.get(fd).inode.fsync(); return 0; }, ["fd"]),
  def("sync", (ctx) => { ctx.system.files.vfs.root.fsync(); return 0; }),
  def("syncfs", (ctx, fd) => { ctx.process.files.get(fd).inode.fsync(); return 0; }, ["fd"]),
  def("flock", (ctx, fd) => { ctx.process.files.get(fd); return 0; }, ["fd", "int"], { status: "partial", note: "locks always granted" }),
  def("fadvise64", (ctx, fd) => { ctx.process.files.get(fd); return 0; }, ["fd", "int", "int", "size", "int"]),
  def("fadvise64_64", (ctx, fd) => { ctx.process.files.get(fd); return 0; }, ["fd", "int", "int", "int", "int", "int"]),
];
