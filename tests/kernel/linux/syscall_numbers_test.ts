// Checks the generated i386 syscall table against the host header it was generated from.
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { LinuxSyscall, MAX_SYSCALL, syscallName } from "../../../kernel/linux/syscall_numbers.ts";

const HEADER = "/usr/include/x86_64-linux-gnu/asm/unistd_32.h";

test("LinuxSyscall holds every __NR_ of the host's unistd_32.h", () => {
  expect(existsSync(HEADER)).toBe(true);
  const host = new Map<string, number>();
  for (const m of readFileSync(HEADER, "utf8").matchAll(/^#define __NR_(\w+)\s+(\d+)\s*$/gm)) host.set(m[1], Number(m[2]));
  expect(host.size).toBeGreaterThan(400);
  // Every host syscall is in the table with the same number (a newer host may add more at the end).
  const missing = [...host].filter(([name, nr]) => (LinuxSyscall as Record<string, number>)[name] !== nr);
  expect(missing).toEqual([]);
  expect(Object.keys(LinuxSyscall).length).toBeLessThanOrEqual(host.size);
});

test("syscallName() maps numbers back, with the well-known i386 numbers", () => {
  expect(LinuxSyscall.exit).toBe(1);
  expect(LinuxSyscall.write).toBe(4);
  expect(LinuxSyscall.brk).toBe(45);
  expect(LinuxSyscall.mmap2).toBe(192);
  expect(LinuxSyscall.set_thread_area).toBe(243);
  expect(LinuxSyscall.exit_group).toBe(252);
  expect(LinuxSyscall.statx).toBe(383);
  expect(LinuxSyscall.clock_gettime64).toBe(403);
  expect(syscallName(4)).toBe("write");
  expect(syscallName(119)).toBe("sigreturn");
  expect(syscallName(173)).toBe("rt_sigreturn");
  expect(syscallName(222)).toBeUndefined(); // unassigned on i386
  expect(syscallName(MAX_SYSCALL + 1)).toBeUndefined();
  expect(syscallName(MAX_SYSCALL)).toBeDefined();
});
