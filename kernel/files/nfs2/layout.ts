// NFSII on-disk layout (thesis §3.3.3): the superblock ("root node" with the FS information), the
// node record and the directory slot list, with their encoders. Little-endian. Platform-neutral.
//
//  block 0            block r              any blocks                any blocks
// +------------+     +-----------------+   +--------------------+    +--------------------+
// | superblock |---->| root dir node   |-->| dir extent:        |--->| child node         |
// | "NFS2" ... |     | type=DIR        |   | u64 slot[0..n)     |    | type=REG ...       |----+
// | rootDir=r  |     | extent -------->|   |  0 = empty slot    |    | parent=r           |    |
// +------------+     +-----------------+   +--------------------+    +--------------------+    |
//                                                                     file extent (contiguous) <+
//
// Superblock (block 0)            Node (one block each; ino = its block number)
//  off size field                  off size field
//    0   4  magic "NFS2"             0   1  type (NodeType)       32   8  size (bytes)
//    4   4  version (1)              1   1  name length           40   8  extent start (block)
//    8   4  block size               2   2  reserved              48   8  extent length (blocks)
//   12   4  flags (bit 0: clean)     4   4  magic "NODE"          56   8  parent (node block)
//   16   8  total blocks             8   4  mode                  64   8  atime (ns since 1970)
//   24   8  free blocks (hint)      12   4  uid                   72   8  mtime (ns)
//   32   8  root directory block    16   4  gid                   80   8  ctime (ns)
//   40   8  created (ns)            20   4  nlink                 88   8  reserved
//   48  32  label (UTF-8, NUL pad)  24   4  rdev                  96 255  name (UTF-8)
//                                   28   4  reserved             351      end (fits 512)
//
// A directory's extent holds `size / 8` u64 slots, each a child node block or 0 (a hole left by
// unlink, reused by the next create). A node is listed by a directory only if its `parent` field
// names that directory: the parent field is the authority, which makes cross-directory rename a
// single node write. Free space is not stored: mount rebuilds it as the complement of every block the
// tree reaches (superblock, nodes, extents), so an orphan left by a crash is simply free again.
import { fail } from "../../linux/errno.ts";
import { nameBytes, nsToTimespec, timespecToNs, type Timespec } from "../inode.ts";

/** "NFS2" read as a little-endian u32 — the superblock magic. */
export const NFS2_MAGIC = 0x3253464e;
/** "NODE" as a little-endian u32 — every live node starts with it (after type/name length). */
export const NODE_MAGIC = 0x45444f4e;
export const NFS2_VERSION = 1;
/** Bytes of a node record; the block size must be at least this (rounded to 512). */
export const NODE_RECORD_SIZE = 352;
/** Bytes per directory slot. */
export const SLOT_SIZE = 8;

/** The node `type` byte. */
export const NodeType = {
  Free: 0,
  Directory: 1,
  Regular: 2,
  Symlink: 3,
  CharDevice: 4,
  BlockDevice: 5,
  Fifo: 6,
  Socket: 7,
} as const;
export type NodeType = (typeof NodeType)[keyof typeof NodeType];

/** Decoded superblock. */
export interface Superblock {
  version: number;
  blockSize: number;
  flags: number;
  totalBlocks: number;
  freeBlocks: number;
  rootDir: number;
  created: bigint;
  label: string;
}

/** Decoded node (the in-memory copy NFSII inodes keep). */
export interface NodeRecord {
  type: NodeType;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  rdev: number;
  size: number;
  extentStart: number;
  extentBlocks: number;
  parent: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
  name: string;
}

const decoder = new TextDecoder();

function getU64(view: DataView, at: number): number {
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail("EUCLEAN", "NFSII: 64-bit field beyond 2^53");
  return Number(value);
}

function setU64(view: DataView, at: number, value: number): void {
  view.setBigUint64(at, BigInt(value), true);
}

export function encodeSuperblock(sb: Superblock): Uint8Array {
  const bytes = new Uint8Array(512);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, NFS2_MAGIC, true);
  view.setUint32(4, sb.version, true);
  view.setUint32(8, sb.blockSize, true);
  view.setUint32(12, sb.flags, true);
  setU64(view, 16, sb.totalBlocks);
  setU64(view, 24, sb.freeBlocks);
  setU64(view, 32, sb.rootDir);
  view.setBigUint64(40, sb.created, true);
  bytes.set(nameBytes(sb.label).subarray(0, 32), 48);
  return bytes;
}

/** Decodes block 0; EINVAL with a readable reason if it is not an NFSII superblock. */
export function decodeSuperblock(bytes: Uint8Array): Superblock {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  if (magic !== NFS2_MAGIC) {
    fail("EINVAL", `not an NFSII file system: magic 0x${magic.toString(16).padStart(8, "0")}, expected "NFS2"`);
  }
  const version = view.getUint32(4, true);
  if (version !== NFS2_VERSION) fail("EINVAL", `NFSII version ${version} not supported (this is ${NFS2_VERSION})`);
  const blockSize = view.getUint32(8, true);
  if (blockSize < 512 || blockSize > 65536 || (blockSize & (blockSize - 1)) !== 0) {
    fail("EINVAL", `NFSII: bad block size ${blockSize}`);
  }
  const label = bytes.subarray(48, 80);
  const end = label.indexOf(0);
  return {
    version,
    blockSize,
    flags: view.getUint32(12, true),
    totalBlocks: getU64(view, 16),
    freeBlocks: getU64(view, 24),
    rootDir: getU64(view, 32),
    created: view.getBigUint64(40, true),
    label: decoder.decode(end < 0 ? label : label.subarray(0, end)),
  };
}

export function encodeNode(node: NodeRecord): Uint8Array {
  const bytes = new Uint8Array(NODE_RECORD_SIZE);
  const view = new DataView(bytes.buffer);
  const name = nameBytes(node.name);
  view.setUint8(0, node.type);
  view.setUint8(1, name.length);
  view.setUint32(4, NODE_MAGIC, true);
  view.setUint32(8, node.mode, true);
  view.setUint32(12, node.uid, true);
  view.setUint32(16, node.gid, true);
  view.setUint32(20, node.nlink, true);
  view.setUint32(24, node.rdev, true);
  setU64(view, 32, node.size);
  setU64(view, 40, node.extentStart);
  setU64(view, 48, node.extentBlocks);
  setU64(view, 56, node.parent);
  view.setBigUint64(64, timespecToNs(node.atime), true);
  view.setBigUint64(72, timespecToNs(node.mtime), true);
  view.setBigUint64(80, timespecToNs(node.ctime), true);
  bytes.set(name, 96);
  return bytes;
}

/** Decodes a node record; EUCLEAN (structure needs cleaning) if the block holds no live node. */
export function decodeNode(bytes: Uint8Array, block: number): NodeRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint8(0);
  if (view.getUint32(4, true) !== NODE_MAGIC || type === NodeType.Free || type > NodeType.Socket) {
    fail("EUCLEAN", `NFSII: block ${block} does not hold a node`);
  }
  const nameLength = view.getUint8(1);
  return {
    type: type as NodeType,
    mode: view.getUint32(8, true),
    uid: view.getUint32(12, true),
    gid: view.getUint32(16, true),
    nlink: view.getUint32(20, true),
    rdev: view.getUint32(24, true),
    size: getU64(view, 32),
    extentStart: getU64(view, 40),
    extentBlocks: getU64(view, 48),
    parent: getU64(view, 56),
    atime: nsToTimespec(view.getBigUint64(64, true)),
    mtime: nsToTimespec(view.getBigUint64(72, true)),
    ctime: nsToTimespec(view.getBigUint64(80, true)),
    name: decoder.decode(bytes.subarray(96, 96 + nameLength)),
  };
}
