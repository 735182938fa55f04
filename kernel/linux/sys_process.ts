// Process and thread syscalls: exit, fork/vfork/clone, execve, wait4/waitpid, identity (pid, tid,
// uid/gid families), process groups and sessions, kill/tkill/tgkill, TLS (set/get_thread_area,
// set_tid_address), uname, limits, usage, scheduling knobs, futex. Platform-neutral.
import type { SyscallContext, SyscallRow } from "../syscall/context.ts";
import { block } from "../syscall/context.ts";
import { def, defs } from "./syscall_row.ts";
import { fail } from "./errno.ts";
import { CloneFlag, FutexOp, WaitOption } from "./abi_process.ts";
import { Signal } from "./signals.ts";
import { decodeUserDesc, encodeUserDesc } from "./tls.ts";
import { processCpu } from "../process/process_manager.ts";
import type { Process } from "../process/process.ts";

const enc = new TextEncoder();
const SIGCHLD = Signal.SIGCHLD;

function exitGroup(ctx: SyscallContext, code: number): number {
  ctx.system.processes.exitGroup(ctx.process, (code & 0xff) << 8);
  return 0;
}

/** wait4(pid, status, options, rusage) — also waitpid. */
function wait4(ctx: SyscallContext, pid: number, statusPtr: number, options: number, rusagePtr: number): number {
  const p = ctx.process;
  const matches = (c: Process) => pid > 0 ? c.pid === pid : pid === 0 ? c.pgid === p.pgid : pid < -1 ? c.pgid === -pid : true;
  const kids = p.children.filter(matches);
  if (!kids.length) fail("ECHILD");
  const writeStatus = (s: number) => { if (statusPtr) ctx.mem.writeU32(statusPtr, s); };
  for (const c of kids) {
    if (c.zombie) {
      writeStatus(c.exitStatus);
      if (rusagePtr) writeRusage(ctx, rusagePtr, processCpu(c) + c.childCpuNs);
      ctx.system.processes.reap(c);
      return c.pid;
    }
    if ((options & WaitOption.WUNTRACED) && c.stopReport) {
      writeStatus((c.stopReport << 8) | 0x7f);
      c.stopReport = 0;
      return c.pid;
    }
    if ((options & WaitOption.WCONTINUED) && c.continuedReport) {
      writeStatus(0xffff);
      c.continuedReport = false;
      return c.pid;
    }
  }
  if (options & WaitOption.WNOHANG) return 0;
  return block([p.childEvents]);
}

function writeRusage(ctx: SyscallContext, ptr: number, ns: number): void {
  const b = new Uint8Array(72);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, Math.floor(ns / 1e9), true);
  dv.setInt32(4, Math.floor((ns % 1e9) / 1e3), true);
  ctx.mem.write(ptr, b);
}

function clone(ctx: SyscallContext, flags: number, newSp: number, ptid: number, tls: number, ctid: number): number {
  return ctx.system.processes.clone(ctx.thread, flags >>> 0, newSp >>> 0, ptid, tls, ctid);
}

function execve(ctx: SyscallContext, pathPtr: number, argvPtr: number, envpPtr: number): number {
  const path = ctx.mem.readString(pathPtr);
  const argv = ctx.mem.readStringArray(argvPtr);
  const envp = ctx.mem.readStringArray(envpPtr);
  if (!path) fail("ENOENT");
  ctx.system.processes.execve(ctx.thread, path, argv, envp);
  return 0;
}

function kill(ctx: SyscallContext, pid: number, sig: number): number {
  if (sig < 0 || sig > 64) fail("EINVAL");
  const sigs = ctx.system.signals, procs = ctx.system.processes;
  const info = { code: 0, pid: ctx.process.pid, uid: ctx.process.uid };
  if (pid > 0) {
    const p = procs.processes.get(pid);
    if (!p || p.zombie) fail("ESRCH");
    sigs.sendProcess(p, sig, info);
    return 0;
  }
  const pgid = pid === 0 ? ctx.process.pgid : pid < -1 ? -pid : -1;
  if (pgid === -1) {
    let n = 0;
    for (const p of procs.processes.values()) if (p.pid > 1 && p !== ctx.process && !p.zombie) { sigs.sendProcess(p, sig, info); n++; }
    if (!n) fail("ESRCH");
    return 0;
  }
  if (!sigs.sendGroup(pgid, sig, info)) fail("ESRCH");
  return 0;
}

function tgkill(ctx: SyscallContext, tgid: number, tid: number, sig: number): number {
  if (sig < 0 || sig > 64) fail("EINVAL");
  const t = ctx.system.processes.thread(tid);
  if (!t || (tgid > 0 && t.process.pid !== tgid) || t.process.zombie) fail("ESRCH");
  ctx.system.signals.sendThread(t, sig, { code: -6 /* SI_TKILL */, pid: ctx.process.pid, uid: ctx.process.uid });
  return 0;
}

function setThreadArea(ctx: SyscallContext, ptr: number): number {
  const desc = decodeUserDesc(ctx.mem.read(ptr, 16));
  let entry = desc.entry;
  if (entry === 0xffffffff) {
    const tls = ctx.thread.ctx.tls;
    entry = 6;
    for (let k = 0; k < 3; k++) if (tls[k * 2] === 0 && tls[k * 2 + 1] === 0) { entry = 6 + k; break; }
    ctx.mem.writeU32(ptr, entry);
  }
  if (entry < 6 || entry > 8) fail("EINVAL");
  ctx.system.arch.setTls(ctx.thread.ctx, entry, desc.lo, desc.hi, true);
  return 0;
}

function getThreadArea(ctx: SyscallContext, ptr: number): number {
  const entry = ctx.mem.readU32(ptr);
  if (entry < 6 || entry > 8) fail("EINVAL");
  const k = entry - 6, tls = ctx.thread.ctx.tls;
  ctx.mem.write(ptr, encodeUserDesc(entry, tls[k * 2], tls[k * 2 + 1]));
  return 0;
}

function uname(ctx: SyscallContext, ptr: number): number {
  const b = new Uint8Array(390);
  const fields = ["Linux", "nk", "6.1.0-nk", "#1 SMP nk (Native Kit in TypeScript)", "i686", "(none)"];
  fields.forEach((f, i) => b.set(enc.encode(f).subarray(0, 64), i * 65));
  ctx.mem.write(ptr, b);
  return 0;
}

function prlimit(ctx: SyscallContext, pid: number, resource: number, newPtr: number, oldPtr: number): number {
  const p = pid ? ctx.system.processes.processes.get(pid) : ctx.process;
  if (!p) fail("ESRCH");
  if (resource < 0 || resource >= 16) fail("EINVAL");
  const cur = p.rlimits[resource];
  if (oldPtr) {
    ctx.mem.writeU64(oldPtr, cur[0] === 0xffffffff ? 0 : cur[0]);
    ctx.mem.writeU64(oldPtr + 8, cur[1] === 0xffffffff ? 0 : cur[1]);
    if (cur[0] === 0xffffffff) { ctx.mem.writeU32(oldPtr, -1); ctx.mem.writeU32(oldPtr + 4, -1); }
    if (cur[1] === 0xffffffff) { ctx.mem.writeU32(oldPtr + 8, -1); ctx.mem.writeU32(oldPtr + 12, -1); }
  }
  if (newPtr) {
    const lo = ctx.mem.readU32(newPtr + 4) === 0xffffffff ? 0xffffffff : Math.min(ctx.mem.readU64(newPtr), 0xffffffff);
    const hi = ctx.mem.readU32(newPtr + 12) === 0xffffffff ? 0xffffffff : Math.min(ctx.mem.readU64(newPtr + 8), 0xffffffff);
    if (lo > hi) fail("EINVAL");
    if (hi > cur[1] && p.euid !== 0) fail("EPERM");
    p.rlimits[resource] = [lo, hi];
    if (resource === 9) p.as.limitBytes = lo === 0xffffffff ? Infinity : lo;
  }
  return 0;
}

function getrlimit(ctx: SyscallContext, resource: number, ptr: number): number {
  if (resource < 0 || resource >= 16) fail("EINVAL");
  const [cur, max] = ctx.process.rlimits[resource];
  ctx.mem.writeU32(ptr, cur);
  ctx.mem.writeU32(ptr + 4, max);
  return 0;
}

function setrlimit(ctx: SyscallContext, resource: number, ptr: number): number {
  if (resource < 0 || resource >= 16) fail("EINVAL");
  const cur = ctx.mem.readU32(ptr), max = ctx.mem.readU32(ptr + 4);
  if (cur > max) fail("EINVAL");
  if (max > ctx.process.rlimits[resource][1] && ctx.process.euid !== 0) fail("EPERM");
  ctx.process.rlimits[resource] = [cur, max];
  if (resource === 9) ctx.process.as.limitBytes = cur === 0xffffffff ? Infinity : cur;
  return 0;
}

function getrusage(ctx: SyscallContext, who: number, ptr: number): number {
  ctx.system.scheduler.accountCurrent();
  const ns = who === -1 ? ctx.process.childCpuNs : who === 1 ? ctx.thread.cpuTimeNs : processCpu(ctx.process);
  writeRusage(ctx, ptr, ns);
  return 0;
}

function times(ctx: SyscallContext, ptr: number): number {
  ctx.system.scheduler.accountCurrent();
  const t = (ns: number) => Math.floor(ns / 1e7);
  if (ptr) {
    ctx.mem.writeU32(ptr, t(processCpu(ctx.process)));
    ctx.mem.writeU32(ptr + 4, 0);
    ctx.mem.writeU32(ptr + 8, t(ctx.process.childCpuNs));
    ctx.mem.writeU32(ptr + 12, 0);
  }
  return t(ctx.now()) | 0;
}

function setpgid(ctx: SyscallContext, pid: number, pgid: number): number {
  const p = pid ? ctx.system.processes.processes.get(pid) : ctx.process;
  if (!p || (p !== ctx.process && p.parent !== ctx.process)) fail("ESRCH");
  if (pgid < 0) fail("EINVAL");
  if (p.sid !== ctx.process.sid) fail("EPERM");
  p.pgid = pgid || p.pid;
  return 0;
}

function setsid(ctx: SyscallContext): number {
  const p = ctx.process;
  if (ctx.system.processes.group(p.pid).some((q) => q !== p)) fail("EPERM");
  if (p.pgid === p.pid && p.sid === p.pid) fail("EPERM");
  p.sid = p.pgid = p.pid;
  return p.pid;
}

/** futex(uaddr, op, val, timeout|val2, uaddr2, val3). */
function futex(ctx: SyscallContext, uaddr: number, op: number, val: number, timeout: number, uaddr2: number, val3: number): number {
  const fx = ctx.system.futex;
  if (!fx) fail("ENOSYS");
  const cmd = op & 127, as = ctx.process.as, t = ctx.thread;
  switch (cmd) {
    case FutexOp.FUTEX_WAIT:
    case FutexOp.FUTEX_WAIT_BITSET: {
      if (fx.consumeWake(t)) return 0;
      const bitset = cmd === FutexOp.FUTEX_WAIT ? -1 : val3;
      if (!bitset) fail("EINVAL");
      let deadline = Infinity;
      if (timeout) {
        const sec = ctx.mem.readI32(timeout), nsec = ctx.mem.readI32(timeout + 4);
        if (nsec < 0 || nsec >= 1e9) fail("EINVAL");
        if (cmd === FutexOp.FUTEX_WAIT) deadline = ctx.deadline(sec * 1e9 + nsec);
        else deadline = op & 256 ? (sec * 1e3 - ctx.system.machine.clock.epochMs) * 1e6 + nsec : sec * 1e9 + nsec;
        if (ctx.now() >= deadline) { fx.forget(t); fail("ETIMEDOUT"); }
      }
      if (ctx.mem.readI32(uaddr) !== val) { fx.forget(t); fail("EAGAIN"); }
      fx.forget(t);
      const queue = { wait: (cb: () => void) => fx.enqueue(t, as, uaddr, bitset, cb), wakeAll() {} };
      return block([queue as never], deadline);
    }
    case FutexOp.FUTEX_WAKE: return fx.wake(as, uaddr, val >>> 0 || 0);
    case FutexOp.FUTEX_WAKE_BITSET: if (!val3) fail("EINVAL"); return fx.wake(as, uaddr, val, val3);
    case FutexOp.FUTEX_REQUEUE: return fx.requeue(as, uaddr, val, uaddr2, timeout);
    case FutexOp.FUTEX_CMP_REQUEUE:
      if (ctx.mem.readI32(uaddr) !== val3) fail("EAGAIN");
      return fx.requeue(as, uaddr, val, uaddr2, timeout);
    case FutexOp.FUTEX_WAKE_OP: {
      const old = ctx.mem.readI32(uaddr2);
      const opArg = (val3 >> 12) & 0xfff, cmpArg = val3 & 0xfff, opn = (val3 >> 28) & 7, cmp = (val3 >> 24) & 15;
      const arg = (val3 >> 28) & 8 ? 1 << opArg : opArg;
      const nv = [arg, old + arg, old | arg, old & ~arg, old ^ arg][opn] ?? old;
      ctx.mem.writeU32(uaddr2, nv);
      let n = fx.wake(as, uaddr, val);
      const c = [old === cmpArg, old !== cmpArg, old < cmpArg, old <= cmpArg, old > cmpArg, old >= cmpArg][cmp];
      if (c) n += fx.wake(as, uaddr2, timeout);
      return n;
    }
    default: fail("ENOSYS");
  }
}

function schedSetscheduler(): number { return 0; }

/** Process syscall rows. */
export const PROCESS_SYSCALLS: SyscallRow[] = [
  def("exit", (ctx, code) => { ctx.system.processes.exitThread(ctx.thread, code); return 0; }, ["int"]),
  def("exit_group", exitGroup, ["int"]),
  def("fork", (ctx) => clone(ctx, SIGCHLD, 0, 0, 0, 0)),
  def("vfork", (ctx) => clone(ctx, CloneFlag.CLONE_VM | CloneFlag.CLONE_VFORK | SIGCHLD, 0, 0, 0, 0)),
  def("clone", clone, ["clone", "ptr", "ptr", "ptr", "ptr"]),
  def("execve", execve, ["path", "strv", "strv"]),
  def("wait4", wait4, ["int", "ptr", "hex", "ptr"], { restart: true }),
  def("waitpid", (ctx, pid, st, opt) => wait4(ctx, pid, st, opt, 0), ["int", "ptr", "hex"], { restart: true }),
  def("getpid", (ctx) => ctx.process.pid),
  def("getppid", (ctx) => ctx.process.parent?.pid ?? 0),
  def("gettid", (ctx) => ctx.thread.tid),
  ...defs(["getuid", "getuid32"], (ctx) => ctx.process.uid),
  ...defs(["geteuid", "geteuid32"], (ctx) => ctx.process.euid),
  ...defs(["getgid", "getgid32"], (ctx) => ctx.process.gid),
  ...defs(["getegid", "getegid32"], (ctx) => ctx.process.egid),
  ...defs(["setuid", "setuid32"], (ctx, uid) => {
    const p = ctx.process;
    if (p.euid !== 0 && uid !== p.uid) fail("EPERM");
    p.uid = p.euid = uid >>> 0;
    return 0;
  }, ["int"]),
  ...defs(["setgid", "setgid32"], (ctx, gid) => {
    const p = ctx.process;
    if (p.euid !== 0 && gid !== p.gid) fail("EPERM");
    p.gid = p.egid = gid >>> 0;
    return 0;
  }, ["int"]),
  ...defs(["setreuid", "setreuid32", "setresuid", "setresuid32"], (ctx, r, e) => {
    const p = ctx.process;
    if (p.euid !== 0) fail("EPERM");
    if (r !== -1) p.uid = r >>> 0;
    if (e !== -1) p.euid = e >>> 0;
    return 0;
  }, ["int", "int"]),
  ...defs(["setregid", "setregid32", "setresgid", "setresgid32"], (ctx, r, e) => {
    const p = ctx.process;
    if (p.euid !== 0) fail("EPERM");
    if (r !== -1) p.gid = r >>> 0;
    if (e !== -1) p.egid = e >>> 0;
    return 0;
  }, ["int", "int"]),
  ...defs(["getresuid", "getresuid32"], (ctx, r, e, s) => {
    for (const [ptr, v] of [[r, ctx.process.uid], [e, ctx.process.euid], [s, ctx.process.euid]]) if (ptr) ctx.mem.writeU32(ptr, v);
    return 0;
  }, ["ptr", "ptr", "ptr"]),
  ...defs(["getresgid", "getresgid32"], (ctx, r, e, s) => {
    for (const [ptr, v] of [[r, ctx.process.gid], [e, ctx.process.egid], [s, ctx.process.egid]]) if (ptr) ctx.mem.writeU32(ptr, v);
    return 0;
  }, ["ptr", "ptr", "ptr"]),
  ...defs(["getgroups", "getgroups32"], () => 0, ["int", "ptr"]),
  ...defs(["setgroups", "setgroups32"], (ctx) => (ctx.process.euid === 0 ? 0 : fail("EPERM")), ["int", "ptr"]),
  def("getpgid", (ctx, pid) => {
    const p = pid ? ctx.system.processes.processes.get(pid) : ctx.process;
    return p ? p.pgid : fail("ESRCH");
  }, ["int"]),
  def("getpgrp", (ctx) => ctx.process.pgid),
  def("setpgid", setpgid, ["int", "int"]),
  def("getsid", (ctx, pid) => {
    const p = pid ? ctx.system.processes.processes.get(pid) : ctx.process;
    return p ? p.sid : fail("ESRCH");
  }, ["int"]),
  def("setsid", setsid),
  def("kill", kill, ["int", "signal"]),
  def("tkill", (ctx, tid, sig) => tgkill(ctx, -1, tid, sig), ["int", "signal"]),
  def("tgkill", tgkill, ["int", "int", "signal"]),
  def("set_tid_address", (ctx, ptr) => { ctx.thread.clearChildTid = ptr; return ctx.thread.tid; }, ["ptr"]),
  def("set_thread_area", setThreadArea, ["ptr"]),
  def("get_thread_area", getThreadArea, ["ptr"]),
  def("set_robust_list", (ctx, head, len) => { if (len !== 12) fail("EINVAL"); ctx.thread.robustList = head; return 0; }, ["ptr", "size"]),
  def("get_robust_list", (ctx, _pid, headPtr, lenPtr) => { ctx.mem.writeU32(headPtr, ctx.thread.robustList); ctx.mem.writeU32(lenPtr, 12); return 0; }, ["int", "ptr", "ptr"]),
  def("uname", uname, ["ptr"]),
  def("personality", (ctx, v) => { const old = ctx.process.personality; if (v !== -1) ctx.process.personality = v >>> 0; return old; }, ["hex"]),
  def("prctl", (ctx, option, arg2) => {
    if (option === 15) { ctx.process.comm = ctx.mem.readString(arg2, 16).slice(0, 15); return 0; } // PR_SET_NAME
    if (option === 16) { ctx.mem.write(arg2, enc.encode(ctx.process.comm.padEnd(16, "\0")).subarray(0, 16)); return 0; }
    fail("EINVAL");
  }, ["int", "hex"], { status: "partial", note: "PR_SET_NAME/PR_GET_NAME" }),
  def("prlimit64", prlimit, ["int", "int", "ptr", "ptr"]),
  def("ugetrlimit", getrlimit, ["int", "ptr"]),
  def("getrlimit", getrlimit, ["int", "ptr"]),
  def("setrlimit", setrlimit, ["int", "ptr"]),
  def("getrusage", getrusage, ["int", "ptr"]),
  def("times", times, ["ptr"]),
  def("sched_yield", (ctx) => { ctx.system.scheduler.yieldCurrent(); return 0; }),
  def("sched_getscheduler", () => 0, ["int"]),
  def("sched_setscheduler", schedSetscheduler, ["int", "int", "ptr"]),
  def("sched_getparam", (ctx, _pid, ptr) => { ctx.mem.writeU32(ptr, 0); return 0; }, ["int", "ptr"]),
  def("sched_setparam", () => 0, ["int", "ptr"]),
  def("sched_get_priority_max", (_ctx, policy) => (policy === 1 || policy === 2 ? 99 : 0), ["int"]),
  def("sched_get_priority_min", (_ctx, policy) => (policy === 1 || policy === 2 ? 1 : 0), ["int"]),
  def("sched_getaffinity", (ctx, _pid, len, ptr) => { if (len < 4) fail("EINVAL"); ctx.mem.write(ptr, new Uint8Array(Math.min(len, 128))); ctx.mem.writeU32(ptr, 1); return Math.min(len, 128); }, ["int", "size", "ptr"]),
  def("sched_setaffinity", () => 0, ["int", "size", "ptr"]),
  def("sched_rr_get_interval", (ctx, _pid, ptr) => { ctx.mem.writeU32(ptr, 0); ctx.mem.writeU32(ptr + 4, ctx.system.scheduler.quantumNs); return 0; }, ["int", "ptr"]),
  def("nice", (ctx, inc) => { const p = ctx.process; p.nice = Math.max(-20, Math.min(19, p.nice + inc)); return 0; }, ["int"]),
  def("getpriority", (ctx, which, who) => {
    const p = which === 0 && who ? ctx.system.processes.processes.get(who) : ctx.process;
    if (!p) fail("ESRCH");
    return 20 - p.nice;
  }, ["int", "int"]),
  def("setpriority", (ctx, which, who, prio) => {
    const p = which === 0 && who ? ctx.system.processes.processes.get(who) : ctx.process;
    if (!p) fail("ESRCH");
    p.nice = Math.max(-20, Math.min(19, prio));
    return 0;
  }, ["int", "int", "int"]),
  def("futex", futex, ["ptr", "int", "int", "ptr", "ptr", "hex"], { restart: true }),
];
