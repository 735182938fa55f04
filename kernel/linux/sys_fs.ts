// Path and metadata syscalls (stat family, directories, links, permissions, cwd, times, statfs,
// sendfile). Paths resolve through the VFS from the cwd or a dirfd (dirBase); the struct layouts are
// structs.ts's. Permission checks follow the caller's ids (root bypasses all but X_OK). Platform-neutral.
import type { SyscallContext, SyscallRow } from "../syscall/context.ts";
import { def } from "./syscall_row.ts";
import { Errno, fail, LinuxErrno } from "./errno.ts";
import { AccessMode, AtFlag, FileMode, RenameFlag, StatxMask } from "./abi_files.ts";
import { blocking, dirBase } from "./sys_file.ts";
import { Stat, Stat64, Statfs, Statfs64, Statx, encodeBytes } from "./structs.ts";
import type { Inode, Stat as InodeStat, Timespec } from "../files/inode.ts";

/** Special tv_nsec values of utimensat(2). Source: include/uapi/linux/stat.h. */
export const UtimeNsec = { UTIME_NOW: (1 << 30) - 1, UTIME_OMIT: (1 << 30) - 2 } as const;

/** statfs f_flags: ST_VALID says the field is meaningful, ST_RDONLY a read-only mount. Source: statfs(2). */
const StatfsFlag = { ST_RDONLY: 1, ST_VALID: 0x20 } as const;

/** Largest size the non-LFS calls may report (MAX_NON_LFS, include/linux/fs.h). */
const MAX_NON_LFS = 0x7fffffff;

// ---- path helpers ----

/** The inode a *at() call names: `path` from `dirfd`, or the fd itself with AT_EMPTY_PATH and "". */
export function lookupAt(ctx: SyscallContext, dirfd: number, pathPtr: number, flags: number, follow = (flags & AtFlag.AT_SYMLINK_NOFOLLOW) === 0): Inode {
  const path = ctx.mem.readString(pathPtr);
  if (path === "") {
    if (!(flags & AtFlag.AT_EMPTY_PATH)) fail("ENOENT");
    return dirfd === AtFlag.AT_FDCWD ? ctx.process.fs.cwd : ctx.process.files.get(dirfd).inode;
  }
  return ctx.system.files.vfs.resolve(path, dirBase(ctx, dirfd, path), follow);
}

/** Reads a path argument; "" is ENOENT as for every path syscall. */
function pathArg(ctx: SyscallContext, ptr: number): string {
  const path = ctx.mem.readString(ptr);
  if (path === "") fail("ENOENT");
  return path;
}

const vfsOf = (ctx: SyscallContext) => ctx.system.files.vfs;

/** Fails with EROFS when `node` lives on a read-only file system. */
function writableFs(node: Inode): void {
  if (node.fs.readOnly) fail("EROFS");
}

/**
 * The permission check of access(2) and path walks for `uid`/`gid`: root may read and write
 * anything, and execute what has some x bit (or is a directory); others get the owner, group or
 * other bits. EACCES on refusal.
 */
export function checkPermission(node: Inode, uid: number, gid: number, want: number): void {
  if (want === 0) return;
  const mode = node.mode;
  if (uid === 0) {
    if (want & AccessMode.X_OK && !node.isDirectory && (mode & 0o111) === 0) fail("EACCES");
    return;
  }
  const bits = uid === node.uid ? (mode >> 6) & 7 : gid === node.gid ? (mode >> 3) & 7 : mode & 7;
  if ((bits & want) !== want) fail("EACCES");
}

// ---- stat family ----

/** Major and minor of a kernel dev_t (Linux new_encode_dev layout: mmm MMM mm). */
const major = (dev: number) => (dev >>> 8) & 0xfff;
const minor = (dev: number) => (dev & 0xff) | ((dev >>> 12) & 0xfff00);

function stat64Bytes(s: InodeStat): Uint8Array {
  return encodeBytes(Stat64, {
    st_dev: s.dev, __st_ino: s.ino >>> 0, st_mode: s.mode, st_nlink: s.nlink, st_uid: s.uid, st_gid: s.gid,
    st_rdev: s.rdev, st_size: s.size, st_blksize: s.blksize, st_blocks: s.blocks,
    st_atime: s.atime.sec, st_atime_nsec: s.atime.nsec, st_mtime: s.mtime.sec, st_mtime_nsec: s.mtime.nsec,
    st_ctime: s.ctime.sec, st_ctime_nsec: s.ctime.nsec, st_ino: s.ino,
  });
}

/** struct stat (106–108): EOVERFLOW as Linux cp_new_stat on 32-bit when a value does not fit. */
function statBytes(s: InodeStat): Uint8Array {
  const oldDev = (d: number) => major(d) < 256 && minor(d) < 256;
  if (!oldDev(s.dev) || !oldDev(s.rdev) || s.ino > 0xffffffff || s.nlink > 0xffff || s.size > MAX_NON_LFS) fail("EOVERFLOW");
  const low = (id: number) => (id > 0xffff ? 65534 : id); // high2lowuid: the overflow uid
  return encodeBytes(Stat, {
    st_dev: (major(s.dev) << 8) | minor(s.dev), st_ino: s.ino, st_mode: s.mode, st_nlink: s.nlink,
    st_uid: low(s.uid), st_gid: low(s.gid), st_rdev: (major(s.rdev) << 8) | minor(s.rdev), st_size: s.size,
    st_blksize: s.blksize, st_blocks: s.blocks,
    st_atime: s.atime.sec, st_atime_nsec: s.atime.nsec, st_mtime: s.mtime.sec, st_mtime_nsec: s.mtime.nsec,
    st_ctime: s.ctime.sec, st_ctime_nsec: s.ctime.nsec,
  });
}

function statxBytes(s: InodeStat): Uint8Array {
  return encodeBytes(Statx, {
    stx_mask: StatxMask.STATX_BASIC_STATS, stx_blksize: s.blksize, stx_nlink: s.nlink, stx_uid: s.uid, stx_gid: s.gid,
    stx_mode: s.mode, stx_ino: s.ino, stx_size: s.size, stx_blocks: s.blocks,
    stx_atime_sec: s.atime.sec, stx_atime_nsec: s.atime.nsec, stx_ctime_sec: s.ctime.sec, stx_ctime_nsec: s.ctime.nsec,
    stx_mtime_sec: s.mtime.sec, stx_mtime_nsec: s.mtime.nsec,
    stx_rdev_major: major(s.rdev), stx_rdev_minor: minor(s.rdev), stx_dev_major: major(s.dev), stx_dev_minor: minor(s.dev),
  });
}

type Encoder = (s: InodeStat) => Uint8Array;

function fstatat(ctx: SyscallContext, dirfd: number, pathPtr: number, buf: number, flags: number, enc: Encoder): number {
  if (flags & ~(AtFlag.AT_SYMLINK_NOFOLLOW | AtFlag.AT_EMPTY_PATH | AtFlag.AT_NO_AUTOMOUNT)) fail("EINVAL");
  ctx.mem.write(buf, enc(lookupAt(ctx, dirfd, pathPtr, flags).stat()));
  return 0;
}

const statPath = (enc: Encoder, follow: boolean) => (ctx: SyscallContext, p: number, buf: number) =>
  fstatat(ctx, AtFlag.AT_FDCWD, p, buf, follow ? 0 : AtFlag.AT_SYMLINK_NOFOLLOW, enc);
const statFd = (enc: Encoder) => (ctx: SyscallContext, fd: number, buf: number) => {
  ctx.mem.write(buf, enc(ctx.process.files.get(fd).inode.stat()));
  return 0;
};

function statx(ctx: SyscallContext, dirfd: number, pathPtr: number, flags: number, _mask: number, buf: number): number {
  const allowed = AtFlag.AT_SYMLINK_NOFOLLOW | AtFlag.AT_EMPTY_PATH | AtFlag.AT_NO_AUTOMOUNT | AtFlag.AT_STATX_SYNC_TYPE;
  if (flags & ~allowed || (flags & AtFlag.AT_STATX_SYNC_TYPE) === AtFlag.AT_STATX_SYNC_TYPE) fail("EINVAL");
  ctx.mem.write(buf, statxBytes(lookupAt(ctx, dirfd, pathPtr, flags).stat()));
  return 0;
}

// ---- statfs ----

function statfsOf(node: Inode, wide: boolean): Uint8Array {
  const s = node.statfs();
  const fsid = new Uint8Array(8);
  new DataView(fsid.buffer).setUint32(0, node.fs.dev, true);
  const values = {
    f_type: s.type, f_bsize: s.blockSize, f_blocks: s.blocks, f_bfree: s.freeBlocks, f_bavail: s.availBlocks,
    f_files: s.files, f_ffree: s.freeFiles, f_fsid: fsid, f_namelen: s.nameMax, f_frsize: s.blockSize,
    f_flags: StatfsFlag.ST_VALID | (node.fs.readOnly ? StatfsFlag.ST_RDONLY : 0),
  };
  if (wide) return encodeBytes(Statfs64, values);
  if ([s.blocks, s.freeBlocks, s.availBlocks, s.files, s.freeFiles].some((n) => n > 0xffffffff)) fail("EOVERFLOW");
  return encodeBytes(Statfs, values);
}

function statfs64Size(size: number): void {
  if (size !== Statfs64.size) fail("EINVAL");
}

// ---- access and permissions ----

function faccessat(ctx: SyscallContext, dirfd: number, pathPtr: number, mode: number, flags: number): number {
  if (mode & ~(AccessMode.R_OK | AccessMode.W_OK | AccessMode.X_OK)) fail("EINVAL");
  if (flags & ~(AtFlag.AT_EACCESS | AtFlag.AT_SYMLINK_NOFOLLOW | AtFlag.AT_EMPTY_PATH)) fail("EINVAL");
  const node = lookupAt(ctx, dirfd, pathPtr, flags);
  // Devices, FIFOs and sockets stay writable on a read-only mount (access(2) EROFS).
  if (mode & AccessMode.W_OK && (node.isDirectory || node.isRegular || node.isSymlink)) writableFs(node);
  const p = ctx.process;
  const effective = (flags & AtFlag.AT_EACCESS) !== 0;
  checkPermission(node, effective ? p.euid : p.uid, effective ? p.egid : p.gid, mode);
  return 0;
}

/** Owner-or-root check of chmod/utimes (EPERM otherwise). */
function requireOwner(ctx: SyscallContext, node: Inode): void {
  if (ctx.process.euid !== 0 && ctx.process.euid !== node.uid) fail("EPERM");
}

function chmodNode(ctx: SyscallContext, node: Inode, mode: number): number {
  requireOwner(ctx, node);
  writableFs(node);
  node.chmod(mode & 0o7777);
  return 0;
}

function chownNode(ctx: SyscallContext, node: Inode, uid: number, gid: number): number {
  const p = ctx.process;
  if (p.euid !== 0) {
    // Without CAP_CHOWN: the owner may only change the group, to one of its own (chown(2)).
    if ((uid !== -1 && uid !== node.uid) || p.euid !== node.uid || (gid !== -1 && gid !== p.egid && gid !== node.gid)) fail("EPERM");
  }
  writableFs(node);
  node.chown(uid, gid);
  return 0;
}

/** 16-bit ids of the old chown calls: 0xffff means "unchanged" (-1). */
const id16 = (id: number) => ((id & 0xffff) === 0xffff ? -1 : id & 0xffff);
const id32 = (id: number) => id | 0;

// ---- names: mkdir, unlink, rename, links ----

function mkdirat(ctx: SyscallContext, dirfd: number, pathPtr: number, mode: number): number {
  const path = pathArg(ctx, pathPtr);
  const base = dirBase(ctx, dirfd, path);
  const { dir } = vfsOf(ctx).lookupParent(path, base);
  writableFs(dir);
  vfsOf(ctx).mkdir(path, mode & 0o1777 & ~ctx.process.fs.umask, base);
  return 0;
}

function mknodat(ctx: SyscallContext, dirfd: number, pathPtr: number, mode: number, dev: number): number {
  const path = pathArg(ctx, pathPtr);
  const type = mode & FileMode.S_IFMT;
  if ((type === FileMode.S_IFCHR || type === FileMode.S_IFBLK) && ctx.process.euid !== 0) fail("EPERM");
  const base = dirBase(ctx, dirfd, path);
  writableFs(vfsOf(ctx).lookupParent(path, base).dir);
  vfsOf(ctx).mknod(path, type | (mode & 0o7777 & ~ctx.process.fs.umask), dev >>> 0, base);
  return 0;
}

function unlinkat(ctx: SyscallContext, dirfd: number, pathPtr: number, flags: number): number {
  if (flags & ~AtFlag.AT_REMOVEDIR) fail("EINVAL");
  const path = pathArg(ctx, pathPtr);
  const base = dirBase(ctx, dirfd, path);
  const vfs = vfsOf(ctx);
  writableFs(vfs.lookupParent(path, base).dir);
  if (flags & AtFlag.AT_REMOVEDIR) vfs.rmdir(path, base);
  else vfs.unlink(path, base);
  return 0;
}

function renameat2(ctx: SyscallContext, oldfd: number, oldPtr: number, newfd: number, newPtr: number, flags: number): number {
  if (flags & ~RenameFlag.RENAME_NOREPLACE) fail("EINVAL"); // RENAME_EXCHANGE/WHITEOUT: unsupported
  const from = pathArg(ctx, oldPtr), to = pathArg(ctx, newPtr);
  const vfs = vfsOf(ctx);
  const fromBase = dirBase(ctx, oldfd, from), toBase = dirBase(ctx, newfd, to);
  writableFs(vfs.lookupParent(from, fromBase).dir);
  if (flags & RenameFlag.RENAME_NOREPLACE && exists(() => vfs.resolve(to, toBase, false))) fail("EEXIST");
  vfs.rename(from, to, fromBase, toBase);
  return 0;
}

function exists(find: () => Inode): boolean {
  try {
    find();
    return true;
  } catch (e) {
    if (e instanceof Errno && e.code === LinuxErrno.ENOENT) return false;
    throw e;
  }
}

function linkat(ctx: SyscallContext, oldfd: number, oldPtr: number, newfd: number, newPtr: number, flags: number): number {
  if (flags & ~(AtFlag.AT_SYMLINK_FOLLOW | AtFlag.AT_EMPTY_PATH)) fail("EINVAL");
  const source = lookupAt(ctx, oldfd, oldPtr, flags, (flags & AtFlag.AT_SYMLINK_FOLLOW) !== 0);
  const to = pathArg(ctx, newPtr);
  const vfs = vfsOf(ctx);
  const { dir, name, trailingSlash } = vfs.lookupParent(to, dirBase(ctx, newfd, to));
  if (source.isDirectory) fail("EPERM");
  if (name === "." || name === ".." || exists(() => vfs.resolve(to, dirBase(ctx, newfd, to), false))) fail("EEXIST");
  if (trailingSlash) fail("ENOENT");
  if (dir.fs !== source.fs) fail("EXDEV");
  writableFs(dir);
  dir.link(name, source);
  return 0;
}

function symlinkat(ctx: SyscallContext, targetPtr: number, dirfd: number, pathPtr: number): number {
  const target = ctx.mem.readString(targetPtr);
  const path = pathArg(ctx, pathPtr);
  const base = dirBase(ctx, dirfd, path);
  writableFs(vfsOf(ctx).lookupParent(path, base).dir);
  vfsOf(ctx).symlink(target, path, base);
  return 0;
}

/** readlinkat(2): no NUL is written; the target is cut to `size` bytes. */
function readlinkat(ctx: SyscallContext, dirfd: number, pathPtr: number, buf: number, size: number): number {
  if (size <= 0) fail("EINVAL");
  const node = lookupAt(ctx, dirfd, pathPtr, AtFlag.AT_EMPTY_PATH, false);
  const bytes = new TextEncoder().encode(node.readlink()).subarray(0, size);
  ctx.mem.write(buf, bytes);
  return bytes.length;
}

// ---- cwd, umask ----

function changeDir(ctx: SyscallContext, node: Inode): number {
  if (!node.isDirectory) fail("ENOTDIR");
  checkPermission(node, ctx.process.euid, ctx.process.egid, AccessMode.X_OK);
  ctx.process.fs.cwd = node;
  return 0;
}

/** getcwd(2): the length including the NUL; ERANGE if `size` is too small, ENOENT if cwd was removed. */
function getcwd(ctx: SyscallContext, buf: number, size: number): number {
  const cwd = ctx.process.fs.cwd;
  if (cwd.isDirectory && cwd.nlink === 0) fail("ENOENT");
  const bytes = new TextEncoder().encode(vfsOf(ctx).realpath(cwd) + "\0");
  if ((size >>> 0) < bytes.length) fail("ERANGE");
  ctx.mem.write(buf, bytes);
  return bytes.length;
}

// ---- truncate, times ----

function truncatePath(ctx: SyscallContext, pathPtr: number, size: number): number {
  if (size < 0) fail("EINVAL");
  const node = vfsOf(ctx).resolve(pathArg(ctx, pathPtr), ctx.process.fs.cwd);
  if (node.isDirectory) fail("EISDIR");
  if (!node.isRegular) fail("EINVAL");
  writableFs(node);
  checkPermission(node, ctx.process.euid, ctx.process.egid, AccessMode.W_OK);
  node.truncate(size);
  return 0;
}

function wallNow(ctx: SyscallContext): Timespec {
  const clock = ctx.system.machine.clock;
  const ns = Math.floor(clock.epochMs * 1e6 + clock.now());
  return { sec: Math.floor(ns / 1e9), nsec: ns % 1e9 };
}

/** A requested time: a Timespec, "now", or "omit" (leave unchanged). */
type TimeArg = Timespec | "now" | "omit";

function setTimes(ctx: SyscallContext, node: Inode, times: [TimeArg, TimeArg] | undefined): number {
  const [a, m] = times ?? ["now", "now"];
  if (a === "omit" && m === "omit") return 0;
  const explicit = (a !== "now" && a !== "omit") || (m !== "now" && m !== "omit");
  if (explicit) requireOwner(ctx, node);
  else if (ctx.process.euid !== 0 && ctx.process.euid !== node.uid) checkPermission(node, ctx.process.euid, ctx.process.egid, AccessMode.W_OK);
  writableFs(node);
  const now = wallNow(ctx);
  const pick = (t: TimeArg) => (t === "omit" ? null : t === "now" ? now : t);
  node.setTimes(pick(a), pick(m));
  return 0;
}

/** Reads two timespecs (`wide`: __kernel_timespec) with UTIME_NOW/UTIME_OMIT. */
function readTimespecs(ctx: SyscallContext, ptr: number, wide: boolean): [TimeArg, TimeArg] | undefined {
  if (!ptr) return undefined;
  const size = wide ? 16 : 8;
  const one = (at: number): TimeArg => {
    const sec = wide ? ctx.mem.readU32(at) + ctx.mem.readI32(at + 4) * 4294967296 : ctx.mem.readI32(at);
    const nsec = ctx.mem.readI32(at + (wide ? 8 : 4));
    if (nsec === UtimeNsec.UTIME_NOW) return "now";
    if (nsec === UtimeNsec.UTIME_OMIT) return "omit";
    if (nsec < 0 || nsec >= 1e9) fail("EINVAL");
    return { sec, nsec };
  };
  return [one(ptr), one(ptr + size)];
}

/** Reads two timevals (utimes/futimesat). */
function readTimevals(ctx: SyscallContext, ptr: number): [TimeArg, TimeArg] | undefined {
  if (!ptr) return undefined;
  const one = (at: number): Timespec => {
    const usec = ctx.mem.readI32(at + 4);
    if (usec < 0 || usec >= 1e6) fail("EINVAL");
    return { sec: ctx.mem.readI32(at), nsec: usec * 1000 };
  };
  return [one(ptr), one(ptr + 8)];
}

function utimensat(ctx: SyscallContext, dirfd: number, pathPtr: number, timesPtr: number, flags: number, wide: boolean): number {
  if (flags & ~(AtFlag.AT_SYMLINK_NOFOLLOW | AtFlag.AT_EMPTY_PATH)) fail("EINVAL");
  const times = readTimespecs(ctx, timesPtr, wide);
  // A NULL path means the dirfd itself (how glibc implements futimens).
  const node = pathPtr === 0
    ? (dirfd === AtFlag.AT_FDCWD ? fail("EFAULT") : ctx.process.files.get(dirfd).inode)
    : lookupAt(ctx, dirfd, pathPtr, flags);
  return setTimes(ctx, node, times);
}

function futimesat(ctx: SyscallContext, dirfd: number, pathPtr: number, timesPtr: number): number {
  const node = pathPtr === 0 ? ctx.process.files.get(dirfd).inode : lookupAt(ctx, dirfd, pathPtr, 0);
  return setTimes(ctx, node, readTimevals(ctx, timesPtr));
}

function utime(ctx: SyscallContext, pathPtr: number, timesPtr: number): number {
  const node = lookupAt(ctx, AtFlag.AT_FDCWD, pathPtr, 0);
  const times: [TimeArg, TimeArg] | undefined = timesPtr
    ? [{ sec: ctx.mem.readI32(timesPtr), nsec: 0 }, { sec: ctx.mem.readI32(timesPtr + 4), nsec: 0 }]
    : undefined;
  return setTimes(ctx, node, times);
}

// ---- sendfile, copy_file_range ----

/** Copies up to `count` bytes from `inFd` (at *offPtr if given) to `outFd`; returns bytes copied. */
function copyBetween(ctx: SyscallContext, inFd: number, offPtr: number, offWide: boolean, outFd: number, outOffPtr: number, count: number): number {
  const input = ctx.process.files.get(inFd), output = ctx.process.files.get(outFd);
  if (!input.readable || !output.writable) fail("EBADF");
  if (input.pipe || input.inode.isDirectory) fail("EINVAL");
  const readOff = (p: number) => (offWide ? ctx.mem.readU64(p) : ctx.mem.readI32(p));
  const writeOff = (p: number, v: number) => (offWide ? ctx.mem.writeU64(p, v) : ctx.mem.writeU32(p, v));
  const start = offPtr ? readOff(offPtr) : input.offset;
  if (start < 0) fail("EINVAL");
  const data = input.pread(start, Math.min(count >>> 0, 1 << 20));
  if (data.length === 0) return 0;
  const written = outOffPtr
    ? output.pwrite(readOff(outOffPtr), data)
    : blocking(ctx, output, () => output.write(data));
  if (outOffPtr) writeOff(outOffPtr, readOff(outOffPtr) + written);
  if (offPtr) writeOff(offPtr, start + written);
  else input.offset = start + written;
  return written;
}

/** Path and metadata syscall rows. */
export const FS_SYSCALLS: SyscallRow[] = [
  def("stat64", statPath(stat64Bytes, true), ["path", "ptr"]),
  def("lstat64", statPath(stat64Bytes, false), ["path", "ptr"]),
  def("fstat64", statFd(stat64Bytes), ["fd", "ptr"]),
  def("fstatat64", (ctx, d, p, b, f) => fstatat(ctx, d, p, b, f, stat64Bytes), ["dirfd", "path", "ptr", "hex"]),
  def("stat", statPath(statBytes, true), ["path", "ptr"]),
  def("lstat", statPath(statBytes, false), ["path", "ptr"]),
  def("fstat", statFd(statBytes), ["fd", "ptr"]),
  def("statx", statx, ["dirfd", "path", "hex", "hex", "ptr"]),
  def("statfs", (ctx, p, b) => { ctx.mem.write(b, statfsOf(lookupAt(ctx, AtFlag.AT_FDCWD, p, 0), false)); return 0; }, ["path", "ptr"]),
  def("fstatfs", (ctx, fd, b) => { ctx.mem.write(b, statfsOf(ctx.process.files.get(fd).inode, false)); return 0; }, ["fd", "ptr"]),
  def("statfs64", (ctx, p, size, b) => { statfs64Size(size); ctx.mem.write(b, statfsOf(lookupAt(ctx, AtFlag.AT_FDCWD, p, 0), true)); return 0; }, ["path", "size", "ptr"]),
  def("fstatfs64", (ctx, fd, size, b) => { statfs64Size(size); ctx.mem.write(b, statfsOf(ctx.process.files.get(fd).inode, true)); return 0; }, ["fd", "size", "ptr"]),
  def("access", (ctx, p, mode) => faccessat(ctx, AtFlag.AT_FDCWD, p, mode, 0), ["path", "int"]),
  def("faccessat", (ctx, d, p, mode) => faccessat(ctx, d, p, mode, 0), ["dirfd", "path", "int"]),
  def("faccessat2", faccessat, ["dirfd", "path", "int", "hex"]),
  def("mkdir", (ctx, p, mode) => mkdirat(ctx, AtFlag.AT_FDCWD, p, mode), ["path", "mode"]),
  def("mkdirat", mkdirat, ["dirfd", "path", "mode"]),
  def("mknod", (ctx, p, mode, dev) => mknodat(ctx, AtFlag.AT_FDCWD, p, mode, dev), ["path", "mode", "hex"]),
  def("mknodat", mknodat, ["dirfd", "path", "mode", "hex"]),
  def("rmdir", (ctx, p) => unlinkat(ctx, AtFlag.AT_FDCWD, p, AtFlag.AT_REMOVEDIR), ["path"]),
  def("unlink", (ctx, p) => unlinkat(ctx, AtFlag.AT_FDCWD, p, 0), ["path"]),
  def("unlinkat", unlinkat, ["dirfd", "path", "hex"]),
  def("rename", (ctx, a, b) => renameat2(ctx, AtFlag.AT_FDCWD, a, AtFlag.AT_FDCWD, b, 0), ["path", "path"]),
  def("renameat", (ctx, d1, a, d2, b) => renameat2(ctx, d1, a, d2, b, 0), ["dirfd", "path", "dirfd", "path"]),
  def("renameat2", renameat2, ["dirfd", "path", "dirfd", "path", "hex"], { status: "partial", note: "RENAME_EXCHANGE/WHITEOUT: EINVAL" }),
  def("link", (ctx, a, b) => linkat(ctx, AtFlag.AT_FDCWD, a, AtFlag.AT_FDCWD, b, 0), ["path", "path"]),
  def("linkat", linkat, ["dirfd", "path", "dirfd", "path", "hex"]),
  def("symlink", (ctx, t, p) => symlinkat(ctx, t, AtFlag.AT_FDCWD, p), ["str", "path"]),
  def("symlinkat", symlinkat, ["str", "dirfd", "path"]),
  def("readlink", (ctx, p, b, n) => readlinkat(ctx, AtFlag.AT_FDCWD, p, b, n), ["path", "ptr", "size"]),
  def("readlinkat", readlinkat, ["dirfd", "path", "ptr", "size"]),
  def("chmod", (ctx, p, mode) => chmodNode(ctx, lookupAt(ctx, AtFlag.AT_FDCWD, p, 0), mode), ["path", "mode"]),
  def("fchmod", (ctx, fd, mode) => chmodNode(ctx, ctx.process.files.get(fd).inode, mode), ["fd", "mode"]),
  def("fchmodat", (ctx, d, p, mode) => chmodNode(ctx, lookupAt(ctx, d, p, 0), mode), ["dirfd", "path", "mode"]),
  def("chown", (ctx, p, u, g) => chownNode(ctx, lookupAt(ctx, AtFlag.AT_FDCWD, p, 0, true), id16(u), id16(g)), ["path", "int", "int"]),
  def("lchown", (ctx, p, u, g) => chownNode(ctx, lookupAt(ctx, AtFlag.AT_FDCWD, p, 0, false), id16(u), id16(g)), ["path", "int", "int"]),
  def("chown32", (ctx, p, u, g) => chownNode(ctx, lookupAt(ctx, AtFlag.AT_FDCWD, p, 0, true), id32(u), id32(g)), ["path", "int", "int"]),
  def("lchown32", (ctx, p, u, g) => chownNode(ctx, lookupAt(ctx, AtFlag.AT_FDCWD, p, 0, false), id32(u), id32(g)), ["path", "int", "int"]),
  def("fchown", (ctx, fd, u, g) => chownNode(ctx, ctx.process.files.get(fd).inode, id16(u), id16(g)), ["fd", "int", "int"]),
  def("fchown32", (ctx, fd, u, g) => chownNode(ctx, ctx.process.files.get(fd).inode, id32(u), id32(g)), ["fd", "int", "int"]),
  def("fchownat", (ctx, d, p, u, g, f) => chownNode(ctx, lookupAt(ctx, d, p, f), id32(u), id32(g)), ["dirfd", "path", "int", "int", "hex"]),
  def("umask", (ctx, mask) => { const old = ctx.process.fs.umask; ctx.process.fs.umask = mask & 0o777; return old; }, ["mode"]),
  def("chdir", (ctx, p) => changeDir(ctx, vfsOf(ctx).resolve(pathArg(ctx, p), ctx.process.fs.cwd)), ["path"]),
  def("fchdir", (ctx, fd) => changeDir(ctx, ctx.process.files.get(fd).inode), ["fd"]),
  def("getcwd", getcwd, ["ptr", "size"]),
  def("chroot", (ctx, p) => {
    if (ctx.process.euid !== 0) fail("EPERM");
    const node = vfsOf(ctx).resolveDirectory(pathArg(ctx, p), ctx.process.fs.cwd);
    return node === vfsOf(ctx).root ? 0 : fail("EPERM");
  }, ["path"], { status: "partial", note: "only chroot(\"/\")" }),
  def("truncate", (ctx, p, len) => truncatePath(ctx, p, len), ["path", "int"]),
  def("truncate64", (ctx, p, lo, hi) => truncatePath(ctx, p, (lo >>> 0) + (hi | 0) * 4294967296), ["path", "int", "int"]),
  def("utimensat", (ctx, d, p, t, f) => utimensat(ctx, d, p, t, f, false), ["dirfd", "path", "ptr", "hex"]),
  def("utimensat_time64", (ctx, d, p, t, f) => utimensat(ctx, d, p, t, f, true), ["dirfd", "path", "ptr", "hex"]),
  def("utimes", (ctx, p, t) => setTimes(ctx, lookupAt(ctx, AtFlag.AT_FDCWD, p, 0), readTimevals(ctx, t)), ["path", "ptr"]),
  def("futimesat", futimesat, ["dirfd", "path", "ptr"]),
  def("utime", utime, ["path", "ptr"]),
  def("sendfile", (ctx, o, i, off, n) => copyBetween(ctx, i, off, false, o, 0, n), ["fd", "fd", "ptr", "size"], { restart: true }),
  def("sendfile64", (ctx, o, i, off, n) => copyBetween(ctx, i, off, true, o, 0, n), ["fd", "fd", "ptr", "size"], { restart: true }),
  def("copy_file_range", (ctx, i, offIn, o, offOut, n, flags) => {
    if (flags) fail("EINVAL");
    return copyBetween(ctx, i, offIn, true, o, offOut, n);
  }, ["fd", "ptr", "fd", "ptr", "size", "hex"]),
];
