// Thesis Fig. 5.1, composed in nk: a System with its managers installed one by one, the console as
// default input/output, one program exec'd, then start(). Run it:
//   bun examples/compositions/fig51.ts tests/guest/bin/musl/hello
// A module that is not installed is absent: drop `Futexes` and threaded programs get ENOSYS from
// futex(2); drop `Signals` and the kernel cannot boot (faults become signals), which start() reports.
import { readFileSync } from "node:fs";
import { Machine } from "../../core/machine.ts";
import { System } from "../../kernel/system.ts";
import { MemoryManager } from "../../kernel/memory/memory_manager.ts";
import { Scheduler } from "../../kernel/sched/scheduler.ts";
import { Signals } from "../../kernel/process/signals.ts";
import { Faults } from "../../kernel/process/faults.ts";
import { Futexes } from "../../kernel/process/futex.ts";
import { ProcessManager } from "../../kernel/process/process_manager.ts";
import { FileManager } from "../../kernel/files/file_manager.ts";
import { SyscallManager } from "../../kernel/syscall/syscall_manager.ts";

const program = process.argv[2] ?? "tests/guest/bin/musl/hello";

const machine = new Machine({ memory: 64 << 20 });
const system = new System(machine);
system.install(new MemoryManager());
system.install(new Scheduler());
system.install(new Signals());
system.install(new Faults());
system.install(new Futexes());
system.install(new ProcessManager());
const files = system.install(new FileManager({ console: "pipe" }));
system.install(new SyscallManager());
machine.events.on("uart.tx", (e: { byte: number }) => process.stdout.write(String.fromCharCode(e.byte)));
system.start();
system.setDefaultInput(files.com1);
system.setDefaultOutput(files.com1);

// Put the program into the guest's root (a tmpfs with the thesis Table 3.3 layout) and run it.
const f = files.vfs.open("/bin/program", 0o1101, 0o755);
f.write(new Uint8Array(readFileSync(program)));
f.release();
files.consoleEof();
system.exec("/bin/program", ["program"]);
system.scheduler.reschedule();
while (system.run(10_000_000).outcome !== "finished");
console.log(`[fig51] every process exited; kernel log:\n${system.log.join("\n")}`);
