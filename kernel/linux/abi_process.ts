// Linux i386 ABI constants for processes: clone flags, wait options, auxiliary vector types, rlimit
// resources, getrusage targets, clock ids, interval timers, futex operations, prctl options.
// Sources cited per table (include/uapi/…). Data only. Platform-neutral.

/**
 * clone(2) flags (include/uapi/linux/sched.h). Note the i386 argument order
 * (CONFIG_CLONE_BACKWARDS): clone(flags, newsp, parent_tidptr, tls, child_tidptr) — EBX, ECX, EDX,
 * ESI, EDI — and `tls` points to a struct user_desc. The low byte (CSIGNAL) is the exit signal.
 */
export const CloneFlag = {
  CSIGNAL: 0x0000_00ff,
  CLONE_VM: 0x0000_0100,
  CLONE_FS: 0x0000_0200,
  CLONE_FILES: 0x0000_0400,
  CLONE_SIGHAND: 0x0000_0800,
  CLONE_PIDFD: 0x0000_1000,
  CLONE_PTRACE: 0x0000_2000,
  CLONE_VFORK: 0x0000_4000,
  CLONE_PARENT: 0x0000_8000,
  CLONE_THREAD: 0x0001_0000,
  CLONE_NEWNS: 0x0002_0000,
  CLONE_SYSVSEM: 0x0004_0000,
  CLONE_SETTLS: 0x0008_0000,
  CLONE_PARENT_SETTID: 0x0010_0000,
  CLONE_CHILD_CLEARTID: 0x0020_0000,
  CLONE_DETACHED: 0x0040_0000,
  CLONE_UNTRACED: 0x0080_0000,
  CLONE_CHILD_SETTID: 0x0100_0000,
  CLONE_NEWCGROUP: 0x0200_0000,
  CLONE_NEWUTS: 0x0400_0000,
  CLONE_NEWIPC: 0x0800_0000,
  CLONE_NEWUSER: 0x1000_0000,
  CLONE_NEWPID: 0x2000_0000,
  CLONE_NEWNET: 0x4000_0000,
  /** Bit 31: compare with `(flags >>> 0)` or `& CLONE_IO) !== 0`, never `> 0`. */
  CLONE_IO: 0x8000_0000,
} as const;

/** wait4/waitid options and waitid id types (include/uapi/linux/wait.h). */
export const WaitOption = {
  WNOHANG: 0x0000_0001,
  WUNTRACED: 0x0000_0002,
  WSTOPPED: 0x0000_0002,
  WEXITED: 0x0000_0004,
  WCONTINUED: 0x0000_0008,
  WNOWAIT: 0x0100_0000,
  __WNOTHREAD: 0x2000_0000,
  __WALL: 0x4000_0000,
  __WCLONE: 0x8000_0000,
  P_ALL: 0,
  P_PID: 1,
  P_PGID: 2,
  P_PIDFD: 3,
} as const;

/** Auxiliary vector a_type values (include/uapi/linux/auxvec.h, arch/x86/include/uapi/asm/auxvec.h). */
export const AuxvType = {
  AT_NULL: 0,
  AT_IGNORE: 1,
  AT_EXECFD: 2,
  AT_PHDR: 3,
  AT_PHENT: 4,
  AT_PHNUM: 5,
  AT_PAGESZ: 6,
  AT_BASE: 7,
  AT_FLAGS: 8,
  AT_ENTRY: 9,
  AT_NOTELF: 10,
  AT_UID: 11,
  AT_EUID: 12,
  AT_GID: 13,
  AT_EGID: 14,
  AT_PLATFORM: 15,
  AT_HWCAP: 16,
  AT_CLKTCK: 17,
  AT_SECURE: 23,
  AT_BASE_PLATFORM: 24,
  /** Address of 16 random bytes; glibc uses them for the stack protector canary. */
  AT_RANDOM: 25,
  AT_HWCAP2: 26,
  AT_EXECFN: 31,
  /** i386 only: the vsyscall entry point (vDSO __kernel_vsyscall). */
  AT_SYSINFO: 32,
  AT_SYSINFO_EHDR: 33,
  AT_MINSIGSTKSZ: 51,
} as const;

/** getrlimit/prlimit64 resources (include/uapi/asm-generic/resource.h). */
export const RlimitResource = {
  RLIMIT_CPU: 0,
  RLIMIT_FSIZE: 1,
  RLIMIT_DATA: 2,
  RLIMIT_STACK: 3,
  RLIMIT_CORE: 4,
  RLIMIT_RSS: 5,
  RLIMIT_NPROC: 6,
  RLIMIT_NOFILE: 7,
  RLIMIT_MEMLOCK: 8,
  RLIMIT_AS: 9,
  RLIMIT_LOCKS: 10,
  RLIMIT_SIGPENDING: 11,
  RLIMIT_MSGQUEUE: 12,
  RLIMIT_NICE: 13,
  RLIMIT_RTPRIO: 14,
  RLIMIT_RTTIME: 15,
  RLIM_NLIMITS: 16,
  /** ~0UL on i386 for struct rlimit; struct rlimit64 uses ~0ULL (write -1 as a u64). */
  RLIM_INFINITY: 0xffff_ffff,
} as const;

/** getrusage(2) `who` (include/uapi/linux/resource.h). */
export const RusageWho = {
  RUSAGE_SELF: 0,
  RUSAGE_CHILDREN: -1,
  RUSAGE_BOTH: -2,
  RUSAGE_THREAD: 1,
} as const;

/** clock_gettime clock ids, TIMER_ABSTIME and setitimer `which` (include/uapi/linux/time.h). */
export const ClockId = {
  CLOCK_REALTIME: 0,
  CLOCK_MONOTONIC: 1,
  CLOCK_PROCESS_CPUTIME_ID: 2,
  CLOCK_THREAD_CPUTIME_ID: 3,
  CLOCK_MONOTONIC_RAW: 4,
  CLOCK_REALTIME_COARSE: 5,
  CLOCK_MONOTONIC_COARSE: 6,
  CLOCK_BOOTTIME: 7,
  CLOCK_REALTIME_ALARM: 8,
  CLOCK_BOOTTIME_ALARM: 9,
  CLOCK_TAI: 11,
  TIMER_ABSTIME: 0x01,
  ITIMER_REAL: 0,
  ITIMER_VIRTUAL: 1,
  ITIMER_PROF: 2,
} as const;

/** futex(2) operations and flags (include/uapi/linux/futex.h). op = cmd | PRIVATE | CLOCK_REALTIME. */
export const FutexOp = {
  FUTEX_WAIT: 0,
  FUTEX_WAKE: 1,
  FUTEX_FD: 2,
  FUTEX_REQUEUE: 3,
  FUTEX_CMP_REQUEUE: 4,
  FUTEX_WAKE_OP: 5,
  FUTEX_LOCK_PI: 6,
  FUTEX_UNLOCK_PI: 7,
  FUTEX_TRYLOCK_PI: 8,
  FUTEX_WAIT_BITSET: 9,
  FUTEX_WAKE_BITSET: 10,
  FUTEX_WAIT_REQUEUE_PI: 11,
  FUTEX_CMP_REQUEUE_PI: 12,
  FUTEX_LOCK_PI2: 13,
  FUTEX_PRIVATE_FLAG: 128,
  FUTEX_CLOCK_REALTIME: 256,
  /** ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME): `op & FUTEX_CMD_MASK` is the command. */
  FUTEX_CMD_MASK: -385,
  FUTEX_BITSET_MATCH_ANY: 0xffff_ffff,
  /** Robust-futex word bits. */
  FUTEX_WAITERS: 0x8000_0000,
  FUTEX_OWNER_DIED: 0x4000_0000,
  FUTEX_TID_MASK: 0x3fff_ffff,
} as const;

/** prctl(2) options nk may meet from libc start-up code (include/uapi/linux/prctl.h). */
export const PrctlOption = {
  PR_SET_PDEATHSIG: 1,
  PR_GET_PDEATHSIG: 2,
  PR_GET_DUMPABLE: 3,
  PR_SET_DUMPABLE: 4,
  PR_SET_NAME: 15,
  PR_GET_NAME: 16,
  PR_SET_NO_NEW_PRIVS: 38,
  PR_GET_NO_NEW_PRIVS: 39,
} as const;
