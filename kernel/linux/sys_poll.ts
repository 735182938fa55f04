// I/O multiplexing syscalls (poll, ppoll, select, pselect6). Platform-neutral.
import type { SyscallRow } from "../syscall/context.ts";

/** Rows of this family. */
export const POLL_SYSCALLS: SyscallRow[] = [];
