// Linux i386 signals: numbers, names and default actions (signal(7)), plus the sigaction flags,
// sigprocmask `how` values, si_code values and sigaltstack flags. Sources: arch/x86/include/uapi/asm/
// signal.h, include/uapi/asm-generic/siginfo.h, signal(7). Platform-neutral.

/** Signal numbers on i386 (asm/signal.h). SIGIOT = SIGABRT, SIGPOLL = SIGIO. */
export const Signal = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
} as const;

export type SignalName = keyof typeof Signal;

/** First and last real-time signal as the kernel numbers them (glibc reserves 32 and 33 itself). */
export const SIGRTMIN = 32;
export const SIGRTMAX = 64;
/** Number of signals + 1: the kernel's _NSIG is 64 and sigset_t is 64 bits (two words). */
export const NSIG = 65;

/** What a signal does when its disposition is SIG_DFL (signal(7) "Standard signals"). */
export type DefaultAction = "term" | "core" | "stop" | "cont" | "ignore";

/** signal(7) default action per standard signal; real-time signals default to "term". */
const DEFAULT_ACTIONS: Readonly<Record<SignalName, DefaultAction>> = {
  SIGHUP: "term",
  SIGINT: "term",
  SIGQUIT: "core",
  SIGILL: "core",
  SIGTRAP: "core",
  SIGABRT: "core",
  SIGBUS: "core",
  SIGFPE: "core",
  SIGKILL: "term",
  SIGUSR1: "term",
  SIGSEGV: "core",
  SIGUSR2: "term",
  SIGPIPE: "term",
  SIGALRM: "term",
  SIGTERM: "term",
  SIGSTKFLT: "term",
  SIGCHLD: "ignore",
  SIGCONT: "cont",
  SIGSTOP: "stop",
  SIGTSTP: "stop",
  SIGTTIN: "stop",
  SIGTTOU: "stop",
  SIGURG: "ignore",
  SIGXCPU: "core",
  SIGXFSZ: "core",
  SIGVTALRM: "term",
  SIGPROF: "term",
  SIGWINCH: "ignore",
  SIGIO: "term",
  SIGPWR: "term",
  SIGSYS: "core",
};

const names: string[] = [];
for (const [name, nr] of Object.entries(Signal)) {
  if (names[nr] !== undefined) throw new Error(`signal ${nr} listed twice`);
  names[nr] = name;
}

/** Signal number → name ("SIGSEGV", "SIGRTMIN+3"), or "SIG<n>" if out of range. */
export function signalName(signal: number): string {
  if (names[signal]) return names[signal];
  if (signal === SIGRTMIN) return "SIGRTMIN";
  if (signal > SIGRTMIN && signal <= SIGRTMAX) return `SIGRTMIN+${signal - SIGRTMIN}`;
  return `SIG${signal}`;
}

/** Default action of `signal` (1..64); throws RangeError outside that range. */
export function defaultAction(signal: number): DefaultAction {
  if (!Number.isInteger(signal) || signal < 1 || signal > SIGRTMAX) throw new RangeError(`no signal ${signal}`);
  if (signal >= SIGRTMIN) return "term";
  return DEFAULT_ACTIONS[names[signal] as SignalName];
}

/** True for SIGKILL and SIGSTOP, which can be neither caught, blocked nor ignored. */
export function isUncatchable(signal: number): boolean {
  return signal === Signal.SIGKILL || signal === Signal.SIGSTOP;
}

/** sa_handler special values (asm-generic/signal-defs.h). */
export const SignalHandler = {
  SIG_DFL: 0,
  SIG_IGN: 1,
  SIG_ERR: -1,
} as const;

/** sa_flags bits (asm/signal.h, i386). */
export const SigactionFlag = {
  SA_NOCLDSTOP: 0x0000_0001,
  SA_NOCLDWAIT: 0x0000_0002,
  SA_SIGINFO: 0x0000_0004,
  /** The libc supplies sa_restorer (the sigreturn trampoline); glibc and musl always set it. */
  SA_RESTORER: 0x0400_0000,
  SA_ONSTACK: 0x0800_0000,
  SA_RESTART: 0x1000_0000,
  SA_NODEFER: 0x4000_0000,
  SA_RESETHAND: 0x8000_0000,
} as const;

/** rt_sigprocmask `how` (asm-generic/signal-defs.h). */
export const SigprocmaskHow = {
  SIG_BLOCK: 0,
  SIG_UNBLOCK: 1,
  SIG_SETMASK: 2,
} as const;

/** sigaltstack ss_flags (asm-generic/signal-defs.h, asm/signal.h) and sizes (i386 MINSIGSTKSZ). */
export const SigaltstackFlag = {
  SS_ONSTACK: 1,
  SS_DISABLE: 2,
  SS_AUTODISARM: 0x8000_0000,
  MINSIGSTKSZ: 2048,
  SIGSTKSZ: 8192,
} as const;

/** siginfo si_code values (asm-generic/siginfo.h): who sent it, and per-signal reasons. */
export const SiCode = {
  SI_USER: 0,
  SI_KERNEL: 0x80,
  SI_QUEUE: -1,
  SI_TIMER: -2,
  SI_MESGQ: -3,
  SI_ASYNCIO: -4,
  SI_SIGIO: -5,
  SI_TKILL: -6,
  ILL_ILLOPC: 1,
  ILL_ILLOPN: 2,
  ILL_PRVOPC: 5,
  FPE_INTDIV: 1,
  FPE_INTOVF: 2,
  FPE_FLTDIV: 3,
  SEGV_MAPERR: 1,
  SEGV_ACCERR: 2,
  BUS_ADRALN: 1,
  BUS_ADRERR: 2,
  TRAP_BRKPT: 1,
  TRAP_TRACE: 2,
  CLD_EXITED: 1,
  CLD_KILLED: 2,
  CLD_DUMPED: 3,
  CLD_TRAPPED: 4,
  CLD_STOPPED: 5,
  CLD_CONTINUED: 6,
} as const;
