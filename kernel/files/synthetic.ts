// Synthetic inodes for devfs and procfs: directories, files and symlinks whose content comes from
// callbacks, so /proc/self/maps or /dev/null are a few lines each. Platform-neutral.
import { fail } from "../linux/errno.ts";
import { FileType, NAME_MAX, PERMISSION_MASK, Poll, direntTypeOf } from "./file_mode.ts";
import {
  type DirEntry, type FileSystem, Inode, type StatFs, type TimeSource, type Timespec,
  allocateDeviceNumber, wallClock,
} from "./inode.ts";
import type { WaitQueue } from "./wait_queue.ts";

/** A file system of synthetic nodes (one per devfs / procfs mount). */
export class SyntheticFs implements FileSystem {
  readonly dev = allocateDeviceNumber();
  readonly root: SyntheticDir;
  readonly now: TimeSource;
  private nextIno = 1;

  /** `magic` is the statfs f_type (PROC_SUPER_MAGIC 0x9fa0, DEVFS/tmpfs 0x01021994). */
  constructor(readonly name: string, readonly magic: number, now: TimeSource = wallClock) {
    this.now = now;
    this.root = new SyntheticDir(this, { mode: 0o755 });
  }

  allocateIno(): number {
    return this.nextIno++;
  }

  statfs(): StatFs {
    return {
      type: this.magic, blockSize: 4096, blocks: 0, freeBlocks: 0, availBlocks: 0, files: 0, freeFiles: 0,
      nameMax: NAME_MAX,
    };
  }

  sync(): void {}
}

/** Common fields of synthetic nodes: fixed owner, times set at creation. */
abstract class SyntheticNode extends Inode {
  readonly ino: number;
  mode: number;
  nlink = 1;
  uid = 0;
  gid = 0;
  rdev = 0;
  readonly atime: Timespec;
  readonly mtime: Timespec;
  readonly ctime: Timespec;
  /** Set by SyntheticDir.add. */
  parentDir: Inode | undefined;

  constructor(readonly fs: SyntheticFs, mode: number) {
    super();
    this.ino = fs.allocateIno();
    this.mode = mode;
    this.atime = this.mtime = this.ctime = fs.now();
  }

  /** Contents come from callbacks on each read: never shared through the page cache. */
  override contentVersion(): undefined {
    return undefined;
  }

  parent(): Inode {
    return this.parentDir ?? this;
  }

  override chmod(mode: number): void {
    this.mode = (this.mode & FileType.S_IFMT) | (mode & PERMISSION_MASK);
  }
}

/** Options of a SyntheticFile. Without `read`/`content` it reads empty; without `write`, EACCES. */
export interface SyntheticFileOptions {
  /** Permission bits, and type bits for device nodes (e.g. S_IFCHR | 0o666). Default S_IFREG | 0o444. */
  mode?: number;
  rdev?: number;
  /** Whole content, regenerated on each read (procfs style). */
  content?: () => Uint8Array | string;
  /** Stream read (devices): overrides `content`. */
  read?: (offset: number, length: number) => Uint8Array;
  write?: (offset: number, data: Uint8Array) => number;
  poll?: () => number;
  ioctl?: (request: number, arg: number) => number;
  truncate?: (size: number) => void;
  waitQueue?: WaitQueue;
}

const encoder = new TextEncoder();

/** A file (or device node) whose bytes come from callbacks. */
export class SyntheticFile extends SyntheticNode {
  override readonly waitQueue?: WaitQueue;
  private readonly options: SyntheticFileOptions;

  constructor(fs: SyntheticFs, options: SyntheticFileOptions = {}) {
    const mode = options.mode ?? 0o444;
    super(fs, (mode & FileType.S_IFMT) === 0 ? FileType.S_IFREG | mode : mode);
    this.options = options;
    this.rdev = options.rdev ?? 0;
    this.waitQueue = options.waitQueue;
  }

  /** Size of the current content (0 for stream devices), as procfs reports 0 and ls shows it. */
  get size(): number {
    return this.options.content && !this.options.read ? this.bytes().length : 0;
  }

  override read(offset: number, length: number): Uint8Array {
    if (this.options.read) return this.options.read(offset, length);
    if (!this.options.content) return new Uint8Array(0);
    return this.bytes().slice(offset, offset + length);
  }

  override write(offset: number, data: Uint8Array): number {
    return this.options.write ? this.options.write(offset, data) : fail("EACCES");
  }

  override truncate(size: number): void {
    if (this.options.truncate) this.options.truncate(size);
    else if (!this.options.write) fail("EACCES");
  }

  override poll(): number {
    return this.options.poll ? this.options.poll() : Poll.POLLIN | Poll.POLLOUT;
  }

  override ioctl(request: number, arg: number): number {
    return this.options.ioctl ? this.options.ioctl(request, arg) : fail("ENOTTY");
  }

  private bytes(): Uint8Array {
    const content = this.options.content!();
    return typeof content === "string" ? encoder.encode(content) : content;
  }
}

/** A symlink whose target comes from a callback (/proc/self → "42"). */
export class SyntheticSymlink extends SyntheticNode {
  constructor(fs: SyntheticFs, private readonly target: () => string) {
    super(fs, FileType.S_IFLNK | 0o777);
  }

  get size(): number {
    return encoder.encode(this.target()).length;
  }

  override readlink(): string {
    return this.target();
  }
}

/** Options of a SyntheticDir. */
export interface SyntheticDirOptions {
  mode?: number;
  /** Extra children computed on each lookup/readdir (e.g. one directory per live pid). */
  dynamic?: () => Map<string, Inode>;
}

/**
 * A directory of fixed children (`add`) plus optional dynamic ones. Dynamic children should be
 * cached by the caller if their identity must be stable (mounting on them is not supported).
 */
export class SyntheticDir extends SyntheticNode {
  private readonly fixed = new Map<string, Inode>();
  private readonly dynamic?: () => Map<string, Inode>;

  constructor(fs: SyntheticFs, options: SyntheticDirOptions = {}) {
    super(fs, FileType.S_IFDIR | ((options.mode ?? 0o555) & PERMISSION_MASK));
    this.dynamic = options.dynamic;
    this.nlink = 2;
  }

  get size(): number {
    return 0;
  }

  /** Adds a fixed child; returns it for chaining. */
  add<T extends Inode>(name: string, child: T): T {
    if (this.fixed.has(name)) fail("EEXIST", name);
    this.fixed.set(name, child);
    if (child instanceof SyntheticNode) child.parentDir = this;
    return child;
  }

  /** Removes a fixed child (devfs hot-unplug). */
  remove(name: string): void {
    if (!this.fixed.delete(name)) fail("ENOENT", name);
  }

  override lookup(name: string): Inode {
    const child = this.fixed.get(name) ?? this.dynamic?.().get(name);
    if (!child) fail("ENOENT", name);
    if (child instanceof SyntheticNode && !child.parentDir) child.parentDir = this;
    return child;
  }

  override readdir(): DirEntry[] {
    const all = new Map(this.fixed);
    for (const [name, node] of this.dynamic?.() ?? []) if (!all.has(name)) all.set(name, node);
    return [...all].map(([name, node]) => ({ name, ino: node.ino, type: direntTypeOf(node.mode) }));
  }
}
