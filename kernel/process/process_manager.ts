// The process manager (thesis §3.4, seed 003): PIDs and TIDs, spawn/fork/clone/exec/exit/wait,
// zombies and re-parenting, process groups and sessions. PIDs are small integers allocated
// upward (Linux style); a thread group shares its PID, each thread has its own TID.
// Platform-neutral.
import { Manager } from "../manager.ts";
import { Process, SignalHandlers, type Rlimits } from "./process.ts";
import { Thread, ThreadState } from "./thread.ts";
import { loadElf } from "./loader.ts";
import { elfHeadersLength } from "./elf.ts";
import type { AddressSpace } from "../memory/address_space.ts";
import { FdTable } from "../files/fd_table.ts";
import type { Inode } from "../files/inode.ts";
import { Errno, fail } from "../linux/errno.ts";
import { CloneFlag } from "../linux/abi_process.ts";
import { Signal } from "../linux/signals.ts";
import { UserMemory } from "../memory/user_memory.ts";
import { decodeUserDesc } from "../linux/tls.ts";
import type { CpuContext } from "../arch/context.ts";

const RLIM_INF = 0xffffffff;
/** Bytes exec reads first: the ELF header, usually the program headers, or a `#!` line. */
const HEADER_READ = 4096;
/** Default limits (RLIMIT_* order: CPU FSIZE DATA STACK CORE RSS NPROC NOFILE MEMLOCK AS …). */
function defaultRlimits(): Rlimits {
  const r: Rlimits = Array.from({ length: 16 }, () => [RLIM_INF, RLIM_INF] as [number, number]);
  r[3] = [8 << 20, RLIM_INF]; // STACK
  r[4] = [0, RLIM_INF]; // CORE
  r[6] = [4096, 4096]; // NPROC
  r[7] = [1024, 4096]; // NOFILE
  r[8] = [65536, 65536]; // MEMLOCK
  r[13] = [0, 0]; // NICE
  return r;
}

/** Maximum processes alive at once (fork → EAGAIN beyond). */
export const MAX_PROCESSES = 512;

/** Process and thread management. */
export class ProcessManager extends Manager {
  readonly name = "processes";
  readonly processes = new Map<number, Process>();
  readonly threads = new Map<number, Thread>();
  private nextId = 1;
  /** Users of each address space (vfork and CLONE_VM share one). */
  private readonly asUsers = new Map<AddressSpace, number>();
  /** Deterministic per-run seed for AT_RANDOM. */
  private randomState = 0x9e3779b9;
  /** Called when a process becomes a zombie (the CLI watches the first one's status). */
  onExit: ((p: Process) => void) | undefined;

  /** Live (non-zombie) processes. */
  liveCount(): number {
    let n = 0;
    for (const p of this.processes.values()) if (!p.zombie) n++;
    return n;
  }

  private allocId(): number {
    for (let tries = 0; tries < 0x8000; tries++) {
      const id = this.nextId;
      this.nextId = this.nextId >= 0x7fff ? 2 : this.nextId + 1;
      if (!this.processes.has(id) && !this.threads.has(id)) return id;
    }
    return fail("EAGAIN");
  }

  private nextRandom(): Uint8Array {
    const out = new Uint8Array(16);
    for (let i = 0; i < 16; i++) {
      this.randomState = (Math.imul(this.randomState ^ (this.randomState >>> 15), 0x2c1b3c6d) + i) >>> 0;
      out[i] = this.randomState >>> 24;
    }
    return out;
  }

  private retainAs(as: AddressSpace): void {
    this.asUsers.set(as, (this.asUsers.get(as) ?? 0) + 1);
  }

  private releaseAs(as: AddressSpace): void {
    const n = (this.asUsers.get(as) ?? 1) - 1;
    if (n <= 0) {
      this.asUsers.delete(as);
      as.destroy();
    } else this.asUsers.set(as, n);
  }

  /** Reads a whole executable and resolves `#!` scripts; returns the image to load. */
  private readExecutable(path: string, argv: string[], cwd: Inode, depth = 0): { inode: Inode; data: Uint8Array; size: number; argv: string[]; path: string } {
    const vfs = this.system.files.vfs;
    const inode = vfs.resolve(path, cwd);
    if ((inode.mode & 0o170000) === 0o040000) fail("EACCES", `${path} is a directory`);
    if ((inode.mode & 0o170000) !== 0o100000) fail("EACCES");
    if (!(inode.mode & 0o111)) fail("EACCES", `${path} is not executable`);
    // Only the headers: the segments are mapped from the file (and shared through the page cache).
    let data = inode.read(0, Math.min(inode.size, HEADER_READ));
    const need = Math.min(inode.size, elfHeadersLength(data));
    if (need > data.length) data = inode.read(0, need);
    if (data[0] === 0x23 && data[1] === 0x21 && depth < 4) {
      const nl = data.indexOf(10);
      const line = new TextDecoder().decode(data.subarray(2, nl < 0 ? Math.min(data.length, 256) : nl)).trim();
      const sp = line.search(/\s/);
      const interp = sp < 0 ? line : line.slice(0, sp);
      const arg = sp < 0 ? "" : line.slice(sp).trim();
      const newArgv = [interp, ...(arg ? [arg] : []), path, ...argv.slice(1)];
      return this.readExecutable(interp, newArgv, cwd, depth + 1);
    }
    return { inode, data, size: inode.size, argv, path };
  }

  /** Creates a process running `path` (first programs, `exec` from the monitor). */
  spawn(path: string, argv: string[], envp: string[], opts: { parent?: Process; files?: FdTable } = {}): Process {
    const files = this.system.files;
    const exe = this.readExecutable(path, argv, files.vfs.root);
    const img = loadElf(this.system.arch, this.system.memory.frames, {
      file: exe.data, fileSize: exe.size, backing: exe.inode, argv: exe.argv, envp, execPath: path, uid: 0, gid: 0,
      random: this.nextRandom(),
      pageCache: this.system.memory.pageCache,
    });
    const pid = this.allocId();
    const fdt = opts.files ?? files.consoleFdTable();
    const p = new Process(pid, img.as, fdt, { cwd: files.vfs.root, umask: 0o022 }, new SignalHandlers(), defaultRlimits());
    this.retainAs(img.as);
    p.argv = exe.argv;
    p.comm = baseName(exe.path);
    p.exePath = exe.path;
    p.exe = exe.inode;
    p.startNs = this.system.machine.clock.now();
    const parent = opts.parent ?? this.processes.get(1);
    if (parent && parent !== p) {
      p.parent = parent;
      parent.children.push(p);
      p.pgid = parent.pgid;
      p.sid = parent.sid;
    }
    const t = new Thread(pid, p, this.system.arch.newUserContext(img.entry, img.sp));
    p.threads.push(t);
    this.processes.set(pid, p);
    this.threads.set(pid, t);
    this.system.scheduler.add(t);
    return p;
  }

  /** execve: replaces the calling process's image. On success the thread runs the new program. */
  execve(t: Thread, path: string, argv: string[], envp: string[]): void {
    const p = t.process;
    const exe = this.readExecutable(path, argv, p.fs.cwd);
    const img = loadElf(this.system.arch, this.system.memory.frames, {
      file: exe.data, fileSize: exe.size, backing: exe.inode, argv: exe.argv, envp, execPath: path, uid: p.euid, gid: p.egid,
      random: this.nextRandom(), pageCache: this.system.memory.pageCache,
    });
    // Point of no return: other threads die, the old image goes, close-on-exec fds close.
    for (const other of [...p.threads]) if (other !== t) this.killThread(other);
    const old = p.as;
    const asLimit = p.rlimits[9][0];
    img.as.limitBytes = asLimit === 0xffffffff ? Infinity : asLimit;
    p.as = img.as;
    this.retainAs(img.as);
    this.releaseAs(old);
    p.files.closeOnExec();
    for (const a of p.sighand.actions) if (a.handler > 1) { a.handler = 0; a.flags = 0; a.maskLo = a.maskHi = 0; }
    p.argv = exe.argv;
    p.comm = baseName(exe.path);
    p.exePath = exe.path;
    p.exe = exe.inode;
    t.clearChildTid = 0;
    t.altStack = { sp: 0, size: 0, flags: 2 };
    const ctx = this.system.arch.newUserContext(img.entry, img.sp);
    t.ctx = ctx;
    if (this.system.scheduler.current === t) {
      this.system.arch.pdLoad(p.as.pd);
      this.system.arch.loadState(ctx);
    }
    this.releaseVforkParent(p);
  }

  /** fork/vfork/clone. Returns the new thread's TID. */
  clone(t: Thread, flags: number, newSp: number, parentTidPtr: number, tls: number, childTidPtr: number): number {
    const p = t.process;
    const sched = this.system.scheduler;
    if (sched.current === t) this.system.arch.saveState(t.ctx);
    const ctx: CpuContext = t.ctx.clone();
    ctx.regs[0] = 0;
    if (newSp) ctx.regs[4] = newSp;
    let child: Thread;
    const id = this.allocId();
    if (flags & CloneFlag.CLONE_THREAD) {
      if (!(flags & CloneFlag.CLONE_VM) || !(flags & CloneFlag.CLONE_SIGHAND)) fail("EINVAL");
      child = new Thread(id, p, ctx);
      p.threads.push(child);
    } else {
      if (this.liveCount() >= MAX_PROCESSES) fail("EAGAIN", "process table full");
      const nproc = [...this.processes.values()].filter((q) => !q.zombie && q.uid === p.uid).length;
      if (p.uid !== 0 && nproc >= p.rlimits[6][0]) fail("EAGAIN", "RLIMIT_NPROC");
      const as = flags & CloneFlag.CLONE_VM ? p.as : p.as.fork();
      const files = flags & CloneFlag.CLONE_FILES ? p.files : p.files.fork();
      const fs = flags & CloneFlag.CLONE_FS ? p.fs : { ...p.fs };
      const sighand = flags & CloneFlag.CLONE_SIGHAND ? p.sighand : p.sighand.clone();
      const q = new Process(id, as, files, fs, sighand, p.rlimits.map((r) => [...r] as [number, number]));
      this.retainAs(as);
      q.argv = p.argv; q.comm = p.comm; q.exePath = p.exePath; q.exe = p.exe;
      q.uid = p.uid; q.gid = p.gid; q.euid = p.euid; q.egid = p.egid;
      q.pgid = p.pgid; q.sid = p.sid; q.nice = p.nice; q.personality = p.personality;
      q.startNs = this.system.machine.clock.now();
      q.exitSignal = flags & 0xff;
      const parent = flags & CloneFlag.CLONE_PARENT && p.parent ? p.parent : p;
      q.parent = parent;
      parent.children.push(q);
      child = new Thread(id, q, ctx);
      q.threads.push(child);
      this.processes.set(id, q);
      if (flags & CloneFlag.CLONE_VFORK) q.vforkParent = t;
    }
    child.maskLo = t.maskLo;
    child.maskHi = t.maskHi;
    this.threads.set(id, child);
    if (flags & CloneFlag.CLONE_SETTLS) {
      const um = new UserMemory(this.system.machine.memory, p.as);
      const desc = decodeUserDesc(um.read(tls, 16));
      const entry = desc.entry === 0xffffffff ? 6 : desc.entry;
      if (entry < 6 || entry > 8) fail("EINVAL");
      this.system.arch.setTls(child.ctx, entry, desc.lo, desc.hi, false);
    }
    if (flags & CloneFlag.CLONE_PARENT_SETTID) new UserMemory(this.system.machine.memory, p.as).writeU32(parentTidPtr, id);
    if (flags & CloneFlag.CLONE_CHILD_SETTID) new UserMemory(this.system.machine.memory, child.process.as).writeU32(childTidPtr, id);
    if (flags & CloneFlag.CLONE_CHILD_CLEARTID) child.clearChildTid = childTidPtr;
    sched.add(child);
    if (flags & CloneFlag.CLONE_VFORK) sched.suspend(t, ThreadState.Blocked);
    return id;
  }

  private releaseVforkParent(p: Process): void {
    const vp = p.vforkParent;
    if (vp) {
      p.vforkParent = undefined;
      if (vp.state === ThreadState.Blocked) this.system.scheduler.makeReady(vp);
    }
  }

  /** Removes one thread (exit, or killed by exec/exit_group). */
  private killThread(t: Thread): void {
    t.unblock?.();
    t.unblock = undefined;
    if (t.clearChildTid) {
      try {
        new UserMemory(this.system.machine.memory, t.process.as).writeU32(t.clearChildTid, 0);
        this.system.futex?.wake(t.process.as, t.clearChildTid, 1);
      } catch (e) {
        if (!(e instanceof Errno)) throw e;
      }
    }
    this.system.scheduler.suspend(t, ThreadState.Dead);
    const p = t.process;
    p.deadThreadCpuNs += t.cpuTimeNs;
    const i = p.threads.indexOf(t);
    if (i >= 0) p.threads.splice(i, 1);
    if (t.tid !== p.pid) this.threads.delete(t.tid);
  }

  /** exit(2): ends one thread; the process ends with its last thread. */
  exitThread(t: Thread, code: number): void {
    const p = t.process;
    this.killThread(t);
    if (p.threads.length === 0) this.processExit(p, (code & 0xff) << 8);
  }

  /** exit_group(2) or a fatal signal: ends every thread; `status` is in wait(2) encoding. */
  exitGroup(p: Process, status: number): void {
    if (p.zombie) return;
    for (const t of [...p.threads]) this.killThread(t);
    this.processExit(p, status);
  }

  private processExit(p: Process, status: number): void {
    if (p.zombie) return;
    p.zombie = true;
    p.exitStatus = status;
    p.files.closeAll();
    this.releaseAs(p.as);
    this.releaseVforkParent(p);
    this.system.files.onProcessExit?.(p);
    const init = this.processes.get(1);
    for (const c of p.children) {
      c.parent = init && init !== p ? init : undefined;
      if (c.parent) c.parent.children.push(c);
      if (c.zombie && c.parent) c.parent.childEvents.wakeAll();
      if (!c.parent && c.zombie) this.reap(c);
    }
    p.children.length = 0;
    const parent = p.parent;
    if (parent) {
      const act = parent.sighand.actions[Signal.SIGCHLD];
      const autoReap = act.handler === 1 || (act.flags & 2 /* SA_NOCLDWAIT */);
      if (p.exitSignal) this.system.signals.sendProcess(parent, p.exitSignal, { code: exitCode(status), pid: p.pid, status: exitValue(status) });
      parent.childEvents.wakeAll();
      if (autoReap) this.reap(p);
    } else if (p.pid !== 1) {
      // Orphans without an init are reaped at once, but the CLI still sees the status.
    }
    this.onExit?.(p);
  }

  /** Removes a zombie from the tables. */
  reap(p: Process): void {
    this.processes.delete(p.pid);
    this.threads.delete(p.pid);
    if (p.parent) {
      const i = p.parent.children.indexOf(p);
      if (i >= 0) p.parent.children.splice(i, 1);
      p.parent.childCpuNs += processCpu(p) + p.childCpuNs;
    }
  }

  /** Finds a thread by TID. */
  thread(tid: number): Thread | undefined {
    return this.threads.get(tid);
  }

  /** Processes in a process group. */
  group(pgid: number): Process[] {
    return [...this.processes.values()].filter((p) => p.pgid === pgid && !p.zombie);
  }
}

/** Total CPU time of a process's threads. */
export function processCpu(p: Process): number {
  let n = p.deadThreadCpuNs;
  for (const t of p.threads) n += t.cpuTimeNs;
  return n;
}

/** SIGCHLD si_code from a wait status: CLD_EXITED, CLD_KILLED or CLD_DUMPED. */
function exitCode(status: number): number {
  if ((status & 0x7f) === 0) return 1;
  return status & 0x80 ? 3 : 2;
}

/** SIGCHLD si_status: the exit code or the signal number. */
function exitValue(status: number): number {
  return (status & 0x7f) === 0 ? (status >> 8) & 0xff : status & 0x7f;
}

function baseName(path: string): string {
  const s = path.split("/").filter(Boolean);
  return (s[s.length - 1] ?? path).slice(0, 15);
}

