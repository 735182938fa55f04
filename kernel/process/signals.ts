// Signals (signal(7)): sending to threads, processes and groups, default actions (terminate, core,
// stop, continue, ignore), delivery on return to user mode through real i386 signal frames
// (sigframe / rt_sigframe on the user stack or the alternate stack), and sigreturn. CPU faults
// arrive here as forced signals with si_addr. Platform-neutral.
import { Manager } from "../manager.ts";
import type { Process } from "./process.ts";
import { type PendingSignal, type Thread, ThreadState } from "./thread.ts";
import { defaultAction, isUncatchable, SigactionFlag, Signal } from "../linux/signals.ts";
import { RT_SIGFRAME_INFO, RT_SIGFRAME_UC, RetCode, signalFrameAddress } from "../linux/signal_structs.ts";
import { UserMemory } from "../memory/user_memory.ts";
import { Errno } from "../linux/errno.ts";
import { copyFields } from "../arch/context.ts";
import { Selector } from "../arch/gdt_layout.ts";
import { Seg } from "../../core/cpu/registers.ts";
import { loadSegment } from "../../core/cpu/segments.ts";

/** Details a sender attaches (siginfo fields). */
export interface SignalInfo {
  code?: number;
  pid?: number;
  uid?: number;
  status?: number;
  addr?: number;
}

const STOP_SIGNALS = new Set<number>([Signal.SIGSTOP, Signal.SIGTSTP, Signal.SIGTTIN, Signal.SIGTTOU]);
/** Where the kernel keeps FPU state across a handler (not in the user frame: fpstate = 0). */
const MAX_SAVED_FPU = 32;

/** The signal manager. */
export class Signals extends Manager {
  readonly name = "signals";
  private readonly savedFpu = new WeakMap<Thread, object[]>();

  private action(p: Process, sig: number) {
    return p.sighand.actions[sig];
  }

  /** True if `sig` would be discarded on arrival (ignored explicitly or by default). */
  private ignored(p: Process, sig: number): boolean {
    const a = this.action(p, sig);
    if (a.handler === 1) return !isUncatchable(sig);
    return a.handler === 0 && defaultAction(sig) === "ignore";
  }

  /** Sends `sig` to a process (kill): queued on the process, taken by any thread that does not block it. */
  sendProcess(p: Process, sig: number, info: SignalInfo = {}): void {
    if (p.zombie || sig === 0) return;
    if (this.preprocess(p, sig)) return;
    this.queue(p.pending, sig, info);
    const target = p.threads.find((t) => !t.blocks(sig)) ?? p.threads[0];
    if (target) this.kick(target, sig);
  }

  /** Sends `sig` to one thread (tkill/tgkill, faults). */
  sendThread(t: Thread, sig: number, info: SignalInfo = {}): void {
    const p = t.process;
    if (p.zombie || sig === 0) return;
    if (this.preprocess(p, sig)) return;
    this.queue(t.pending, sig, info);
    this.kick(t, sig);
  }

  /** Sends `sig` to every process of a group; ESRCH if none. */
  sendGroup(pgid: number, sig: number, info: SignalInfo = {}): number {
    const members = this.system.processes.group(pgid);
    for (const p of members) this.sendProcess(p, sig, info);
    return members.length;
  }

  /** Effects at send time: SIGKILL kills, SIGCONT resumes, stop/continue cancel each other. Returns true if consumed. */
  private preprocess(p: Process, sig: number): boolean {
    if (sig === Signal.SIGKILL) {
      this.system.processes.exitGroup(p, Signal.SIGKILL);
      return true;
    }
    if (sig === Signal.SIGCONT) {
      this.dropPending(p, (s) => STOP_SIGNALS.has(s));
      let resumed = false;
      for (const t of p.threads) if (t.state === ThreadState.Stopped) { this.system.scheduler.makeReady(t); resumed = true; }
      if (resumed) {
        p.continuedReport = true;
        p.parent?.childEvents.wakeAll();
      }
    } else if (STOP_SIGNALS.has(sig)) {
      this.dropPending(p, (s) => s === Signal.SIGCONT);
    }
    return this.ignored(p, sig) && !STOP_SIGNALS.has(sig);
  }

  private dropPending(p: Process, pred: (sig: number) => boolean): void {
    const filter = (list: PendingSignal[]) => {
      for (let i = list.length - 1; i >= 0; i--) if (pred(list[i].sig)) list.splice(i, 1);
    };
    filter(p.pending);
    for (const t of p.threads) filter(t.pending);
  }

  private queue(list: PendingSignal[], sig: number, info: SignalInfo): void {
    if (sig < 32 && list.some((s) => s.sig === sig)) return; // standard signals do not queue
    list.push({ sig, code: info.code ?? 0, pid: info.pid ?? 0, uid: info.uid ?? 0, status: info.status ?? 0, addr: info.addr ?? 0, errno: 0 });
  }

  /** Wakes a blocked thread that will act on `sig` so its syscall returns EINTR or restarts. */
  private kick(t: Thread, sig: number): void {
    if (t.blocks(sig) && !isUncatchable(sig)) return;
    if (t.state === ThreadState.Blocked) {
      t.interrupted = true;
      const unblock = t.unblock;
      t.unblock = undefined;
      unblock?.();
      this.system.scheduler.makeReady(t);
    } else if (t.state === ThreadState.Stopped && sig === Signal.SIGKILL) {
      this.system.scheduler.makeReady(t);
    }
  }

  /** True if `t` has a pending signal it would act on now. */
  hasDeliverable(t: Thread): boolean {
    return this.peek(t) !== undefined;
  }

  private peek(t: Thread): { list: PendingSignal[]; index: number } | undefined {
    for (const list of [t.pending, t.process.pending]) {
      let best = -1;
      for (let i = 0; i < list.length; i++) {
        const s = list[i].sig;
        if (t.blocks(s) && !isUncatchable(s)) continue;
        if (best < 0 || s < list[best].sig) best = i;
      }
      if (best >= 0) return { list, index: best };
    }
    return undefined;
  }

  /** The action a pending deliverable signal will take (for EINTR vs restart decisions). */
  restartsSyscall(t: Thread): boolean {
    const found = this.peek(t);
    if (!found) return false;
    const a = this.action(t.process, found.list[found.index].sig);
    return a.handler > 1 && (a.flags & SigactionFlag.SA_RESTART) !== 0;
  }

  /**
   * Delivers pending signals to the running thread `t` before it returns to user mode: default
   * actions take effect, or one handler frame is pushed. Returns false if `t` no longer runs.
   */
  deliver(t: Thread): boolean {
    if (t.pending.length === 0 && t.process.pending.length === 0) return true; // the common case
    for (;;) {
      const found = this.peek(t);
      if (!found) return true;
      const ps = found.list.splice(found.index, 1)[0];
      const p = t.process;
      const act = this.action(p, ps.sig);
      if (act.handler === 1 && !isUncatchable(ps.sig)) continue;
      if (act.handler === 0 || isUncatchable(ps.sig)) {
        const what = defaultAction(ps.sig);
        if (what === "ignore" || what === "cont") continue;
        if (what === "stop") {
          this.stopProcess(p, ps.sig);
          return false;
        }
        this.system.processes.exitGroup(p, ps.sig | (what === "core" ? 0x80 : 0));
        return false;
      }
      try {
        this.pushFrame(t, ps, act);
      } catch (e) {
        if (!(e instanceof Errno)) throw e;
        // The frame cannot be written (bad stack): the process dies of SIGSEGV, as on Linux.
        this.system.processes.exitGroup(p, Signal.SIGSEGV | 0x80);
        return false;
      }
      return true;
    }
  }

  private stopProcess(p: Process, sig: number): void {
    for (const th of p.threads) this.system.scheduler.suspend(th, ThreadState.Stopped);
    p.stopReport = sig;
    const parent = p.parent;
    if (parent) {
      if (!(parent.sighand.actions[Signal.SIGCHLD].flags & SigactionFlag.SA_NOCLDSTOP)) {
        this.sendProcess(parent, Signal.SIGCHLD, { code: 5 /* CLD_STOPPED */, pid: p.pid, status: sig });
      }
      parent.childEvents.wakeAll();
    }
  }

  /** Builds the handler frame on the user (or alternate) stack and points the CPU at the handler. */
  private pushFrame(t: Thread, ps: PendingSignal, act: { handler: number; flags: number; restorer: number; maskLo: number; maskHi: number }): void {
    const cpu = this.system.machine.cpu;
    const p = t.process;
    const um = new UserMemory(this.system.machine.memory, p.as);
    const esp = cpu.r32[4] >>> 0;
    let sp = esp;
    const onAlt = t.altStack.sp && esp - t.altStack.sp < t.altStack.size;
    if ((act.flags & SigactionFlag.SA_ONSTACK) && t.altStack.flags !== 2 && !onAlt) sp = (t.altStack.sp + t.altStack.size) >>> 0;
    const rt = (act.flags & SigactionFlag.SA_SIGINFO) !== 0;
    const size = rt ? 268 : 732;
    const frame = signalFrameAddress(sp, size);
    const buf = new Uint8Array(size);
    const dv = new DataView(buf.buffer);
    // The mask to restore after the handler: the one sigsuspend/ppoll/pselect replaced, if any.
    const [oldLo, oldHi] = t.savedMask ?? [t.maskLo, t.maskHi];
    t.savedMask = undefined;
    const scOff = rt ? RT_SIGFRAME_UC + 20 : 8;
    const sc = (off: number, v: number) => dv.setUint32(scOff + off, v >>> 0, true);
    sc(0, cpu.sreg[Seg.GS]); sc(4, cpu.sreg[Seg.FS]); sc(8, cpu.sreg[Seg.ES]); sc(12, cpu.sreg[Seg.DS]);
    sc(16, cpu.r32[7]); sc(20, cpu.r32[6]); sc(24, cpu.r32[5]); sc(28, cpu.r32[4]); sc(32, cpu.r32[3]);
    sc(36, cpu.r32[2]); sc(40, cpu.r32[1]); sc(44, cpu.r32[0]);
    sc(48, 0); sc(52, 0); sc(56, cpu.eip); sc(60, cpu.sreg[Seg.CS]); sc(64, cpu.eflags);
    sc(68, cpu.r32[4]); sc(72, cpu.sreg[Seg.SS]); sc(76, 0); sc(80, oldLo); sc(84, ps.addr);
    const pret = act.flags & SigactionFlag.SA_RESTORER ? act.restorer : frame + (rt ? 260 : 724);
    dv.setUint32(0, pret >>> 0, true);
    dv.setInt32(4, ps.sig, true);
    if (rt) {
      dv.setUint32(8, frame + RT_SIGFRAME_INFO, true);
      dv.setUint32(12, frame + RT_SIGFRAME_UC, true);
      const si = RT_SIGFRAME_INFO;
      dv.setInt32(si, ps.sig, true);
      dv.setInt32(si + 4, ps.errno, true);
      dv.setInt32(si + 8, ps.code, true);
      if (ps.sig === Signal.SIGSEGV || ps.sig === Signal.SIGBUS || ps.sig === Signal.SIGFPE || ps.sig === Signal.SIGILL) {
        dv.setUint32(si + 12, ps.addr >>> 0, true);
      } else {
        dv.setInt32(si + 12, ps.pid, true);
        dv.setUint32(si + 16, ps.uid, true);
        dv.setInt32(si + 20, ps.status, true);
      }
      const uc = RT_SIGFRAME_UC;
      dv.setUint32(uc + 8, t.altStack.sp >>> 0, true);
      dv.setInt32(uc + 12, onAlt ? 1 : t.altStack.flags, true);
      dv.setUint32(uc + 16, t.altStack.size >>> 0, true);
      dv.setUint32(uc + 108, oldLo >>> 0, true);
      dv.setUint32(uc + 112, oldHi >>> 0, true);
      buf.set(RetCode.rt, 260);
    } else {
      dv.setUint32(720, oldHi >>> 0, true);
      buf.set(RetCode.plain, 724);
    }
    um.write(frame, buf);
    // Keep the FPU state in the kernel across the handler.
    const stack = this.savedFpu.get(t) ?? [];
    const snap = new (cpu.fpu.constructor as new () => object)();
    copyFields(snap, cpu.fpu);
    stack.push(snap);
    if (stack.length > MAX_SAVED_FPU) stack.shift();
    this.savedFpu.set(t, stack);
    // Enter the handler.
    let lo = t.maskLo | act.maskLo, hi = t.maskHi | act.maskHi;
    if (!(act.flags & SigactionFlag.SA_NODEFER)) {
      if (ps.sig <= 32) lo |= 1 << (ps.sig - 1); else hi |= 1 << (ps.sig - 33);
    }
    t.maskLo = lo & ~((1 << 8) | (1 << 18)); // SIGKILL and SIGSTOP are never blocked
    t.maskHi = hi;
    if (act.flags & SigactionFlag.SA_RESETHAND) act.handler = 0;
    cpu.r32[4] = frame;
    cpu.eip = act.handler;
    cpu.r32[0] = ps.sig; // regparm(3) handlers (and musl) read the signal in EAX
    if (rt) { cpu.r32[2] = frame + RT_SIGFRAME_INFO; cpu.r32[1] = frame + RT_SIGFRAME_UC; }
    cpu.eflags = cpu.eflags & ~(0x100 | 0x400); // TF and DF clear
  }

  /** sigreturn (rt = false) / rt_sigreturn: restores the context saved by pushFrame; returns EAX. */
  sigreturn(t: Thread, rt: boolean): number {
    const cpu = this.system.machine.cpu;
    const um = new UserMemory(this.system.machine.memory, t.process.as);
    const esp = cpu.r32[4] >>> 0;
    const frame = rt ? esp - 4 : esp - 8;
    const scAddr = rt ? frame + RT_SIGFRAME_UC + 20 : frame + 8;
    const sc = um.read(scAddr, 88);
    const dv = new DataView(sc.buffer);
    const g = (off: number) => dv.getUint32(off, true);
    if (rt) {
      t.maskLo = um.readU32(frame + RT_SIGFRAME_UC + 108);
      t.maskHi = um.readU32(frame + RT_SIGFRAME_UC + 112);
    } else {
      t.maskLo = g(80);
      t.maskHi = um.readU32(frame + 720);
    }
    t.maskLo &= ~((1 << 8) | (1 << 18));
    cpu.r32[7] = g(16); cpu.r32[6] = g(20); cpu.r32[5] = g(24); cpu.r32[4] = g(28); cpu.r32[3] = g(32);
    cpu.r32[2] = g(36); cpu.r32[1] = g(40);
    cpu.eip = g(56);
    const userFlags = 0x0cd5 | 0x40000 | 0x200000; // arithmetic, TF, DF, OF, AC, ID (FIX_EFLAGS)
    cpu.eflags = (cpu.eflags & ~userFlags) | (g(64) & userFlags) | 0x200;
    for (const [seg, off] of [[Seg.GS, 0], [Seg.FS, 4], [Seg.ES, 8], [Seg.DS, 12]] as const) {
      const sel = g(off) & 0xffff;
      if (sel !== cpu.sreg[seg]) {
        try { loadSegment(cpu, seg, sel); } catch { loadSegment(cpu, seg, seg === Seg.GS || seg === Seg.FS ? 0 : Selector.UserData); }
      }
    }
    const stack = this.savedFpu.get(t);
    const snap = stack?.pop();
    if (snap) copyFields(cpu.fpu, snap);
    return g(44) | 0;
  }
}
