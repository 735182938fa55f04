// The monitor's command rows in QEMU HMP style (hmp-commands.hx): name with aliases, a typed
// argument schema, a params synopsis, one-line help and a handler. `help`, `help CMD` and the
// docs/monitor.md command list are all generated from the rows by the functions below.

import type { FormatSpec } from "./format_spec.ts";
import type { MonitorTarget } from "./target.ts";

/**
 * Argument schema, QEMU .hx `args_type` syntax: comma-separated `name:TYPE`, where TYPE is
 *   `/`  a `/NFU` format (count, format x d u o c s i, unit b h w g), defaults when absent
 *   `l`  an expression (address, target long)     `i`  an expression (32-bit integer)
 *   `s`  one word, or a "double-quoted string"    `F`  a host file name (tab-completes paths)
 *   `S`  the rest of the line                     `-x` a flag written `-x`
 * and a trailing `?` makes the argument optional.
 */
export type ArgSchema = string;

/** A parsed argument value (undefined when optional and absent). */
export type ArgValue = number | string | boolean | FormatSpec | undefined;
export type ParsedArgs = Readonly<Record<string, ArgValue>>;

/** Monitor state that persists between commands. */
export interface MonitorState {
  /** QEMU keeps the last `/fmt` format and unit as the next default (`default_fmt_format`). */
  defaultFormat: string;
  defaultSize: 1 | 2 | 4 | 8;
  /** Process whose address space `x`, `p *ADDR`, `write` use (undefined: the current one). */
  pid: number | undefined;
  quitRequested: boolean;
  /** `c` waits until the machine stops again (scripts and -e without a terminal). */
  waitOnCont: boolean;
}

/** Creates the initial monitor state (QEMU starts with format x, unit w). */
export function createMonitorState(): MonitorState {
  return { defaultFormat: "x", defaultSize: 4, pid: undefined, quitRequested: false, waitOnCont: false };
}

/** What a handler gets: the machine, an output sink, persistent state and the table itself. */
export interface CommandContext {
  readonly target: MonitorTarget;
  /** Prints one or more lines (a trailing newline is added). */
  print(text: string): void;
  readonly state: MonitorState;
  readonly table: readonly CommandRow[];
}

/** One monitor command. Rows with `sub` (like `info`) select a sub-row with their first word. */
export interface CommandRow {
  /** `name` or `name|alias|alias`; the first is the canonical name. */
  readonly name: string;
  readonly args: ArgSchema;
  /** Synopsis shown in help, e.g. `/fmt addr`. */
  readonly params: string;
  readonly help: string;
  readonly run?: (ctx: CommandContext, args: ParsedArgs) => void | Promise<void>;
  readonly sub?: readonly CommandRow[];
}

/** A user-facing command error: printed as one line `NAME: message`, never a stack trace. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandError";
  }
}

/** The names (canonical first, then aliases) of a row. */
export function rowNames(row: CommandRow): string[] {
  return row.name.split("|");
}

/** Finds the row called `name` (any alias) in `table`. */
export function findRow(table: readonly CommandRow[], name: string): CommandRow | undefined {
  return table.find((row) => rowNames(row).includes(name));
}

/** Throws if two rows share a name or alias (checked when a table is built). */
export function assertUniqueNames(table: readonly CommandRow[], where = "monitor"): void {
  const seen = new Set<string>();
  for (const row of table) {
    for (const name of rowNames(row)) {
      if (seen.has(name)) throw new Error(`${where}: duplicate command name '${name}'`);
      seen.add(name);
    }
    if (row.sub !== undefined) assertUniqueNames(row.sub, `${where} ${rowNames(row)[0]}`);
  }
}

function helpLine(prefix: string, row: CommandRow): string {
  const synopsis = row.sub !== undefined ? "[subcommand]" : row.params;
  return `${prefix}${row.name}${synopsis === "" ? "" : " " + synopsis} -- ${row.help}`;
}

/**
 * Help text generated from the table, like QEMU's `help`: with no `topic`, one line per row
 * `name params -- help`; with a topic, that command's line, or for a row with sub-rows (`info`)
 * one line per sub-row (`info registers -- ...`). Throws CommandError for an unknown topic.
 */
export function renderHelp(table: readonly CommandRow[], topic?: string): string {
  if (topic === undefined) return table.map((row) => helpLine("", row)).join("\n");
  const words = topic.trim().split(/\s+/);
  const row = findRow(table, words[0]!);
  if (row === undefined) throw new CommandError(`unknown command: '${words[0]}' (try 'help')`);
  if (row.sub === undefined) return helpLine("", row);
  const prefix = `${rowNames(row)[0]} `;
  if (words[1] !== undefined) {
    const sub = findRow(row.sub, words[1]);
    if (sub === undefined) throw new CommandError(`unknown ${prefix}subcommand: '${words[1]}'`);
    return helpLine(prefix, sub);
  }
  return row.sub.map((sub) => helpLine(prefix, sub)).join("\n");
}

function markdownCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/**
 * The command list for docs/monitor.md, generated from the same rows as `help`: a Markdown
 * table with one row per command and per `info` subcommand (command | parameters | description).
 */
export function renderCommandList(table: readonly CommandRow[]): string {
  const lines = ["| command | parameters | description |", "|---|---|---|"];
  const emit = (prefix: string, row: CommandRow): void => {
    const params = row.sub !== undefined ? "[subcommand]" : row.params;
    lines.push(`| \`${markdownCell(prefix + row.name)}\` | ${params === "" ? "" : "`" + markdownCell(params) + "`"} | ${markdownCell(row.help)} |`);
  };
  for (const row of table) emit("", row);
  for (const row of table) {
    if (row.sub !== undefined) for (const sub of row.sub) emit(`${rowNames(row)[0]} `, sub);
  }
  return lines.join("\n") + "\n";
}
