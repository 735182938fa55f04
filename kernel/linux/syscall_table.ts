// The Linux i386 syscall table: every implemented row, gathered from the syscall families. One
// table drives dispatch, strace formatting, statistics and the published compatibility list.
// Platform-neutral.
import type { SyscallRow } from "../syscall/context.ts";
import { PROCESS_SYSCALLS } from "./sys_process.ts";
import { MEMORY_SYSCALLS } from "./sys_memory.ts";
import { SIGNAL_SYSCALLS } from "./sys_signal.ts";
import { TIME_SYSCALLS } from "./sys_time.ts";
import { FILE_SYSCALLS } from "./sys_file.ts";
import { FS_SYSCALLS } from "./sys_fs.ts";
import { POLL_SYSCALLS } from "./sys_poll.ts";

/** All implemented syscalls. */
export const SYSCALL_ROWS: readonly SyscallRow[] = [
  ...PROCESS_SYSCALLS, ...MEMORY_SYSCALLS, ...SIGNAL_SYSCALLS, ...TIME_SYSCALLS, ...FILE_SYSCALLS,
  ...FS_SYSCALLS, ...POLL_SYSCALLS,
];
