// The monitor REPL: runs `-e` commands, then reads lines — with the line editor and a prompt when
// interactive, as a plain script otherwise (isInteractive in cli/terminal.ts is the one rule) —
// and dispatches each through the command table until `quit` or end of input.

import { isInteractive } from "../terminal.ts";
import { createMonitorState, type CommandContext, type CommandRow, type MonitorState } from "./command_table.ts";
import { buildCommandTable } from "./commands.ts";
import { completeLine } from "./completion.ts";
import { executeLine } from "./dispatch.ts";
import { LineEditor, readPlainLines } from "./line_editor.ts";
import { splitCommands } from "./parse.ts";
import type { MonitorTarget } from "./target.ts";

/** The prompt, as QEMU's `(qemu) `. */
export const MONITOR_PROMPT = "(nk) ";

/** Options for {@link runMonitor}. */
export interface MonitorOptions {
  readonly target: MonitorTarget;
  /** Command rows (default: buildCommandTable()). */
  readonly table?: readonly CommandRow[];
  readonly input?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Override the TTY rule (e.g. true for a monitor fed by the console mux). */
  readonly interactive?: boolean;
  /** `-e` strings, each possibly holding several `;`-separated commands; run first. */
  readonly initialCommands?: readonly string[];
  /** History file for the line editor (undefined: ~/.nk_history; null: none). */
  readonly historyPath?: string | null;
  /** Line end for printed output ("\r\n" while the terminal is in raw mode under the mux). */
  readonly newline?: string;
}

/** A monitor session: state plus command execution, usable without a REPL (gdbserver, tests). */
export class Monitor {
  readonly state: MonitorState = createMonitorState();
  readonly context: CommandContext;
  failures = 0;

  constructor(readonly target: MonitorTarget, readonly table: readonly CommandRow[], print: (text: string) => void) {
    this.context = { target, print, state: this.state, table };
  }

  /** Runs one line (several `;`-separated commands); false if any failed. */
  async execute(line: string): Promise<boolean> {
    let ok = true;
    for (const command of splitCommands(line)) {
      if (this.state.quitRequested) break;
      if (!(await executeLine(this.context, command))) { ok = false; this.failures++; }
    }
    return ok;
  }
}

/**
 * Runs the monitor until `quit` or end of input. Returns the exit status: 0, or 1 when not
 * interactive and some command failed (so `nk monitor < script` can be checked by make/CI).
 */
export async function runMonitor(options: MonitorOptions): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = options.interactive ?? isInteractive(input, output);
  const table = options.table ?? buildCommandTable();
  const newline = options.newline ?? "\n";
  const monitor = new Monitor(options.target, table, (text) => output.write(text.replaceAll("\n", newline) + newline));
  // A script's `c` waits for the machine to stop again so the next command sees that state.
  monitor.state.waitOnCont = !interactive;
  for (const commands of options.initialCommands ?? []) await monitor.execute(commands);
  if (monitor.state.quitRequested) return exitStatus(monitor, interactive);
  if (!interactive) {
    for await (const line of readPlainLines(input)) {
      await monitor.execute(line);
      if (monitor.state.quitRequested) break;
    }
    return exitStatus(monitor, interactive);
  }
  const editor = new LineEditor({
    input,
    output,
    historyPath: options.historyPath,
    completer: (line) => completeLine(line, table, { pids: () => options.target.processes().map((p) => p.pid) }),
  });
  try {
    for (;;) {
      const line = await editor.readLine(MONITOR_PROMPT);
      if (line === undefined) break;
      await monitor.execute(line);
      if (monitor.state.quitRequested) break;
    }
  } finally {
    editor.close();
  }
  return exitStatus(monitor, interactive);
}

function exitStatus(monitor: Monitor, interactive: boolean): number {
  return !interactive && monitor.failures > 0 ? 1 : 0;
}
