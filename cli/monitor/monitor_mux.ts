// The guest console and the monitor on one terminal (QEMU `-serial mon:stdio`): the Ctrl-A mux
// (console_mux_tty.ts) routes keys to the guest or to a monitor REPL whose line editor reads from
// a pipe. Used by `nk monitor`, bare `nk` and `nk run` on a TTY.
import { PassThrough } from "node:stream";
import type { Focus } from "../console_mux.ts";
import { startConsoleMux } from "../console_mux_tty.ts";
import type { Session } from "../session.ts";
import type { CommandRow } from "./command_table.ts";
import { runMonitor } from "./monitor.ts";
import type { MonitorTarget } from "./target.ts";

/** Options of {@link startMonitorMux}. */
export interface MonitorMuxOptions {
  readonly session: Session;
  readonly target: MonitorTarget;
  readonly table: readonly CommandRow[];
  readonly focus: Focus;
  /** `-e` commands, run when the monitor first opens. */
  readonly initialCommands?: readonly string[];
  /** Ctrl-A x, `quit`, or the end of stdin: stop the session. Called once. */
  readonly onQuit: () => void;
}

/** A running mux; `close()` restores the terminal and ends the monitor. */
export interface MonitorMux {
  close(): void;
}

/** Starts the mux on process.stdin/stdout (which must be a terminal). */
export function startMonitorMux(opts: MonitorMuxOptions): MonitorMux {
  const stdout = process.stdout;
  const monitorInput = new PassThrough();
  let monitor: Promise<number> | undefined;
  let closed = false;
  const openMonitor = (): void => {
    monitor ??= runMonitor({
      target: opts.target, table: opts.table, input: monitorInput, output: stdout, interactive: true,
      initialCommands: opts.initialCommands, newline: "\r\n",
    }).then((code) => { quit(); return code; });
  };
  const quit = (): void => {
    if (closed) return;
    close();
    opts.onQuit();
  };
  const mux = startConsoleMux({
    toGuest: (bytes) => opts.session.input(bytes),
    toMonitor: (bytes) => monitorInput.write(bytes),
    onFocus: (focus) => {
      stdout.write(focus === "monitor" ? "\r\n[monitor: C-a c returns to the console, C-a h for help]\r\n" : "\r\n[console]\r\n");
      if (focus === "monitor") {
        if (monitor === undefined) openMonitor();
        else stdout.write("(nk) ");
      }
    },
    onQuit: quit,
    onEnd: () => opts.session.endOfInput(),
  }, process.stdin, stdout, opts.focus);
  if (opts.focus === "monitor") openMonitor();
  function close(): void {
    if (closed) return;
    closed = true;
    mux.close();
    monitorInput.end();
  }
  return { close };
}
