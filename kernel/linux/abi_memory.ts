// Linux i386 ABI constants for memory: mmap protection and flags, mremap flags, madvise advice,
// msync flags. x86 uses include/uapi/asm-generic/mman-common.h + mman.h. Data only. Platform-neutral.

/** mmap/mprotect prot bits (asm-generic/mman-common.h). */
export const Prot = {
  PROT_NONE: 0x0,
  PROT_READ: 0x1,
  PROT_WRITE: 0x2,
  PROT_EXEC: 0x4,
  PROT_SEM: 0x8,
  PROT_GROWSDOWN: 0x0100_0000,
  PROT_GROWSUP: 0x0200_0000,
} as const;

/** mmap flags (asm-generic/mman-common.h, asm-generic/mman.h, linux/mman.h; x86 MAP_32BIT). */
export const MapFlag = {
  MAP_SHARED: 0x01,
  MAP_PRIVATE: 0x02,
  MAP_SHARED_VALIDATE: 0x03,
  MAP_TYPE: 0x0f,
  MAP_FIXED: 0x10,
  MAP_ANONYMOUS: 0x20,
  MAP_32BIT: 0x40,
  MAP_GROWSDOWN: 0x0100,
  MAP_DENYWRITE: 0x0800,
  MAP_EXECUTABLE: 0x1000,
  MAP_LOCKED: 0x2000,
  MAP_NORESERVE: 0x4000,
  MAP_POPULATE: 0x8000,
  MAP_NONBLOCK: 0x1_0000,
  MAP_STACK: 0x2_0000,
  MAP_HUGETLB: 0x4_0000,
  MAP_SYNC: 0x8_0000,
  MAP_FIXED_NOREPLACE: 0x10_0000,
  MAP_UNINITIALIZED: 0x400_0000,
} as const;

/** Returned by mmap on failure in libc terms; the syscall itself returns -errno. */
export const MAP_FAILED = -1;

/** mremap(2) flags (linux/mman.h). */
export const MremapFlag = {
  MREMAP_MAYMOVE: 1,
  MREMAP_FIXED: 2,
  MREMAP_DONTUNMAP: 4,
} as const;

/** madvise(2) advice (asm-generic/mman-common.h); nk may treat most as no-ops. */
export const Madvise = {
  MADV_NORMAL: 0,
  MADV_RANDOM: 1,
  MADV_SEQUENTIAL: 2,
  MADV_WILLNEED: 3,
  MADV_DONTNEED: 4,
  MADV_FREE: 8,
  MADV_REMOVE: 9,
  MADV_DONTFORK: 10,
  MADV_DOFORK: 11,
  MADV_HUGEPAGE: 14,
  MADV_NOHUGEPAGE: 15,
} as const;

/** msync(2) flags (asm-generic/mman-common.h). */
export const MsyncFlag = {
  MS_ASYNC: 1,
  MS_INVALIDATE: 2,
  MS_SYNC: 4,
} as const;
