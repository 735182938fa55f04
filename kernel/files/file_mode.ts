// The few Linux i386 file ABI numbers the file layers need: mode type bits, open flags, dirent
// types, seek whences, poll bits. Data only (asm-generic values, which i386 uses). Platform-neutral.

/** File type bits of `st_mode`. Source: stat(7), include/uapi/linux/stat.h. */
export const FileType = {
  S_IFMT: 0o170000, // mask of the type bits
  S_IFSOCK: 0o140000, // socket
  S_IFLNK: 0o120000, // symbolic link
  S_IFREG: 0o100000, // regular file
  S_IFBLK: 0o060000, // block device
  S_IFDIR: 0o040000, // directory
  S_IFCHR: 0o020000, // character device
  S_IFIFO: 0o010000, // FIFO (named pipe)
} as const;

/** Permission bits kept by chmod: the 12 low bits. Source: chmod(2). */
export const PERMISSION_MASK = 0o7777;

/** open(2) flags, octal as in include/uapi/asm-generic/fcntl.h (i386 uses the generic values). */
export const OpenFlag = {
  O_RDONLY: 0o0, // access mode: read only
  O_WRONLY: 0o1, // access mode: write only
  O_RDWR: 0o2, // access mode: read and write
  O_ACCMODE: 0o3, // mask of the access mode
  O_CREAT: 0o100, // create if missing
  O_EXCL: 0o200, // with O_CREAT: fail if it exists
  O_NOCTTY: 0o400, // do not become the controlling tty
  O_TRUNC: 0o1000, // truncate a regular file to 0 on open for writing
  O_APPEND: 0o2000, // every write goes to the end
  O_NONBLOCK: 0o4000, // never block (EAGAIN instead)
  O_DSYNC: 0o10000, // data integrity on each write
  O_LARGEFILE: 0o100000, // 64-bit offsets (no-op on nk)
  O_DIRECTORY: 0o200000, // fail with ENOTDIR unless a directory
  O_NOFOLLOW: 0o400000, // fail with ELOOP if the last component is a symlink
  O_CLOEXEC: 0o2000000, // set FD_CLOEXEC on the new descriptor
  O_PATH: 0o10000000, // a path-only descriptor
} as const;

/** fcntl(2) F_GETFD/F_SETFD flag. Source: include/uapi/asm-generic/fcntl.h. */
export const FD_CLOEXEC = 1;

/** `d_type` values of linux_dirent64. Source: getdents(2), include/linux/fs_types.h. */
export const DirentType = {
  DT_UNKNOWN: 0,
  DT_FIFO: 1,
  DT_CHR: 2,
  DT_DIR: 4,
  DT_BLK: 6,
  DT_REG: 8,
  DT_LNK: 10,
  DT_SOCK: 12,
} as const;

/** lseek(2) whence values. Source: include/uapi/linux/fs.h. */
export const Seek = {
  SEEK_SET: 0,
  SEEK_CUR: 1,
  SEEK_END: 2,
} as const;

/** poll(2) event bits. Source: include/uapi/asm-generic/poll.h. */
export const Poll = {
  POLLIN: 0x001, // data to read (or EOF)
  POLLPRI: 0x002, // urgent data
  POLLOUT: 0x004, // writing will not block
  POLLERR: 0x008, // error (e.g. pipe write end with no readers)
  POLLHUP: 0x010, // hang up (pipe read end with no writers)
  POLLNVAL: 0x020, // fd not open
  POLLRDNORM: 0x040,
  POLLWRNORM: 0x100,
} as const;

/** Bytes a pipe write of at most this size is atomic for. Source: pipe(7). */
export const PIPE_BUF = 4096;

/** Longest path name accepted, NUL included. Source: include/uapi/linux/limits.h. */
export const PATH_MAX = 4096;

/** Longest single file name in bytes. Source: include/uapi/linux/limits.h. */
export const NAME_MAX = 255;

/** Symbolic links followed in one resolution before ELOOP. Source: path_resolution(7). */
export const MAX_SYMLINK_FOLLOWS = 40;

/** d_type of a mode, or DT_UNKNOWN. */
export function direntTypeOf(mode: number): number {
  switch (mode & FileType.S_IFMT) {
    case FileType.S_IFIFO: return DirentType.DT_FIFO;
    case FileType.S_IFCHR: return DirentType.DT_CHR;
    case FileType.S_IFDIR: return DirentType.DT_DIR;
    case FileType.S_IFBLK: return DirentType.DT_BLK;
    case FileType.S_IFREG: return DirentType.DT_REG;
    case FileType.S_IFLNK: return DirentType.DT_LNK;
    case FileType.S_IFSOCK: return DirentType.DT_SOCK;
    default: return DirentType.DT_UNKNOWN;
  }
}

/** True if `mode` is a directory. */
export const isDirectoryMode = (mode: number): boolean => (mode & FileType.S_IFMT) === FileType.S_IFDIR;
