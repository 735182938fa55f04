// Builds syscall-table rows by Linux name (numbers come from syscall_numbers.ts, never literals).
// Platform-neutral.
import type { ArgKind, SyscallHandler, SyscallRow } from "../syscall/context.ts";
import { LinuxSyscall, type SyscallName } from "./syscall_numbers.ts";

/** One row: `def("write", handler, ["fd", "inbuf", "size"])`. */
export function def(
  name: SyscallName, handler: SyscallHandler, args: readonly ArgKind[] = [],
  opts: Omit<Partial<SyscallRow>, "nr" | "name" | "handler" | "args"> = {},
): SyscallRow {
  return { nr: LinuxSyscall[name], name, handler, args, ...opts };
}

/** Several names served by the same handler (e.g. getuid and getuid32). */
export function defs(names: SyscallName[], handler: SyscallHandler, args: readonly ArgKind[] = [], opts: Omit<Partial<SyscallRow>, "nr" | "name" | "handler" | "args"> = {}): SyscallRow[] {
  return names.map((n) => def(n, handler, args, opts));
}
