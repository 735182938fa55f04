// System: "the kernel" of thesis §3.1 / Fig. 5.1. Managers are installed into it, it brings up ARCH
// and starts them in order, `exec` queues programs, and `run` drives the machine. Composing a
// kernel reads like the thesis:
//
//   const system = new System(machine);
//   system.install(new MemoryManager()); system.install(new Scheduler()); …
//   system.setDefaultInput(uart); system.setDefaultOutput(uart);
//   system.exec("/bin/sh"); system.start();
//
// Platform-neutral.
import type { Machine } from "../core/machine.ts";
import { Arch } from "./arch/arch.ts";
import type { Manager } from "./manager.ts";
import type { MemoryManager } from "./memory/memory_manager.ts";
import type { Scheduler } from "./sched/scheduler.ts";
import type { ProcessManager } from "./process/process_manager.ts";
import type { SyscallManager } from "./syscall/syscall_manager.ts";
import type { FileManager } from "./files/file_manager.ts";
import type { Signals } from "./process/signals.ts";
import type { Faults } from "./process/faults.ts";
import type { Futexes } from "./process/futex.ts";
import type { CharDevice } from "./io/char_device.ts";

/** Outcome of one `System.run()` call. */
export interface RunResult {
  /** "budget": ran its instructions; "idle": nothing runnable until host input or a timer;
   *  "finished": every process exited; "stopped": stop() or a breakpoint; "crashed": machine fault. */
  outcome: "budget" | "idle" | "finished" | "stopped" | "crashed";
  /** Virtual time spent idle during the call (the CLI may sleep that long to pace sleeps). */
  idleNs: number;
  /** True when idle with no timer pending (only input can wake the system). */
  waitingForInput: boolean;
  /** Machine-level outcome, for diagnostics. */
  machine: string;
}

/** A queued program to start at boot. */
interface PendingExec {
  path: string;
  argv: string[];
  envp: string[];
}

/** The kernel. */
export class System {
  readonly machine: Machine;
  arch!: Arch;
  memory!: MemoryManager;
  scheduler!: Scheduler;
  processes!: ProcessManager;
  syscalls!: SyscallManager;
  files!: FileManager;
  signals!: Signals;
  faults!: Faults;
  futex: Futexes | undefined;
  readonly managers: Manager[] = [];
  defaultInput: CharDevice | undefined;
  defaultOutput: CharDevice | undefined;
  defaultError: CharDevice | undefined;
  private readonly pending: PendingExec[] = [];
  started = false;
  /** Kernel log lines (dmesg). */
  readonly log: string[] = [];
  /** Where log lines are also shown (the file manager mirrors them to the VGA text screen). */
  onLog: ((line: string) => void) | undefined;

  constructor(machine: Machine) {
    this.machine = machine;
  }

  /** Installs a module; the well-known managers become reachable as fields. */
  install<M extends Manager>(m: M): M {
    this.managers.push(m);
    m.attach(this);
    const key = m.name;
    if (["memory", "scheduler", "processes", "syscalls", "files", "signals", "faults", "futex"].includes(key)) {
      (this as unknown as Record<string, Manager>)[key] = m;
    }
    return m;
  }

  /** Finds an installed manager by name. */
  manager<M extends Manager>(name: string): M | undefined {
    return this.managers.find((m) => m.name === name) as M | undefined;
  }

  setDefaultInput(dev: CharDevice): void { this.defaultInput = dev; }
  setDefaultOutput(dev: CharDevice): void { this.defaultOutput = dev; }
  setDefaultError(dev: CharDevice): void { this.defaultError = dev; }

  /** Queues a program to run when the system starts (or starts it now if already running). */
  exec(path: string, argv: string[] = [path], envp: string[] = []): void {
    if (this.started) this.processes.spawn(path, argv, envp);
    else this.pending.push({ path, argv, envp });
  }

  /** Appends a line to the kernel log. */
  printk(line: string): void {
    const entry = `[${(this.machine.clock.now() / 1e9).toFixed(6)}] ${line}`;
    this.log.push(entry);
    if (this.log.length > 1000) this.log.shift();
    this.onLog?.(entry);
  }

  /** Boots: ARCH first, then every manager in installation order, then the queued programs. */
  start(): void {
    if (!this.memory) throw new Error("System.start(): no memory manager installed");
    this.arch = new Arch(this.machine, this.memory.allocator);
    this.arch.init();
    for (const m of this.managers) m.start();
    this.started = true;
    this.printk(`nk: ${this.machine.memory.size >> 20} MiB RAM, ${this.memory.allocator.freePages} pages free`);
    for (const p of this.pending.splice(0)) this.processes.spawn(p.path, p.argv, p.envp);
    this.scheduler.reschedule();
  }

  /** Runs the machine for up to `budget` instructions. */
  run(budget: number): RunResult {
    this.scheduler.idleNs = 0;
    const outcome = this.machine.run(budget);
    const idleNs = this.scheduler.idleNs;
    const waitingForInput = !this.scheduler.current && this.scheduler.policy.ready().length === 0 &&
      this.scheduler.timers.next() === Infinity;
    const base = { idleNs, waitingForInput, machine: outcome };
    if (outcome === "shutdown" || outcome === "dead") return { outcome: "crashed", ...base };
    if (this.processes.liveCount() === 0) return { outcome: "finished", ...base };
    if (outcome === "stopped" && !this.scheduler.current) return { outcome: "idle", ...base };
    if (outcome === "stopped" || outcome === "breakpoint") return { outcome: "stopped", ...base };
    return { outcome: "budget", ...base };
  }
}
