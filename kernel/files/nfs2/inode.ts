// An NFSII node as an Inode: the node record kept in memory and written through its file system in
// crash-safe order. NFSII keeps the name in the node (thesis §3.3.3), so it has no hard links.
// Platform-neutral.
import { fail } from "../../linux/errno.ts";
import { FileType, PERMISSION_MASK, direntTypeOf } from "../file_mode.ts";
import { type DirEntry, Inode, type Timespec, checkName, checkRename, nameBytes } from "../inode.ts";
import type { Nfs2FileSystem } from "./file_system.ts";
import { NodeType, type NodeRecord, SLOT_SIZE } from "./layout.ts";

/** Node type byte of a mode's S_IFMT bits. */
export function nodeTypeOfMode(mode: number): NodeType {
  switch (mode & FileType.S_IFMT) {
    case FileType.S_IFDIR: return NodeType.Directory;
    case FileType.S_IFLNK: return NodeType.Symlink;
    case FileType.S_IFCHR: return NodeType.CharDevice;
    case FileType.S_IFBLK: return NodeType.BlockDevice;
    case FileType.S_IFIFO: return NodeType.Fifo;
    case FileType.S_IFSOCK: return NodeType.Socket;
    default: return NodeType.Regular;
  }
}

interface Entry {
  node: Nfs2Inode;
  slot: number;
}

/** One NFSII node. `ino` is its block number. Obtain through Nfs2FileSystem.node(). */
export class Nfs2Inode extends Inode {
  readonly fs: Nfs2FileSystem;
  readonly block: number;
  readonly record: NodeRecord;
  private openCount = 0;
  private entries?: Map<string, Entry>;
  private holes: number[] = [];

  constructor(fs: Nfs2FileSystem, block: number, record: NodeRecord) {
    super();
    this.fs = fs;
    this.block = block;
    this.record = record;
  }

  get ino(): number {
    return this.block;
  }
  get mode(): number {
    return this.record.mode;
  }
  get size(): number {
    return this.record.size;
  }
  get nlink(): number {
    return this.record.nlink;
  }
  get uid(): number {
    return this.record.uid;
  }
  get gid(): number {
    return this.record.gid;
  }
  get rdev(): number {
    return this.record.rdev;
  }
  get atime(): Timespec {
    return this.record.atime;
  }
  get mtime(): Timespec {
    return this.record.mtime;
  }
  get ctime(): Timespec {
    return this.record.ctime;
  }

  parent(): Inode {
    return this.record.parent === this.block ? this : this.fs.node(this.record.parent);
  }

  override read(offset: number, length: number): Uint8Array {
    if (!this.isRegular) return super.read(offset, length);
    return this.fs.readData(this, offset, length); // noatime: a read never writes the disk
  }

  override write(offset: number, data: Uint8Array): number {
    if (!this.isRegular) return super.write(offset, data);
    if (data.length > 0) this.fs.writeData(this, offset, data);
    this.generation++; // the page cache's copies of this file are stale
    return data.length;
  }

  override truncate(size: number): void {
    if (!this.isRegular) return super.truncate(size);
    if (size < 0) fail("EINVAL");
    this.fs.truncateData(this, size);
    this.generation++;
  }

  override readlink(): string {
    if (!this.isSymlink) fail("EINVAL");
    return new TextDecoder().decode(this.fs.readData(this, 0, this.record.size));
  }

  override lookup(name: string): Inode {
    return (this.loadEntries().get(name) ?? fail("ENOENT", name)).node;
  }

  override readdir(): DirEntry[] {
    return [...this.loadEntries()].map(([name, { node }]) => ({ name, ino: node.ino, type: direntTypeOf(node.mode) }));
  }

  override create(name: string, mode: number, rdev = 0): Inode {
    const type = mode & FileType.S_IFMT || FileType.S_IFREG;
    if (type === FileType.S_IFDIR) return this.mkdir(name, mode);
    return this.addNode(name, type | (mode & PERMISSION_MASK), rdev);
  }

  override mkdir(name: string, mode: number): Inode {
    return this.addNode(name, FileType.S_IFDIR | (mode & PERMISSION_MASK), 0);
  }

  override symlink(name: string, target: string): Inode {
    return this.addNode(name, FileType.S_IFLNK | 0o777, 0, nameBytes(target));
  }

  override link(_name: string, _target: Inode): void {
    this.loadEntries();
    fail("EPERM", "NFSII keeps names in nodes: no hard links");
  }

  override unlink(name: string): void {
    const entry = this.loadEntries().get(name) ?? fail("ENOENT", name);
    if (entry.node.isDirectory) fail("EISDIR");
    this.removeEntry(name, entry);
    this.drop(entry.node);
  }

  override rmdir(name: string): void {
    const entry = this.loadEntries().get(name) ?? fail("ENOENT", name);
    if (!entry.node.isDirectory) fail("ENOTDIR");
    if (entry.node.loadEntries().size > 0) fail("ENOTEMPTY");
    this.record.nlink--;
    this.removeEntry(name, entry);
    this.drop(entry.node);
  }

  /**
   * Write order: (1) the target directory's slot gets the node (replacing a victim), (2) the node's
   * name and parent change in one write — the atomic switch, since a listing only shows nodes whose
   * parent is that directory — (3) the old slot is cleared.
   */
  override rename(oldName: string, newDir: Inode, newName: string): void {
    const source = this.loadEntries().get(oldName) ?? fail("ENOENT", oldName);
    if (!(newDir instanceof Nfs2Inode) || newDir.fs !== this.fs) fail("EXDEV");
    checkName(newName);
    const victim = newDir.loadEntries().get(newName);
    checkRename(source.node, victim?.node, newDir);
    if (victim?.node === source.node) return;
    const node = source.node;
    let slot = source.slot;
    if (victim) {
      slot = victim.slot;
      this.fs.writeSlot(newDir, slot, node.block);
    } else if (newDir !== this) {
      slot = newDir.appendSlot(node.block);
    }
    const now = this.fs.now();
    node.record.name = newName;
    node.record.parent = newDir.block;
    node.record.ctime = now;
    this.fs.writeNode(node);
    if (slot !== source.slot) {
      this.fs.writeSlot(this, source.slot, 0);
      this.holes.push(source.slot);
    }
    this.entries!.delete(oldName);
    newDir.entries!.set(newName, { node, slot });
    if (node.isDirectory && newDir !== this) {
      this.record.nlink--;
      newDir.record.nlink++;
    }
    if (victim?.node.isDirectory) newDir.record.nlink--;
    for (const dir of new Set([this, newDir])) {
      dir.record.mtime = dir.record.ctime = now;
      this.fs.writeNode(dir);
    }
    if (victim) this.drop(victim.node);
  }

  override chmod(mode: number): void {
    this.record.mode = (this.record.mode & FileType.S_IFMT) | (mode & PERMISSION_MASK);
    this.updateNode();
  }

  override chown(uid: number, gid: number): void {
    if (uid !== -1) this.record.uid = uid;
    if (gid !== -1) this.record.gid = gid;
    this.updateNode();
  }

  override setTimes(atime: Timespec | null, mtime: Timespec | null): void {
    if (atime) this.record.atime = atime;
    if (mtime) this.record.mtime = mtime;
    this.updateNode();
  }

  override onOpen(): void {
    this.openCount++;
  }

  /** The last close of an unlinked node frees its blocks (the POSIX "delete on last close"). */
  override onRelease(): void {
    this.openCount--;
    if (this.record.nlink === 0 && this.openCount === 0) this.fs.releaseNode(this);
  }

  private updateNode(): void {
    this.record.ctime = this.fs.now();
    this.fs.writeNode(this);
  }

  private loadEntries(): Map<string, Entry> {
    if (this.entries) return this.entries;
    if (!this.isDirectory) fail("ENOTDIR");
    const entries = new Map<string, Entry>();
    const seen = new Set<number>();
    this.fs.readSlots(this).forEach((pointer, slot) => {
      if (pointer === 0) return void this.holes.push(slot);
      if (seen.has(pointer)) return;
      const node = this.fs.node(pointer);
      if (node.record.parent !== this.block) return;
      seen.add(pointer);
      entries.set(node.record.name, { node, slot });
    });
    this.entries = entries;
    return entries;
  }

  /** Creates node `name` (data first if given), then lists it here. */
  private addNode(name: string, mode: number, rdev: number, data?: Uint8Array): Nfs2Inode {
    checkName(name);
    if (this.loadEntries().has(name)) fail("EEXIST", name);
    const now = this.fs.now();
    const isDirectory = (mode & FileType.S_IFMT) === FileType.S_IFDIR;
    const node = this.fs.createNode({
      type: nodeTypeOfMode(mode), mode, uid: 0, gid: 0, nlink: isDirectory ? 2 : 1, rdev, size: 0,
      extentStart: 0, extentBlocks: 0, parent: this.block, atime: now, mtime: now, ctime: now, name,
    });
    try {
      if (data && data.length > 0) this.fs.writeData(node, 0, data);
      if (isDirectory) this.record.nlink++;
      const slot = this.appendSlot(node.block);
      this.entries!.set(name, { node, slot });
    } catch (error) {
      if (isDirectory && this.record.nlink > 2) this.record.nlink--;
      this.fs.releaseNode(node);
      throw error;
    }
    return node;
  }

  /** Puts `pointer` in a hole or a new slot at the end; writes the slot then this node. */
  private appendSlot(pointer: number): number {
    this.loadEntries();
    const now = this.fs.now();
    const hole = this.holes.shift();
    if (hole !== undefined) {
      this.fs.writeSlot(this, hole, pointer);
      this.record.mtime = this.record.ctime = now;
      this.fs.writeNode(this);
      return hole;
    }
    const slot = this.record.size / SLOT_SIZE;
    const bytes = new Uint8Array(SLOT_SIZE);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(pointer), true);
    this.fs.writeData(this, this.record.size, bytes); // writes the node too
    return slot;
  }

  private removeEntry(name: string, entry: Entry): void {
    this.fs.writeSlot(this, entry.slot, 0);
    this.holes.push(entry.slot);
    this.entries!.delete(name);
    this.record.mtime = this.record.ctime = this.fs.now();
    this.fs.writeNode(this);
  }

  /** One name of `node` is gone: free it now, or at its last close. */
  private drop(node: Nfs2Inode): void {
    node.record.nlink = 0;
    if (node.openCount === 0) this.fs.releaseNode(node);
  }
}
