import { expect, test } from "bun:test";
import { EventEmitter } from "node:events";
import { ConsoleMux, MUX_HELP, type MuxAction } from "../../cli/console_mux.ts";
import { enterRawMode, isInteractive, type GuardedProcess } from "../../cli/terminal.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const A = "\x01";
const show = (actions: MuxAction[]) => actions.map((a) =>
  a.kind === "guest" || a.kind === "monitor" ? `${a.kind}:${new TextDecoder().decode(a.bytes)}` : a.kind === "focus" ? `focus:${a.focus}` : a.kind);

test("ConsoleMux sends plain bytes to the guest, merged", () => {
  expect(show(new ConsoleMux().feed(bytes("ls\r\x03")))).toEqual(["guest:ls\r\x03"]);
});

test("ConsoleMux Ctrl-A c toggles focus between console and monitor", () => {
  const mux = new ConsoleMux();
  expect(show(mux.feed(bytes(`ab${A}cinfo status\r${A}cx`)))).toEqual([
    "guest:ab", "focus:monitor", "monitor:info status\r", "focus:console", "guest:x",
  ]);
  expect(mux.focus).toBe("console");
});

test("ConsoleMux escape split across reads, Ctrl-A Ctrl-A, help and unknown keys", () => {
  const mux = new ConsoleMux();
  expect(show(mux.feed(bytes(`a${A}`)))).toEqual(["guest:a"]);
  expect(show(mux.feed(bytes(`${A}b`)))).toEqual([`guest:${A}b`]);
  expect(show(mux.feed(bytes(`${A}h${A}zq`)))).toEqual(["help", "guest:q"]);
  const help = mux.feed(bytes(`${A}?`))[0];
  expect(help).toEqual({ kind: "help", text: MUX_HELP });
});

test("ConsoleMux Ctrl-A x quits and drops the rest", () => {
  expect(show(new ConsoleMux().feed(bytes(`ok${A}xignored`)))).toEqual(["guest:ok", "quit"]);
});

test("ConsoleMux without escapes (not a TTY) passes every byte through", () => {
  const mux = new ConsoleMux({ escapes: false });
  expect(show(mux.feed(bytes(`${A}c${A}x`)))).toEqual([`guest:${A}c${A}x`]);
  expect(mux.focus).toBe("console");
});

test("isInteractive() needs both streams to be TTYs", () => {
  expect(isInteractive({ isTTY: true }, { isTTY: true })).toBe(true);
  expect(isInteractive({ isTTY: true }, {})).toBe(false);
  expect(isInteractive({}, { isTTY: true })).toBe(false);
});

class FakeProcess extends EventEmitter {
  exitCode: number | undefined;
  exit(code?: number): never { this.exitCode = code; return undefined as never; }
}

test("enterRawMode() restores the terminal on signals and on dispose", () => {
  const modes: boolean[] = [];
  const input = { isTTY: true, setRawMode: (mode: boolean) => { modes.push(mode); } };
  const proc = new FakeProcess();
  enterRawMode(input, proc as unknown as GuardedProcess);
  expect(modes).toEqual([true]);
  proc.emit("SIGTERM");
  expect(modes).toEqual([true, false]);
  expect(proc.exitCode).toBe(143);
  proc.emit("exit");
  expect(modes).toEqual([true, false]); // restored once only

  const proc2 = new FakeProcess();
  const dispose = enterRawMode(input, proc2 as unknown as GuardedProcess);
  dispose();
  expect(modes).toEqual([true, false, true, false]);
  expect(proc2.listenerCount("SIGINT")).toBe(0);
});
