// The abstract Inode (SerenityOS Kernel/FileSystem/Inode.h style): the interface every file system
// (NFSII, tmpfs, devfs/procfs synthetic nodes) implements and the VFS resolves paths over.
// Platform-neutral.
import { fail } from "../linux/errno.ts";
import { FileType, NAME_MAX, Poll, isDirectoryMode } from "./file_mode.ts";
import type { WaitQueue } from "./wait_queue.ts";

/** A time stamp, as in struct timespec. */
export interface Timespec {
  sec: number;
  nsec: number;
}

/** Where file systems get "now" from (the lead wires the machine clock in). */
export type TimeSource = () => Timespec;

/** Default time source: the host wall clock. */
export const wallClock: TimeSource = () => {
  const ms = Date.now();
  return { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1_000_000 };
};

/** What stat(2) reports, before the syscall layer packs it into struct stat/stat64. */
export interface Stat {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  /** 512-byte blocks allocated. */
  blocks: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
}

/** What statfs(2) reports. */
export interface StatFs {
  /** f_type magic (e.g. TMPFS_MAGIC 0x01021994). */
  type: number;
  blockSize: number;
  blocks: number;
  freeBlocks: number;
  availBlocks: number;
  files: number;
  freeFiles: number;
  nameMax: number;
}

/** One directory entry, without "." and "..". `type` is a DirentType (DT_*). */
export interface DirEntry {
  name: string;
  ino: number;
  type: number;
}

/** A mounted file system instance. */
export interface FileSystem {
  /** Short type name: "nfs2", "tmpfs", "devfs", "proc". */
  readonly name: string;
  /** st_dev of its inodes. */
  readonly dev: number;
  /** Its root directory. */
  readonly root: Inode;
  /** Mounted read-only: the syscall layer answers EROFS before trying to change it. */
  readonly readOnly?: boolean;
  statfs(): StatFs;
  /** Makes everything written so far durable. */
  sync(): void;
}

let nextDev = 1;
/** A fresh st_dev number for a new file system instance (anonymous majors, as Linux's 0:N). */
export function allocateDeviceNumber(): number {
  return nextDev++;
}

/**
 * A file system node. Identity matters: a file system returns the same Inode object for the same
 * node (the VFS keys mounts and FIFOs on it). Methods that do not apply to the node's type throw the
 * errno Linux would (ENOTDIR, EISDIR, EINVAL, EPERM); subclasses override what they support.
 * Directory operations take one validated path component (see `checkName`).
 */
export abstract class Inode {
  abstract readonly fs: FileSystem;
  abstract readonly ino: number;
  /** Type bits (S_IFMT) | permission bits. */
  abstract readonly mode: number;
  abstract readonly size: number;
  abstract readonly nlink: number;
  abstract readonly uid: number;
  abstract readonly gid: number;
  abstract readonly atime: Timespec;
  abstract readonly mtime: Timespec;
  abstract readonly ctime: Timespec;
  /** Device number of a char/block device node (0 otherwise). */
  abstract readonly rdev: number;
  /** Set by objects that poll() can report changes of (pipes, ttys). */
  declare readonly waitQueue?: WaitQueue;
  /**
   * Bumped on every change of a regular file's contents (write, truncate) by the file system or the
   * open-file layer: two changes within one clock tick leave size and mtime alike, this does not.
   */
  generation = 0;

  get isDirectory(): boolean {
    return isDirectoryMode(this.mode);
  }
  get isSymlink(): boolean {
    return (this.mode & FileType.S_IFMT) === FileType.S_IFLNK;
  }
  get isRegular(): boolean {
    return (this.mode & FileType.S_IFMT) === FileType.S_IFREG;
  }
  get isFifo(): boolean {
    return (this.mode & FileType.S_IFMT) === FileType.S_IFIFO;
  }

  /** Up to `length` bytes at `offset` (fewer at end of file; empty past it). */
  read(_offset: number, _length: number): Uint8Array {
    return this.isDirectory ? fail("EISDIR") : fail("EINVAL");
  }
  /** Writes `data` at `offset`, growing the file; returns bytes written. */
  write(_offset: number, _data: Uint8Array): number {
    return this.isDirectory ? fail("EISDIR") : fail("EINVAL");
  }
  /** Sets the size (zero-filling growth). */
  truncate(_size: number): void {
    return this.isDirectory ? fail("EISDIR") : fail("EINVAL");
  }
  /** The child called `name` (never "." or ".."; the VFS handles those). */
  lookup(_name: string): Inode {
    return this.notDirectory();
  }
  /** The children, without "." and "..". */
  readdir(): DirEntry[] {
    return this.notDirectory();
  }
  /** Creates a non-directory child: regular file, FIFO, device or socket node, per `mode`'s type. */
  create(_name: string, _mode: number, _rdev = 0): Inode {
    return this.notDirectory();
  }
  mkdir(_name: string, _mode: number): Inode {
    return this.notDirectory();
  }
  unlink(_name: string): void {
    return this.notDirectory();
  }
  rmdir(_name: string): void {
    return this.notDirectory();
  }
  /** Moves child `oldName` to `newDir`/`newName`, replacing a compatible target (same fs only). */
  rename(_oldName: string, _newDir: Inode, _newName: string): void {
    return this.notDirectory();
  }
  symlink(_name: string, _target: string): Inode {
    return this.notDirectory();
  }
  /** Adds a hard link `name` to `target`. */
  link(_name: string, _target: Inode): void {
    return this.notDirectory();
  }
  readlink(): string {
    return fail("EINVAL");
  }
  /** Replaces the permission bits (the type bits stay). */
  chmod(_mode: number): void {
    fail("EPERM");
  }
  chown(_uid: number, _gid: number): void {
    fail("EPERM");
  }
  /** Sets atime and/or mtime (null leaves one unchanged); ctime becomes now. */
  setTimes(_atime: Timespec | null, _mtime: Timespec | null): void {
    fail("EPERM");
  }
  /** The containing directory inside this file system (a root is its own parent). */
  abstract parent(): Inode;
  statfs(): StatFs {
    return this.fs.statfs();
  }
  /** Makes this node's data and metadata durable. */
  fsync(): void {
    this.fs.sync();
  }
  /** Ready bits for poll(2); regular files are always ready. */
  poll(): number {
    return Poll.POLLIN | Poll.POLLOUT;
  }
  ioctl(_request: number, _arg: number): number {
    return fail("ENOTTY");
  }
  /** Called when an open file description on this node is created / finally closed. */
  onOpen(): void {}
  onRelease(): void {}

  /**
   * What the page cache compares to decide its copies of this file's pages are current: the
   * generation plus size, mtime and ctime (which also catch changes made behind the kernel's back,
   * on a host file). Undefined for anything but a regular file, and for nodes whose contents are
   * made on each read (SyntheticInode overrides it).
   */
  contentVersion(): string | undefined {
    if (!this.isRegular) return undefined;
    const s = this.stat();
    return `${this.generation}:${s.size}:${s.mtime.sec}.${s.mtime.nsec}:${s.ctime.sec}.${s.ctime.nsec}`;
  }

  /** stat(2) view of the node. */
  stat(): Stat {
    return {
      dev: this.fs.dev,
      ino: this.ino,
      mode: this.mode,
      nlink: this.nlink,
      uid: this.uid,
      gid: this.gid,
      rdev: this.rdev,
      size: this.size,
      blksize: 4096,
      blocks: Math.ceil(this.size / 512),
      atime: this.atime,
      mtime: this.mtime,
      ctime: this.ctime,
    };
  }

  private notDirectory(): never {
    return fail("ENOTDIR");
  }
}

const encoder = new TextEncoder();

/** Byte length of a name as stored (UTF-8). */
export function nameBytes(name: string): Uint8Array {
  return encoder.encode(name);
}

/** Validates one path component: ENOENT if empty, ENAMETOOLONG past 255 bytes, EINVAL on "/" or NUL. */
export function checkName(name: string): void {
  if (name.length === 0) fail("ENOENT");
  if (name.includes("/") || name.includes("\0")) fail("EINVAL", `bad name ${JSON.stringify(name)}`);
  if (name === "." || name === "..") fail("EEXIST");
  if (encoder.encode(name).length > NAME_MAX) fail("ENAMETOOLONG");
}

/**
 * The checks rename(2) makes once the source and the (possible) target are known: a directory may
 * only replace an empty directory, a non-directory only a non-directory, and a directory may not move
 * into its own subtree (`newDir` must not be `source` nor below it). Throws the Linux errno.
 */
export function checkRename(source: Inode, target: Inode | undefined, newDir: Inode): void {
  if (source.fs !== newDir.fs) fail("EXDEV");
  if (source.isDirectory) {
    for (let dir = newDir; ; dir = dir.parent()) {
      if (dir === source) fail("EINVAL", "cannot move a directory into itself");
      if (dir.parent() === dir) break;
    }
  }
  if (!target || target === source) return;
  if (source.isDirectory && !target.isDirectory) fail("ENOTDIR");
  if (!source.isDirectory && target.isDirectory) fail("EISDIR");
  if (target.isDirectory && target.readdir().length > 0) fail("ENOTEMPTY");
}

/** Timespec → nanoseconds as a bigint (for on-disk u64 fields). */
export function timespecToNs(t: Timespec): bigint {
  return BigInt(t.sec) * 1_000_000_000n + BigInt(t.nsec);
}

/** Nanoseconds (bigint) → Timespec. */
export function nsToTimespec(ns: bigint): Timespec {
  return { sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) };
}
