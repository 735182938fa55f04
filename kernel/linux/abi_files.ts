// Linux i386 ABI constants for files: open flags, fcntl commands, *at() flags, mode bits, statx mask,
// poll events, lseek whence, access modes, dirent types, renameat2 flags. Values are the i386 ones
// (x86 uses asm-generic/fcntl.h and asm-generic/poll.h). Data only. Platform-neutral.

/** open(2) flags, octal as in include/uapi/asm-generic/fcntl.h. */
export const OpenFlag = {
  O_ACCMODE: 0o3,
  O_RDONLY: 0o0,
  O_WRONLY: 0o1,
  O_RDWR: 0o2,
  O_CREAT: 0o100,
  O_EXCL: 0o200,
  O_NOCTTY: 0o400,
  O_TRUNC: 0o1000,
  O_APPEND: 0o2000,
  O_NONBLOCK: 0o4000,
  O_DSYNC: 0o10000,
  FASYNC: 0o20000,
  O_DIRECT: 0o40000,
  /** Set by 32-bit libcs on every open; offsets past 2 GiB allowed. */
  O_LARGEFILE: 0o100000,
  O_DIRECTORY: 0o200000,
  O_NOFOLLOW: 0o400000,
  O_NOATIME: 0o1000000,
  O_CLOEXEC: 0o2000000,
  /** __O_SYNC | O_DSYNC. */
  O_SYNC: 0o4010000,
  O_PATH: 0o10000000,
  /** __O_TMPFILE | O_DIRECTORY. */
  O_TMPFILE: 0o20200000,
} as const;

/** fcntl(2) commands and arguments (asm-generic/fcntl.h, linux/fcntl.h). */
export const FcntlCmd = {
  F_DUPFD: 0,
  F_GETFD: 1,
  F_SETFD: 2,
  F_GETFL: 3,
  F_SETFL: 4,
  F_GETLK: 5,
  F_SETLK: 6,
  F_SETLKW: 7,
  F_SETOWN: 8,
  F_GETOWN: 9,
  F_SETSIG: 10,
  F_GETSIG: 11,
  /** 32-bit only: struct flock64 variants, used by fcntl64. */
  F_GETLK64: 12,
  F_SETLK64: 13,
  F_SETLKW64: 14,
  F_SETOWN_EX: 15,
  F_GETOWN_EX: 16,
  F_OFD_GETLK: 36,
  F_OFD_SETLK: 37,
  F_OFD_SETLKW: 38,
  F_SETLEASE: 1024,
  F_GETLEASE: 1025,
  F_NOTIFY: 1026,
  F_DUPFD_CLOEXEC: 1030,
  F_SETPIPE_SZ: 1031,
  F_GETPIPE_SZ: 1032,
  F_ADD_SEALS: 1033,
  F_GET_SEALS: 1034,
  /** F_GETFD/F_SETFD flag. */
  FD_CLOEXEC: 1,
  /** struct flock l_type. */
  F_RDLCK: 0,
  F_WRLCK: 1,
  F_UNLCK: 2,
} as const;

/** *at() directory fd and flags (include/uapi/linux/fcntl.h). AT_EACCESS and AT_REMOVEDIR share 0x200. */
export const AtFlag = {
  AT_FDCWD: -100,
  AT_SYMLINK_NOFOLLOW: 0x100,
  AT_EACCESS: 0x200,
  AT_REMOVEDIR: 0x200,
  AT_SYMLINK_FOLLOW: 0x400,
  AT_NO_AUTOMOUNT: 0x800,
  AT_EMPTY_PATH: 0x1000,
  AT_STATX_SYNC_TYPE: 0x6000,
  AT_STATX_SYNC_AS_STAT: 0x0000,
  AT_STATX_FORCE_SYNC: 0x2000,
  AT_STATX_DONT_SYNC: 0x4000,
  AT_RECURSIVE: 0x8000,
} as const;

/** st_mode file type and permission bits, octal (include/uapi/linux/stat.h). */
export const FileMode = {
  S_IFMT: 0o170000,
  S_IFSOCK: 0o140000,
  S_IFLNK: 0o120000,
  S_IFREG: 0o100000,
  S_IFBLK: 0o060000,
  S_IFDIR: 0o040000,
  S_IFCHR: 0o020000,
  S_IFIFO: 0o010000,
  S_ISUID: 0o4000,
  S_ISGID: 0o2000,
  S_ISVTX: 0o1000,
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IRWXG: 0o070,
  S_IRGRP: 0o040,
  S_IWGRP: 0o020,
  S_IXGRP: 0o010,
  S_IRWXO: 0o007,
  S_IROTH: 0o004,
  S_IWOTH: 0o002,
  S_IXOTH: 0o001,
} as const;

/** statx(2) stx_mask bits (include/uapi/linux/stat.h). */
export const StatxMask = {
  STATX_TYPE: 0x0001,
  STATX_MODE: 0x0002,
  STATX_NLINK: 0x0004,
  STATX_UID: 0x0008,
  STATX_GID: 0x0010,
  STATX_ATIME: 0x0020,
  STATX_MTIME: 0x0040,
  STATX_CTIME: 0x0080,
  STATX_INO: 0x0100,
  STATX_SIZE: 0x0200,
  STATX_BLOCKS: 0x0400,
  STATX_BASIC_STATS: 0x07ff,
  STATX_BTIME: 0x0800,
  STATX_MNT_ID: 0x1000,
} as const;

/** poll(2) events/revents (include/uapi/asm-generic/poll.h). */
export const PollEvent = {
  POLLIN: 0x0001,
  POLLPRI: 0x0002,
  POLLOUT: 0x0004,
  POLLERR: 0x0008,
  POLLHUP: 0x0010,
  POLLNVAL: 0x0020,
  POLLRDNORM: 0x0040,
  POLLRDBAND: 0x0080,
  POLLWRNORM: 0x0100,
  POLLWRBAND: 0x0200,
  POLLMSG: 0x0400,
  POLLREMOVE: 0x1000,
  POLLRDHUP: 0x2000,
} as const;

/** lseek(2) whence (include/uapi/linux/fs.h). */
export const SeekWhence = {
  SEEK_SET: 0,
  SEEK_CUR: 1,
  SEEK_END: 2,
  SEEK_DATA: 3,
  SEEK_HOLE: 4,
} as const;

/** access(2) mode bits (unistd.h). */
export const AccessMode = {
  F_OK: 0,
  X_OK: 1,
  W_OK: 2,
  R_OK: 4,
} as const;

/** linux_dirent64 d_type: the S_IF* type >> 12 (dirent.h). */
export const DirentType = {
  DT_UNKNOWN: 0,
  DT_FIFO: 1,
  DT_CHR: 2,
  DT_DIR: 4,
  DT_BLK: 6,
  DT_REG: 8,
  DT_LNK: 10,
  DT_SOCK: 12,
  DT_WHT: 14,
} as const;

/** renameat2(2) flags (include/uapi/linux/fs.h). */
export const RenameFlag = {
  RENAME_NOREPLACE: 1,
  RENAME_EXCHANGE: 2,
  RENAME_WHITEOUT: 4,
} as const;
