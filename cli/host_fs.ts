// hostfs: a host directory seen by the guest (qemu-user style): an Inode tree whose every
// operation is a synchronous node:fs call on the host path, with host errors mapped to errnos.
// Node identity is kept per host file (dev:ino), as the VFS requires; --mount uses it. Host only.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { Errno, LinuxErrno } from "../kernel/linux/errno.ts";
import {
  type DirEntry, type FileSystem, Inode, type StatFs, type Timespec, allocateDeviceNumber, checkName,
} from "../kernel/files/inode.ts";
import { FileType, NAME_MAX, PERMISSION_MASK, direntTypeOf } from "../kernel/files/file_mode.ts";

/** Options of a host mount. */
export interface HostFsOptions {
  /** Refuse every change with EROFS. */
  readOnly?: boolean;
}

/** Runs a node:fs call, turning its error `code` ("ENOENT") into the Linux Errno (EIO if unknown). */
export function hostCall<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code in LinuxErrno) throw new Errno(LinuxErrno[code as keyof typeof LinuxErrno], code);
    if (e instanceof Errno) throw e;
    throw new Errno(LinuxErrno.EIO, String(e));
  }
}

function fail(name: keyof typeof LinuxErrno): never {
  throw new Errno(LinuxErrno[name]);
}

/** A mounted host directory. */
export class HostFs implements FileSystem {
  readonly name = "hostfs";
  readonly dev = allocateDeviceNumber();
  readonly root: HostInode;
  readonly readOnly: boolean;
  /** Live nodes by host "dev:ino", so a host file is always the same Inode object. */
  private readonly nodes = new Map<string, HostInode>();

  /** `hostPath` must name a directory (ENOTDIR/ENOENT otherwise). */
  constructor(readonly hostPath: string, options: HostFsOptions = {}) {
    this.readOnly = options.readOnly ?? false;
    const st = hostCall(() => fs.statSync(hostPath, { bigint: true }));
    if (!st.isDirectory()) fail("ENOTDIR");
    this.root = new HostInode(this, undefined, "", keyOf(st));
    this.nodes.set(this.root.key, this.root);
  }

  /** The node for child `name` of `dir` (which must exist on the host). */
  child(dir: HostInode, name: string): HostInode {
    const st = hostCall(() => fs.lstatSync(`${dir.path}/${name}`, { bigint: true }));
    const key = keyOf(st);
    let node = this.nodes.get(key);
    if (!node || (node.cachedType !== undefined && node.cachedType !== (Number(st.mode) & FileType.S_IFMT))) {
      node = new HostInode(this, dir, name, key);
      this.nodes.set(key, node);
    } else if (node !== this.root) {
      node.moveTo(dir, name); // a hard link or a rename on the host: remember where it was seen last
    }
    node.cachedType = Number(st.mode) & FileType.S_IFMT;
    return node;
  }

  /** Forgets a node whose last name went away (unless still open: its host fd keeps it alive). */
  forget(node: HostInode): void {
    if (this.nodes.get(node.key) === node && !node.isOpen) this.nodes.delete(node.key);
  }

  statfs(): StatFs {
    const s = hostCall(() => fs.statfsSync(this.hostPath));
    return {
      type: s.type, blockSize: s.bsize, blocks: s.blocks, freeBlocks: s.bfree, availBlocks: s.bavail,
      files: s.files, freeFiles: s.ffree, nameMax: NAME_MAX,
    };
  }

  sync(): void {}

  /** EROFS when mounted read-only. */
  checkWritable(): void {
    if (this.readOnly) fail("EROFS");
  }
}

const keyOf = (st: fs.BigIntStats) => `${st.dev}:${st.ino}`;
const toTimespec = (ns: bigint): Timespec => ({ sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) });
const seconds = (t: Timespec) => t.sec + t.nsec / 1e9;

/** A host file, directory or symlink, addressed by its parent node and name (renames follow). */
export class HostInode extends Inode {
  readonly fs: HostFs;
  /** Type bits last seen on the host (detects a recycled inode number). */
  cachedType: number | undefined;
  private parentNode: HostInode | undefined;
  private name: string;
  private fd: number | undefined;
  private fdWritable = false;
  private opens = 0;

  constructor(fs: HostFs, parent: HostInode | undefined, name: string, readonly key: string) {
    super();
    this.fs = fs;
    this.parentNode = parent;
    this.name = name;
  }

  /** The host path this node was last seen under. */
  get path(): string {
    return this.parentNode ? `${this.parentNode.path}/${this.name}` : this.fs.hostPath;
  }

  get isOpen(): boolean {
    return this.opens > 0;
  }

  moveTo(parent: HostInode, name: string): void {
    this.parentNode = parent;
    this.name = name;
  }

  /** Fresh host metadata: through the open fd when there is one (the name may be gone). */
  private st(): fs.BigIntStats {
    const fd = this.fd;
    return hostCall(() => (fd !== undefined ? fs.fstatSync(fd, { bigint: true }) : fs.lstatSync(this.path, { bigint: true })));
  }

  get ino(): number { return Number(this.st().ino); }
  get mode(): number { return Number(this.st().mode); }
  get size(): number { return Number(this.st().size); }
  get nlink(): number { return Number(this.st().nlink); }
  get uid(): number { return Number(this.st().uid); }
  get gid(): number { return Number(this.st().gid); }
  get rdev(): number { return Number(this.st().rdev); }
  get atime(): Timespec { return toTimespec(this.st().atimeNs); }
  get mtime(): Timespec { return toTimespec(this.st().mtimeNs); }
  get ctime(): Timespec { return toTimespec(this.st().ctimeNs); }

  /** One host call for the whole stat(2) view. */
  override stat() {
    const s = this.st();
    return {
      dev: this.fs.dev, ino: Number(s.ino), mode: Number(s.mode), nlink: Number(s.nlink), uid: Number(s.uid),
      gid: Number(s.gid), rdev: Number(s.rdev), size: Number(s.size), blksize: Number(s.blksize),
      blocks: Number(s.blocks), atime: toTimespec(s.atimeNs), mtime: toTimespec(s.mtimeNs), ctime: toTimespec(s.ctimeNs),
    };
  }

  parent(): Inode {
    return this.parentNode ?? this;
  }

  override onOpen(): void {
    this.opens++;
    if (this.fd !== undefined || !this.isRegular) return;
    // Hold a host descriptor while the guest has the file open, so an unlinked file stays readable.
    try {
      this.fd = fs.openSync(this.path, this.fs.readOnly ? "r" : "r+");
      this.fdWritable = !this.fs.readOnly;
    } catch {
      try { this.fd = fs.openSync(this.path, "r"); } catch { /* unreadable: each call reports it */ }
    }
  }

  override onRelease(): void {
    if (--this.opens > 0 || this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
    this.fdWritable = false;
  }

  /** Runs `op` on a host descriptor: the held one, or a temporary one opened with `flags`. */
  private withFd<T>(write: boolean, op: (fd: number) => T): T {
    if (this.fd !== undefined && (!write || this.fdWritable)) return hostCall(() => op(this.fd!));
    const fd = hostCall(() => fs.openSync(this.path, write ? "r+" : "r"));
    try {
      return hostCall(() => op(fd));
    } finally {
      fs.closeSync(fd);
    }
  }

  override read(offset: number, length: number): Uint8Array {
    if (this.isDirectory) fail("EISDIR");
    if (this.isSymlink) fail("EINVAL");
    const buf = new Uint8Array(length);
    const n = this.withFd(false, (fd) => fs.readSync(fd, buf, 0, length, offset));
    return buf.subarray(0, n);
  }

  override write(offset: number, data: Uint8Array): number {
    this.fs.checkWritable();
    if (this.isDirectory) fail("EISDIR");
    return this.withFd(true, (fd) => fs.writeSync(fd, data, 0, data.length, offset));
  }

  override truncate(size: number): void {
    this.fs.checkWritable();
    if (this.isDirectory) fail("EISDIR");
    this.withFd(true, (fd) => fs.ftruncateSync(fd, size));
  }

  override lookup(name: string): Inode {
    if (!this.isDirectory) fail("ENOTDIR");
    return this.fs.child(this, name);
  }

  override readdir(): DirEntry[] {
    const entries = hostCall(() => fs.readdirSync(this.path));
    const out: DirEntry[] = [];
    for (const name of entries) {
      try {
        const st = fs.lstatSync(`${this.path}/${name}`, { bigint: true });
        out.push({ name, ino: Number(st.ino), type: direntTypeOf(Number(st.mode)) });
      } catch { /* vanished meanwhile */ }
    }
    return out;
  }

  private prepareChild(name: string): string {
    this.fs.checkWritable();
    if (!this.isDirectory) fail("ENOTDIR");
    checkName(name);
    return `${this.path}/${name}`;
  }

  override create(name: string, mode: number, _rdev = 0): Inode {
    const path = this.prepareChild(name);
    const type = mode & FileType.S_IFMT || FileType.S_IFREG;
    if (type === FileType.S_IFDIR) return this.mkdir(name, mode);
    if (type === FileType.S_IFIFO) {
      // node:fs has no mkfifo(3); the host's mkfifo(1) makes one. The guest's FIFO traffic stays in nk.
      if (fs.existsSync(path)) fail("EEXIST");
      const r = spawnSync("mkfifo", ["-m", (mode & 0o777).toString(8), path], { stdio: "ignore" });
      if (r.status !== 0) fail(fs.existsSync(path) ? "EEXIST" : "EPERM");
    } else if (type === FileType.S_IFREG) {
      hostCall(() => fs.closeSync(fs.openSync(path, "wx", mode & PERMISSION_MASK)));
    } else {
      fail("EPERM"); // device and socket nodes are not made on the host
    }
    hostCall(() => fs.chmodSync(path, mode & PERMISSION_MASK)); // undo the host umask
    return this.fs.child(this, name);
  }

  override mkdir(name: string, mode: number): Inode {
    const path = this.prepareChild(name);
    hostCall(() => fs.mkdirSync(path, mode & PERMISSION_MASK));
    hostCall(() => fs.chmodSync(path, mode & PERMISSION_MASK));
    return this.fs.child(this, name);
  }

  override symlink(name: string, target: string): Inode {
    const path = this.prepareChild(name);
    hostCall(() => fs.symlinkSync(target, path));
    return this.fs.child(this, name);
  }

  override link(name: string, target: Inode): void {
    const path = this.prepareChild(name);
    if (!(target instanceof HostInode) || target.fs !== this.fs) fail("EXDEV");
    hostCall(() => fs.linkSync(target.path, path));
  }

  override unlink(name: string): void {
    const path = this.prepareChild(name);
    const node = this.fs.child(this, name);
    if (node.isDirectory) fail("EISDIR");
    hostCall(() => fs.unlinkSync(path));
    this.fs.forget(node);
  }

  override rmdir(name: string): void {
    const path = this.prepareChild(name);
    const node = this.fs.child(this, name);
    hostCall(() => fs.rmdirSync(path));
    this.fs.forget(node);
  }

  override rename(oldName: string, newDir: Inode, newName: string): void {
    const from = this.prepareChild(oldName);
    if (!(newDir instanceof HostInode) || newDir.fs !== this.fs) fail("EXDEV");
    const to = newDir.prepareChild(newName);
    const node = this.fs.child(this, oldName);
    let victim: HostInode | undefined;
    try { victim = this.fs.child(newDir, newName); } catch { /* no target */ }
    hostCall(() => fs.renameSync(from, to));
    if (victim && victim !== node) this.fs.forget(victim);
    node.moveTo(newDir, newName);
  }

  override readlink(): string {
    if (!this.isSymlink) fail("EINVAL");
    return hostCall(() => fs.readlinkSync(this.path, "utf8"));
  }

  override chmod(mode: number): void {
    this.fs.checkWritable();
    if (this.isSymlink) fail("EOPNOTSUPP");
    hostCall(() => fs.chmodSync(this.path, mode & PERMISSION_MASK));
  }

  override chown(uid: number, gid: number): void {
    this.fs.checkWritable();
    const s = this.st();
    hostCall(() => fs.lchownSync(this.path, uid === -1 ? Number(s.uid) : uid, gid === -1 ? Number(s.gid) : gid));
  }

  override setTimes(atime: Timespec | null, mtime: Timespec | null): void {
    this.fs.checkWritable();
    if ((atime?.nsec ?? 0) === 0 && (mtime?.nsec ?? 0) === 0) {
      const a = atime ?? this.atime, m = mtime ?? this.mtime;
      hostCall(() => (this.isSymlink ? fs.lutimesSync : fs.utimesSync)(this.path, seconds(a), seconds(m)));
      return;
    }
    // node:fs takes seconds as a double (sub-microsecond loss); touch(1) passes nanoseconds exactly.
    for (const [flag, t] of [["-a", atime], ["-m", mtime]] as const) {
      if (!t) continue;
      const stamp = `@${t.sec}.${String(t.nsec).padStart(9, "0")}`;
      const r = spawnSync("touch", ["-h", "-c", flag, "-d", stamp, this.path], { stdio: "ignore" });
      if (r.status !== 0) this.st(); // report ENOENT and the like; otherwise keep going
    }
  }

  override fsync(): void {
    if (this.fd !== undefined) hostCall(() => fs.fsyncSync(this.fd!));
  }
}
