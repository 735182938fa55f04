// tmpfs: an in-memory Inode tree, used for /tmp and as a fast root file system when nk runs with no
// disk. Supports everything the Inode interface has, hard links included. Platform-neutral.
import { fail } from "../linux/errno.ts";
import { FileType, NAME_MAX, PERMISSION_MASK, direntTypeOf } from "./file_mode.ts";
import {
  type DirEntry, type FileSystem, Inode, type StatFs, type TimeSource, type Timespec,
  allocateDeviceNumber, checkName, checkRename, wallClock,
} from "./inode.ts";

/** statfs f_type of tmpfs. Source: include/uapi/linux/magic.h. */
export const TMPFS_MAGIC = 0x01021994;

/** Options of a tmpfs instance. */
export interface TmpfsOptions {
  now?: TimeSource;
  /** Byte limit of file data (ENOSPC beyond). Default 256 MiB. */
  maxBytes?: number;
  /** Permission bits of the root directory. Default 0o1777 (as /tmp). */
  rootMode?: number;
}

/** One tmpfs instance. */
export class Tmpfs implements FileSystem {
  readonly name = "tmpfs";
  readonly dev = allocateDeviceNumber();
  readonly root: TmpfsInode;
  readonly now: TimeSource;
  readonly maxBytes: number;
  usedBytes = 0;
  inodeCount = 0;
  private nextIno = 1;

  constructor(options: TmpfsOptions = {}) {
    this.now = options.now ?? wallClock;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.root = new TmpfsInode(this, FileType.S_IFDIR | (options.rootMode ?? 0o1777), undefined);
    this.root.nlink = 2;
  }

  allocateIno(): number {
    this.inodeCount++;
    return this.nextIno++;
  }

  statfs(): StatFs {
    const blocks = Math.ceil(this.maxBytes / 4096);
    const free = blocks - Math.ceil(this.usedBytes / 4096);
    return {
      type: TMPFS_MAGIC, blockSize: 4096, blocks, freeBlocks: free, availBlocks: free,
      files: this.inodeCount + 65536, freeFiles: 65536, nameMax: NAME_MAX,
    };
  }

  sync(): void {}
}

/** A tmpfs node; which fields matter depends on the type bits of `mode`. */
export class TmpfsInode extends Inode {
  readonly fs: Tmpfs;
  readonly ino: number;
  mode: number;
  nlink = 1;
  uid = 0;
  gid = 0;
  rdev = 0;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
  /** Directory containing this node (the most recent link, for files with several). */
  parentDir: TmpfsInode;
  private data = new Uint8Array(0);
  private length = 0;
  private readonly children = new Map<string, TmpfsInode>();
  private target = "";

  constructor(fs: Tmpfs, mode: number, parentDir: TmpfsInode | undefined) {
    super();
    this.fs = fs;
    this.ino = fs.allocateIno();
    this.mode = mode;
    this.parentDir = parentDir ?? this;
    this.atime = this.mtime = this.ctime = fs.now();
  }

  get size(): number {
    if (this.isDirectory) return this.children.size * 32;
    if (this.isSymlink) return new TextEncoder().encode(this.target).length;
    return this.length;
  }

  parent(): Inode {
    return this.parentDir;
  }

  override read(offset: number, length: number): Uint8Array {
    if (!this.isRegular) return super.read(offset, length);
    this.atime = this.fs.now();
    if (offset >= this.length) return new Uint8Array(0);
    return this.data.slice(offset, Math.min(this.length, offset + length));
  }

  override write(offset: number, bytes: Uint8Array): number {
    if (!this.isRegular) return super.write(offset, bytes);
    const end = offset + bytes.length;
    if (end > this.length) this.resize(end);
    this.data.set(bytes, offset);
    this.touch();
    return bytes.length;
  }

  override truncate(size: number): void {
    if (!this.isRegular) return super.truncate(size);
    if (size < 0) fail("EINVAL");
    this.resize(size);
    this.touch();
  }

  override lookup(name: string): Inode {
    this.directory();
    return this.children.get(name) ?? fail("ENOENT", name);
  }

  override readdir(): DirEntry[] {
    this.directory();
    return [...this.children].map(([name, node]) => ({ name, ino: node.ino, type: direntTypeOf(node.mode) }));
  }

  override create(name: string, mode: number, rdev = 0): Inode {
    if ((mode & FileType.S_IFMT) === FileType.S_IFDIR) return this.mkdir(name, mode);
    const node = this.addChild(name, (mode & FileType.S_IFMT || FileType.S_IFREG) | (mode & PERMISSION_MASK));
    node.rdev = rdev;
    return node;
  }

  override mkdir(name: string, mode: number): Inode {
    const node = this.addChild(name, FileType.S_IFDIR | (mode & PERMISSION_MASK));
    node.nlink = 2;
    this.nlink++;
    return node;
  }

  override symlink(name: string, target: string): Inode {
    const node = this.addChild(name, FileType.S_IFLNK | 0o777);
    node.target = target;
    return node;
  }

  override link(name: string, target: Inode): void {
    if (!(target instanceof TmpfsInode) || target.fs !== this.fs) fail("EXDEV");
    if (target.isDirectory) fail("EPERM");
    this.insert(name, target);
    target.nlink++;
    target.ctime = this.fs.now();
  }

  override unlink(name: string): void {
    const node = this.lookup(name) as TmpfsInode;
    if (node.isDirectory) fail("EISDIR");
    this.remove(name, node);
  }

  override rmdir(name: string): void {
    const node = this.lookup(name) as TmpfsInode;
    if (!node.isDirectory) fail("ENOTDIR");
    if (node.children.size > 0) fail("ENOTEMPTY");
    this.remove(name, node);
    this.nlink--;
  }

  override rename(oldName: string, newDir: Inode, newName: string): void {
    const node = this.lookup(oldName) as TmpfsInode;
    if (!(newDir instanceof TmpfsInode) || newDir.fs !== this.fs) fail("EXDEV");
    checkName(newName);
    const victim = newDir.children.get(newName);
    checkRename(node, victim, newDir);
    if (victim === node) return;
    if (victim) (victim.isDirectory ? newDir.rmdir(newName) : newDir.unlink(newName));
    this.children.delete(oldName);
    newDir.children.set(newName, node);
    if (node.isDirectory && newDir !== this) {
      this.nlink--;
      newDir.nlink++;
    }
    node.parentDir = newDir;
    const now = this.fs.now();
    node.ctime = this.mtime = this.ctime = newDir.mtime = newDir.ctime = now;
  }

  override readlink(): string {
    return this.isSymlink ? this.target : fail("EINVAL");
  }

  override chmod(mode: number): void {
    this.mode = (this.mode & FileType.S_IFMT) | (mode & PERMISSION_MASK);
    this.ctime = this.fs.now();
  }

  override chown(uid: number, gid: number): void {
    if (uid !== -1) this.uid = uid;
    if (gid !== -1) this.gid = gid;
    this.ctime = this.fs.now();
  }

  override setTimes(atime: Timespec | null, mtime: Timespec | null): void {
    if (atime) this.atime = atime;
    if (mtime) this.mtime = mtime;
    this.ctime = this.fs.now();
  }

  private directory(): void {
    if (!this.isDirectory) fail("ENOTDIR");
  }

  private addChild(name: string, mode: number): TmpfsInode {
    this.directory();
    checkName(name);
    if (this.children.has(name)) fail("EEXIST", name);
    const node = new TmpfsInode(this.fs, mode, this);
    this.insert(name, node);
    return node;
  }

  private insert(name: string, node: TmpfsInode): void {
    this.directory();
    checkName(name);
    if (this.children.has(name)) fail("EEXIST", name);
    this.children.set(name, node);
    node.parentDir = this;
    this.mtime = this.ctime = this.fs.now();
  }

  private remove(name: string, node: TmpfsInode): void {
    this.children.delete(name);
    node.nlink = node.isDirectory ? 0 : node.nlink - 1;
    node.ctime = this.mtime = this.ctime = this.fs.now();
    if (node.nlink === 0) {
      this.fs.inodeCount--;
      this.fs.usedBytes -= node.data.length; // the data stays readable through open files (GC frees it)
    }
  }

  private resize(size: number): void {
    if (size > this.data.length) {
      const capacity = Math.max(size, Math.min(this.data.length * 2, size + (1 << 20)));
      if (this.fs.usedBytes + capacity - this.data.length > this.fs.maxBytes) fail("ENOSPC");
      const grown = new Uint8Array(capacity);
      grown.set(this.data.subarray(0, this.length));
      this.fs.usedBytes += capacity - this.data.length;
      this.data = grown;
    } else if (size < this.length) {
      this.data.fill(0, size, this.length); // so a later growth reads zeros
    }
    this.length = size;
  }

  private touch(): void {
    this.generation++; // the page cache's copies of this file are stale
    this.mtime = this.ctime = this.fs.now();
  }
}
