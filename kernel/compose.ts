// The standard nk kernel, composed exactly as thesis Fig. 5.1 composes Native Kit: a System with
// its managers installed one by one. Embedders (the CLI, tests, examples) start from here.
// Platform-neutral.
import { Machine, type MachineOptions } from "../core/machine.ts";
import { System } from "./system.ts";
import { MemoryManager } from "./memory/memory_manager.ts";
import { Scheduler } from "./sched/scheduler.ts";
import { ProcessManager } from "./process/process_manager.ts";
import { Signals } from "./process/signals.ts";
import { Faults } from "./process/faults.ts";
import { Futexes } from "./process/futex.ts";
import { SyscallManager } from "./syscall/syscall_manager.ts";
import { FileManager, type ConsoleMode } from "./files/file_manager.ts";
import type { Inode } from "./files/inode.ts";
import { installVm8086Module } from "./vm/vm8086_module.ts";

/** Options of the standard kernel. */
export interface LinuxSystemOptions extends MachineOptions {
  /** Root file system (default: an empty tmpfs with the Table 3.3 layout). */
  root?: Inode;
  /** An NFSII image (in memory) to mount as root, e.g. the built-in image. */
  rootImage?: Uint8Array;
  /** Mount the NFSII volume on the ATA disk (MachineOptions.disk) as root. */
  rootFromDisk?: boolean;
  /** Console presentation: a terminal ("tty") or plain streams ("pipe"). */
  console?: ConsoleMode;
  /** Scheduling policy name (rr, fifo, prio, mlfq, stride, lottery). */
  sched?: string;
  /** Install the 8086 VM module on the int 0x30 line (the hybrid case study; default off: absent unless asked for). */
  vm8086?: boolean;
}

/** Builds (but does not start) the standard kernel on a new machine. */
export function createLinuxSystem(opts: LinuxSystemOptions = {}): System {
  const machine = new Machine(opts);
  const system = new System(machine);
  system.install(new MemoryManager());
  system.install(new Scheduler());
  system.install(new Signals());
  system.install(new Faults());
  system.install(new Futexes());
  system.install(new ProcessManager());
  system.install(new FileManager({ root: opts.root, console: opts.console, rootImage: opts.rootImage, rootFromDisk: opts.rootFromDisk }));
  system.install(new SyscallManager());
  if (opts.vm8086) installVm8086Module(system);
  if (opts.sched) system.scheduler.setPolicy(opts.sched);
  return system;
}
