// MonitorTarget over a real nk Session: CPU registers, per-process virtual memory (guest_memory.ts),
// physical memory, ports, run control on the Session's pausable loop, breakpoints, value
// watchpoints and an instruction trace (both by single-stepping), strace and IRQ counters.
import { InterruptKind } from "../../core/cpu/interrupts.ts";
import { Seg } from "../../core/cpu/registers.ts";
import { VGA_FONT_8X16 } from "../../devices/vga_font.ts";
import type { Process } from "../../kernel/process/process.ts";
import { POLICIES } from "../../kernel/sched/policies.ts";
import type { RunResult, System } from "../../kernel/system.ts";
import { disassembleOne } from "../disasm/mod.ts";
import type { Session } from "../session.ts";
import { formatTrace } from "../strace.ts";
import { readProcessMemory, writeProcessMemory } from "./guest_memory.ts";
import {
  MemoryAccessError, type DeviceInfo, type MonitorTarget, type ProcessInfo, type RegisterName,
  type RegisterSnapshot, type ScreenImage, type SegmentState, type StraceOptions, type TargetStatus,
} from "./target.ts";

/** A software watchpoint: the watched bytes are compared after every instruction. */
export interface Watchpoint {
  readonly id: number;
  readonly address: number;
  readonly length: number;
  readonly pid: number;
  last: Uint8Array;
}

/** Options of {@link NkTarget}. */
export interface NkTargetOptions {
  /** Asynchronous monitor output: strace lines, trace lines, "breakpoint hit" notices. */
  readonly print: (line: string) => void;
  /** Called by `quit` after the session is stopped. */
  readonly onQuit?: () => void;
  /** Pause when the guest waits for console input with nothing else to do (scripts). */
  readonly pauseWhenIdle?: boolean;
  /** The first program, for `system_reset`. */
  readonly launch?: { readonly path: string; readonly argv: readonly string[]; readonly envp: readonly string[] };
}

const GPR_INDEX = { eax: 0, ecx: 1, edx: 2, ebx: 3, esp: 4, ebp: 5, esi: 6, edi: 7 } as const;

/** The machine and kernel of a Session as the monitor sees them. */
export class NkTarget implements MonitorTarget {
  readonly system: System;
  /** Hardware interrupts taken per IRQ line since the monitor attached (`info irq`). */
  readonly irqCounts = new Array<number>(16).fill(0);
  /** Breakpoint number → linear address. */
  readonly breakpoints = new Map<number, number>();
  readonly watchpoints = new Map<number, Watchpoint>();
  traceEnabled = false;
  private nextBreakpoint = 1;
  private nextWatchpoint = 1;
  private straceOptions: StraceOptions = { enabled: false };
  private pending: string | undefined;
  private lastExitSeen: number | undefined;
  private loop: Promise<void> | undefined;
  private started = false;

  constructor(readonly session: Session, private readonly opts: NkTargetOptions) {
    this.system = session.system;
    const cpu = this.system.machine.cpu;
    const inner = cpu.hooks.onInterrupt;
    cpu.hooks.onInterrupt = (vector, code, kind) => {
      if (kind === InterruptKind.Hardware) {
        for (const chip of this.system.machine.devices.pic.pendingSummary()) {
          const line = vector - chip.base;
          if (line >= 0 && line < 8) this.irqCounts[line + (chip.chip === "slave" ? 8 : 0)]!++;
        }
      }
      return inner ? inner(vector, code, kind) : false;
    };
    session.sliceHook = (r) => this.afterSlice(r);
  }

  /** Prints asynchronous output (after flushing the guest's so the order is kept). */
  notify(line: string): void {
    this.session.flush();
    this.opts.print(line);
  }

  // ---- processes ----------------------------------------------------------------------------

  /** The process `pid`, or the current one; throws a one-line Error when there is none. */
  process(pid: number | undefined): Process {
    const processes = this.system.processes.processes;
    if (pid !== undefined) {
      const p = processes.get(pid);
      if (!p) throw new Error(`no process with pid ${pid}`);
      if (p.zombie) throw new Error(`pid ${pid} has exited`);
      return p;
    }
    const current = this.system.scheduler.current?.process;
    if (current && !current.zombie) return current;
    for (const p of processes.values()) if (!p.zombie) return p;
    throw new Error("no process is running (start one with 'exec PATH')");
  }

  // ---- MonitorTarget ----------------------------------------------------------------------------

  registers(): RegisterSnapshot {
    const cpu = this.system.machine.cpu;
    const r = cpu.r32;
    const segment = (s: number): SegmentState => ({
      selector: cpu.sreg[s]!, base: cpu.segBase[s]! >>> 0, limit: cpu.segLimit[s]! >>> 0,
      // QEMU prints access byte << 8 | flags nibble << 20; segAttr keeps the nibble in bits 12-15.
      flags: (((cpu.segAttr[s]! & 0xff) << 8) | (((cpu.segAttr[s]! >> 12) & 0xf) << 20)) >>> 0,
    });
    return {
      eax: r[0]! >>> 0, ecx: r[1]! >>> 0, edx: r[2]! >>> 0, ebx: r[3]! >>> 0,
      esp: r[4]! >>> 0, ebp: r[5]! >>> 0, esi: r[6]! >>> 0, edi: r[7]! >>> 0,
      eip: cpu.eip >>> 0, eflags: cpu.eflags >>> 0, cpl: cpu.cpl, halted: cpu.halted,
      segments: {
        es: segment(Seg.ES), cs: segment(Seg.CS), ss: segment(Seg.SS),
        ds: segment(Seg.DS), fs: segment(Seg.FS), gs: segment(Seg.GS),
      },
      ldt: { selector: cpu.ldtSelector, base: cpu.ldtBase >>> 0, limit: cpu.ldtLimit >>> 0, flags: 0 },
      tr: { selector: cpu.trSelector, base: cpu.trBase >>> 0, limit: cpu.trLimit >>> 0, flags: 0 },
      gdt: { base: cpu.gdtBase >>> 0, limit: cpu.gdtLimit },
      idt: { base: cpu.idtBase >>> 0, limit: cpu.idtLimit },
      cr0: cpu.cr0 >>> 0, cr2: cpu.cr2 >>> 0, cr3: cpu.cr3 >>> 0, cr4: cpu.cr4 >>> 0,
    };
  }

  setRegister(name: RegisterName, value: number): void {
    const cpu = this.system.machine.cpu;
    if (name in GPR_INDEX) cpu.r32[GPR_INDEX[name as keyof typeof GPR_INDEX]] = value | 0;
    else if (name === "eip") cpu.eip = value | 0;
    else if (name === "eflags") cpu.eflags = value | 0x2;
    else throw new Error(`${name} cannot be set from the monitor (it would need a descriptor load or a kernel change)`);
  }

  readVirtual(pid: number | undefined, address: number, length: number): Uint8Array {
    return readProcessMemory(this.system, this.process(pid), address >>> 0, length);
  }

  writeVirtual(pid: number | undefined, address: number, bytes: Uint8Array): void {
    writeProcessMemory(this.system, this.process(pid), address >>> 0, bytes);
  }

  private checkPhysical(address: number, length: number): void {
    const mem = this.system.machine.memory;
    for (const a of [address, address + Math.max(0, length - 1)]) {
      if (a > 0xffffffff || (!mem.isRam(a) && mem.mmioAt(a) === undefined)) throw new MemoryAccessError(a);
    }
  }

  readPhysical(address: number, length: number): Uint8Array {
    this.checkPhysical(address >>> 0, length);
    const mem = this.system.machine.memory;
    return Uint8Array.from({ length }, (_, i) => mem.read8((address >>> 0) + i));
  }

  writePhysical(address: number, bytes: Uint8Array): void {
    this.checkPhysical(address >>> 0, bytes.length);
    const mem = this.system.machine.memory;
    bytes.forEach((b, i) => mem.write8((address >>> 0) + i, b));
  }

  portIn(port: number, size: 1 | 2 | 4): number {
    const ports = this.system.machine.ports;
    return size === 1 ? ports.in8(port) : size === 2 ? ports.in16(port) : ports.in32(port);
  }

  portOut(port: number, size: 1 | 2 | 4, value: number): void {
    const ports = this.system.machine.ports;
    if (size === 1) ports.out8(port, value);
    else if (size === 2) ports.out16(port, value);
    else ports.out32(port, value);
  }

  stop(): void {
    if (this.session.looping) this.session.pause("user");
  }

  cont(): Promise<void> {
    if (this.system.processes.liveCount() === 0) throw new Error("every process has exited (start one with 'exec PATH')");
    this.session.resume();
    if (!this.session.looping) {
      this.started = true;
      this.loop = this.session.run().then(
        () => this.reportEnd(),
        (error: unknown) => this.notify(`the machine stopped: ${(error as Error).message}`),
      ).finally(() => { this.loop = undefined; });
    }
    return this.session.whenPaused();
  }

  /** Single-steps `count` instructions (the machine must be paused); returns how many retired. */
  step(count: number): number {
    if (this.status().running) throw new Error("the machine is running (use 'stop' first)");
    let retired = 0;
    for (let i = 0; i < count && this.system.processes.liveCount() > 0; i++) {
      let r = this.stepOne();
      // Standing on a breakpoint: the CPU reports it once, then executes the instruction.
      if (r.executed === 0 && r.result.machine === "breakpoint") r = this.stepOne();
      retired += r.executed;
      if (this.pending !== undefined) break;
    }
    this.session.flush();
    if (this.pending !== undefined) {
      this.opts.print(this.pending);
      this.pending = undefined;
    }
    return retired;
  }

  status(): TargetStatus {
    // `nk run` starts the loop itself; `nk monitor` starts it at the first `c`.
    if (this.session.looping) this.started = true;
    if (!this.started) return { running: false, reason: "prelaunch" };
    if (!this.session.looping) return { running: false, reason: this.system.processes.liveCount() === 0 ? "finished" : "stopped" };
    const reason = this.session.pauseReason;
    return reason === undefined ? { running: true } : { running: false, reason };
  }

  processes(): readonly ProcessInfo[] {
    return [...this.system.processes.processes.values()].map((p) => ({
      pid: p.pid, ppid: p.parent?.pid ?? 0, state: p.zombie ? "Z" : "R", name: p.comm,
    }));
  }

  scheduler(): string { return this.system.scheduler.policy.name; }
  schedulers(): readonly string[] { return Object.keys(POLICIES); }
  setScheduler(name: string): void { this.system.scheduler.setPolicy(name); }

  strace(): StraceOptions { return this.straceOptions; }

  setStrace(options: StraceOptions): void {
    this.straceOptions = options;
    if (!options.enabled) { this.system.syscalls.tracer = undefined; return; }
    const names = options.syscalls === undefined ? undefined : new Set(options.syscalls);
    this.system.syscalls.tracer = (e) => {
      if (options.pid !== undefined && e.thread.process.pid !== options.pid) return;
      if (names && !names.has(e.row?.name ?? `syscall_${e.nr}`)) return;
      this.notify(formatTrace(e, true));
    };
  }

  devices(): readonly DeviceInfo[] {
    return this.system.machine.devices.all.map((d) => ({ name: d.name, detail: d.describe?.() ?? "" }));
  }

  screen(): ScreenImage | undefined {
    const devices = this.system.machine.devices;
    return devices.vbe?.renderRgba() ?? devices.vga.renderRgba(VGA_FONT_8X16);
  }

  quit(): void {
    this.session.stop();
    this.opts.onQuit?.();
  }

  /** `exec`: starts `path` as a new process (child of pid 1 if it exists), ready to run. */
  spawn(path: string, argv: readonly string[]): Process {
    const envp = this.opts.launch?.envp ?? ["PATH=/bin:/usr/bin", "HOME=/"];
    const p = this.system.processes.spawn(path, [...argv], [...envp]);
    this.system.scheduler.reschedule();
    return p;
  }

  /** `system_reset`: kills every process and starts the first program again; returns a notice. */
  resetPrograms(): string {
    const pm = this.system.processes;
    for (const p of [...pm.processes.values()]) if (!p.zombie) pm.exitGroup(p, 9 /* SIGKILL */);
    for (const p of [...pm.processes.values()]) pm.reap(p);
    this.system.scheduler.reschedule();
    const launch = this.opts.launch;
    if (launch === undefined) return "every process was killed (no program to restart)";
    this.session.status = undefined;
    this.lastExitSeen = undefined;
    this.session.start(launch.path, [...launch.argv], [...launch.envp]);
    return `restarted ${launch.path} as pid ${this.session.first!.pid}`;
  }

  // ---- breakpoints, watchpoints, trace --------------------------------------------------------

  /** Adds a breakpoint at linear `address` (any process); returns its number. */
  addBreakpoint(address: number): number {
    const id = this.nextBreakpoint++;
    this.breakpoints.set(id, address >>> 0);
    this.syncBreakpoints();
    return id;
  }

  /** Deletes breakpoint `id`; false if there is none. */
  deleteBreakpoint(id: number): boolean {
    const ok = this.breakpoints.delete(id);
    this.syncBreakpoints();
    return ok;
  }

  private syncBreakpoints(): void {
    const cpu = this.system.machine.cpu;
    cpu.breakpoints.clear();
    for (const address of this.breakpoints.values()) cpu.breakpoints.add(address);
    // Cached blocks were decoded without the new stops (decode.ts ends blocks at breakpoints).
    cpu.flushCode();
  }

  /** Watches `length` bytes at `address` in `pid` for changes; returns its number. */
  addWatchpoint(pid: number | undefined, address: number, length: number): number {
    const p = this.process(pid);
    const id = this.nextWatchpoint++;
    this.watchpoints.set(id, { id, address: address >>> 0, length, pid: p.pid, last: readProcessMemory(this.system, p, address >>> 0, length) });
    this.updateStepper();
    return id;
  }

  deleteWatchpoint(id: number): boolean {
    const ok = this.watchpoints.delete(id);
    this.updateStepper();
    return ok;
  }

  setTrace(on: boolean): void {
    this.traceEnabled = on;
    this.updateStepper();
  }

  // Watchpoints and the trace need control after every instruction: run the loop one
  // instruction at a time while either is active (slow, but exact).
  private updateStepper(): void {
    const needed = this.traceEnabled || this.watchpoints.size > 0;
    this.session.stepper = needed ? (budget) => this.stepSlice(budget) : undefined;
  }

  private stepSlice(budget: number): RunResult {
    let last: RunResult | undefined;
    const n = Math.min(budget, 20_000);
    for (let i = 0; i < n; i++) {
      const { result } = this.stepOne();
      last = result;
      if (result.outcome !== "budget" || this.pending !== undefined) break;
    }
    return last!;
  }

  private stepOne(): { executed: number; result: RunResult } {
    const cpu = this.system.machine.cpu;
    if (this.traceEnabled && this.system.scheduler.current) this.traceInstruction();
    const before = cpu.instructionCount;
    const result = this.system.run(1);
    if (this.traceEnabled) this.session.flush();
    this.checkWatchpoints();
    return { executed: cpu.instructionCount - before, result };
  }

  private traceInstruction(): void {
    const cpu = this.system.machine.cpu;
    const t = this.system.scheduler.current!;
    const lin = (cpu.segBase[Seg.CS]! + cpu.eip) >>> 0;
    let text: string;
    try {
      text = disassembleOne(readProcessMemory(this.system, t.process, lin, Math.min(16, 0x1000 - (lin & 0xfff))), 0, lin).text;
    } catch {
      text = "(unreadable)";
    }
    this.opts.print(`[${t.process.pid}:${t.tid}] 0x${lin.toString(16).padStart(8, "0")}:  ${text}`);
  }

  private checkWatchpoints(): void {
    for (const w of this.watchpoints.values()) {
      const p = this.system.processes.processes.get(w.pid);
      if (!p || p.zombie) continue;
      let now: Uint8Array;
      try { now = readProcessMemory(this.system, p, w.address, w.length); } catch { continue; }
      if (now.every((b, i) => b === w.last[i])) continue;
      const hex = (b: Uint8Array) => "0x" + [...b].reverse().map((x) => x.toString(16).padStart(2, "0")).join("");
      const hex8 = (v: number) => "0x" + (v >>> 0).toString(16).padStart(8, "0");
      this.pending ??= `watchpoint ${w.id}: ${hex8(w.address)} in pid ${w.pid} changed ${hex(w.last)} -> ${hex(now)} at eip ${hex8(this.system.machine.cpu.eip)}`;
      w.last = now;
    }
  }

  // Called by the Session loop after every slice: a pending reason pauses it.
  private afterSlice(r: RunResult): string | undefined {
    if (r.machine === "breakpoint") {
      const eip = this.system.machine.cpu.eip >>> 0;
      const id = [...this.breakpoints].find(([, a]) => a === eip)?.[0];
      const t = this.system.scheduler.current;
      this.notify(`breakpoint ${id ?? "?"} hit at 0x${eip.toString(16).padStart(8, "0")}${t ? ` (pid ${t.process.pid} tid ${t.tid})` : ""}`);
      return undefined; // the Session pauses on breakpoints itself
    }
    const status = this.session.status;
    if (status !== undefined && this.lastExitSeen !== status && this.session.first) {
      this.lastExitSeen = status;
      this.notify(exitNotice(this.session.first));
      return "exited";
    }
    if (this.pending !== undefined) {
      const reason = this.pending;
      this.pending = undefined;
      this.notify(reason);
      return "watchpoint";
    }
    if (this.opts.pauseWhenIdle && r.outcome === "idle" && r.waitingForInput) return "idle";
    return undefined;
  }

  /** Prints the exit notice of `p` if it has exited (once for the first program). */
  noteExit(p: Process): void {
    if (!p.zombie) return;
    if (p === this.session.first) {
      if (this.lastExitSeen === p.exitStatus) return;
      this.lastExitSeen = p.exitStatus;
    }
    this.notify(exitNotice(p));
  }

  private reportEnd(): void {
    const first = this.session.first;
    if (first && this.session.status !== undefined && this.lastExitSeen !== this.session.status) {
      this.lastExitSeen = this.session.status;
      this.notify(exitNotice(first));
    }
  }
}

/** `[pid 3 (hello) exited with status 0]` or `… killed by signal 9`. */
export function exitNotice(p: Process): string {
  const sig = p.exitStatus & 0x7f;
  return `[pid ${p.pid} (${p.comm}) ${sig ? `killed by signal ${sig}` : `exited with status ${(p.exitStatus >> 8) & 0xff}`}]`;
}
