// I/O multiplexing syscalls: poll, ppoll (+time64), select (old one-struct form), _newselect,
// pselect6 (+time64). Readiness comes from OpenFile.poll(); with nothing ready and a non-zero
// timeout the call parks on every involved file's wait queue until the deadline, and re-runs
// (restart protocol) to look again. ppoll/pselect6 swap in a temporary signal mask, kept in
// `thread.savedMask` so signal delivery can restore it after the handler. Platform-neutral.
import type { SyscallContext, SyscallRow } from "../syscall/context.ts";
import { block } from "../syscall/context.ts";
import { def } from "./syscall_row.ts";
import { Errno, fail, LinuxErrno } from "./errno.ts";
import { PollEvent } from "./abi_files.ts";
import type { WaitQueue } from "../files/wait_queue.ts";

/** Bits poll(2) reports whether or not they were asked for. Source: poll(2). */
const ALWAYS = PollEvent.POLLERR | PollEvent.POLLHUP | PollEvent.POLLNVAL;
/** What select(2) counts as readable / writable / exceptional. Source: fs/select.c POLLIN_SET… */
const SelectSet = {
  in: PollEvent.POLLIN | PollEvent.POLLRDNORM | PollEvent.POLLRDBAND | PollEvent.POLLHUP | PollEvent.POLLERR,
  out: PollEvent.POLLOUT | PollEvent.POLLWRNORM | PollEvent.POLLWRBAND | PollEvent.POLLERR,
  ex: PollEvent.POLLPRI,
} as const;
/** sizeof(sigset_t) the rt calls accept. */
const SIGSET_SIZE = 8;
/** SIGKILL and SIGSTOP can never be blocked. */
const UNBLOCKABLE = (1 << 8) | (1 << 18);

/** A timeout: "infinite", or relative nanoseconds. */
type Timeout = number;

/** The absolute deadline of `timeout` and whether it has passed (a zero timeout never waits). */
function expired(ctx: SyscallContext, timeout: Timeout): { deadline: number; over: boolean } {
  if (timeout === Infinity) return { deadline: Infinity, over: false };
  const deadline = ctx.deadline(timeout);
  return { deadline, over: timeout <= 0 || ctx.now() >= deadline };
}

/** Ready bits of `fd`, POLLNVAL if it is not open; adds its wait queue to `queues`. */
function readiness(ctx: SyscallContext, fd: number, queues: Set<WaitQueue>): number {
  if (!ctx.process.files.has(fd)) return PollEvent.POLLNVAL;
  const f = ctx.process.files.get(fd);
  const q = f.waitQueue;
  if (q) queues.add(q);
  return f.poll();
}

/** Applies a ppoll/pselect temporary mask (first attempt saves the real one). */
function swapMask(ctx: SyscallContext, maskPtr: number, size: number): void {
  if (!maskPtr) return;
  if (size !== SIGSET_SIZE) fail("EINVAL");
  const lo = ctx.mem.readU32(maskPtr), hi = ctx.mem.readU32(maskPtr + 4);
  const t = ctx.thread;
  if (!t.savedMask) t.savedMask = [t.maskLo, t.maskHi];
  t.maskLo = lo & ~UNBLOCKABLE;
  t.maskHi = hi;
}

/** Puts the real mask back when the call returns without a signal to deliver. */
function restoreMask(ctx: SyscallContext, maskPtr: number): void {
  const t = ctx.thread;
  if (!maskPtr || !t.savedMask) return;
  [t.maskLo, t.maskHi] = t.savedMask;
  t.savedMask = undefined;
}

/** Runs `body` with the temporary mask; it stays in place only while the call blocks or says EINTR. */
function withMask(ctx: SyscallContext, maskPtr: number, size: number, body: () => number): number {
  swapMask(ctx, maskPtr, size);
  try {
    const result = body();
    restoreMask(ctx, maskPtr);
    return result;
  } catch (e) {
    if (e instanceof Errno && e.code !== LinuxErrno.EINTR) restoreMask(ctx, maskPtr);
    throw e;
  }
}

function doPoll(ctx: SyscallContext, fds: number, nfds: number, timeout: Timeout): number {
  if (nfds >>> 0 > ctx.process.files.limit) fail("EINVAL");
  const m = ctx.mem;
  const raw = m.read(fds, nfds * 8);
  const view = new DataView(raw.buffer);
  const queues = new Set<WaitQueue>();
  let ready = 0;
  for (let i = 0; i < nfds; i++) {
    const fd = view.getInt32(i * 8, true);
    const events = view.getUint16(i * 8 + 4, true);
    const revents = fd < 0 ? 0 : readiness(ctx, fd, queues) & (events | ALWAYS);
    view.setUint16(i * 8 + 6, revents, true);
    if (revents) ready++;
  }
  const { deadline, over } = expired(ctx, timeout);
  if (ready === 0 && !over) return block([...queues], deadline);
  m.write(fds, raw);
  return ready;
}

/** Relative ns of a timespec at `ptr` (NULL = infinite); EINVAL if malformed. */
function readTimespec(ctx: SyscallContext, ptr: number, wide: boolean): Timeout {
  if (!ptr) return Infinity;
  const sec = wide ? ctx.mem.readU32(ptr) + ctx.mem.readI32(ptr + 4) * 4294967296 : ctx.mem.readI32(ptr);
  const nsec = wide ? ctx.mem.readU32(ptr + 8) + ctx.mem.readI32(ptr + 12) * 4294967296 : ctx.mem.readI32(ptr + 4);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) fail("EINVAL");
  return sec * 1e9 + nsec;
}

function readTimeval(ctx: SyscallContext, ptr: number): Timeout {
  if (!ptr) return Infinity;
  const sec = ctx.mem.readI32(ptr), usec = ctx.mem.readI32(ptr + 4);
  if (sec < 0 || usec < 0) fail("EINVAL");
  return sec * 1e9 + usec * 1e3; // Linux normalizes usec ≥ 1e6 instead of failing
}

/** Time left before the call's deadline (0 once it passed), in ns. */
function remaining(ctx: SyscallContext, timeout: Timeout): number {
  if (timeout === Infinity) return 0;
  return Math.max(0, ctx.deadline(timeout) - ctx.now());
}

/** select(2)'s core: fd_set bitmaps of `n` bits at inp/outp/exp; returns the number of bits set. */
function doSelect(ctx: SyscallContext, n: number, inp: number, outp: number, exp: number, timeout: Timeout): number {
  if (n < 0) fail("EINVAL");
  n = Math.min(n, ctx.process.files.limit);
  const m = ctx.mem;
  const bytes = Math.ceil(n / 32) * 4;
  const sets = [inp, outp, exp].map((p) => (p && bytes ? m.read(p, bytes) : undefined));
  const masks = [SelectSet.in, SelectSet.out, SelectSet.ex];
  const results = sets.map((s) => (s ? new Uint8Array(s.length) : undefined));
  const queues = new Set<WaitQueue>();
  let count = 0;
  for (let fd = 0; fd < n; fd++) {
    const bit = 1 << (fd & 7), byte = fd >> 3;
    if (!sets.some((s) => s && s[byte] & bit)) continue;
    const ready = readiness(ctx, fd, queues);
    if (ready & PollEvent.POLLNVAL) fail("EBADF");
    for (let k = 0; k < 3; k++) {
      if (sets[k] && sets[k]![byte] & bit && ready & masks[k]) {
        results[k]![byte] |= bit;
        count++;
      }
    }
  }
  const { deadline, over } = expired(ctx, timeout);
  if (count === 0 && !over) return block([...queues], deadline);
  [inp, outp, exp].forEach((p, k) => { if (p && results[k]) m.write(p, results[k]!); });
  return count;
}

/** select/_newselect: also writes the time left back into the timeval, as Linux does. */
function newselect(ctx: SyscallContext, n: number, inp: number, outp: number, exp: number, tvp: number): number {
  const timeout = readTimeval(ctx, tvp);
  const result = doSelect(ctx, n, inp, outp, exp, timeout);
  if (tvp) {
    const left = remaining(ctx, timeout);
    ctx.mem.writeU32(tvp, Math.floor(left / 1e9));
    ctx.mem.writeU32(tvp + 4, Math.floor((left % 1e9) / 1e3));
  }
  return result;
}

/** Writes the time left into the caller's timespec, as Linux's poll_select_finish (glibc's select relies on it). */
function writeRemaining(ctx: SyscallContext, tsp: number, timeout: Timeout, wide: boolean): void {
  if (!tsp) return;
  const left = remaining(ctx, timeout);
  const sec = Math.floor(left / 1e9), nsec = left % 1e9;
  if (wide) {
    ctx.mem.writeU64(tsp, sec);
    ctx.mem.writeU64(tsp + 8, nsec);
  } else {
    ctx.mem.writeU32(tsp, sec);
    ctx.mem.writeU32(tsp + 4, nsec);
  }
}

/** pselect6: the sixth argument points at {const sigset_t *ss; size_t ss_len}. */
function pselect6(ctx: SyscallContext, n: number, inp: number, outp: number, exp: number, tsp: number, sig: number, wide: boolean): number {
  const timeout = readTimespec(ctx, tsp, wide);
  const maskPtr = sig ? ctx.mem.readU32(sig) : 0;
  const size = sig ? ctx.mem.readU32(sig + 4) : 0;
  const result = withMask(ctx, maskPtr, size, () => doSelect(ctx, n, inp, outp, exp, timeout));
  writeRemaining(ctx, tsp, timeout, wide);
  return result;
}

function ppoll(ctx: SyscallContext, fds: number, nfds: number, tsp: number, maskPtr: number, size: number, wide: boolean): number {
  const timeout = readTimespec(ctx, tsp, wide);
  const result = withMask(ctx, maskPtr, size, () => doPoll(ctx, fds, nfds, timeout));
  writeRemaining(ctx, tsp, timeout, wide);
  return result;
}

/**
 * onInterrupt for ppoll/pselect6: a signal ended the wait; write the time left (Linux does on every
 * return) when the dispatcher still knows the deadline, then EINTR.
 */
function interrupted(ctx: SyscallContext, tsp: number, wide: boolean): number {
  const deadline = ctx.thread.syscallDeadline;
  if (tsp && deadline >= 0) {
    try { writeRemaining(ctx, tsp, deadline - ctx.now(), wide); } catch { /* EINTR wins over EFAULT */ }
  }
  return -LinuxErrno.EINTR;
}

/** Multiplexing rows. None restarts after a handler (poll(2), select(2): always EINTR). */
export const POLL_SYSCALLS: SyscallRow[] = [
  def("poll", (ctx, fds, n, ms) => doPoll(ctx, fds, n, ms < 0 ? Infinity : ms * 1e6), ["ptr", "uint", "int"]),
  def("ppoll", (ctx, fds, n, ts, mask, size) => ppoll(ctx, fds, n, ts, mask, size, false), ["ptr", "uint", "ptr", "ptr", "size"],
    { onInterrupt: (ctx, _f, _n, ts) => interrupted(ctx, ts, false) }),
  def("ppoll_time64", (ctx, fds, n, ts, mask, size) => ppoll(ctx, fds, n, ts, mask, size, true), ["ptr", "uint", "ptr", "ptr", "size"],
    { onInterrupt: (ctx, _f, _n, ts) => interrupted(ctx, ts, true) }),
  def("_newselect", newselect, ["int", "ptr", "ptr", "ptr", "ptr"]),
  def("select", (ctx, args) => {
    const m = ctx.mem;
    return newselect(ctx, m.readI32(args), m.readU32(args + 4), m.readU32(args + 8), m.readU32(args + 12), m.readU32(args + 16));
  }, ["ptr"]),
  def("pselect6", (ctx, n, i, o, e, ts, sig) => pselect6(ctx, n, i, o, e, ts, sig, false), ["int", "ptr", "ptr", "ptr", "ptr", "ptr"],
    { onInterrupt: (ctx, _n, _i, _o, _e, ts) => interrupted(ctx, ts, false) }),
  def("pselect6_time64", (ctx, n, i, o, e, ts, sig) => pselect6(ctx, n, i, o, e, ts, sig, true), ["int", "ptr", "ptr", "ptr", "ptr", "ptr"],
    { onInterrupt: (ctx, _n, _i, _o, _e, ts) => interrupted(ctx, ts, true) }),
];
