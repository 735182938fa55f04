// `nk boot` of the project's multiboot test kernel: its serial output must equal QEMU's
// (`qemu-system-i386 -kernel`, committed golden transcript, and a live QEMU run when installed),
// and bad kernels must give one clear line and a non-zero status.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const root = join(import.meta.dir, "..", "..", "..");
const kernel = join(root, "examples/multiboot/testkernel/kernel.elf");
const golden = readFileSync(join(root, "examples/multiboot/testkernel/expected_serial.txt"), "utf8");

function nkBoot(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "cli/main.ts"), "boot", ...args], { input: "", timeout: 60_000 });
  return { out: r.stdout.toString(), err: r.stderr.toString(), status: r.status };
}

test("nk boot: test kernel's serial output equals QEMU's golden transcript, exit 33", () => {
  const r = nkBoot([kernel, "--append", "nk-test", "--mem", "64M"]);
  expect(r.out).toBe(golden);
  expect(r.status).toBe(33);
}, 60_000);

const hasQemu = spawnSync("sh", ["-c", "command -v qemu-system-i386"]).status === 0;
test.skipIf(!hasQemu)("nk boot: serial output equals a live qemu-system-i386 -kernel run", () => {
  const q = spawnSync("qemu-system-i386", [
    "-kernel", kernel, "-m", "64", "-serial", "stdio", "-display", "none", "-no-reboot",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-append", "nk-test", "-monitor", "none",
  ], { timeout: 30_000, input: "" });
  const r = nkBoot([kernel, "--append", "nk-test", "--mem", "64M"]);
  expect(r.out).toBe(q.stdout.toString());
  expect(r.status).toBe(q.status);
}, 60_000);

test("nk boot: a file that is not a kernel gives one clear line and status 1", () => {
  const dir = mkdtempSync(join(tmpdir(), "nk-boot-"));
  const junk = join(dir, "junk.bin");
  writeFileSync(junk, new Uint8Array(4096).map((_, i) => (i * 37) & 0xff));
  const r = nkBoot([junk]);
  expect(r.status).toBe(1);
  expect(r.err.trim().split("\n")).toHaveLength(1);
  expect(r.err).toContain("not a multiboot kernel");
});

test("nk boot: an x86-64 ELF kernel is refused with a clear message", () => {
  const dir = mkdtempSync(join(tmpdir(), "nk-boot-"));
  const f = join(dir, "k64.elf");
  // Minimal ELF64 header carrying a multiboot header right after it.
  const b = new Uint8Array(256);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  const dv = new DataView(b.buffer);
  dv.setUint32(64, 0x1badb002, true); dv.setUint32(68, 0, true); dv.setUint32(72, -(0x1badb002) >>> 0, true);
  writeFileSync(f, b);
  const r = nkBoot([f]);
  expect(r.status).toBe(1);
  expect(r.err).toContain("ELF64");
});

test("nk boot: a triple fault stops the machine with a message, not a stack trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "nk-boot-"));
  const f = join(dir, "tf.bin");
  const b = new Uint8Array(64);
  const dv = new DataView(b.buffer);
  const magic = 0x1badb002, flags = 0x00010000;
  dv.setUint32(0, magic, true); dv.setUint32(4, flags, true); dv.setUint32(8, (-(magic + flags)) >>> 0, true);
  dv.setUint32(12, 0x100000, true); dv.setUint32(16, 0x100000, true); dv.setUint32(20, 0, true);
  dv.setUint32(24, 0, true); dv.setUint32(28, 0x100020, true);
  b.set([0xfa, 0xcc], 0x20); // cli; int3 with no IDT: #GP → #DF → triple fault
  writeFileSync(f, b);
  const r = nkBoot([f]);
  expect(r.status).toBe(1);
  expect(r.err).toContain("triple fault");
  expect(r.err).not.toContain("    at ");
});

test("nk boot: a missing kernel file", () => {
  const r = nkBoot(["/nonexistent/kernel.elf"]);
  expect(r.status).toBe(1);
  expect(existsSync("/nonexistent/kernel.elf")).toBe(false);
  expect(r.err).toContain("no such file");
});
