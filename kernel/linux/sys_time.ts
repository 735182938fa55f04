// Time syscalls: time, gettimeofday, clock_gettime/clock_getres/clock_nanosleep (32- and 64-bit
// time variants), nanosleep, plus getrandom and sysinfo. Clocks read the machine's virtual clock:
// CLOCK_REALTIME = the RTC epoch + virtual time, CLOCK_MONOTONIC = virtual time since boot.
// Platform-neutral.
import type { SyscallContext, SyscallRow } from "../syscall/context.ts";
import { block } from "../syscall/context.ts";
import { def } from "./syscall_row.ts";
import { fail } from "./errno.ts";
import { processCpu } from "../process/process_manager.ts";

/** Nanoseconds on clock `id` (CLOCK_REALTIME 0, MONOTONIC 1, PROCESS_CPUTIME 2, THREAD_CPUTIME 3, …). */
function clockNs(ctx: SyscallContext, id: number): number {
  const clock = ctx.system.machine.clock;
  switch (id) {
    case 0: case 5: case 8: case 11: return clock.epochMs * 1e6 + clock.now(); // REALTIME(_COARSE/_ALARM), TAI
    case 1: case 4: case 6: case 7: case 9: return clock.now(); // MONOTONIC variants, BOOTTIME
    case 2: ctx.system.scheduler.accountCurrent(); return processCpu(ctx.process);
    case 3: ctx.system.scheduler.accountCurrent(); return ctx.thread.cpuTimeNs;
    default: return fail("EINVAL");
  }
}

function writeTs(ctx: SyscallContext, ptr: number, ns: number, wide: boolean): void {
  const sec = Math.floor(ns / 1e9), nsec = ns - sec * 1e9;
  if (wide) { ctx.mem.writeU64(ptr, sec); ctx.mem.writeU64(ptr + 8, nsec); }
  else { ctx.mem.writeU32(ptr, sec); ctx.mem.writeU32(ptr + 4, nsec); }
}

function readTs(ctx: SyscallContext, ptr: number, wide: boolean): number {
  const sec = wide ? ctx.mem.readU64(ptr) : ctx.mem.readI32(ptr);
  const nsec = wide ? ctx.mem.readU32(ptr + 8) : ctx.mem.readI32(ptr + 4);
  if (nsec < 0 || nsec >= 1e9 || sec < 0) fail("EINVAL");
  return sec * 1e9 + nsec;
}

/** nanosleep / clock_nanosleep: blocks until the deadline; EINTR writes the time left. */
function sleep(ctx: SyscallContext, clockId: number, flags: number, reqPtr: number, wide: boolean): number {
  const req = readTs(ctx, reqPtr, wide);
  let deadline: number;
  if (flags & 1) { // TIMER_ABSTIME
    const base = clockNs(ctx, clockId) - ctx.now();
    deadline = req - base;
  } else deadline = ctx.deadline(req);
  if (ctx.now() >= deadline) return 0;
  return block([], deadline);
}

function sleepInterrupted(ctx: SyscallContext, remPtr: number, wide: boolean): number {
  if (remPtr && ctx.thread.syscallDeadline >= 0) writeTs(ctx, remPtr, Math.max(0, ctx.thread.syscallDeadline - ctx.now()), wide);
  return -4; // EINTR
}

/** Time syscall rows. */
export const TIME_SYSCALLS: SyscallRow[] = [
  def("time", (ctx, ptr) => {
    const t = Math.floor(clockNs(ctx, 0) / 1e9);
    if (ptr) ctx.mem.writeU32(ptr, t);
    return t | 0;
  }, ["ptr"]),
  def("gettimeofday", (ctx, tv, tz) => {
    const ns = clockNs(ctx, 0);
    if (tv) { ctx.mem.writeU32(tv, Math.floor(ns / 1e9)); ctx.mem.writeU32(tv + 4, Math.floor((ns % 1e9) / 1e3)); }
    if (tz) { ctx.mem.writeU32(tz, 0); ctx.mem.writeU32(tz + 4, 0); }
    return 0;
  }, ["ptr", "ptr"]),
  def("settimeofday", () => fail("EPERM"), ["ptr", "ptr"]),
  def("clock_gettime", (ctx, id, ptr) => { writeTs(ctx, ptr, clockNs(ctx, id), false); return 0; }, ["int", "ptr"]),
  def("clock_gettime64", (ctx, id, ptr) => { writeTs(ctx, ptr, clockNs(ctx, id), true); return 0; }, ["int", "ptr"]),
  def("clock_getres", (ctx, id, ptr) => { clockNs(ctx, id); if (ptr) writeTs(ctx, ptr, 1, false); return 0; }, ["int", "ptr"]),
  def("clock_getres_time64", (ctx, id, ptr) => { clockNs(ctx, id); if (ptr) writeTs(ctx, ptr, 1, true); return 0; }, ["int", "ptr"]),
  def("nanosleep", (ctx, req) => sleep(ctx, 1, 0, req, false), ["ptr", "ptr"], { onInterrupt: (ctx, _r, rem) => sleepInterrupted(ctx, rem, false) }),
  def("clock_nanosleep", (ctx, id, flags, req) => sleep(ctx, id, flags, req, false), ["int", "hex", "ptr", "ptr"], {
    onInterrupt: (ctx, _id, flags, _r, rem) => (flags & 1 ? -4 : sleepInterrupted(ctx, rem, false)),
  }),
  def("clock_nanosleep_time64", (ctx, id, flags, req) => sleep(ctx, id, flags, req, true), ["int", "hex", "ptr", "ptr"], {
    onInterrupt: (ctx, _id, flags, _r, rem) => (flags & 1 ? -4 : sleepInterrupted(ctx, rem, true)),
  }),
  def("getrandom", (ctx, buf, len) => {
    const n = Math.min(len >>> 0, 1 << 20);
    const out = new Uint8Array(n);
    let s = (ctx.now() ^ 0x5bd1e995) >>> 0;
    for (let i = 0; i < n; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; out[i] = s; }
    ctx.mem.write(buf, out);
    return n;
  }, ["ptr", "size", "hex"]),
  def("sysinfo", (ctx, ptr) => {
    const b = new Uint8Array(64);
    const dv = new DataView(b.buffer);
    const mem = ctx.system.machine.memory;
    dv.setInt32(0, Math.floor(ctx.now() / 1e9), true);
    dv.setUint32(16, mem.size, true);
    dv.setUint32(20, ctx.system.memory.allocator.freePages * 4096, true);
    dv.setUint16(40, ctx.system.processes.processes.size, true);
    dv.setUint32(52, 1, true); // mem_unit
    ctx.mem.write(ptr, b);
    return 0;
  }, ["ptr"]),
];
