// A batch-processing kernel: the same managers with the scheduler's policy replaced by FIFO (no
// preemption: each program runs until it blocks or exits, as the thesis's first Native Kit did).
// Three programs are queued; their output never interleaves. Run:
//   bun examples/compositions/batch_fifo.ts
import { readFileSync } from "node:fs";
import { createLinuxSystem } from "../../kernel/compose.ts";

const system = createLinuxSystem({ memory: 64 << 20, console: "pipe", sched: "fifo" });
system.machine.events.on("uart.tx", (e: { byte: number }) => process.stdout.write(String.fromCharCode(e.byte)));
system.start();
const f = system.files.vfs.open("/bin/hello", 0o1101, 0o755);
f.write(new Uint8Array(readFileSync("tests/guest/bin/musl/hello")));
f.release();
system.files.consoleEof();
for (let i = 0; i < 3; i++) system.exec("/bin/hello", ["hello"]);
system.scheduler.reschedule();
while (system.run(10_000_000).outcome !== "finished");
console.log(`[batch] policy ${system.scheduler.policy.name}: ${system.scheduler.history.length} slices`);
