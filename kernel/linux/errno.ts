// The kernel's error type: syscall handlers and file systems throw `Errno`; one dispatcher turns it
// into `-errno` in EAX (Serenity SyscallHandler). Platform-neutral.
import { type ErrnoName, errnoText, LinuxErrno } from "./errno_table.ts";

export { type ErrnoName, errnoText, LinuxErrno };

const byNumber = new Map<number, ErrnoName>();
for (const [name, nr] of Object.entries(LinuxErrno) as [ErrnoName, number][]) {
  if (!byNumber.has(nr)) byNumber.set(nr, name); // first name wins (EAGAIN before EWOULDBLOCK)
}

/** A Linux error. `code` is the positive errno number. */
export class Errno extends Error {
  readonly code: number;
  constructor(code: number, detail?: string) {
    super(`${errnoName(code)}${detail ? `: ${detail}` : ""}`);
    this.code = code;
  }
}

/** Throws `Errno(LinuxErrno[name])`; typed `never` so it can end a branch. */
export function fail(name: ErrnoName, detail?: string): never {
  throw new Errno(LinuxErrno[name], detail);
}

/** errno number → symbolic name ("ENOENT"), or "E<n>" if unknown. */
export function errnoName(code: number): string {
  return byNumber.get(code) ?? `E${code}`;
}
