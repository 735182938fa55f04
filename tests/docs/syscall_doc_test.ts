// The published syscall table (docs/syscalls.md) is generated from the kernel's table; keep them equal.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderSyscallDoc } from "../../scripts/gen_syscall_doc.ts";

test("docs/syscalls.md matches the kernel's syscall table", () => {
  expect(readFileSync(join(import.meta.dir, "../../docs/syscalls.md"), "utf8")).toBe(renderSyscallDoc());
});
