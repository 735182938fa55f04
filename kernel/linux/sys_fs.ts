// Path and metadata syscalls (stat family, directories, links, permissions, cwd). Platform-neutral.
import type { SyscallRow } from "../syscall/context.ts";

/** Rows of this family. */
export const FS_SYSCALLS: SyscallRow[] = [];
