// The monitor's debugger rows (cli/monitor/debug_rows.ts) through the shared dispatcher: a bare
// machine host gets savevm/loadvm/screendump/gdbserver; a kernel session gets one honest line.
import { test, expect } from "bun:test";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Machine } from "../../../core/machine.ts";
import { Session } from "../../../cli/session.ts";
import { createMonitorState, type CommandContext } from "../../../cli/monitor/command_table.ts";
import { buildCommandTable } from "../../../cli/monitor/commands.ts";
import { DEBUG_ROWS } from "../../../cli/monitor/debug_rows.ts";
import { executeLine } from "../../../cli/monitor/dispatch.ts";
import { FakeTarget } from "../monitor/fake_target.ts";

const dir = mkdtempSync(join(tmpdir(), "nk-debug-rows-"));

function monitor(host: { machine?: Machine; session?: Session }) {
  const lines: string[] = [];
  const target = Object.assign(new FakeTarget(), host);
  const ctx: CommandContext = { target, print: (t) => lines.push(...t.split("\n")), state: createMonitorState(), table: buildCommandTable([], [], DEBUG_ROWS) };
  return async (line: string): Promise<string[]> => {
    lines.length = 0;
    await executeLine(ctx, line);
    return [...lines];
  };
}

test("savevm/loadvm/screendump rows on a bare machine", async () => {
  const machine = new Machine({ memory: 2 << 20, framebuffer: false });
  const run = monitor({ machine });
  machine.memory.write32(0x5000, 0x11223344);
  machine.cpu.eip = 0x5000;
  const file = join(dir, "vm.nksnap");
  expect((await run(`savevm ${file}`))[0]).toMatch(new RegExp(`^savevm: \\d+ bytes written to ${file}$`));
  machine.memory.write32(0x5000, 0);
  machine.cpu.eip = 0x1234;
  expect(await run(`loadvm ${file}`)).toEqual([`loadvm: machine restored from ${file} (eip 0x5000)`]);
  expect(machine.memory.read32(0x5000)).toBe(0x11223344);
  expect(await run(`loadvm ${join(dir, "missing")}`)).toEqual([expect.stringContaining(`loadvm: ${join(dir, "missing")}: ENOENT`)]);
  const png = join(dir, "screen.png");
  expect(await run(`screendump ${png}`)).toEqual([`screendump: 720x400 VGA text -> ${png}`]);
});

test("savevm/loadvm on a kernel session say in one line that they cannot save the kernel", async () => {
  const session = new Session({ console: "pipe", pace: false, memory: 16 << 20 }, { stdout: () => {}, stderr: () => {} });
  const run = monitor({ session });
  const message = "snapshots cover bare machines (nk boot); the TypeScript kernel's state cannot be saved yet";
  expect(await run(`savevm ${join(dir, "k.nksnap")}`)).toEqual([`savevm: ${message}`]);
  expect(await run(`loadvm ${join(dir, "k.nksnap")}`)).toEqual([`loadvm: ${message}`]);
});

test("gdbserver row: listens, refuses a second server, answers gdb, stops with 'none'", async () => {
  const machine = new Machine({ memory: 1 << 20, framebuffer: false });
  const run = monitor({ machine });
  const started = (await run("gdbserver 0"))[0]!;
  const port = Number(/tcp::(\d+)/.exec(started)![1]);
  expect(started).toBe(`Waiting for gdb connection on device 'tcp::${port}' (gdb: target remote :${port})`);
  expect((await run("gdbserver 0"))[0]).toContain("gdbserver: already listening on tcp::");
  const reply = await new Promise<string>((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write("$?#3f"));
    let text = "";
    socket.on("data", (d: Buffer) => { text += d.toString("latin1"); if (text.includes("#", text.indexOf("$"))) { socket.destroy(); resolve(text); } });
  });
  expect(reply).toMatch(/^\+\$T05/);
  expect(await run("gdbserver none")).toEqual([`gdbserver: stopped listening on port ${port}`]);
  expect(await run("gdbserver none")).toEqual(["gdbserver: not running"]);
  expect(await run("gdbserver 99999")).toEqual(["gdbserver: bad port '99999'"]);
});
