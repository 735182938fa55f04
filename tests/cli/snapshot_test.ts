// savevm/loadvm on the multiboot test kernel: a snapshot taken mid-boot (while the PIT drives its
// hlt loop) replays to byte-identical serial output and identical registers, in the same machine
// and in a fresh one; bad files and mismatched machines are refused.
import { test, expect } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Machine } from "../../core/machine.ts";
import { bootMultiboot } from "../../core/boot/multiboot.ts";
import { loadvm, savevm, SnapshotError } from "../../cli/snapshot.ts";

const root = join(import.meta.dir, "..", "..");
const kernel = new Uint8Array(readFileSync(join(root, "examples/multiboot/testkernel/kernel.elf")));
const dir = mkdtempSync(join(tmpdir(), "nk-snapshot-"));
const SAVE_AT = 18_500; // inside "[d] hlt loop saw at least 5 timer ticks" (the PIT at 100 Hz)
const CHUNK = 1_000;

function newMachine(): { machine: Machine; serial: () => string } {
  const machine = new Machine({ memory: 64 << 20 });
  let out = "";
  machine.events.on("uart.tx", (e: { unit: number; byte: number }) => { if (e.unit === 0) out += String.fromCharCode(e.byte); });
  return { machine, serial: () => { const s = out; out = ""; return s; } };
}

function cpuState(machine: Machine): string {
  const c = machine.cpu;
  return JSON.stringify([Array.from(c.r32), c.eip, c.eflags, Array.from(c.sreg), Array.from(c.segBase), c.cr0, c.cr2, c.cr3, c.cr4,
    c.instructionCount, machine.clock.now(), c.fpu.cw, c.fpu.statusWord(), c.mxcsr, c.halted]);
}

/** Runs to the guest's exit in fixed chunks, recording serial output and CPU state after each. */
function trace(machine: Machine, serial: () => string): string[] {
  const steps: string[] = [];
  for (let n = 0; n < 1000; n++) {
    const outcome = machine.run(CHUNK);
    steps.push(`${outcome} ${JSON.stringify(serial())} ${cpuState(machine)}`);
    if (outcome === "exit" || outcome === "shutdown" || outcome === "dead") break;
  }
  return steps;
}

test("savevm/loadvm: a mid-boot snapshot replays identical serial output and registers", () => {
  const { machine, serial } = newMachine();
  bootMultiboot(machine, { kernel, cmdline: "kernel.elf nk-test" });
  expect(machine.run(SAVE_AT)).toBe("budget");
  const before = serial();
  expect(before).toContain("[d] PIT channel 0");
  const file = join(dir, "mid.nksnap");
  const size = savevm(machine, file);
  expect(size).toBeLessThan(2 << 20); // 64 MiB of mostly-zero RAM compresses
  const first = trace(machine, serial);
  expect(machine.exitCode).toBe(33);
  expect(first.join("")).toContain("timer ticks: yes");

  loadvm(machine, file);
  expect(machine.exitCode).toBeUndefined();
  expect(machine.cpu.instructionCount).toBe(SAVE_AT);
  const again = trace(machine, serial);
  expect(again).toEqual(first);

  const fresh = newMachine();
  loadvm(fresh.machine, file);
  expect(trace(fresh.machine, fresh.serial)).toEqual(first);
});

test("loadvm refuses foreign files and machines of another size or device set", () => {
  const machine = new Machine({ memory: 4 << 20, framebuffer: false });
  machine.memory.write32(0x1000, 0x12345678);
  const file = join(dir, "small.nksnap");
  savevm(machine, file);
  const smaller = new Machine({ memory: 2 << 20, framebuffer: false });
  expect(() => loadvm(smaller, file)).toThrow(SnapshotError);
  expect(() => loadvm(smaller, file)).toThrow("snapshot has 4 MiB of RAM, this machine 2 MiB");
  expect(() => loadvm(new Machine({ memory: 4 << 20 }), file)).toThrow("differ from this machine's");
  const junk = join(dir, "junk.nksnap");
  writeFileSync(junk, "not a snapshot");
  expect(() => loadvm(machine, junk)).toThrow("not an nk snapshot");
  writeFileSync(junk, Buffer.concat([Buffer.from("NKSNAP01"), Buffer.from([1, 2, 3])]));
  expect(() => loadvm(machine, junk)).toThrow("corrupt snapshot");
  const same = new Machine({ memory: 4 << 20, framebuffer: false });
  loadvm(same, file);
  expect(same.memory.read32(0x1000)).toBe(0x12345678);
});
