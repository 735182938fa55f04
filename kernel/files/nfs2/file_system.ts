// NFSII (thesis §3.3.3) mounted on a Storage: node I/O, the extent allocator (rebuilt from the tree
// at mount), contiguous file growth by reallocate-and-copy, and the crash-safe write order
// (data, then node, then parent). Platform-neutral.
import { fail } from "../../linux/errno.ts";
import { NAME_MAX } from "../file_mode.ts";
import { type FileSystem, type StatFs, type TimeSource, allocateDeviceNumber, wallClock } from "../inode.ts";
import type { Storage } from "../storage.ts";
import { type Extent, ExtentAllocator } from "./extent_allocator.ts";
import { Nfs2Inode } from "./inode.ts";
import {
  NodeType, type NodeRecord, SLOT_SIZE, type Superblock, decodeNode, decodeSuperblock, encodeNode, encodeSuperblock,
} from "./layout.ts";

/** statfs f_type reported for NFSII ("NFS2" little-endian). */
export const NFS2_STATFS_MAGIC = 0x3253464e;

/** Bytes copied per step when a file moves to a bigger extent. */
const COPY_CHUNK = 64 * 1024;

/** Options of mountNfs2. */
export interface Nfs2MountOptions {
  now?: TimeSource;
}

/**
 * A mounted NFSII volume. Every mutation is ordered so that, with a write-through Storage, killing
 * nk between any two device writes leaves a volume that mounts and holds every acknowledged write:
 * data goes to blocks no live node references yet (or in place), then one node write switches to it,
 * then the parent's slot; blocks are only freed in memory after the switch.
 */
export class Nfs2FileSystem implements FileSystem {
  readonly name = "nfs2";
  readonly dev = allocateDeviceNumber();
  readonly storage: Storage;
  readonly superblock: Superblock;
  readonly blockSize: number;
  readonly allocator: ExtentAllocator;
  readonly now: TimeSource;
  root!: Nfs2Inode;
  private readonly nodes = new Map<number, Nfs2Inode>();

  private constructor(storage: Storage, superblock: Superblock, now: TimeSource) {
    this.storage = storage;
    this.superblock = superblock;
    this.blockSize = superblock.blockSize;
    this.allocator = new ExtentAllocator(superblock.totalBlocks);
    this.now = now;
  }

  /**
   * Mounts the volume on `storage`: checks the superblock (EINVAL with the reason on garbage), walks
   * the tree from the root directory to rebuild the free list (EUCLEAN on cross-linked blocks), and
   * clears directory slots left stale by a crash.
   */
  static mount(storage: Storage, options: Nfs2MountOptions = {}): Nfs2FileSystem {
    if (storage.byteLength < 512) fail("EINVAL", "device too small for NFSII");
    const superblock = decodeSuperblock(storage.readAt(0, 512));
    if (superblock.totalBlocks * superblock.blockSize > storage.byteLength) {
      fail("EINVAL", `NFSII volume of ${superblock.totalBlocks} blocks does not fit the device`);
    }
    const fs = new Nfs2FileSystem(storage, superblock, options.now ?? wallClock);
    fs.allocator.reserve(0, 1);
    fs.root = fs.scan(superblock.rootDir);
    return fs;
  }

  /** Loads (once) the node at `block`; EUCLEAN if it holds none. */
  node(block: number): Nfs2Inode {
    const cached = this.nodes.get(block);
    if (cached) return cached;
    if (block <= 0 || block >= this.superblock.totalBlocks) fail("EUCLEAN", `NFSII: node pointer ${block} out of range`);
    const record = decodeNode(this.storage.readAt(block * this.blockSize, 512), block);
    const inode = new Nfs2Inode(this, block, record);
    this.nodes.set(block, inode);
    return inode;
  }

  /** Allocates a block, writes `record` there and returns the new inode (not yet in any directory). */
  createNode(record: NodeRecord): Nfs2Inode {
    const block = this.allocate(1);
    const inode = new Nfs2Inode(this, block, record);
    this.nodes.set(block, inode);
    this.writeNode(inode);
    return inode;
  }

  /** Writes the node record (one sector: atomic on the device). */
  writeNode(inode: Nfs2Inode): void {
    this.storage.writeAt(inode.block * this.blockSize, encodeNode(inode.record));
  }

  /** Bytes [offset, offset + length) of the node's data, clipped to its size. */
  readData(inode: Nfs2Inode, offset: number, length: number): Uint8Array {
    const record = inode.record;
    const end = Math.min(record.size, offset + length);
    if (offset >= end) return new Uint8Array(0);
    return this.storage.readAt(record.extentStart * this.blockSize + offset, end - offset);
  }

  /**
   * Writes `data` at `offset` (zero-filling any gap past the old size), growing the extent in place
   * if the next blocks are free or else reallocating (at least doubling) and copying; then writes the
   * node; then frees the old extent.
   */
  writeData(inode: Nfs2Inode, offset: number, data: Uint8Array): void {
    const record = inode.record;
    const end = offset + data.length;
    const old = this.ensureCapacity(inode, end);
    const base = record.extentStart * this.blockSize;
    if (offset > record.size) this.writeZeros(base + record.size, offset - record.size);
    this.storage.writeAt(base + offset, data);
    record.size = Math.max(record.size, end);
    record.mtime = record.ctime = this.now();
    this.writeNode(inode);
    if (old) this.allocator.release(old.start, old.length);
  }

  /** Sets the size: growth zero-fills; shrinking writes the node first, then frees the tail blocks. */
  truncateData(inode: Nfs2Inode, size: number): void {
    const record = inode.record;
    let old: Extent | undefined;
    let tail: Extent | undefined;
    if (size > record.size) {
      old = this.ensureCapacity(inode, size);
      this.writeZeros(record.extentStart * this.blockSize + record.size, size - record.size);
    } else {
      const keep = Math.ceil(size / this.blockSize);
      tail = { start: record.extentStart + keep, length: record.extentBlocks - keep };
      record.extentBlocks = keep;
      if (keep === 0) record.extentStart = 0;
    }
    record.size = size;
    record.mtime = record.ctime = this.now();
    this.writeNode(inode);
    if (old) this.allocator.release(old.start, old.length);
    if (tail) this.allocator.release(tail.start, tail.length);
  }

  /** Writes one 8-byte directory slot in place (atomic: inside one sector). */
  writeSlot(dir: Nfs2Inode, index: number, pointer: number): void {
    const bytes = new Uint8Array(SLOT_SIZE);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(pointer), true);
    this.storage.writeAt(dir.record.extentStart * this.blockSize + index * SLOT_SIZE, bytes);
  }

  /** The directory's slots (0 = empty). */
  readSlots(dir: Nfs2Inode): number[] {
    const bytes = this.readData(dir, 0, dir.record.size);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const slots: number[] = [];
    for (let at = 0; at + SLOT_SIZE <= bytes.length; at += SLOT_SIZE) slots.push(Number(view.getBigUint64(at, true)));
    return slots;
  }

  /** Frees an unreachable node's block and extent (memory only: the free list is not on disk). */
  releaseNode(inode: Nfs2Inode): void {
    this.nodes.delete(inode.block);
    this.allocator.release(inode.block, 1);
    const record = inode.record;
    if (record.extentBlocks > 0) this.allocator.release(record.extentStart, record.extentBlocks);
    record.extentBlocks = 0;
  }

  statfs(): StatFs {
    const nodes = this.nodes.size;
    return {
      type: NFS2_STATFS_MAGIC, blockSize: this.blockSize, blocks: this.superblock.totalBlocks,
      freeBlocks: this.allocator.freeBlocks, availBlocks: this.allocator.freeBlocks,
      files: nodes + this.allocator.freeBlocks, freeFiles: this.allocator.freeBlocks, nameMax: NAME_MAX,
    };
  }

  /** Records the free-block count in the superblock (a hint; mount recomputes it) and flushes. */
  sync(): void {
    this.superblock.freeBlocks = this.allocator.freeBlocks;
    this.storage.writeAt(0, encodeSuperblock(this.superblock));
    this.storage.flush();
  }

  /** Allocates `length` contiguous blocks (first fit) or throws ENOSPC. */
  allocate(length: number): number {
    return this.allocator.allocate(length) ?? fail("ENOSPC");
  }

  /**
   * Makes the extent hold `bytes`. Returns the extent to free once the node is written (after a
   * move), else undefined. Growth at least doubles so appends copy O(log n) times.
   */
  private ensureCapacity(inode: Nfs2Inode, bytes: number): Extent | undefined {
    const record = inode.record;
    if (bytes <= record.extentBlocks * this.blockSize) return undefined;
    const need = Math.ceil(bytes / this.blockSize);
    const want = Math.max(need, record.extentBlocks * 2);
    if (record.extentBlocks > 0) {
      for (const length of [want, need]) {
        if (this.allocator.extend(record.extentStart, record.extentBlocks, length)) {
          record.extentBlocks = length;
          return undefined;
        }
      }
    }
    let length = want;
    let start = this.allocator.allocate(want);
    if (start === undefined) {
      length = need;
      start = this.allocate(need);
    }
    this.copy(record.extentStart, start, record.size);
    const old = { start: record.extentStart, length: record.extentBlocks };
    record.extentStart = start;
    record.extentBlocks = length;
    return old.length > 0 ? old : undefined;
  }

  private copy(fromBlock: number, toBlock: number, bytes: number): void {
    for (let done = 0; done < bytes; done += COPY_CHUNK) {
      const n = Math.min(COPY_CHUNK, bytes - done);
      this.storage.writeAt(toBlock * this.blockSize + done, this.storage.readAt(fromBlock * this.blockSize + done, n));
    }
  }

  private writeZeros(at: number, length: number): void {
    for (let done = 0; done < length; done += COPY_CHUNK) {
      this.storage.writeAt(at + done, new Uint8Array(Math.min(COPY_CHUNK, length - done)));
    }
  }

  /** Depth-first walk from the root directory: reserves used blocks, clears stale slots. */
  private scan(rootBlock: number): Nfs2Inode {
    const live = new Set<number>([rootBlock]);
    const root = this.node(rootBlock);
    if (root.record.type !== NodeType.Directory) fail("EUCLEAN", "NFSII: root node is not a directory");
    this.reserveNode(root);
    const pending = [root];
    while (pending.length > 0) {
      const dir = pending.pop()!;
      const seen = new Set<number>();
      this.readSlots(dir).forEach((pointer, index) => {
        if (pointer === 0) return;
        const child = this.tryNode(pointer);
        if (!child || child.record.parent !== dir.block || seen.has(pointer) || pointer === rootBlock) {
          this.writeSlot(dir, index, 0); // left by a crash inside rename/create: not a live entry
          return;
        }
        seen.add(pointer);
        live.add(pointer);
        this.reserveNode(child);
        if (child.record.type === NodeType.Directory) pending.push(child);
      });
    }
    for (const block of this.nodes.keys()) if (!live.has(block)) this.nodes.delete(block); // dead records read while scanning
    return root;
  }

  private tryNode(block: number): Nfs2Inode | undefined {
    try {
      return this.node(block);
    } catch {
      return undefined;
    }
  }

  private reserveNode(inode: Nfs2Inode): void {
    this.allocator.reserve(inode.block, 1);
    const { extentStart, extentBlocks } = inode.record;
    if (extentBlocks > 0) this.allocator.reserve(extentStart, extentBlocks);
  }
}
