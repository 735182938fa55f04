// guest_programs.ts — the catalogue of tests/guest programs: how to run each one (args, stdin,
// env), the exit status it must end with, and which of its outputs a differential test
// (`nk run prog` vs the native run) may compare byte for byte.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The two C libraries every program is built against (scripts/build_guests.sh). */
export const libcs = ["glibc", "musl"] as const;
export type Libc = (typeof libcs)[number];

/** One guest program and how to run it. */
export interface GuestProgram {
  /** File name under tests/guest/bin/<libc>/ and tests/guest/src/<name>.c. */
  name: string;
  /** Arguments after argv[0]. */
  args: string[];
  /** Standard input; absent means empty. */
  stdin?: string;
  /** The complete environment the program gets. */
  env: Record<string, string>;
  /** Expected exit status: the exit code, or 128+N for death by signal N (Linux numbers). */
  status: number;
  /** Which outputs are meaningful to compare between nk and the host. */
  compare: { stdout: boolean; stderr: boolean; status: boolean };
  /** What the program exercises, and any caveat for the comparison. */
  note: string;
  /** Set when qemu-i386 (runQemuUser) is known not to reproduce the native output, and why. */
  qemuCaveat?: string;
}

/** Linux i386 signal numbers used in expected statuses (signal(7), "Standard signals"). */
const Signal = { SIGFPE: 8, SIGSEGV: 11 } as const;

const all = { stdout: true, stderr: true, status: true } as const;

/** Root of the guest tree, resolved from this file so callers may run from any directory. */
export const guestRoot = join(import.meta.dir, "..", "guest");

/** The programs, in the order a report lists them. */
export const guestPrograms: readonly GuestProgram[] = [
  { name: "hello", args: [], env: {}, status: 0, compare: all, note: "puts + exit 0" },
  {
    name: "args_env",
    args: ["alpha", "two words", ""],
    env: { NK_ALPHA: "one", NK_BETA: "two words", NK_EMPTY: "" },
    status: 0,
    compare: all,
    note: "argv (argv[0] not printed), environment, getauxval(AT_PAGESZ/AT_ENTRY/AT_PHDR)",
  },
  {
    name: "stdio",
    args: [],
    stdin: "first line\nsecond line\nthird, no newline",
    env: {},
    status: 0,
    compare: all,
    note: "FILE I/O on /tmp, full vs no buffering seen through stat and write(2) ordering, stdin",
  },
  { name: "printf_float", args: [], env: {}, status: 0, compare: all, note: "x87: printf %f %e %g %a, strtod; %a of subnormals differs by libc" },
  { name: "libm", args: [], env: {}, status: 0, compare: all, note: "x87 transcendentals printed %.17g" },
  { name: "malloc_stress", args: [], env: {}, status: 0, compare: all, note: "20 000 seeded malloc/realloc/free with pattern checks" },
  { name: "fork_exec_wait", args: [], env: {}, status: 0, compare: all, note: "fork tree, waitpid, execve of argv[0], WIFSIGNALED" },
  { name: "pipes", args: [], env: {}, status: 0, compare: all, note: "pipe+dup2, 1 MiB checksummed, EOF, EPIPE, SIGPIPE" },
  { name: "signals", args: [], env: {}, status: 0, compare: all, note: "sigaction, alarm(1) (one real second natively), masks, SIGSEGV/SIGFPE recovery, SIGCHLD, EINTR" },
  { name: "pthreads", args: [], env: {}, status: 0, compare: all, note: "4 threads, mutex, condvar, join values, __thread" },
  { name: "mmap", args: [], env: {}, status: 0, compare: all, note: "anonymous/fixed/file mappings, mprotect fault, mremap" },
  { name: "files_dirs", args: [], env: {}, status: 0, compare: all, note: "file and directory syscalls with errno and strerror texts",
    qemuCaveat: "glibc readdir gets 64-bit ext4 d_off hashes under qemu-i386 and fails with EOVERFLOW" },
  { name: "setjmp", args: [], env: {}, status: 0, compare: all, note: "setjmp/longjmp, nested" },
  { name: "time", args: [], env: {}, status: 0, compare: all, note: "clocks and nanosleep, yes/no facts only" },
  { name: "null_deref", args: [], env: {}, status: 128 + Signal.SIGSEGV, compare: all, note: "dies by SIGSEGV" },
  { name: "div_zero", args: [], env: {}, status: 128 + Signal.SIGFPE, compare: all, note: "dies by SIGFPE" },
  { name: "wild_syscall", args: [], env: {}, status: 0, compare: all, note: "EFAULT from write/read/open/uname with wild pointers" },
  {
    name: "fork_bomb_limited",
    args: [],
    env: {},
    status: 0,
    compare: all,
    note: "RLIMIT_NPROC=16 (root drops to uid 65534 first), forks until EAGAIN, cap 200; nk must enforce RLIMIT_NPROC",
    qemuCaveat: "qemu-i386 itself needs threads and aborts in children once RLIMIT_NPROC is hit",
  },
  {
    name: "alloc_forever",
    args: [],
    env: {},
    status: 0,
    compare: all,
    note: "RLIMIT_AS=256 MiB, 1 MiB chunks until malloc returns NULL; nk must enforce RLIMIT_AS (or run out below it)",
    qemuCaveat: "qemu-i386 does not apply RLIMIT_AS to the guest, so malloc runs past 256 MiB",
  },
];

/** Path of the built binary for a program and libc. */
export function guestBinary(name: string, libc: Libc): string {
  return join(guestRoot, "bin", libc, name);
}

/**
 * Path of the committed expected stdout: tests/guest/expected/NAME.LIBC.out when the two libcs
 * print differently, otherwise the shared NAME.out.
 */
export function expectedOutputPath(name: string, libc: Libc): string {
  const specific = join(guestRoot, "expected", `${name}.${libc}.out`);
  return existsSync(specific) ? specific : join(guestRoot, "expected", `${name}.out`);
}

/** The expected stdout as text (throws if the expected file was never generated). */
export function expectedOutput(name: string, libc: Libc): string {
  return readFileSync(expectedOutputPath(name, libc), "utf8");
}
