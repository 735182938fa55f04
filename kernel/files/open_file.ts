// An open file description (open(2) "open file description"): inode, offset, status flags; shared
// by dup'd descriptors and across fork. Pipes and FIFOs read and write through their Pipe.
// Platform-neutral.
import { fail } from "../linux/errno.ts";
import { encodeDirents32, encodeDirents64 } from "./dirent.ts";
import { DirentType, FileType, OpenFlag, Poll, Seek } from "./file_mode.ts";
import type { DirEntry, Inode } from "./inode.ts";
import { Pipe, PipeEnd, fifoPipe } from "./pipe.ts";
import { SyntheticFile, SyntheticFs } from "./synthetic.ts";
import type { WaitQueue } from "./wait_queue.ts";

/** Status flags fcntl(F_SETFL) may change. Source: fcntl(2). */
const SETTABLE_FLAGS = OpenFlag.O_APPEND | OpenFlag.O_NONBLOCK;

/**
 * One open file description. Reference-counted: the fd table calls `ref()` on dup/fork and
 * `release()` on close; the last release detaches pipe ends and calls `inode.onRelease()`.
 * Operations never block: EAGAIN means "park on `waitQueue` and retry" unless O_NONBLOCK is set.
 */
export class OpenFile {
  readonly inode: Inode;
  /** Access mode | status flags (O_APPEND, O_NONBLOCK, …); creation flags are dropped. */
  flags: number;
  /** File position; for directories, the index of the next entry. */
  offset = 0;
  readonly pipe?: Pipe;
  readonly pipeEnd?: PipeEnd;
  /** Set by Vfs.open: the directory and name it was found under (see Vfs.pathOf). */
  origin?: { dir?: Inode; name?: string };
  private refs = 1;
  private readonly peerOpensAtOpen: number = 0;

  constructor(inode: Inode, flags: number, pipe?: { pipe: Pipe; end: PipeEnd }) {
    this.inode = inode;
    this.flags = flags & ~(OpenFlag.O_CREAT | OpenFlag.O_EXCL | OpenFlag.O_TRUNC | OpenFlag.O_NOCTTY | OpenFlag.O_CLOEXEC);
    if (pipe) {
      this.pipe = pipe.pipe;
      this.pipeEnd = pipe.end;
      this.peerOpensAtOpen = pipe.end === PipeEnd.Read ? pipe.pipe.writerOpens : pipe.pipe.readerOpens;
      pipe.pipe.attach(pipe.end);
    }
    inode.onOpen();
  }

  get accessMode(): number {
    return this.flags & OpenFlag.O_ACCMODE;
  }
  get readable(): boolean {
    return !this.isPath && this.accessMode !== OpenFlag.O_WRONLY;
  }
  get writable(): boolean {
    return !this.isPath && this.accessMode !== OpenFlag.O_RDONLY;
  }
  get nonBlocking(): boolean {
    return (this.flags & OpenFlag.O_NONBLOCK) !== 0;
  }
  get isPath(): boolean {
    return (this.flags & OpenFlag.O_PATH) !== 0;
  }

  /** fcntl(F_SETFL): only O_APPEND and O_NONBLOCK change. */
  setStatusFlags(flags: number): void {
    this.flags = (this.flags & ~SETTABLE_FLAGS) | (flags & SETTABLE_FLAGS);
  }

  /** Adds a reference (dup, fork). */
  ref(): this {
    this.refs++;
    return this;
  }

  /** Drops a reference; the last one closes the description. */
  release(): void {
    if (--this.refs > 0) return;
    if (this.pipe) this.pipe.detach(this.pipeEnd!);
    this.inode.onRelease();
  }

  get referenceCount(): number {
    return this.refs;
  }

  /**
   * True while a blocking FIFO open must still wait for its peer (fifo(7): opening for reading
   * blocks until a writer opens, and vice versa). The process manager parks on `waitQueue` until false.
   */
  waitingForPeer(): boolean {
    if (!this.pipe || this.nonBlocking || this.pipeEnd === PipeEnd.Both) return false;
    if (this.pipeEnd === PipeEnd.Read) return this.pipe.writers === 0 && this.pipe.writerOpens === this.peerOpensAtOpen;
    return this.pipe.readers === 0 && this.pipe.readerOpens === this.peerOpensAtOpen;
  }

  /** read(2) at the file position. Empty = end of file. */
  read(length: number): Uint8Array {
    if (!this.readable) fail("EBADF");
    if (this.pipe) return this.pipe.read(length);
    const data = this.inode.read(this.offset, length);
    this.offset += data.length;
    return data;
  }

  /** write(2) at the file position (at the end with O_APPEND). */
  write(data: Uint8Array): number {
    if (!this.writable) fail("EBADF");
    if (this.pipe) return this.pipe.write(data);
    if (this.flags & OpenFlag.O_APPEND) this.offset = this.inode.size;
    const n = this.inode.write(this.offset, data);
    this.inode.generation++; // file systems that do not count changes themselves (a host directory)
    this.offset += n;
    return n;
  }

  /** pread64(2): ESPIPE on pipes, EINVAL on a negative offset; the position is unchanged. */
  pread(offset: number, length: number): Uint8Array {
    if (!this.readable) fail("EBADF");
    this.checkPositional(offset);
    return this.inode.read(offset, length);
  }

  /** pwrite64(2). As Linux, O_APPEND makes it append anyway. */
  pwrite(offset: number, data: Uint8Array): number {
    if (!this.writable) fail("EBADF");
    this.checkPositional(offset);
    const n = this.inode.write(this.flags & OpenFlag.O_APPEND ? this.inode.size : offset, data);
    this.inode.generation++;
    return n;
  }

  /** lseek(2): returns the new position; EINVAL if negative or bad whence, ESPIPE on pipes. */
  lseek(offset: number, whence: number): number {
    if (this.pipe) fail("ESPIPE");
    if (this.isPath) fail("EBADF");
    let base: number;
    if (whence === Seek.SEEK_SET) base = 0;
    else if (whence === Seek.SEEK_CUR) base = this.offset;
    else if (whence === Seek.SEEK_END) base = this.inode.size;
    else return fail("EINVAL", `whence ${whence}`);
    const position = base + offset;
    if (position < 0 || !Number.isSafeInteger(position)) fail("EINVAL");
    this.offset = position;
    return position;
  }

  /** ftruncate(2). */
  truncate(size: number): void {
    if (!this.writable || this.pipe) fail("EINVAL");
    if (size < 0) fail("EINVAL");
    this.inode.truncate(size);
    this.inode.generation++;
  }

  /** getdents64(2): records for at most `bufferSize` bytes; empty at the end of the directory. */
  getdents64(bufferSize: number): Uint8Array {
    const batch = encodeDirents64(this.directoryEntries(), this.offset, bufferSize);
    this.offset = batch.next;
    return batch.bytes;
  }

  /** The legacy i386 getdents(2) (struct linux_dirent). */
  getdents(bufferSize: number): Uint8Array {
    const batch = encodeDirents32(this.directoryEntries(), this.offset, bufferSize);
    this.offset = batch.next;
    return batch.bytes;
  }

  /** poll(2) ready bits. */
  poll(): number {
    if (this.pipe) return this.pipe.poll(this.pipeEnd!);
    return this.isPath ? Poll.POLLNVAL : this.inode.poll();
  }

  /** Where to park while an operation says EAGAIN (undefined: it never will). */
  get waitQueue(): WaitQueue | undefined {
    return this.pipe?.waitQueue ?? this.inode.waitQueue;
  }

  ioctl(request: number, arg: number): number {
    if (this.isPath) fail("EBADF");
    return this.inode.ioctl(request, arg);
  }

  private checkPositional(offset: number): void {
    if (this.pipe) fail("ESPIPE");
    if (offset < 0) fail("EINVAL");
  }

  private directoryEntries(): DirEntry[] {
    if (this.isPath) fail("EBADF");
    if (!this.inode.isDirectory) fail("ENOTDIR");
    return [
      { name: ".", ino: this.inode.ino, type: DirentType.DT_DIR },
      { name: "..", ino: this.inode.parent().ino, type: DirentType.DT_DIR },
      ...this.inode.readdir(),
    ];
  }
}

/** Anonymous pipes' inodes live in one hidden pseudo file system, as Linux's pipefs. */
let pipefs: SyntheticFs | undefined;

/**
 * pipe2(2): a new pipe's [read end, write end] descriptions. `flags` may carry O_NONBLOCK (the
 * caller handles O_CLOEXEC on the descriptors).
 */
export function createPipe(flags = 0): [OpenFile, OpenFile] {
  pipefs ??= new SyntheticFs("pipefs", 0x50495045); // PIPEFS_MAGIC, include/uapi/linux/magic.h
  const pipe = new Pipe();
  const inode = new SyntheticFile(pipefs, { mode: FileType.S_IFIFO | 0o600 });
  const status = flags & OpenFlag.O_NONBLOCK;
  return [
    new OpenFile(inode, OpenFlag.O_RDONLY | status, { pipe, end: PipeEnd.Read }),
    new OpenFile(inode, OpenFlag.O_WRONLY | status, { pipe, end: PipeEnd.Write }),
  ];
}

/**
 * Opens FIFO node `inode` (any file system): the description shares the node's Pipe. ENXIO for a
 * non-blocking write-only open with no reader (fifo(7)); blocking opens return at once and report
 * `waitingForPeer()` until the other side arrives.
 */
export function openFifo(inode: Inode, flags: number): OpenFile {
  const pipe = fifoPipe(inode);
  const mode = flags & OpenFlag.O_ACCMODE;
  const end = mode === OpenFlag.O_RDONLY ? PipeEnd.Read : mode === OpenFlag.O_WRONLY ? PipeEnd.Write : PipeEnd.Both;
  if (end === PipeEnd.Write && flags & OpenFlag.O_NONBLOCK && pipe.readers === 0) fail("ENXIO");
  return new OpenFile(inode, flags, { pipe, end });
}
