// The one argument parser for every monitor command: splits `name args…`, finds the row (and
// sub-row for `info`), then walks the row's schema (command_table.ts ArgSchema) over the text.
// Errors are CommandError with one readable line.

import {
  CommandError, findRow, type ArgValue, type CommandRow, type MonitorState, type ParsedArgs,
} from "./command_table.ts";
import { evaluateExpression, expressionExtent, type ExpressionEnvironment } from "./expression.ts";
import { defaultFormat, parseFormat } from "./format_spec.ts";

/** One schema entry: `addr:l?` → {name: "addr", type: "l", optional: true}. */
export interface ArgSpec {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
}

/** Parses a schema string; throws Error (a programming error in a row) if malformed. */
export function parseSchema(schema: string): ArgSpec[] {
  if (schema.trim() === "") return [];
  return schema.split(",").map((part) => {
    const match = /^([a-z_][a-z0-9_]*):(\/|l|i|s|S|F|-[a-zA-Z])(\?)?$/.exec(part.trim());
    if (match === null) throw new Error(`bad argument schema entry '${part}'`);
    return { name: match[1]!, type: match[2]!, optional: match[3] === "?" };
  });
}

/** A command line resolved to its row, with the argument text that follows the name(s). */
export interface ResolvedCommand {
  readonly row: CommandRow;
  /** `info registers` for sub-rows, else the canonical name; used as the error prefix. */
  readonly displayName: string;
  readonly argText: string;
}

/** Finds the row for `line`; throws CommandError `unknown command: 'foo' (try 'help')`. */
export function resolveCommand(table: readonly CommandRow[], line: string): ResolvedCommand {
  const trimmed = line.trim();
  const name = /^\S+/.exec(trimmed)?.[0] ?? "";
  // `x/4x addr` is written without a space in GDB and QEMU: split a `/` off the name.
  const slash = name.indexOf("/");
  const word = slash > 0 ? name.slice(0, slash) : name;
  const rest = trimmed.slice(slash > 0 ? slash : name.length);
  const row = findRow(table, word);
  if (row === undefined) throw new CommandError(`unknown command: '${word}' (try 'help')`);
  const canonical = row.name.split("|")[0]!;
  if (row.sub === undefined) return { row, displayName: canonical, argText: rest };
  const subName = /^\s*(\S+)/.exec(rest)?.[1];
  if (subName === undefined) return { row, displayName: canonical, argText: "" };
  const sub = findRow(row.sub, subName);
  if (sub === undefined) throw new CommandError(`${canonical}: unknown subcommand '${subName}' (try 'help ${canonical}')`);
  return { row: sub, displayName: `${canonical} ${sub.name.split("|")[0]}`, argText: rest.replace(/^\s*\S+/, "") };
}

// Reads a word or a double-quoted string with C escapes, starting at text[pos] (non-space).
function readWord(text: string, pos: number): { value: string; end: number } {
  if (text[pos] !== "\"") {
    const end = text.slice(pos).search(/\s/);
    return end < 0 ? { value: text.slice(pos), end: text.length } : { value: text.slice(pos, pos + end), end: pos + end };
  }
  let value = "";
  const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", "0": "\0", "\\": "\\", "\"": "\"" };
  for (let i = pos + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\"") return { value, end: i + 1 };
    if (c === "\\") {
      const next = text[++i] ?? "";
      if (next === "x" && /^[0-9a-f]{2}/i.test(text.slice(i + 1, i + 3))) {
        value += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else value += escapes[next] ?? next;
    } else value += c;
  }
  throw new CommandError("unterminated string");
}

/**
 * Parses `argText` against `row`'s schema. Expressions are evaluated with `env` (registers,
 * memory); `/fmt` updates `state`'s format defaults. Throws CommandError on a missing, invalid
 * or extra argument; the message is prefixed with `displayName`.
 */
export function parseArguments(
  row: CommandRow,
  displayName: string,
  argText: string,
  env: ExpressionEnvironment,
  state: MonitorState,
): ParsedArgs {
  const specs = parseSchema(row.args);
  const args: Record<string, ArgValue> = {};
  let pos = 0;
  const skip = (): void => { while (pos < argText.length && /\s/.test(argText[pos]!)) pos++; };
  const fail = (message: string): never => {
    throw new CommandError(`${displayName}: ${message} (usage: ${displayName}${row.params === "" ? "" : " " + row.params})`);
  };
  for (const spec of specs) {
    skip();
    const atEnd = pos >= argText.length;
    if (spec.type === "/") {
      if (argText[pos] === "/") {
        const { value, end } = readWord(argText, pos + 1);
        try { args[spec.name] = parseFormat(value, state); } catch (error) { fail((error as Error).message); }
        pos = end;
      } else args[spec.name] = defaultFormat(state);
      continue;
    }
    if (spec.type.startsWith("-")) {
      const flag = spec.type;
      const isFlag = argText.startsWith(flag, pos) && (pos + 2 >= argText.length || /\s/.test(argText[pos + 2]!));
      args[spec.name] = isFlag;
      if (isFlag) pos += 2;
      continue;
    }
    if (atEnd) {
      if (!spec.optional) fail(`missing argument '${spec.name}'`);
      args[spec.name] = undefined;
      continue;
    }
    if (spec.type === "S") {
      args[spec.name] = argText.slice(pos).trim();
      pos = argText.length;
    } else if (spec.type === "s" || spec.type === "F") {
      const { value, end } = readWord(argText, pos);
      args[spec.name] = value;
      pos = end;
    } else {
      const end = pos + expressionExtent(argText.slice(pos));
      if (end === pos) fail(`invalid expression for '${spec.name}': '${argText.slice(pos).split(/\s/)[0]}'`);
      try {
        args[spec.name] = evaluateExpression(argText.slice(pos, end), env);
      } catch (error) {
        fail(`${(error as Error).message} (in '${spec.name}')`);
      }
      pos = end;
    }
  }
  skip();
  if (pos < argText.length) fail(`extraneous characters at the end of line: '${argText.slice(pos)}'`);
  return args;
}

/**
 * Splits a `-e` string or script line into commands at `;` outside double quotes
 * (`c; x /4x $esp` → ["c", "x /4x $esp"]); empty commands are dropped.
 */
export function splitCommands(text: string): string[] {
  const commands: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && quoted) { current += c + (text[++i] ?? ""); continue; }
    if (c === "\"") quoted = !quoted;
    if (c === ";" && !quoted) { commands.push(current); current = ""; continue; }
    current += c;
  }
  commands.push(current);
  return commands.map((command) => command.trim()).filter((command) => command !== "");
}
