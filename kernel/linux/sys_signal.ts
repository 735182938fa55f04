// Signal syscalls: rt_sigaction/sigaction/signal, rt_sigprocmask/sigprocmask, sigreturn and
// rt_sigreturn, sigaltstack, rt_sigsuspend/sigsuspend/pause, rt_sigpending, alarm, setitimer,
// getitimer, rt_sigtimedwait. Platform-neutral.
import type { SyscallContext, SyscallRow } from "../syscall/context.ts";
import { block } from "../syscall/context.ts";
import { def } from "./syscall_row.ts";
import { fail } from "./errno.ts";
import { isUncatchable, Signal } from "./signals.ts";
import type { Process } from "../process/process.ts";

const UNBLOCKABLE = (1 << (Signal.SIGKILL - 1)) | (1 << (Signal.SIGSTOP - 1));

function sigaction(ctx: SyscallContext, sig: number, actPtr: number, oldPtr: number, size: number, rt: boolean): number {
  if (sig < 1 || sig > 64 || (rt && size !== 8)) fail("EINVAL");
  const a = ctx.process.sighand.actions[sig];
  const m = ctx.mem;
  if (oldPtr) {
    m.writeU32(oldPtr, a.handler);
    if (rt) {
      m.writeU32(oldPtr + 4, a.flags); m.writeU32(oldPtr + 8, a.restorer);
      m.writeU32(oldPtr + 12, a.maskLo); m.writeU32(oldPtr + 16, a.maskHi);
    } else {
      m.writeU32(oldPtr + 4, a.maskLo); m.writeU32(oldPtr + 8, a.flags); m.writeU32(oldPtr + 12, a.restorer);
    }
  }
  if (actPtr) {
    if (isUncatchable(sig)) fail("EINVAL");
    const handler = m.readU32(actPtr);
    const [flags, restorer, maskLo, maskHi] = rt
      ? [m.readU32(actPtr + 4), m.readU32(actPtr + 8), m.readU32(actPtr + 12), m.readU32(actPtr + 16)]
      : [m.readU32(actPtr + 8), m.readU32(actPtr + 12), m.readU32(actPtr + 4), 0];
    a.handler = handler; a.flags = flags; a.restorer = restorer; a.maskLo = maskLo & ~UNBLOCKABLE; a.maskHi = maskHi;
    if (handler === 1) discardPending(ctx.process, sig); // setting SIG_IGN discards pending instances
  }
  return 0;
}

function discardPending(p: Process, sig: number): void {
  const f = (l: { sig: number }[]) => { for (let i = l.length - 1; i >= 0; i--) if (l[i].sig === sig) l.splice(i, 1); };
  f(p.pending);
  for (const t of p.threads) f(t.pending);
}

function sigprocmask(ctx: SyscallContext, how: number, setPtr: number, oldPtr: number, size: number): number {
  const t = ctx.thread;
  if (oldPtr) {
    ctx.mem.writeU32(oldPtr, t.maskLo);
    if (size >= 8) ctx.mem.writeU32(oldPtr + 4, t.maskHi);
  }
  if (setPtr) {
    const lo = ctx.mem.readU32(setPtr), hi = size >= 8 ? ctx.mem.readU32(setPtr + 4) : 0;
    if (how === 0) { t.maskLo |= lo; t.maskHi |= hi; }
    else if (how === 1) { t.maskLo &= ~lo; t.maskHi &= ~hi; }
    else if (how === 2) { t.maskLo = lo; t.maskHi = size >= 8 ? hi : t.maskHi; }
    else fail("EINVAL");
    t.maskLo &= ~UNBLOCKABLE;
  }
  return 0;
}

/** rt_sigsuspend: waits with a temporary mask until a handler runs; always returns EINTR. */
function sigsuspend(ctx: SyscallContext, lo: number, hi: number): number {
  const t = ctx.thread;
  if (!t.savedMask) t.savedMask = [t.maskLo, t.maskHi];
  t.maskLo = lo & ~UNBLOCKABLE;
  t.maskHi = hi;
  if (ctx.system.signals.hasDeliverable(t)) fail("EINTR");
  return block([]);
}

function setitimer(ctx: SyscallContext, which: number, newPtr: number, oldPtr: number): number {
  if (which !== 0) fail("EINVAL");
  const p = ctx.process, now = ctx.now();
  if (oldPtr) writeItimer(ctx, oldPtr, p);
  if (newPtr) {
    const m = ctx.mem;
    const interval = m.readI32(newPtr) * 1e9 + m.readI32(newPtr + 4) * 1e3;
    const value = m.readI32(newPtr + 8) * 1e9 + m.readI32(newPtr + 12) * 1e3;
    armAlarm(ctx, p, value ? now + value : -1, interval);
  }
  return 0;
}

function writeItimer(ctx: SyscallContext, ptr: number, p: Process): void {
  const left = p.alarmAt < 0 ? 0 : Math.max(0, p.alarmAt - ctx.now());
  const m = ctx.mem;
  m.writeU32(ptr, Math.floor(p.alarmInterval / 1e9)); m.writeU32(ptr + 4, Math.floor((p.alarmInterval % 1e9) / 1e3));
  m.writeU32(ptr + 8, Math.floor(left / 1e9)); m.writeU32(ptr + 12, Math.floor((left % 1e9) / 1e3));
}

const alarmTimers = new WeakMap<Process, { cancel: () => void }>();

/** Arms ITIMER_REAL: SIGALRM at `at` (virtual ns), then every `interval`. */
export function armAlarm(ctx: SyscallContext, p: Process, at: number, interval: number): void {
  alarmTimers.get(p)?.cancel();
  alarmTimers.delete(p);
  p.alarmAt = at;
  p.alarmInterval = interval;
  if (at < 0) return;
  const timers = ctx.system.scheduler.timers;
  const fire = () => {
    if (p.zombie) return;
    ctx.system.signals.sendProcess(p, Signal.SIGALRM, { code: 0x80 });
    if (p.alarmInterval > 0) {
      p.alarmAt += p.alarmInterval;
      const t = timers.add(p.alarmAt, fire);
      alarmTimers.set(p, { cancel: () => timers.cancel(t) });
    } else {
      p.alarmAt = -1;
      alarmTimers.delete(p);
    }
  };
  const t = timers.add(at, fire);
  alarmTimers.set(p, { cancel: () => timers.cancel(t) });
}

/** Signal syscall rows. */
export const SIGNAL_SYSCALLS: SyscallRow[] = [
  def("rt_sigaction", (ctx, s, a, o, size) => sigaction(ctx, s, a, o, size, true), ["signal", "ptr", "ptr", "size"]),
  def("sigaction", (ctx, s, a, o) => sigaction(ctx, s, a, o, 8, false), ["signal", "ptr", "ptr"]),
  def("signal", (ctx, sig, handler) => {
    if (sig < 1 || sig > 64 || isUncatchable(sig)) fail("EINVAL");
    const a = ctx.process.sighand.actions[sig];
    const old = a.handler;
    a.handler = handler >>> 0; a.flags = 0x80000000 | 0x40000000; a.maskLo = a.maskHi = 0;
    return old;
  }, ["signal", "hex"]),
  def("rt_sigprocmask", sigprocmask, ["int", "ptr", "ptr", "size"]),
  def("sigprocmask", (ctx, how, s, o) => sigprocmask(ctx, how, s, o, 4), ["int", "ptr", "ptr"]),
  def("rt_sigreturn", (ctx) => ctx.system.signals.sigreturn(ctx.thread, true)),
  def("sigreturn", (ctx) => ctx.system.signals.sigreturn(ctx.thread, false)),
  def("sigaltstack", (ctx, ssPtr, oldPtr) => {
    const t = ctx.thread, cpu = ctx.system.machine.cpu;
    const onStack = t.altStack.sp && (cpu.r32[4] >>> 0) - t.altStack.sp < t.altStack.size;
    if (oldPtr) {
      ctx.mem.writeU32(oldPtr, t.altStack.sp);
      ctx.mem.writeU32(oldPtr + 4, onStack ? 1 : t.altStack.flags);
      ctx.mem.writeU32(oldPtr + 8, t.altStack.size);
    }
    if (ssPtr) {
      if (onStack) fail("EPERM");
      const sp = ctx.mem.readU32(ssPtr), flags = ctx.mem.readI32(ssPtr + 4), size = ctx.mem.readU32(ssPtr + 8);
      if (flags & ~2 & ~0x80000000) fail("EINVAL");
      if (!(flags & 2) && size < 2048) fail("ENOMEM");
      t.altStack = flags & 2 ? { sp: 0, size: 0, flags: 2 } : { sp, size, flags: 0 };
    }
    return 0;
  }, ["ptr", "ptr"]),
  def("rt_sigsuspend", (ctx, ptr, size) => {
    if (size !== 8) fail("EINVAL");
    return sigsuspend(ctx, ctx.mem.readU32(ptr), ctx.mem.readU32(ptr + 4));
  }, ["ptr", "size"]),
  def("sigsuspend", (ctx, _a, _b, mask) => sigsuspend(ctx, mask, ctx.thread.maskHi), ["int", "int", "hex"]),
  def("pause", () => block([])),
  def("rt_sigpending", (ctx, ptr) => {
    let lo = 0, hi = 0;
    for (const s of [...ctx.thread.pending, ...ctx.process.pending]) {
      if (s.sig <= 32) lo |= 1 << (s.sig - 1); else hi |= 1 << (s.sig - 33);
    }
    ctx.mem.writeU32(ptr, lo & ctx.thread.maskLo);
    ctx.mem.writeU32(ptr + 4, hi & ctx.thread.maskHi);
    return 0;
  }, ["ptr", "size"]),
  def("alarm", (ctx, seconds) => {
    const p = ctx.process, now = ctx.now();
    const left = p.alarmAt < 0 ? 0 : Math.ceil((p.alarmAt - now) / 1e9);
    armAlarm(ctx, p, seconds ? now + (seconds >>> 0) * 1e9 : -1, 0);
    return left;
  }, ["uint"]),
  def("setitimer", setitimer, ["int", "ptr", "ptr"]),
  def("getitimer", (ctx, which, ptr) => { if (which !== 0) fail("EINVAL"); writeItimer(ctx, ptr, ctx.process); return 0; }, ["int", "ptr"]),
];
