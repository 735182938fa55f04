// A running nk system connected to the host: builds the kernel from command-line options, fills
// the guest file system (the program, --mount directories), wires the guest console to host
// stdin/stdout/stderr (a terminal when they are TTYs, plain byte streams when they are pipes), and
// drives the run loop — pacing idle virtual time against the wall clock unless --clock=virtual.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createLinuxSystem } from "../kernel/compose.ts";
import type { System } from "../kernel/system.ts";
import type { ConsoleMode } from "../kernel/files/file_manager.ts";
import type { Process } from "../kernel/process/process.ts";
import { Errno } from "../kernel/linux/errno.ts";
import { formatTrace } from "./strace.ts";

/** How a session is configured. */
export interface SessionOptions {
  memory?: number;
  /** An in-memory NFSII image to mount as root (the built-in image). */
  rootImage?: Uint8Array;
  /** Install the 8086 VM module on int 0x30 (the hybrid case study). */
  vm8086?: boolean;
  sched?: string;
  console: ConsoleMode;
  /** Write strace lines here (undefined = off). */
  strace?: (line: string) => void;
  /** Wait for real time while the guest sleeps (default true). */
  pace?: boolean;
  /** Root file system (default: the kernel's tmpfs). */
  root?: import("../kernel/files/inode.ts").Inode;
  /** Disk behind the ATA master; its NFSII volume becomes the root file system. */
  disk?: import("../devices/block_backend.ts").BlockBackend;
  /** Keep running after the first program exits, until every process has (the monitor). */
  untilAllExit?: boolean;
}

/** Bytes the guest wrote, by stream. */
export interface ConsoleSinks {
  stdout(bytes: Uint8Array): void;
  stderr(bytes: Uint8Array): void;
}

/** A guest system plus its host plumbing. */
export class Session {
  readonly system: System;
  private readonly out: number[] = [];
  private readonly err: number[] = [];
  private inputWaiter: (() => void) | undefined;
  private stopped = false;
  /** Why the run loop is paused (undefined: running). The monitor's stop/cont/breakpoints. */
  pauseReason: string | undefined;
  private resumeWaiter: (() => void) | undefined;
  private readonly pauseListeners: (() => void)[] = [];
  /** Called after every slice; a returned string pauses the loop with that reason (watchpoints). */
  sliceHook: ((r: import("../kernel/system.ts").RunResult) => string | undefined) | undefined;
  /** Replaces `system.run` for one slice while set (the monitor's instruction trace). */
  stepper: ((budget: number) => import("../kernel/system.ts").RunResult) | undefined;
  /** The first program's exit status in wait(2) encoding, once it exits. */
  status: number | undefined;
  first: Process | undefined;

  constructor(readonly opts: SessionOptions, private readonly sinks: ConsoleSinks) {
    this.system = createLinuxSystem({
      memory: opts.memory, console: opts.console, sched: opts.sched, root: opts.root,
      disk: opts.disk, rootFromDisk: opts.disk !== undefined && !opts.root, rootImage: opts.rootImage,
      vm8086: opts.vm8086,
    });
    const events = this.system.machine.events;
    events.on("uart.tx", (e: { unit: number; byte: number }) => (e.unit === 1 ? this.err : this.out).push(e.byte));
    this.system.start();
    if (opts.strace) {
      const write = opts.strace;
      this.system.syscalls.tracer = (e) => write(formatTrace(e, this.system.processes.processes.size > 1 || this.system.processes.threads.size > 1));
    }
    this.system.processes.onExit = (p) => {
      if (p === this.first) this.status = p.exitStatus;
    };
  }

  /** Copies a host file into the guest at `guestPath` (parents created), mode preserved. */
  installFile(hostPath: string, guestPath: string): void {
    const vfs = this.system.files.vfs;
    const data = readFileSync(hostPath);
    const mode = statSync(hostPath).mode & 0o7777;
    let dir = "";
    for (const part of dirname(guestPath).split("/").filter(Boolean)) {
      dir += "/" + part;
      try { vfs.mkdir(dir, 0o755); } catch (e) { if (!(e instanceof Errno)) throw e; }
    }
    const f = vfs.open(guestPath, 0o1101 /* O_WRONLY|O_CREAT|O_TRUNC */, mode);
    f.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    f.release();
  }

  /** Starts the first program; throws Errno with a readable message if it cannot be loaded. */
  start(path: string, argv: string[], envp: string[], cwd = "/"): void {
    this.first = this.system.processes.spawn(path, argv, envp);
    if (cwd !== "/") this.first.fs.cwd = this.system.files.vfs.resolveDirectory(cwd);
    this.system.scheduler.reschedule();
  }

  /** The host terminal's size: the guest tty reports it (TIOCGWINSZ) and the foreground group gets SIGWINCH. */
  setWindowSize(rows: number, cols: number): void {
    const tty = this.system.files.tty;
    if (!tty || (tty.winsize.rows === rows && tty.winsize.cols === cols)) return;
    tty.winsize = { rows, cols };
    if (tty.foreground) this.system.signals.sendGroup(tty.foreground, 28 /* SIGWINCH */);
  }

  /** Follows the host terminal's size while the session runs (TTY mode). */
  followTerminalSize(out: { columns?: number; rows?: number; on(e: "resize", f: () => void): unknown }): void {
    const apply = () => { if (out.columns && out.rows) this.setWindowSize(out.rows, out.columns); };
    apply();
    out.on("resize", apply);
  }

  /** Host input for the guest console. */
  input(bytes: Uint8Array): void {
    this.system.machine.devices.com1.receive(bytes);
    this.wakeInput();
  }

  /** The host closed stdin. */
  endOfInput(): void {
    this.system.files.consoleEof();
    this.wakeInput();
  }

  private wakeInput(): void {
    const w = this.inputWaiter;
    this.inputWaiter = undefined;
    w?.();
  }

  /** Asks the loop to end (Ctrl-A x, host signals). */
  stop(): void {
    this.stopped = true;
    this.system.machine.stop();
    this.wakeInput();
    const r = this.resumeWaiter;
    this.resumeWaiter = undefined;
    r?.();
  }

  /** Pauses the run loop before its next slice (idempotent; the first reason is kept). */
  pause(reason = "user"): void {
    this.pauseReason ??= reason;
    this.wakeInput();
  }

  /** Resumes a paused run loop. */
  resume(): void {
    this.pauseReason = undefined;
    const w = this.resumeWaiter;
    this.resumeWaiter = undefined;
    w?.();
  }

  /** Resolves once the loop is paused or has returned (immediately if it is not running). */
  whenPaused(): Promise<void> {
    if (!this.looping || this.resumeWaiter !== undefined) return Promise.resolve();
    return new Promise((res) => this.pauseListeners.push(res));
  }

  /** True while run() is executing (paused or not). */
  looping = false;

  private notifyPaused(): void {
    for (const l of this.pauseListeners.splice(0)) l();
  }

  /** Guest output buffered so far goes to the sinks now (the monitor prints after it). */
  flush(): void {
    if (this.out.length) this.sinks.stdout(Uint8Array.from(this.out.splice(0)));
    if (this.err.length) this.sinks.stderr(Uint8Array.from(this.err.splice(0)));
  }

  /** Runs until the first program exits (or every process has); returns its wait status. */
  async run(sliceInstructions = 4_000_000): Promise<number | undefined> {
    this.looping = true;
    try {
      return await this.loop(sliceInstructions);
    } finally {
      this.looping = false;
      this.notifyPaused();
    }
  }

  private async loop(sliceInstructions: number): Promise<number | undefined> {
    const pace = this.opts.pace ?? true;
    for (;;) {
      if (this.stopped) return this.status;
      if (this.pauseReason !== undefined) {
        await new Promise<void>((res) => { this.resumeWaiter = res; this.notifyPaused(); });
        continue;
      }
      const r = this.stepper ? this.stepper(sliceInstructions) : this.system.run(sliceInstructions);
      this.flush();
      if (this.stopped) return this.status;
      if (r.outcome === "crashed") throw new Error(`the machine stopped (${r.machine})`);
      if (r.outcome === "finished" || (this.status !== undefined && !this.opts.untilAllExit)) return this.status;
      if (r.machine === "breakpoint") this.pauseReason ??= "breakpoint";
      const hookReason = this.sliceHook?.(r);
      if (hookReason !== undefined) this.pauseReason ??= hookReason;
      if (this.pauseReason !== undefined) continue;
      if (r.outcome === "idle" && r.waitingForInput) {
        await new Promise<void>((resolveWait) => { this.inputWaiter = resolveWait; });
      } else if (pace && r.idleNs > 1e6) {
        await new Promise((res) => setTimeout(res, Math.min(r.idleNs / 1e6, 1000)));
      } else {
        await new Promise((res) => setImmediate(res));
      }
    }
  }
}
