import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderCommandList, renderHelp } from "../../../cli/monitor/command_table.ts";
import { buildCommandTable } from "../../../cli/monitor/commands.ts";
import { decodePng } from "../../../cli/png.ts";
import { makeMonitor } from "./harness.ts";

test("info registers prints QEMU's layout with decoded EFLAGS", async () => {
  const m = makeMonitor();
  m.target.regs.eflags = 0x00000a95; // OF SF AF PF CF
  const out = await m.run("info registers");
  expect(out[0]).toBe("EAX=12345678 EBX=00001000 ECX=00000003 EDX=00000000");
  expect(out[2]).toBe("EIP=00002000 EFL=00000a95 [-OS-APC] CPL=3 HLT=0");
  expect(out[4]).toBe("CS =0008 00000000 ffffffff 00cf9b00");
  expect(out).toContain("CR0=80000011 CR2=00000000 CR3=00009000 CR4=00000000");
});

test("x /4xw dumps words like QEMU and remembers the format", async () => {
  const m = makeMonitor();
  m.target.memory.set([0x78, 0x56, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde], 0x100);
  expect(await m.run("x /2xw 0x100")).toEqual(["00000100: 0x12345678 0xdeadbeef"]);
  expect(await m.run("x 0x104")).toEqual(["00000104: 0xdeadbeef"]);
  expect(await m.run("x/3xb 0x100")).toEqual(["00000100: 0x78 0x56 0x34"]);
  expect(await m.run("xp /2xh 0x100")).toEqual(["0000000000000100: 0x5678 0x1234"]);
});

test("x /s and /c and /d formats", async () => {
  const m = makeMonitor();
  m.target.memory.set(new TextEncoder().encode("hi\n\0"), 0x200);
  expect(await m.run("x /s 0x200")).toEqual(["0x00000200: \"hi\\n\""]);
  expect(await m.run("x /3c 0x200")).toEqual(["00000200: 'h' 'i' '\\n'"]);
  m.target.memory.set([0xff, 0xff], 0x300);
  expect(await m.run("x /1dh 0x300")).toEqual(["00000300:    -1"]);
});

test("x /i disassembles at an expression address", async () => {
  const m = makeMonitor();
  m.target.memory.set([0x8b, 0x43, 0x04, 0xc3], 0x2000);
  expect(await m.run("x /2i $eip")).toEqual(["0x00002000:  mov    eax,DWORD PTR [ebx+0x4]", "0x00002003:  ret"]);
});

test("p evaluates expressions with registers and formats", async () => {
  const m = makeMonitor();
  expect(await m.run("p $ebx + 0x10 * 2")).toEqual(["0x1020"]);
  expect(await m.run("p /d -1")).toEqual(["-1"]);
  expect(await m.run("p /u $al")).toEqual(["120"]);
  m.target.memory.set([0x44, 0x33, 0x22, 0x11], 0x1000);
  // The format is sticky, as in QEMU: after /u, a bare `print` prints unsigned.
  expect(await m.run("print *$ebx")).toEqual(["287454020"]);
  expect(await m.run("p /x *$ebx")).toEqual(["0x11223344"]);
});

test("poke and write change memory; bad sizes are one-line errors", async () => {
  const m = makeMonitor();
  await m.run("poke 0x400 0xaabbccdd");
  await m.run("poke 0x404 0x1ff b");
  expect([...m.target.memory.slice(0x400, 0x406)]).toEqual([0xdd, 0xcc, 0xbb, 0xaa, 0xff, 0]);
  await m.run("write 0x500 \"ok\\n\"");
  await m.run("write 0x510 de ad 0xbe ef");
  expect([...m.target.memory.slice(0x500, 0x503)]).toEqual([0x6f, 0x6b, 0x0a]);
  expect([...m.target.memory.slice(0x510, 0x514)]).toEqual([0xde, 0xad, 0xbe, 0xef]);
  expect(await m.run("poke 0x400 1 q")).toEqual(["poke: size must be b, w or d, got 'q'"]);
  expect(await m.run("write 0x500 xyz")).toEqual(["write: data must be \"a string\" or hex bytes, got 'xyz'"]);
});

test("i and o access ports with QEMU's output", async () => {
  const m = makeMonitor();
  m.target.ports.set(0x3fd, 0x60);
  expect(await m.run("i /b 0x3fd")).toEqual(["portb[0x03fd] = 0x60"]);
  await m.run("o /b 0x3f8 0x41");
  expect(m.target.portWrites).toEqual([[0x3f8, 1, 0x41]]);
});

test("run control rows call the target", async () => {
  const m = makeMonitor();
  m.target.memory.set([0x90, 0x90, 0x90], 0x2000);
  await m.run("c");
  expect(await m.run("info status")).toEqual(["VM status: running"]);
  await m.run("stop");
  expect(await m.run("info status")).toEqual(["VM status: paused (debug)"]);
  expect(await m.run("step 2")).toEqual(["0x00002002:  nop"]);
  await m.run("quit");
  expect(m.target.calls).toEqual(["cont", "stop", "step 2", "quit"]);
  expect(m.ctx.state.quitRequested).toBe(true);
});

test("memsave, pmemsave and screendump write host files", async () => {
  const m = makeMonitor();
  const dir = mkdtempSync(join(tmpdir(), "nk-monitor-"));
  m.target.memory.set([1, 2, 3, 4], 0x40);
  await m.run(`memsave 0x40 4 ${join(dir, "v.bin")}`);
  await m.run(`pmemsave 0x41 2 "${join(dir, "p.bin")}"`);
  expect([...readFileSync(join(dir, "v.bin"))]).toEqual([1, 2, 3, 4]);
  expect([...readFileSync(join(dir, "p.bin"))]).toEqual([2, 3]);
  expect(await m.run(`screendump ${join(dir, "s.png")}`)).toEqual(["screendump: no display device"]);
  m.target.screenImage = { width: 2, height: 1, rgba: Uint8Array.of(1, 2, 3, 255, 4, 5, 6, 255) };
  await m.run(`screendump ${join(dir, "s.png")}`);
  expect([...decodePng(readFileSync(join(dir, "s.png"))).rgba]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
});

test("errors are one readable line, never a stack trace", async () => {
  const m = makeMonitor();
  expect(await m.run("foo 1 2")).toEqual(["unknown command: 'foo' (try 'help')"]);
  expect(await m.run("x")).toEqual(["x: missing argument 'addr' (usage: x /fmt addr)"]);
  expect(await m.run("x /4q 0")).toEqual(["x: invalid char in format: 'q' (usage: x /fmt addr)"]);
  expect(await m.run("x 0x10 junk")).toEqual(["x: extraneous characters at the end of line: 'junk' (usage: x /fmt addr)"]);
  expect(await m.run("p $nope")).toEqual(["p: unknown register '$nope' (in 'val') (usage: p /fmt expr)"]);
  expect(await m.run("x /4x 0xfff8")).toEqual(["x: cannot access memory at 0x10000"]);
  expect(await m.run("x /4x 0xfffff0")).toEqual(["x: cannot access memory at 0xfffff0"]);
  expect(await m.run("info bogus")).toEqual(["info: unknown subcommand 'bogus' (try 'help info')"]);
  expect(await m.run("stop now")).toEqual(["stop: extraneous characters at the end of line: 'now' (usage: stop)"]);
});

test("help is generated from the table", async () => {
  const m = makeMonitor();
  const help = await m.run("help");
  expect(help).toContain("c|cont -- resume emulation");
  expect(help).toContain("x /fmt addr -- virtual memory dump starting at 'addr'");
  expect(help).toContain("info [subcommand] -- show various information about the system state");
  expect(help.length).toBe(buildCommandTable().length);
  expect(await m.run("help info")).toContain("info registers -- show the cpu registers");
  expect(await m.run("help cont")).toEqual(["c|cont -- resume emulation"]);
  expect(await m.run("info")).toEqual(await m.run("help info"));
  expect(await m.run("help nope")).toEqual(["unknown command: 'nope' (try 'help')"]);
});

test("renderCommandList() documents exactly the rows help shows", () => {
  const table = buildCommandTable();
  const unescape = (cell: string | undefined): string => (cell ?? "").replaceAll("\\|", "|");
  const docRows = renderCommandList(table).trim().split("\n").slice(2).map((line) => {
    const match = /^\| `(.*?)` \| (?:`(.*?)`)? \| (.*) \|$/.exec(line);
    expect(match).not.toBeNull();
    const params = unescape(match![2]);
    return `${unescape(match![1])}${params === "" ? "" : " " + params} -- ${unescape(match![3])}`;
  });
  const helpLines = [...renderHelp(table).split("\n"), ...renderHelp(table, "info").split("\n")];
  expect(docRows).toEqual(helpLines);
});

test("buildCommandTable() adds rows and rejects duplicate names", () => {
  const extra = { name: "ps", args: "", params: "", help: "list processes", run: () => {} };
  const table = buildCommandTable([extra], [{ name: "sched", args: "", params: "", help: "scheduler", run: () => {} }]);
  expect(table.at(-2)!.name).toBe("ps");
  expect(() => buildCommandTable([{ ...extra, name: "cont" }])).toThrow("duplicate command name 'cont'");
});
