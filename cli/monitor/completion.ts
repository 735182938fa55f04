// Tab completion for the monitor line, driven by the command table: command names and aliases,
// `info` subcommands, host paths for `F` (file name) arguments, and PIDs for arguments named pid.

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { findRow, rowNames, type CommandRow } from "./command_table.ts";
import { parseSchema } from "./parse.ts";

/** Sources of dynamic candidates. */
export interface CompletionSources {
  /** Live process ids (for arguments named `pid`). */
  pids?(): readonly number[];
  /** Host entries completing `prefix` (default: the real file system). */
  paths?(prefix: string): string[];
}

/** Completes host paths: entries of prefix's directory starting with its basename, dirs with `/`. */
export function completeHostPath(prefix: string): string[] {
  const slash = prefix.lastIndexOf("/");
  const directory = slash < 0 ? "." : slash === 0 ? "/" : prefix.slice(0, slash);
  const head = slash < 0 ? "" : prefix.slice(0, slash + 1);
  const base = prefix.slice(slash + 1);
  let names: string[];
  try { names = readdirSync(directory); } catch { return []; }
  return names
    .filter((name) => name.startsWith(base) && (base.startsWith(".") || !name.startsWith(".")))
    .sort()
    .map((name) => {
      let isDirectory = false;
      try { isDirectory = statSync(join(directory, name)).isDirectory(); } catch { /* dangling link */ }
      return head + name + (isDirectory ? "/" : "");
    });
}

/**
 * Completion for `line` (the text before the cursor), in node:readline's completer shape:
 * [candidates, the word being completed].
 */
export function completeLine(line: string, table: readonly CommandRow[], sources: CompletionSources = {}): [string[], string] {
  const words = line.trimStart().split(/\s+/);
  const current = /\S*$/.exec(line)![0];
  if (words.length <= 1) {
    const names = table.flatMap(rowNames).filter((name) => name.startsWith(current)).sort();
    return [names, current];
  }
  const row = findRow(table, words[0]!.split("/")[0]!);
  if (row === undefined) return [[], current];
  if (row.sub !== undefined) {
    if (words.length !== 2) return [[], current];
    return [row.sub.flatMap(rowNames).filter((name) => name.startsWith(current)).sort(), current];
  }
  // Index of the positional argument being typed (a leading /fmt and -f flags are not positional).
  const typed = words.slice(1, -1).filter((word) => !word.startsWith("/") && !/^-[a-zA-Z]$/.test(word)).length;
  const positional = parseSchema(row.args).filter((spec) => spec.type !== "/" && !spec.type.startsWith("-"));
  const spec = positional[typed];
  if (spec === undefined) return [[], current];
  if (spec.type === "F") return [(sources.paths ?? completeHostPath)(current), current];
  if (spec.name === "pid" && sources.pids !== undefined) {
    return [sources.pids().map(String).filter((pid) => pid.startsWith(current)), current];
  }
  return [[], current];
}

