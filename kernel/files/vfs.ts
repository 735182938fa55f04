// The VFS: a mount table of Inode trees and path resolution (path_resolution(7)): cwd-relative
// walks, "." and "..", symlinks (ELOOP after 40), trailing slashes, mount crossing, and the
// path-based operations the syscall layer calls. Permission checks are not made (uid 0). Platform-neutral.
import { Errno, LinuxErrno, fail } from "../linux/errno.ts";
import { FileType, MAX_SYMLINK_FOLLOWS, NAME_MAX, OpenFlag, PATH_MAX, PERMISSION_MASK } from "./file_mode.ts";
import { type FileSystem, type Inode, type Stat, nameBytes } from "./inode.ts";
import { OpenFile, openFifo } from "./open_file.ts";

/** The directory holding a path's last component, and that component. */
export interface ParentLookup {
  dir: Inode;
  /** Last component; "." for "/" itself; may be "." or "..". */
  name: string;
  /** The path ended in "/" (the target must be a directory). */
  trailingSlash: boolean;
}

/** Where an open file was found: the directory and the name (for /proc/self/fd links). */
export interface Origin {
  dir?: Inode;
  name?: string;
}

/** One row of the mount table. */
export interface MountEntry {
  path: string;
  fs: FileSystem;
}

/**
 * The file name space. Every path method takes `base`, the directory relative paths start from (the
 * process's cwd, or a dirfd's inode for *at calls); absolute paths start at `root`.
 */
export class Vfs {
  readonly root: Inode;
  /** Maps a char/block device node (e.g. from NFSII) to the driver's inode; undefined: use the node. */
  deviceLookup?: (node: Inode) => Inode | undefined;
  private readonly covered = new Map<Inode, Inode>(); // mount point → mounted root
  private readonly mountedOn = new Map<Inode, Inode>(); // mounted root → mount point

  constructor(root: Inode) {
    this.root = root;
  }

  /** Mounts the tree `fsRoot` on directory `path` (EBUSY if something is mounted there). */
  mount(path: string, fsRoot: Inode, base: Inode = this.root): void {
    const point = this.resolve(path, base);
    if (!point.isDirectory) fail("ENOTDIR");
    if (this.covered.has(point) || point === this.root) fail("EBUSY");
    this.covered.set(point, fsRoot);
    this.mountedOn.set(fsRoot, point);
  }

  /** Unmounts whatever is mounted on `path` (EINVAL if it is not a mount root). */
  umount(path: string, base: Inode = this.root): void {
    const fsRoot = this.resolve(path, base);
    const point = this.mountedOn.get(fsRoot) ?? fail("EINVAL", "not a mount point");
    this.covered.delete(point);
    this.mountedOn.delete(fsRoot);
  }

  /** The mount table, root first (for /proc/mounts). */
  mounts(): MountEntry[] {
    const rows: MountEntry[] = [{ path: "/", fs: this.root.fs }];
    for (const [fsRoot] of this.mountedOn) rows.push({ path: this.realpath(fsRoot), fs: fsRoot.fs });
    return rows;
  }

  /** Resolves `path`; `follow` = follow a symlink in the last component (stat vs lstat). */
  resolve(path: string, base: Inode = this.root, follow = true): Inode {
    checkPath(path);
    const start = path.startsWith("/") ? this.root : base;
    return this.walk(start, path, follow);
  }

  /** Resolves a directory (chdir, dirfd checks): ENOTDIR otherwise. */
  resolveDirectory(path: string, base: Inode = this.root): Inode {
    const node = this.resolve(path, base);
    if (!node.isDirectory) fail("ENOTDIR");
    return node;
  }

  /** Splits off the last component and resolves the directory before it. */
  lookupParent(path: string, base: Inode = this.root): ParentLookup {
    checkPath(path);
    const trimmed = path.replace(/\/+$/, "");
    const trailingSlash = trimmed.length !== path.length;
    if (trimmed === "") return { dir: this.root, name: ".", trailingSlash };
    const cut = trimmed.lastIndexOf("/");
    const name = trimmed.slice(cut + 1);
    if (nameBytes(name).length > NAME_MAX) fail("ENAMETOOLONG");
    const dirPath = cut < 0 ? "." : trimmed.slice(0, cut + 1);
    const dir = this.walk(dirPath.startsWith("/") ? this.root : base, dirPath, true);
    if (!dir.isDirectory) fail("ENOTDIR");
    return { dir, name, trailingSlash };
  }

  /** stat(2) / lstat(2). */
  stat(path: string, base: Inode = this.root, follow = true): Stat {
    return this.resolve(path, base, follow).stat();
  }

  /**
   * open(2)/openat(2): returns a new description with one reference. `mode` is used with O_CREAT
   * (the caller has applied the umask). FIFOs open their shared pipe (see OpenFile.waitingForPeer).
   */
  open(path: string, flags: number, mode = 0o666, base: Inode = this.root): OpenFile {
    const follow = (flags & OpenFlag.O_NOFOLLOW) === 0;
    let inode: Inode;
    let created = false;
    const origin: Origin = {};
    if (flags & OpenFlag.O_CREAT) {
      const { dir, name, trailingSlash } = this.lookupParent(path, base);
      const existing = this.tryChild(dir, name);
      if (existing && flags & OpenFlag.O_EXCL) fail("EEXIST");
      if (trailingSlash || existing?.isDirectory) fail("EISDIR");
      origin.dir = dir;
      origin.name = name;
      if (!existing) {
        inode = dir.create(name, FileType.S_IFREG | (mode & PERMISSION_MASK));
        created = true;
      } else if (existing.isSymlink) {
        if (!follow) fail("ELOOP");
        inode = this.resolveWithOrigin(path, base, true, origin);
      } else {
        inode = existing;
      }
    } else {
      inode = this.resolveWithOrigin(path, base, follow, origin);
      if (inode.isSymlink && !(flags & OpenFlag.O_PATH)) fail("ELOOP");
    }
    if (flags & OpenFlag.O_DIRECTORY && !inode.isDirectory) fail("ENOTDIR");
    const file = this.openInode(inode, flags, created);
    file.origin = origin;
    return file;
  }

  /** The path an open file was opened under, with " (deleted)" once that name is gone. */
  pathOf(file: OpenFile): string {
    const { dir, name } = file.origin ?? {};
    if (file.inode.isDirectory || !dir || name === undefined) return this.realpath(file.inode);
    const path = `${this.realpath(dir).replace(/\/$/, "")}/${name}`;
    return this.tryChild(dir, name) === file.inode ? path : `${path} (deleted)`;
  }

  private resolveWithOrigin(path: string, base: Inode, follow: boolean, origin: Origin): Inode {
    checkPath(path);
    return this.walk(path.startsWith("/") ? this.root : base, path, follow, origin);
  }

  private openInode(found: Inode, flags: number, created: boolean): OpenFile {
    let inode = found;
    if (flags & OpenFlag.O_PATH) return new OpenFile(inode, flags & (OpenFlag.O_PATH | OpenFlag.O_DIRECTORY));
    const accessMode = flags & OpenFlag.O_ACCMODE;
    if (accessMode === OpenFlag.O_ACCMODE) fail("EINVAL");
    if (inode.isDirectory && accessMode !== OpenFlag.O_RDONLY) fail("EISDIR");
    if (inode.isFifo) return openFifo(inode, flags);
    const type = inode.mode & FileType.S_IFMT;
    if ((type === FileType.S_IFCHR || type === FileType.S_IFBLK) && this.deviceLookup) {
      inode = this.deviceLookup(inode) ?? fail("ENXIO");
    }
    if (flags & OpenFlag.O_TRUNC && !created && inode.isRegular && accessMode !== OpenFlag.O_RDONLY) inode.truncate(0);
    return new OpenFile(inode, flags);
  }

  /** mkdir(2). */
  mkdir(path: string, mode: number, base: Inode = this.root): Inode {
    const { dir, name } = this.lookupParent(path, base);
    if (name === "." || name === "..") fail("EEXIST");
    return dir.mkdir(name, mode & PERMISSION_MASK);
  }

  /** mknod(2)/mkfifo(3): `mode` carries the type (S_IFIFO, S_IFCHR, S_IFBLK, S_IFREG, S_IFSOCK). */
  mknod(path: string, mode: number, rdev = 0, base: Inode = this.root): Inode {
    const { dir, name, trailingSlash } = this.lookupParent(path, base);
    if (name === "." || name === "..") fail("EEXIST");
    if (trailingSlash) fail("ENOENT");
    const type = mode & FileType.S_IFMT || FileType.S_IFREG;
    if (type === FileType.S_IFDIR || type === FileType.S_IFLNK) fail("EINVAL");
    return dir.create(name, type | (mode & PERMISSION_MASK), rdev);
  }

  /** unlink(2): non-directories only. */
  unlink(path: string, base: Inode = this.root): void {
    const { dir, name, trailingSlash } = this.lookupParent(path, base);
    if (name === "." || name === "..") fail("EISDIR");
    const node = dir.lookup(name);
    if (node.isDirectory) fail("EISDIR");
    if (trailingSlash) fail("ENOTDIR");
    dir.unlink(name);
  }

  /** rmdir(2). */
  rmdir(path: string, base: Inode = this.root): void {
    const { dir, name } = this.lookupParent(path, base);
    if (name === "." && dir === this.root && /^\/+$/.test(path)) fail("EBUSY");
    if (name === ".") fail("EINVAL");
    if (name === "..") fail("ENOTEMPTY");
    const node = dir.lookup(name);
    if (this.covered.has(node)) fail("EBUSY");
    dir.rmdir(name);
  }

  /** rename(2). EXDEV across file systems, EBUSY on mount points and "."/"..". */
  rename(oldPath: string, newPath: string, base: Inode = this.root, newBase: Inode = base): void {
    const from = this.lookupParent(oldPath, base);
    const to = this.lookupParent(newPath, newBase);
    for (const name of [from.name, to.name]) if (name === "." || name === "..") fail("EBUSY");
    const source = from.dir.lookup(from.name);
    if (this.covered.has(source)) fail("EBUSY");
    if ((from.trailingSlash || to.trailingSlash) && !source.isDirectory) fail("ENOTDIR");
    if (from.dir.fs !== to.dir.fs) fail("EXDEV");
    const target = this.tryChild(to.dir, to.name);
    if (target && this.covered.has(target)) fail("EBUSY");
    from.dir.rename(from.name, to.dir, to.name);
  }

  /** symlink(2): creates `path` pointing at `target`. */
  symlink(target: string, path: string, base: Inode = this.root): Inode {
    if (target === "") fail("ENOENT");
    const { dir, name } = this.lookupParent(path, base);
    if (name === "." || name === "..") fail("EEXIST");
    return dir.symlink(name, target);
  }

  /** link(2): `newPath` becomes another name of `oldPath` (not followed, as Linux). */
  link(oldPath: string, newPath: string, base: Inode = this.root, follow = false): void {
    const source = this.resolve(oldPath, base, follow);
    if (source.isDirectory) fail("EPERM");
    const { dir, name } = this.lookupParent(newPath, base);
    if (name === "." || name === "..") fail("EEXIST");
    if (dir.fs !== source.fs) fail("EXDEV");
    dir.link(name, source);
  }

  /** readlink(2). */
  readlink(path: string, base: Inode = this.root): string {
    return this.resolve(path, base, false).readlink();
  }

  /** truncate(2). */
  truncate(path: string, size: number, base: Inode = this.root): void {
    const node = this.resolve(path, base);
    if (node.isDirectory) fail("EISDIR");
    if (size < 0) fail("EINVAL");
    node.truncate(size);
  }

  /** ".." of `dir` in the name space: crosses mount points upwards; the root is its own parent. */
  parentOf(dir: Inode): Inode {
    let node = dir;
    while (node !== this.root) {
      const point = this.mountedOn.get(node);
      if (!point) return node.parent();
      node = point;
    }
    return this.root;
  }

  /**
   * The absolute path of `inode` (getcwd, /proc/self/exe, /proc/self/fd/N). Names are found by
   * scanning each parent; an unlinked node gets Linux's " (deleted)" suffix.
   */
  realpath(inode: Inode): string {
    const parts: string[] = [];
    let node = inode;
    for (let depth = 0; node !== this.root; depth++) {
      if (depth > PATH_MAX) fail("ENAMETOOLONG");
      const point = this.mountedOn.get(node);
      if (point) {
        node = point;
        continue;
      }
      const parent = node.parent();
      const name = parent === node ? undefined : nameIn(parent, node);
      if (name === undefined) {
        const head = parent === node ? "" : this.realpath(parent).replace(/\/$/, "");
        return `${head}${parts.length > 0 ? joinPath(parts) : ""} (deleted)`;
      }
      parts.push(name);
      node = parent;
    }
    return joinPath(parts);
  }

  /** The child `name` of `dir` ("." and ".." included), after mount crossing; undefined if absent. */
  private tryChild(dir: Inode, name: string): Inode | undefined {
    if (name === ".") return dir;
    if (name === "..") return this.parentOf(dir);
    try {
      return this.crossMount(dir.lookup(name));
    } catch (error) {
      if (error instanceof Errno && error.code === LinuxErrno.ENOENT) return undefined;
      throw error;
    }
  }

  private crossMount(node: Inode): Inode {
    let current = node;
    for (let next = this.covered.get(current); next; next = this.covered.get(current)) current = next;
    return current;
  }

  /** The component walk. Components come off a stack so a symlink's target is spliced in place. */
  private walk(start: Inode, path: string, follow: boolean, origin?: Origin): Inode {
    const stack = path.split("/").filter((part) => part !== "").reverse();
    let mustBeDirectory = path.endsWith("/");
    let current = this.crossMount(start);
    let links = 0;
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (!current.isDirectory) fail("ENOTDIR");
      if (name === ".") continue;
      if (name === "..") {
        current = this.crossMount(this.parentOf(current));
        continue;
      }
      if (nameBytes(name).length > NAME_MAX) fail("ENAMETOOLONG");
      const child = this.crossMount(current.lookup(name));
      const last = stack.length === 0;
      if (child.isSymlink && (!last || follow || mustBeDirectory)) {
        if (++links > MAX_SYMLINK_FOLLOWS) fail("ELOOP");
        const target = child.readlink();
        if (target === "") fail("ENOENT");
        if (last && target.endsWith("/")) mustBeDirectory = true;
        if (target.startsWith("/")) current = this.crossMount(this.root);
        stack.push(...target.split("/").filter((part) => part !== "").reverse());
        continue;
      }
      if (origin && last) {
        origin.dir = current;
        origin.name = name;
      }
      current = child;
    }
    if (mustBeDirectory && !current.isDirectory) fail("ENOTDIR");
    return current;
  }
}

function checkPath(path: string): void {
  if (path === "") fail("ENOENT");
  if (nameBytes(path).length >= PATH_MAX) fail("ENAMETOOLONG");
}

function nameIn(dir: Inode, node: Inode): string | undefined {
  for (const entry of dir.readdir()) {
    if (entry.ino !== node.ino) continue;
    try {
      if (dir.lookup(entry.name) === node) return entry.name;
    } catch {
      // raced away: keep looking
    }
  }
  return undefined;
}

function joinPath(reversedParts: string[]): string {
  return "/" + [...reversedParts].reverse().join("/");
}
