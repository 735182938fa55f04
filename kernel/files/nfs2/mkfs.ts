// mkfs for NFSII and the thesis's imgbuild: format a device, or build a whole image from an
// in-memory tree (the CLI feeds it a host directory). Platform-neutral.
import { Errno, LinuxErrno, fail } from "../../linux/errno.ts";
import type { BlockDevice } from "../block_device.ts";
import { FileType, PERMISSION_MASK } from "../file_mode.ts";
import { type Inode, type TimeSource, nameBytes, timespecToNs, wallClock } from "../inode.ts";
import { RamDisk } from "../ram_disk.ts";
import { Storage } from "../storage.ts";
import { Nfs2FileSystem } from "./file_system.ts";
import { NFS2_VERSION, NODE_RECORD_SIZE, NodeType, SLOT_SIZE, encodeNode, encodeSuperblock } from "./layout.ts";

/** Options of formatNfs2 / buildImage. */
export interface MkfsOptions {
  /** Bytes per block: a power of two, 512..65536. Default 512. */
  blockSize?: number;
  label?: string;
  now?: TimeSource;
}

/** One entry of an image tree. `mode` carries the type bits (S_IFDIR, S_IFREG, S_IFLNK, …). */
export interface TreeEntry {
  /** Absolute or relative path inside the image ("bin/sh", "/etc/passwd"). */
  path: string;
  mode: number;
  data?: Uint8Array;
  /** Symlink target. */
  target?: string;
  uid?: number;
  gid?: number;
  rdev?: number;
}

/**
 * Writes an empty NFSII volume on `device`: superblock in block 0, the root directory node in
 * block 1. Everything else is left as it was (free space is derived from the tree at mount).
 */
export function formatNfs2(device: BlockDevice, options: MkfsOptions = {}): void {
  const blockSize = options.blockSize ?? 512;
  if (blockSize < Math.max(512, NODE_RECORD_SIZE) || blockSize > 65536 || (blockSize & (blockSize - 1)) !== 0) {
    fail("EINVAL", `bad NFSII block size ${blockSize}`);
  }
  if (blockSize % device.sectorSize !== 0) fail("EINVAL", "block size is not whole sectors");
  const totalBlocks = Math.floor((device.sectorCount * device.sectorSize) / blockSize);
  if (totalBlocks < 2) fail("ENOSPC", "device too small for NFSII");
  const now = (options.now ?? wallClock)();
  const storage = new Storage(device, { writeThrough: true });
  const root = encodeNode({
    type: NodeType.Directory, mode: FileType.S_IFDIR | 0o755, uid: 0, gid: 0, nlink: 2, rdev: 0, size: 0,
    extentStart: 0, extentBlocks: 0, parent: 1, atime: now, mtime: now, ctime: now, name: "",
  });
  // Root node first, superblock last: a half-formatted device never carries the magic.
  storage.writeAt(blockSize, root);
  storage.writeAt(0, encodeSuperblock({
    version: NFS2_VERSION, blockSize, flags: 1, totalBlocks, freeBlocks: totalBlocks - 2, rootDir: 1,
    created: timespecToNs(now), label: options.label ?? "",
  }));
  storage.flush();
}

/**
 * imgbuild: a RAM disk holding an NFSII volume with `tree` in it. Parent directories are created
 * as needed (0755); entries may come in any order. `sizeBytes` defaults to what the tree needs
 * plus a quarter and 64 KiB of slack.
 */
export function buildImage(tree: TreeEntry[], options: MkfsOptions & { sizeBytes?: number } = {}): RamDisk {
  const blockSize = options.blockSize ?? 512;
  const size = options.sizeBytes ?? estimateBytes(tree, blockSize);
  const disk = new RamDisk(Math.ceil(size / blockSize) * blockSize);
  formatNfs2(disk, options);
  const fs = Nfs2FileSystem.mount(new Storage(disk, { writeThrough: false, cacheBlocks: 64 }), { now: options.now });
  const sorted = [...tree].sort((a, b) => depth(a.path) - depth(b.path));
  for (const entry of sorted) addEntry(fs.root, entry);
  fs.sync();
  return disk;
}

function addEntry(root: Inode, entry: TreeEntry): void {
  const parts = entry.path.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.length === 0) return void applyOwner(root, entry); // "/" itself: only its mode/owner
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = childOrMkdir(dir, part);
  const name = parts[parts.length - 1];
  const type = entry.mode & FileType.S_IFMT || (entry.target !== undefined ? FileType.S_IFLNK : FileType.S_IFREG);
  const permissions = entry.mode & PERMISSION_MASK;
  let node: Inode;
  if (type === FileType.S_IFDIR) {
    node = childOrMkdir(dir, name);
    node.chmod(permissions);
  } else if (type === FileType.S_IFLNK) {
    node = dir.symlink(name, entry.target ?? fail("EINVAL", `symlink ${entry.path} has no target`));
  } else {
    node = dir.create(name, type | permissions, entry.rdev ?? 0);
    if (entry.data && entry.data.length > 0) node.write(0, entry.data);
  }
  applyOwner(node, entry);
}

function applyOwner(node: Inode, entry: TreeEntry): void {
  if (entry.uid !== undefined || entry.gid !== undefined) node.chown(entry.uid ?? -1, entry.gid ?? -1);
  if ((entry.mode & FileType.S_IFMT) === FileType.S_IFDIR && node.isDirectory) node.chmod(entry.mode);
}

function childOrMkdir(dir: Inode, name: string): Inode {
  try {
    const child = dir.lookup(name);
    if (!child.isDirectory) fail("ENOTDIR", `${name} is not a directory`);
    return child;
  } catch (error) {
    if (error instanceof Errno && error.code === LinuxErrno.ENOENT) return dir.mkdir(name, 0o755);
    throw error;
  }
}

function depth(path: string): number {
  return path.split("/").filter((part) => part !== "" && part !== ".").length;
}

function estimateBytes(tree: TreeEntry[], blockSize: number): number {
  let blocks = 2;
  for (const entry of tree) {
    const payload = entry.data?.length ?? (entry.target !== undefined ? nameBytes(entry.target).length : 0);
    blocks += 1 + Math.ceil(payload / blockSize) + Math.ceil((depth(entry.path) * SLOT_SIZE * 4) / blockSize);
  }
  return Math.ceil(blocks * 1.25) * blockSize + 64 * 1024;
}
