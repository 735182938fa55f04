// i386 signal delivery layouts: kernel sigaction records, siginfo_t, stack_t, sigcontext, ucontext and
// the two signal frames the kernel pushes on the user stack. Sources: arch/x86/include/asm/sigframe.h,
// arch/x86/include/uapi/asm/{signal,sigcontext,ucontext}.h, asm-generic/siginfo.h. Platform-neutral.
//
//   rt_sigframe (SA_SIGINFO handlers)          sigframe (plain handlers, sigreturn = 119)
//   +0    pretcode  → return trampoline        +0    pretcode
//   +4    sig       handler arg 1              +4    sig        handler arg 1
//   +8    pinfo     → info, arg 2              +8    sc         struct sigcontext (88)
//   +12   puc       → uc, arg 3                +96   fpstate_unused (struct _fpstate_32, 624)
//   +16   info      siginfo_t (128)            +720  extramask  signal mask bits 33..64
//   +144  uc        ucontext (116)             +724  retcode    popl %eax; movl $119,%eax; int $0x80
//   +260  retcode   movl $173,%eax; int $0x80  +732  (FPU state may follow)
//   +268  (FPU state may follow)
import { layout } from "./structs.ts";

/** The kernel's struct sigaction for rt_sigaction (174): note mask last, after restorer. */
export const KSigaction = layout("k_sigaction", 20, {
  sa_handler: [0, "u32"],
  sa_flags: [4, "u32"],
  sa_restorer: [8, "u32"],
  /** 64-bit sigset: bit (n-1) is signal n; the low word holds signals 1..32. */
  sa_mask_low: [12, "u32"],
  sa_mask_high: [16, "u32"],
});

/** struct old_sigaction for sigaction (67): 32-bit mask *before* the flags. */
export const OldSigaction = layout("old_sigaction", 16, {
  sa_handler: [0, "u32"],
  sa_mask: [4, "u32"],
  sa_flags: [8, "u32"],
  sa_restorer: [12, "u32"],
});

/**
 * siginfo_t (128 bytes). The union at 12 is read according to the signal: kill/rt (si_pid,
 * si_uid, si_value), SIGCHLD (si_pid, si_uid, si_status, si_utime, si_stime), faults
 * (si_addr, si_addr_lsb), timers (si_tid, si_overrun, si_value), SIGPOLL (si_band, si_fd),
 * SIGSYS (si_call_addr, si_syscall, si_arch).
 */
export const Siginfo = layout("siginfo_t", 128, {
  si_signo: [0, "i32"],
  si_errno: [4, "i32"],
  si_code: [8, "i32"],
  si_pid: [12, "i32"],
  si_uid: [16, "u32"],
  si_status: [20, "i32"],
  si_utime: [24, "i32"],
  si_stime: [28, "i32"],
  si_value: [20, "u32"],
  si_addr: [12, "u32"],
  si_addr_lsb: [16, "i16"],
  si_tid: [12, "i32"],
  si_overrun: [16, "i32"],
  si_band: [12, "i32"],
  si_fd: [16, "i32"],
  si_call_addr: [12, "u32"],
  si_syscall: [16, "i32"],
  si_arch: [20, "u32"],
});

/** stack_t (sigaltstack = 186, ucontext.uc_stack). */
export const StackT = layout("stack_t", 12, { ss_sp: [0, "u32"], ss_flags: [4, "i32"], ss_size: [8, "u32"] });

/** struct sigcontext (i386): the registers at the time of the signal, restored by sigreturn. */
export const Sigcontext = layout("sigcontext", 88, {
  gs: [0, "u16"],
  fs: [4, "u16"],
  es: [8, "u16"],
  ds: [12, "u16"],
  edi: [16, "u32"],
  esi: [20, "u32"],
  ebp: [24, "u32"],
  esp: [28, "u32"],
  ebx: [32, "u32"],
  edx: [36, "u32"],
  ecx: [40, "u32"],
  eax: [44, "u32"],
  trapno: [48, "u32"],
  err: [52, "u32"],
  eip: [56, "u32"],
  cs: [60, "u16"],
  eflags: [64, "u32"],
  esp_at_signal: [68, "u32"],
  ss: [72, "u16"],
  /** User pointer to saved FPU state; 0 = none (sigreturn then resets the FPU). */
  fpstate: [76, "u32"],
  /** Signal mask bits 1..32 (the old sigframe keeps the rest in extramask). */
  oldmask: [80, "u32"],
  cr2: [84, "u32"],
});

/**
 * The kernel's struct ucontext on i386 (116 bytes): its uc_sigmask is the kernel's 64-bit sigset_t.
 * (The uapi header's `struct ucontext` declares a 32-bit mask and is 112 bytes; glibc's ucontext_t
 * agrees up to uc_sigmask at 108 and then reserves 128 bytes.)
 */
export const Ucontext = layout("ucontext", 116, {
  uc_flags: [0, "u32"],
  uc_link: [4, "u32"],
  uc_stack: [8, { bytes: 12 }],
  uc_mcontext: [20, { bytes: 88 }],
  uc_sigmask_low: [108, "u32"],
  uc_sigmask_high: [112, "u32"],
});
/** Byte offsets of the nested structs, for encoding them in place. */
export const UCONTEXT_STACK = 8;
export const UCONTEXT_MCONTEXT = 20;

/** struct rt_sigframe (arch/x86/include/asm/sigframe.h), pushed for SA_SIGINFO handlers. */
export const RtSigframe = layout("rt_sigframe", 268, {
  pretcode: [0, "u32"],
  sig: [4, "i32"],
  pinfo: [8, "u32"],
  puc: [12, "u32"],
  info: [16, { bytes: 128 }],
  uc: [144, { bytes: 116 }],
  retcode: [260, { bytes: 8 }],
});
export const RT_SIGFRAME_INFO = 16;
export const RT_SIGFRAME_UC = 144;

/** struct sigframe, pushed for handlers without SA_SIGINFO; returns through sigreturn (119). */
export const Sigframe = layout("sigframe", 732, {
  pretcode: [0, "u32"],
  sig: [4, "i32"],
  sc: [8, { bytes: 88 }],
  /** Kept only so extramask stays at a fixed offset; the kernel leaves it unused. */
  fpstate_unused: [96, { bytes: 624 }],
  extramask: [720, "u32"],
  retcode: [724, { bytes: 8 }],
});
export const SIGFRAME_SC = 8;

/**
 * Trampolines the kernel writes into `retcode` (gdb recognises frames by them). With SA_RESTORER
 * (always set by glibc/musl) pretcode = sa_restorer and these are never executed.
 */
export const RetCode = {
  /** movl $173 (rt_sigreturn), %eax; int $0x80; pad. */
  rt: new Uint8Array([0xb8, 0xad, 0x00, 0x00, 0x00, 0xcd, 0x80, 0x00]),
  /** popl %eax; movl $119 (sigreturn), %eax; int $0x80. */
  plain: new Uint8Array([0x58, 0xb8, 0x77, 0x00, 0x00, 0x00, 0xcd, 0x80]),
} as const;

/**
 * Where a frame of `frameSize` bytes goes below `sp` (get_sigframe + align_sigframe, i386): the
 * frame start is chosen so that (start + 4) is 16-byte aligned, i.e. the handler sees the stack as
 * if called by a `call` from 16-aligned code.
 */
export function signalFrameAddress(sp: number, frameSize: number): number {
  const top = (sp >>> 0) - frameSize;
  return ((((top + 4) >>> 0) & ~15) - 4) >>> 0;
}
