// Exact i386 Linux struct layouts as data (`{field: [offset, type]}`), plus one generic little-endian
// encoder/decoder that walks them. Offsets are the kernel ABI's, checked against the host's
// `gcc -m32` sizeof/offsetof in tests/kernel/linux/structs_test.ts. Platform-neutral.
//
// u64 fields sit at 4-byte alignment on i386 (no padding before them), which is why stat64, statfs64,
// flock64 and rlimit64 differ from their x86-64 shapes.

/** A field type: little-endian integer of 1–8 bytes, or a raw byte array. */
export type FieldType = "u8" | "u16" | "i16" | "u32" | "i32" | "u64" | "i64" | { readonly bytes: number };
/** [byte offset, type]. */
export type Field = readonly [number, FieldType];
export type Fields = Readonly<Record<string, Field>>;

/** A struct layout: `size` bytes; `fields` may overlap (unions such as siginfo's). */
export interface Layout<F extends Fields = Fields> {
  readonly name: string;
  readonly size: number;
  readonly fields: F;
}

type IsBytes<T> = T extends readonly [number, { readonly bytes: number }] ? true : false;
/** What `encode` accepts per field: numbers (or bigint for u64) and bytes (or a string, UTF-8, NUL-padded). */
export type StructInput<L extends Layout> = {
  [K in keyof L["fields"]]?: IsBytes<L["fields"][K]> extends true ? Uint8Array | string : number | bigint;
};
/** What `decode` returns per field: numbers (u64 via Number(), exact below 2^53) and byte copies. */
export type StructOutput<L extends Layout> = {
  [K in keyof L["fields"]]: IsBytes<L["fields"][K]> extends true ? Uint8Array : number;
};

const WIDTH = { u8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8 } as const;

function width(type: FieldType): number {
  return typeof type === "string" ? WIDTH[type] : type.bytes;
}

/** Declares a layout; throws at module load if a field pokes out of `size`. */
export function layout<const F extends Fields>(name: string, size: number, fields: F): Layout<F> {
  for (const [field, [offset, type]] of Object.entries(fields)) {
    if (offset < 0 || offset + width(type) > size) throw new Error(`${name}.${field} lies outside ${size} bytes`);
  }
  return { name, size, fields };
}

function viewOf(target: DataView | Uint8Array): DataView {
  return target instanceof DataView ? target : new DataView(target.buffer, target.byteOffset, target.byteLength);
}

const utf8 = new TextEncoder();

/**
 * Writes `values` as `layout` at byte `at` of `target`. The whole struct is zeroed first, so padding
 * and omitted fields never leak stale bytes to the guest. Negative numbers wrap (two's complement).
 */
export function encode<L extends Layout>(layout: L, target: DataView | Uint8Array, at: number, values: StructInput<L>): void {
  const view = viewOf(target);
  if (at < 0 || at + layout.size > view.byteLength) throw new RangeError(`${layout.name} at ${at} does not fit`);
  new Uint8Array(view.buffer, view.byteOffset + at, layout.size).fill(0);
  for (const [field, value] of Object.entries(values) as [string, number | bigint | Uint8Array | string | undefined][]) {
    if (value === undefined) continue;
    const spec = layout.fields[field];
    if (!spec) throw new Error(`${layout.name} has no field ${field}`);
    const [offset, type] = spec;
    const p = at + offset;
    if (typeof type === "object") {
      const bytes = typeof value === "string" ? utf8.encode(value) : (value as Uint8Array);
      new Uint8Array(view.buffer, view.byteOffset + p, type.bytes).set(bytes.subarray(0, type.bytes));
      continue;
    }
    if (type === "u64" || type === "i64") {
      view.setBigUint64(p, BigInt.asUintN(64, typeof value === "bigint" ? value : BigInt(Math.trunc(value as number))), true);
      continue;
    }
    const n = Number(value);
    if (type === "u8") view.setUint8(p, n);
    else if (type === "u16" || type === "i16") view.setUint16(p, n & 0xffff, true);
    else view.setUint32(p, n >>> 0, true);
  }
}

/** `encode` into a fresh buffer of `layout.size` bytes (ready for a copy to user memory). */
export function encodeBytes<L extends Layout>(layout: L, values: StructInput<L>): Uint8Array {
  const out = new Uint8Array(layout.size);
  encode(layout, out, 0, values);
  return out;
}

/** Reads `layout` at byte `at` of `source`. */
export function decode<L extends Layout>(layout: L, source: DataView | Uint8Array, at = 0): StructOutput<L> {
  const view = viewOf(source);
  if (at < 0 || at + layout.size > view.byteLength) throw new RangeError(`${layout.name} at ${at} does not fit`);
  const out: Record<string, number | Uint8Array> = {};
  for (const [field, [offset, type]] of Object.entries(layout.fields)) {
    const p = at + offset;
    if (typeof type === "object") out[field] = new Uint8Array(view.buffer.slice(view.byteOffset + p, view.byteOffset + p + type.bytes));
    else if (type === "u8") out[field] = view.getUint8(p);
    else if (type === "u16") out[field] = view.getUint16(p, true);
    else if (type === "i16") out[field] = view.getInt16(p, true);
    else if (type === "u32") out[field] = view.getUint32(p, true);
    else if (type === "i32") out[field] = view.getInt32(p, true);
    else if (type === "u64") out[field] = Number(view.getBigUint64(p, true));
    else out[field] = Number(view.getBigInt64(p, true));
  }
  return out as StructOutput<L>;
}

// ---- time (include/uapi/linux/time_types.h, time.h) ----

/** Old 32-bit struct timespec (time_t = long), used by the non-*64 syscalls. */
export const Timespec = layout("timespec", 8, { tv_sec: [0, "i32"], tv_nsec: [4, "i32"] });
/** struct __kernel_timespec: the *_time64 syscalls (clock_gettime64 = 403 …). */
export const Timespec64 = layout("__kernel_timespec", 16, { tv_sec: [0, "i64"], tv_nsec: [8, "i64"] });
export const Timeval = layout("timeval", 8, { tv_sec: [0, "i32"], tv_usec: [4, "i32"] });
export const Timezone = layout("timezone", 8, { tz_minuteswest: [0, "i32"], tz_dsttime: [4, "i32"] });
export const Itimerval = layout("itimerval", 16, {
  it_interval_sec: [0, "i32"],
  it_interval_usec: [4, "i32"],
  it_value_sec: [8, "i32"],
  it_value_usec: [12, "i32"],
});
export const Tms = layout("tms", 16, { tms_utime: [0, "i32"], tms_stime: [4, "i32"], tms_cutime: [8, "i32"], tms_cstime: [12, "i32"] });

// ---- files (arch/x86/include/uapi/asm/stat.h, linux/stat.h, asm-generic/statfs.h, linux/fcntl.h) ----

/** struct stat for stat/lstat/fstat (106–108): 16-bit mode/nlink/uid/gid. */
export const Stat = layout("stat", 64, {
  st_dev: [0, "u32"],
  st_ino: [4, "u32"],
  st_mode: [8, "u16"],
  st_nlink: [10, "u16"],
  st_uid: [12, "u16"],
  st_gid: [14, "u16"],
  st_rdev: [16, "u32"],
  st_size: [20, "u32"],
  st_blksize: [24, "u32"],
  st_blocks: [28, "u32"],
  st_atime: [32, "u32"],
  st_atime_nsec: [36, "u32"],
  st_mtime: [40, "u32"],
  st_mtime_nsec: [44, "u32"],
  st_ctime: [48, "u32"],
  st_ctime_nsec: [52, "u32"],
});

/**
 * struct stat64 for stat64/fstat64/fstatat64 (195–197, 300). The inode number appears twice: a
 * 32-bit `__st_ino` at 12 and the full `st_ino` at 88 — fill both.
 */
export const Stat64 = layout("stat64", 96, {
  st_dev: [0, "u64"],
  __st_ino: [12, "u32"],
  st_mode: [16, "u32"],
  st_nlink: [20, "u32"],
  st_uid: [24, "u32"],
  st_gid: [28, "u32"],
  st_rdev: [32, "u64"],
  st_size: [44, "i64"],
  st_blksize: [52, "u32"],
  st_blocks: [56, "u64"],
  st_atime: [64, "u32"],
  st_atime_nsec: [68, "u32"],
  st_mtime: [72, "u32"],
  st_mtime_nsec: [76, "u32"],
  st_ctime: [80, "u32"],
  st_ctime_nsec: [84, "u32"],
  st_ino: [88, "u64"],
});

/** struct statx (statx = 383); timestamps are statx_timestamp {i64 sec, u32 nsec, i32 reserved}. */
export const Statx = layout("statx", 256, {
  stx_mask: [0, "u32"],
  stx_blksize: [4, "u32"],
  stx_attributes: [8, "u64"],
  stx_nlink: [16, "u32"],
  stx_uid: [20, "u32"],
  stx_gid: [24, "u32"],
  stx_mode: [28, "u16"],
  stx_ino: [32, "u64"],
  stx_size: [40, "u64"],
  stx_blocks: [48, "u64"],
  stx_attributes_mask: [56, "u64"],
  stx_atime_sec: [64, "i64"],
  stx_atime_nsec: [72, "u32"],
  stx_btime_sec: [80, "i64"],
  stx_btime_nsec: [88, "u32"],
  stx_ctime_sec: [96, "i64"],
  stx_ctime_nsec: [104, "u32"],
  stx_mtime_sec: [112, "i64"],
  stx_mtime_nsec: [120, "u32"],
  stx_rdev_major: [128, "u32"],
  stx_rdev_minor: [132, "u32"],
  stx_dev_major: [136, "u32"],
  stx_dev_minor: [140, "u32"],
  stx_mnt_id: [144, "u64"],
});

/** struct statfs (statfs/fstatfs 99/100): all words 32-bit. */
export const Statfs = layout("statfs", 64, {
  f_type: [0, "u32"],
  f_bsize: [4, "u32"],
  f_blocks: [8, "u32"],
  f_bfree: [12, "u32"],
  f_bavail: [16, "u32"],
  f_files: [20, "u32"],
  f_ffree: [24, "u32"],
  f_fsid: [28, { bytes: 8 }],
  f_namelen: [36, "u32"],
  f_frsize: [40, "u32"],
  f_flags: [44, "u32"],
});

/** struct statfs64 (statfs64/fstatfs64 268/269, which also take sizeof = 84 as an argument). */
export const Statfs64 = layout("statfs64", 84, {
  f_type: [0, "u32"],
  f_bsize: [4, "u32"],
  f_blocks: [8, "u64"],
  f_bfree: [16, "u64"],
  f_bavail: [24, "u64"],
  f_files: [32, "u64"],
  f_ffree: [40, "u64"],
  f_fsid: [48, { bytes: 8 }],
  f_namelen: [56, "u32"],
  f_frsize: [60, "u32"],
  f_flags: [64, "u32"],
});

/** struct flock (fcntl F_GETLK/F_SETLK). */
export const Flock = layout("flock", 16, {
  l_type: [0, "i16"],
  l_whence: [2, "i16"],
  l_start: [4, "i32"],
  l_len: [8, "i32"],
  l_pid: [12, "i32"],
});

/** struct flock64 (fcntl64 F_GETLK64…): 64-bit offsets at 4-byte alignment. */
export const Flock64 = layout("flock64", 24, {
  l_type: [0, "i16"],
  l_whence: [2, "i16"],
  l_start: [4, "i64"],
  l_len: [12, "i64"],
  l_pid: [20, "i32"],
});

/** struct iovec (readv/writev). */
export const Iovec = layout("iovec", 8, { iov_base: [0, "u32"], iov_len: [4, "u32"] });
/** struct pollfd (poll/ppoll). */
export const Pollfd = layout("pollfd", 8, { fd: [0, "i32"], events: [4, "i16"], revents: [6, "i16"] });

// ---- system (linux/utsname.h, linux/sysinfo.h, linux/resource.h, asm-generic/resource.h) ----

/** struct new_utsname (uname = 122): six NUL-terminated 65-byte strings. */
export const Utsname = layout("new_utsname", 390, {
  sysname: [0, { bytes: 65 }],
  nodename: [65, { bytes: 65 }],
  release: [130, { bytes: 65 }],
  version: [195, { bytes: 65 }],
  machine: [260, { bytes: 65 }],
  domainname: [325, { bytes: 65 }],
});

/** struct sysinfo (sysinfo = 116); sizes are in units of mem_unit bytes. */
export const Sysinfo = layout("sysinfo", 64, {
  uptime: [0, "i32"],
  loads_1: [4, "u32"],
  loads_5: [8, "u32"],
  loads_15: [12, "u32"],
  totalram: [16, "u32"],
  freeram: [20, "u32"],
  sharedram: [24, "u32"],
  bufferram: [28, "u32"],
  totalswap: [32, "u32"],
  freeswap: [36, "u32"],
  procs: [40, "u16"],
  totalhigh: [44, "u32"],
  freehigh: [48, "u32"],
  mem_unit: [52, "u32"],
});

/** struct rusage (getrusage = 77, wait4 = 114). */
export const Rusage = layout("rusage", 72, {
  ru_utime_sec: [0, "i32"],
  ru_utime_usec: [4, "i32"],
  ru_stime_sec: [8, "i32"],
  ru_stime_usec: [12, "i32"],
  ru_maxrss: [16, "i32"],
  ru_ixrss: [20, "i32"],
  ru_idrss: [24, "i32"],
  ru_isrss: [28, "i32"],
  ru_minflt: [32, "i32"],
  ru_majflt: [36, "i32"],
  ru_nswap: [40, "i32"],
  ru_inblock: [44, "i32"],
  ru_oublock: [48, "i32"],
  ru_msgsnd: [52, "i32"],
  ru_msgrcv: [56, "i32"],
  ru_nsignals: [60, "i32"],
  ru_nvcsw: [64, "i32"],
  ru_nivcsw: [68, "i32"],
});

/** struct rlimit (ugetrlimit = 191, setrlimit = 75); RLIM_INFINITY = 0xffffffff. */
export const Rlimit = layout("rlimit", 8, { rlim_cur: [0, "u32"], rlim_max: [4, "u32"] });
/** struct rlimit64 (prlimit64 = 340); infinity is all ones (encode -1). */
export const Rlimit64 = layout("rlimit64", 16, { rlim_cur: [0, "u64"], rlim_max: [8, "u64"] });

// ---- terminals (asm-generic/termbits.h, asm-generic/termios.h) ----

/** The kernel's struct termios (TCGETS/TCSETS*): 19 control chars, no speeds — not glibc's 60-byte one. */
export const Termios = layout("termios", 36, {
  c_iflag: [0, "u32"],
  c_oflag: [4, "u32"],
  c_cflag: [8, "u32"],
  c_lflag: [12, "u32"],
  c_line: [16, "u8"],
  c_cc: [17, { bytes: 19 }],
});

/** struct termios2 (TCGETS2/TCSETS2): termios plus input/output speeds. */
export const Termios2 = layout("termios2", 44, {
  c_iflag: [0, "u32"],
  c_oflag: [4, "u32"],
  c_cflag: [8, "u32"],
  c_lflag: [12, "u32"],
  c_line: [16, "u8"],
  c_cc: [17, { bytes: 19 }],
  c_ispeed: [36, "u32"],
  c_ospeed: [40, "u32"],
});

/** struct winsize (TIOCGWINSZ/TIOCSWINSZ). */
export const Winsize = layout("winsize", 8, { ws_row: [0, "u16"], ws_col: [2, "u16"], ws_xpixel: [4, "u16"], ws_ypixel: [6, "u16"] });

// ---- threads (arch/x86/include/uapi/asm/ldt.h) ----

/** struct user_desc (set_thread_area = 243, clone's tls): `flags` packs the bitfields below. */
export const UserDesc = layout("user_desc", 16, {
  entry_number: [0, "u32"],
  base_addr: [4, "u32"],
  limit: [8, "u32"],
  flags: [12, "u32"],
});

/** Bits of UserDesc.flags, in C bitfield order (LSB first). */
export const UserDescFlag = {
  seg_32bit: 0x01,
  /** 2-bit field: 0 data, 1 stack (expand-down), 2 code. */
  contents_shift: 1,
  contents_mask: 0x06,
  read_exec_only: 0x08,
  limit_in_pages: 0x10,
  seg_not_present: 0x20,
  useable: 0x40,
} as const;

// ---- directories (include/linux/dirent.h) ----

/** linux_dirent64 header (getdents64 = 220); d_name follows at 19, NUL-terminated, record 8-aligned. */
export const Dirent64 = layout("linux_dirent64", 19, {
  d_ino: [0, "u64"],
  d_off: [8, "i64"],
  d_reclen: [16, "u16"],
  d_type: [18, "u8"],
});

/** Record length of a linux_dirent64 holding `nameBytes` bytes of name (plus NUL, rounded up to 8). */
export function dirent64Reclen(nameBytes: number): number {
  return (Dirent64.size + nameBytes + 1 + 7) & ~7;
}

/**
 * Writes one linux_dirent64 at `at` of `target` and returns its record length, or 0 if it does not
 * fit before `limit` (getdents64 then stops; returns EINVAL if not even one entry fits).
 */
export function encodeDirent64(
  target: Uint8Array,
  at: number,
  limit: number,
  entry: { ino: number | bigint; off: number | bigint; type: number; name: string | Uint8Array },
): number {
  const name = typeof entry.name === "string" ? utf8.encode(entry.name) : entry.name;
  const reclen = dirent64Reclen(name.length);
  if (at + reclen > limit) return 0;
  target.fill(0, at, at + reclen);
  encode(Dirent64, target, at, { d_ino: entry.ino, d_off: entry.off, d_reclen: reclen, d_type: entry.type });
  target.set(name, at + Dirent64.size);
  return reclen;
}
