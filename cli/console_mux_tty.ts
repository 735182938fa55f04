// The node: layer of the console multiplexer: reads stdin, runs ConsoleMux, and routes bytes to
// the guest or the monitor. Raw mode and escapes only when isInteractive(); the terminal is always
// restored (terminal.ts guard).

import { ConsoleMux, type Focus } from "./console_mux.ts";
import { enterRawMode, isInteractive } from "./terminal.ts";

/** Where the multiplexer delivers things. */
export interface ConsoleMuxSinks {
  /** Bytes for the guest's serial input. */
  toGuest(bytes: Uint8Array): void;
  /** Bytes for the monitor's line editor (e.g. a PassThrough given to runMonitor as input). */
  toMonitor(bytes: Uint8Array): void;
  /** Focus changed (print a prompt or a banner). */
  onFocus?(focus: Focus): void;
  /** Ctrl-A x: stop the machine and exit. */
  onQuit(): void;
  /** stdin ended (pipe closed or Ctrl-D in a pipe). */
  onEnd?(): void;
}

/** A running multiplexer; `close()` stops reading and restores the terminal. */
export interface ConsoleMuxHandle {
  readonly mux: ConsoleMux;
  readonly interactive: boolean;
  close(): void;
}

/** Starts multiplexing `stdin`; help text goes to `stdout`. */
export function startConsoleMux(
  sinks: ConsoleMuxSinks,
  stdin: NodeJS.ReadStream = process.stdin,
  stdout: NodeJS.WriteStream = process.stdout,
  initialFocus: Focus = "console",
): ConsoleMuxHandle {
  const interactive = isInteractive(stdin, stdout);
  const mux = new ConsoleMux({ escapes: interactive, focus: initialFocus });
  const restore = interactive ? enterRawMode(stdin) : () => {};
  const onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk);
    for (const action of mux.feed(bytes)) {
      switch (action.kind) {
        case "guest": sinks.toGuest(action.bytes); break;
        case "monitor": sinks.toMonitor(action.bytes); break;
        case "focus": sinks.onFocus?.(action.focus); break;
        case "help": stdout.write(action.text); break;
        case "quit": close(); sinks.onQuit(); return;
      }
    }
  };
  const onEnd = (): void => sinks.onEnd?.();
  stdin.on("data", onData);
  stdin.on("end", onEnd);
  stdin.resume();
  let closed = false;
  function close(): void {
    if (closed) return;
    closed = true;
    stdin.off("data", onData);
    stdin.off("end", onEnd);
    stdin.pause();
    restore();
  }
  return { mux, interactive, close };
}
