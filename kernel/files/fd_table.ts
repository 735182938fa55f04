// A process's file descriptor table: small integers → open file descriptions, with FD_CLOEXEC per
// descriptor. fork() copies the table sharing the descriptions (fork(2)). Platform-neutral.
import { fail } from "../linux/errno.ts";
import { OpenFlag } from "./file_mode.ts";
import type { OpenFile } from "./open_file.ts";

/** Default RLIMIT_NOFILE: descriptors are 0..1023. Source: getrlimit(2). */
export const MAX_FDS = 1024;

interface Slot {
  file: OpenFile;
  cloexec: boolean;
}

/** The descriptor table. Every installed description holds one reference per descriptor. */
export class FdTable {
  private slots: (Slot | undefined)[] = [];
  /** Highest descriptor number + 1 allowed (RLIMIT_NOFILE). */
  limit: number;

  constructor(limit = MAX_FDS) {
    this.limit = limit;
  }

  /**
   * Installs `file` at the lowest free descriptor ≥ `minFd`, taking over the caller's reference.
   * EMFILE when full (the reference is then released).
   */
  install(file: OpenFile, cloexec = false, minFd = 0): number {
    for (let fd = minFd; fd < this.limit; fd++) {
      if (!this.slots[fd]) {
        this.slots[fd] = { file, cloexec };
        return fd;
      }
    }
    file.release();
    return fail("EMFILE");
  }

  /** The description behind `fd`; EBADF if none. */
  get(fd: number): OpenFile {
    return this.slot(fd).file;
  }

  /** True if `fd` is open. */
  has(fd: number): boolean {
    return Number.isInteger(fd) && fd >= 0 && this.slots[fd] !== undefined;
  }

  /** close(2). */
  close(fd: number): void {
    const slot = this.slot(fd);
    this.slots[fd] = undefined;
    slot.file.release();
  }

  /** dup(2): lowest free descriptor, FD_CLOEXEC clear. */
  dup(fd: number): number {
    return this.install(this.get(fd).ref());
  }

  /** fcntl(F_DUPFD / F_DUPFD_CLOEXEC): lowest free descriptor ≥ `minFd`; EINVAL past the limit. */
  dupFrom(fd: number, minFd: number, cloexec = false): number {
    if (minFd < 0 || minFd >= this.limit) fail("EINVAL");
    return this.install(this.get(fd).ref(), cloexec, minFd);
  }

  /** dup2(2): `newFd` becomes a copy of `oldFd` (closing what it held); same fd is a no-op check. */
  dup2(oldFd: number, newFd: number): number {
    const file = this.get(oldFd);
    if (oldFd === newFd) return newFd;
    return this.replace(newFd, file, false);
  }

  /** dup3(2): as dup2 but EINVAL when equal, and `flags` may hold O_CLOEXEC only. */
  dup3(oldFd: number, newFd: number, flags: number): number {
    if ((flags & ~OpenFlag.O_CLOEXEC) !== 0) fail("EINVAL");
    const file = this.get(oldFd);
    if (oldFd === newFd) fail("EINVAL");
    return this.replace(newFd, file, (flags & OpenFlag.O_CLOEXEC) !== 0);
  }

  getCloexec(fd: number): boolean {
    return this.slot(fd).cloexec;
  }

  setCloexec(fd: number, cloexec: boolean): void {
    this.slot(fd).cloexec = cloexec;
  }

  /** The child's table after fork(2): same descriptions (shared offsets), same FD_CLOEXEC bits. */
  fork(): FdTable {
    const copy = new FdTable(this.limit);
    copy.slots = this.slots.map((slot) => (slot ? { file: slot.file.ref(), cloexec: slot.cloexec } : undefined));
    return copy;
  }

  /** execve(2): closes every FD_CLOEXEC descriptor. */
  closeOnExec(): void {
    this.slots.forEach((slot, fd) => {
      if (slot?.cloexec) this.close(fd);
    });
  }

  /** Process exit: closes everything. */
  closeAll(): void {
    this.slots.forEach((slot, fd) => {
      if (slot) this.close(fd);
    });
  }

  /** Open descriptors in ascending order (for /proc/<pid>/fd and poll bookkeeping). */
  entries(): [number, OpenFile][] {
    const out: [number, OpenFile][] = [];
    this.slots.forEach((slot, fd) => {
      if (slot) out.push([fd, slot.file]);
    });
    return out;
  }

  private replace(newFd: number, file: OpenFile, cloexec: boolean): number {
    if (!Number.isInteger(newFd) || newFd < 0 || newFd >= this.limit) fail("EBADF");
    file.ref();
    const old = this.slots[newFd];
    this.slots[newFd] = { file, cloexec };
    old?.file.release();
    return newFd;
  }

  private slot(fd: number): Slot {
    if (!Number.isInteger(fd) || fd < 0) fail("EBADF");
    return this.slots[fd] ?? fail("EBADF");
  }
}
