// Checks every i386 struct layout (sizeof, offsetof and field width) against the host's headers
// compiled with gcc -m32, and exercises the generic encoder/decoder.
import { expect, test } from "bun:test";
import * as S from "../../../kernel/linux/structs.ts";
import * as G from "../../../kernel/linux/signal_structs.ts";
import type { Layout } from "../../../kernel/linux/structs.ts";
import { runHostC } from "./_host_c.ts";

const HEADERS = [
  "stddef.h", "asm/stat.h", "linux/stat.h", "linux/time_types.h", "linux/time.h", "linux/times.h",
  "linux/utsname.h", "linux/sysinfo.h", "linux/resource.h", "asm/termbits.h", "asm/termios.h",
  "asm/ldt.h", "asm/statfs.h", "asm/sigcontext.h", "linux/signal.h", "asm/ucontext.h", "linux/fcntl.h",
  "linux/poll.h", "linux/uio.h",
];

/**
 * Structs the kernel defines outside uapi (arch/x86/include/asm/sigframe.h, signal.h), mirrored here
 * from the kernel source so gcc checks their packing with the real member types.
 */
const MIRRORS = `
struct k_sigaction { void *handler; unsigned long flags; void *restorer; struct { unsigned long sig[2]; } mask; };
struct k_ucontext { unsigned long uc_flags; struct k_ucontext *uc_link; stack_t uc_stack; struct sigcontext uc_mcontext;
  struct { unsigned long sig[2]; } uc_sigmask; };
struct rt_sigframe { char *pretcode; int sig; siginfo_t *pinfo; void *puc; siginfo_t info; struct k_ucontext uc; char retcode[8]; };
struct sigframe { char *pretcode; int sig; struct sigcontext sc; struct _fpstate_32 fpstate_unused; unsigned long extramask[1]; char retcode[8]; };
`;

/** Layout → C type and C member expressions that differ from the TS field name. */
const CASES: [Layout, string, Record<string, string>][] = [
  [S.Timespec, "struct timespec", {}],
  [S.Timespec64, "struct __kernel_timespec", {}],
  [S.Timeval, "struct __kernel_old_timeval", {}],
  [S.Timezone, "struct timezone", {}],
  [S.Itimerval, "struct itimerval", { it_interval_sec: "it_interval.tv_sec", it_interval_usec: "it_interval.tv_usec", it_value_sec: "it_value.tv_sec", it_value_usec: "it_value.tv_usec" }],
  [S.Tms, "struct tms", {}],
  [S.Stat, "struct stat", {}],
  [S.Stat64, "struct stat64", {}],
  [S.Statx, "struct statx", Object.fromEntries(["atime", "btime", "ctime", "mtime"].flatMap((t) => [[`stx_${t}_sec`, `stx_${t}.tv_sec`], [`stx_${t}_nsec`, `stx_${t}.tv_nsec`]]))],
  [S.Statfs, "struct statfs", {}],
  [S.Statfs64, "struct statfs64", {}],
  [S.Flock, "struct flock", {}],
  [S.Flock64, "struct flock64", {}],
  [S.Iovec, "struct iovec", {}],
  [S.Pollfd, "struct pollfd", {}],
  [S.Utsname, "struct new_utsname", {}],
  [S.Sysinfo, "struct sysinfo", { loads_1: "loads[0]", loads_5: "loads[1]", loads_15: "loads[2]" }],
  [S.Rusage, "struct rusage", { ru_utime_sec: "ru_utime.tv_sec", ru_utime_usec: "ru_utime.tv_usec", ru_stime_sec: "ru_stime.tv_sec", ru_stime_usec: "ru_stime.tv_usec" }],
  [S.Rlimit, "struct rlimit", {}],
  [S.Rlimit64, "struct rlimit64", {}],
  [S.Termios, "struct termios", {}],
  [S.Termios2, "struct termios2", {}],
  [S.Winsize, "struct winsize", {}],
  [S.UserDesc, "struct user_desc", { flags: "" }], // bitfields: checked below
  // Member names differ from the kernel's: asm/signal.h #defines sa_handler.
  [G.KSigaction, "struct k_sigaction", { sa_handler: "handler", sa_flags: "flags", sa_restorer: "restorer", sa_mask_low: "mask.sig[0]", sa_mask_high: "mask.sig[1]" }],
  [G.OldSigaction, "struct sigaction", {}],
  [G.Siginfo, "siginfo_t", {}],
  [G.StackT, "stack_t", {}],
  [G.Sigcontext, "struct sigcontext", {}],
  [G.Ucontext, "struct k_ucontext", { uc_sigmask_low: "uc_sigmask.sig[0]", uc_sigmask_high: "uc_sigmask.sig[1]" }],
  [G.RtSigframe, "struct rt_sigframe", {}],
  [G.Sigframe, "struct sigframe", {}],
];

function probe(): string {
  const lines = ["#define _GNU_SOURCE", "#include <stdio.h>", ...HEADERS.map((h) => `#include <${h}>`), MIRRORS];
  lines.push("#define Z(k, v) printf(\"%s %zu\\n\", k, (size_t)(v))", "int main(void) {");
  for (const [layout, ctype, rename] of CASES) {
    lines.push(`  Z("${layout.name}.size", sizeof(${ctype}));`);
    for (const field of Object.keys(layout.fields)) {
      const member = rename[field] ?? field;
      if (member === "") continue;
      lines.push(`  Z("${layout.name}.${field}", offsetof(${ctype}, ${member}));`);
      lines.push(`  Z("${layout.name}.${field}.width", sizeof(((${ctype} *)0)->${member}));`);
    }
  }
  // The uapi struct ucontext (32-bit mask) must agree with the kernel's up to uc_sigmask.
  lines.push(`  Z("uapi_ucontext.uc_sigmask", offsetof(struct ucontext, uc_sigmask));`);
  lines.push(`  Z("uapi_ucontext.uc_mcontext", offsetof(struct ucontext, uc_mcontext));`);
  // user_desc bitfields: set each one alone and print the flags word.
  for (const bit of ["seg_32bit", "read_exec_only", "limit_in_pages", "seg_not_present", "useable"]) {
    lines.push(`  { union { struct user_desc d; unsigned w[4]; } u = {0}; u.d.${bit} = 1; Z("user_desc.${bit}", u.w[3]); }`);
  }
  lines.push(`  { union { struct user_desc d; unsigned w[4]; } u = {0}; u.d.contents = 3; Z("user_desc.contents", u.w[3]); }`);
  lines.push("  return 0;", "}");
  return lines.join("\n");
}

const WIDTHS: Record<string, number> = { u8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8 };

test("every struct layout matches the host's sizeof/offsetof/field width (gcc -m32)", () => {
  const host = runHostC(probe());
  const wrong: string[] = [];
  const check = (key: string, nk: number) => {
    if (host.get(key) !== BigInt(nk)) wrong.push(`${key}: nk ${nk}, host ${host.get(key)}`);
  };
  for (const [layout, , rename] of CASES) {
    check(`${layout.name}.size`, layout.size);
    for (const [field, [offset, type]] of Object.entries(layout.fields)) {
      if (rename[field] === "") continue;
      check(`${layout.name}.${field}`, offset);
      check(`${layout.name}.${field}.width`, typeof type === "string" ? WIDTHS[type] : type.bytes);
    }
  }
  check("uapi_ucontext.uc_sigmask", G.Ucontext.fields.uc_sigmask_low[0]);
  check("uapi_ucontext.uc_mcontext", G.UCONTEXT_MCONTEXT);
  check("user_desc.seg_32bit", S.UserDescFlag.seg_32bit);
  check("user_desc.read_exec_only", S.UserDescFlag.read_exec_only);
  check("user_desc.limit_in_pages", S.UserDescFlag.limit_in_pages);
  check("user_desc.seg_not_present", S.UserDescFlag.seg_not_present);
  check("user_desc.useable", S.UserDescFlag.useable);
  check("user_desc.contents", S.UserDescFlag.contents_mask);
  expect(wrong).toEqual([]);
  expect(G.RT_SIGFRAME_INFO).toBe(G.RtSigframe.fields.info[0]);
  expect(G.RT_SIGFRAME_UC).toBe(G.RtSigframe.fields.uc[0]);
  expect(G.SIGFRAME_SC).toBe(G.Sigframe.fields.sc[0]);
  expect(G.UCONTEXT_STACK).toBe(G.Ucontext.fields.uc_stack[0]);
});

test("Dirent64 header matches glibc's struct dirent64 (same layout as linux_dirent64)", () => {
  const host = runHostC(`#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include <dirent.h>
int main(void) {
  printf("d_ino %zu\\nd_off %zu\\nd_reclen %zu\\nd_type %zu\\nd_name %zu\\n", offsetof(struct dirent64, d_ino),
    offsetof(struct dirent64, d_off), offsetof(struct dirent64, d_reclen), offsetof(struct dirent64, d_type),
    offsetof(struct dirent64, d_name));
  return 0;
}`);
  for (const [field, [offset]] of Object.entries(S.Dirent64.fields)) expect(host.get(field)).toBe(BigInt(offset));
  expect(host.get("d_name")).toBe(BigInt(S.Dirent64.size));
});

test("encode() zeroes the struct and writes little-endian fields; decode() reads them back", () => {
  const buffer = new Uint8Array(S.Stat64.size + 8).fill(0xee);
  S.encode(S.Stat64, buffer, 4, { st_dev: 0x801, st_ino: 2n ** 40n + 5n, __st_ino: 5, st_mode: 0o100644, st_size: 12345, st_blocks: 24 });
  expect(buffer[0]).toBe(0xee); // untouched before and after
  expect(buffer[4 + 96]).toBe(0xee);
  expect([...buffer.subarray(4 + 16, 4 + 20)]).toEqual([0xa4, 0x81, 0, 0]);
  const back = S.decode(S.Stat64, buffer, 4);
  expect(back.st_ino).toBe(2 ** 40 + 5);
  expect(back.st_mode).toBe(0o100644);
  expect(back.st_nlink).toBe(0); // omitted → zero, not 0xee
  expect(back.st_size).toBe(12345);
  const rlimit = S.encodeBytes(S.Rlimit64, { rlim_cur: -1, rlim_max: 1024 });
  expect([...rlimit.subarray(0, 8)]).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
  const uts = S.encodeBytes(S.Utsname, { sysname: "Linux", machine: "i686" });
  expect(new TextDecoder().decode(uts.subarray(0, 6))).toBe("Linux\0");
  expect(new TextDecoder().decode(uts.subarray(260, 264))).toBe("i686");
  const fd = S.decode(S.Pollfd, new Uint8Array([3, 0, 0, 0, 1, 0, 0xff, 0xff]));
  expect(fd).toEqual({ fd: 3, events: 1, revents: -1 });
  expect(() => S.encode(S.Stat64, new Uint8Array(95), 0, {})).toThrow(RangeError);
  expect(() => S.encode(S.Timespec, new Uint8Array(8), 0, { nope: 1 } as never)).toThrow(/no field nope/);
});

test("encodeDirent64() writes 8-aligned records and stops when full", () => {
  const out = new Uint8Array(48);
  const first = S.encodeDirent64(out, 0, out.length, { ino: 7, off: 1, type: 4, name: "." });
  expect(first).toBe(24);
  expect(S.decode(S.Dirent64, out, 0)).toEqual({ d_ino: 7, d_off: 1, d_reclen: 24, d_type: 4 });
  expect(out[19]).toBe(0x2e);
  expect(out[20]).toBe(0);
  expect(S.dirent64Reclen(5)).toBe(32);
  expect(S.encodeDirent64(out, 24, out.length, { ino: 8, off: 2, type: 8, name: "hello" })).toBe(0);
});

test("signalFrameAddress() leaves (frame + 4) 16-byte aligned below sp", () => {
  for (const sp of [0xbffff000, 0xbfffefec, 0x0804_9ff3]) {
    const frame = G.signalFrameAddress(sp, G.RtSigframe.size);
    expect((frame + 4) % 16).toBe(0);
    expect(frame + G.RtSigframe.size).toBeLessThanOrEqual(sp);
    expect(sp - (frame + G.RtSigframe.size)).toBeLessThan(16);
  }
  expect([...G.RetCode.rt.subarray(0, 7)]).toEqual([0xb8, 173, 0, 0, 0, 0xcd, 0x80]);
  expect(G.RetCode.plain[2]).toBe(119);
});
