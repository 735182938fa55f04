// Command-line option parsing for `nk` subcommands: node:util parseArgs (GNU/POSIX long and short
// options, `--opt value`, `--opt=value`, `--`) plus nk's value types (sizes, mounts, env pairs) and
// one-line usage errors that exit with status 2.

import { parseArgs } from "node:util";

/** Exit status for usage errors (bad option, bad value), as in GNU tools and POSIX utilities. */
export const USAGE_EXIT_CODE = 2;

/** A user error on the command line; `main.ts` prints `nk: <message>` and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** How an option's value is checked and converted. */
export type OptionKind = "flag" | "string" | "size" | "integer" | "mount" | "env";

/** One option of a subcommand; the table drives parsing and `nk help COMMAND`. */
export interface OptionSpec {
  readonly kind: OptionKind;
  readonly short?: string;
  /** Repeatable (`--mount a --mount b`): the parsed value is an array. */
  readonly multiple?: boolean;
  /** `--strace[=FILE]`: may appear bare (value "") or with `=VALUE`, never with a separate word. */
  readonly optionalValue?: boolean;
  /** Placeholder shown in help, e.g. `SIZE`. */
  readonly valueName?: string;
  readonly help: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** A host directory mounted into the guest file system (`--mount HOST:GUEST[:ro]`). */
export interface MountSpec {
  readonly host: string;
  readonly guest: string;
  readonly readOnly: boolean;
}

export type OptionValue = boolean | string | number | MountSpec | readonly [string, string];
export type ParsedValues = Record<string, OptionValue | OptionValue[] | undefined>;

/** Result of {@link parseCommandLine}: converted option values and the positional words. */
export interface ParsedCommandLine {
  readonly values: ParsedValues;
  readonly positionals: string[];
}

// Binary multiples, as `qemu -m 64M` and `dd bs=1K` read them.
const SIZE_SUFFIX = { "": 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as const;

/**
 * Parses a size such as `64M`, `1G`, `512K`, `4096` or `1.5G` into bytes (suffixes are binary
 * multiples, case-insensitive, an optional trailing `iB`/`B` is accepted). Throws UsageError
 * `--mem: invalid size "12Q"` with `option` as the prefix.
 */
export function parseSize(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (match === null) throw new UsageError(`${option}: invalid size "${text}"`);
  const suffix = match[2]!.toUpperCase() as keyof typeof SIZE_SUFFIX;
  const bytes = Number(match[1]) * SIZE_SUFFIX[suffix];
  if (!Number.isSafeInteger(bytes)) throw new UsageError(`${option}: invalid size "${text}"`);
  return bytes;
}

/** Parses a decimal or 0x-hex integer; throws UsageError naming `option`. */
export function parseInteger(text: string, option: string): number {
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(text)) throw new UsageError(`${option}: invalid number "${text}"`);
  return Number(text);
}

/** Parses `HOST:GUEST[:ro]` (GUEST must be absolute). */
export function parseMount(text: string, option: string): MountSpec {
  const parts = text.split(":");
  let readOnly = false;
  if (parts.length === 3 && (parts[2] === "ro" || parts[2] === "rw")) readOnly = parts.pop() === "ro";
  if (parts.length !== 2 || parts[0] === "" || !parts[1]!.startsWith("/")) {
    throw new UsageError(`${option}: invalid mount "${text}" (expected HOST:GUEST[:ro])`);
  }
  return { host: parts[0]!, guest: parts[1]!, readOnly };
}

/** Parses `NAME=VALUE` (NAME non-empty, no `=` in it). */
export function parseEnvPair(text: string, option: string): readonly [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UsageError(`${option}: invalid variable "${text}" (expected NAME=VALUE)`);
  return [text.slice(0, eq), text.slice(eq + 1)] as const;
}

function convert(name: string, spec: OptionSpec, raw: string | boolean): OptionValue {
  const option = `--${name}`;
  if (typeof raw === "boolean") return raw;
  switch (spec.kind) {
    case "size": return parseSize(raw, option);
    case "integer": return parseInteger(raw, option);
    case "mount": return parseMount(raw, option);
    case "env": return parseEnvPair(raw, option);
    default: return raw;
  }
}

// parseArgs has no optional-value options; `--strace` alone becomes `--strace=` (value "").
function expandOptionalValues(argv: readonly string[], options: OptionTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") { out.push(...argv.slice(i)); break; }
    const spec = word.startsWith("--") ? options[word.slice(2)] : undefined;
    out.push(spec?.optionalValue === true ? `${word}=` : word);
  }
  return out;
}

// node:util error messages are multi-line and mention the API; rewrite them as one line.
function rewriteParseError(error: unknown, helpHint: string): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return new UsageError(`unknown option '${quoted ?? message}'${helpHint}`);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return new UsageError(`unexpected argument '${quoted ?? message}'${helpHint}`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const option = /(--[\w-]+)/.exec(message)?.[1] ?? "option";
    return message.includes("argument missing") || message.includes("<value>")
      ? new UsageError(`${option}: missing value${helpHint}`)
      : new UsageError(`${option}: does not take a value${helpHint}`);
  }
  return new UsageError(message.split("\n")[0]!);
}

/**
 * Parses `argv` (the words after the subcommand) against `options`. Returns converted values
 * (sizes in bytes, mounts as MountSpec, env pairs as [name, value]) and positionals. Throws
 * UsageError with a one-line message; `command` is used for the `(try 'nk help CMD')` hint.
 */
export function parseCommandLine(
  argv: readonly string[],
  options: OptionTable,
  command: string,
  mode: { allowPositionals?: boolean; stopAtFirstPositional?: boolean } = {},
): ParsedCommandLine {
  const allowPositionals = mode.allowPositionals ?? true;
  // `nk run PROG --flag`: everything from PROG on belongs to the guest program, not to nk.
  let tail: string[] = [];
  if (mode.stopAtFirstPositional === true) {
    const split = firstPositionalIndex(argv, options);
    tail = argv.slice(split).filter((word, i) => !(i === 0 && word === "--"));
    argv = argv.slice(0, split);
  }
  const nodeOptions: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(options)) {
    nodeOptions[name] = {
      type: spec.kind === "flag" ? "boolean" : "string",
      ...(spec.short !== undefined ? { short: spec.short } : {}),
      ...(spec.multiple === true ? { multiple: true } : {}),
    };
  }
  const hint = ` (try 'nk help ${command}')`;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: expandOptionalValues(argv, options),
      options: nodeOptions,
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw rewriteParseError(error, hint);
  }
  const values: ParsedValues = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    const spec = options[name]!;
    values[name] = Array.isArray(raw)
      ? raw.map((one) => convert(name, spec, one as string | boolean))
      : convert(name, spec, raw as string | boolean);
  }
  return { values, positionals: [...parsed.positionals, ...tail] };
}

// Index of the first word that is neither an option nor an option's separate value (or of `--`).
function firstPositionalIndex(argv: readonly string[], options: OptionTable): number {
  const byShort = new Map(Object.entries(options).filter(([, s]) => s.short).map(([n, s]) => [s.short!, n]));
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--" || !word.startsWith("-") || word === "-") return i;
    if (word.includes("=")) continue;
    const name = word.startsWith("--") ? word.slice(2) : byShort.get(word.slice(1, 2));
    const spec = name === undefined ? undefined : options[name];
    const attached = !word.startsWith("--") && word.length > 2;
    if (spec !== undefined && spec.kind !== "flag" && spec.optionalValue !== true && !attached) i++;
  }
  return argv.length;
}

/** Renders the option table as help lines: `  -e, --exec CMD   run monitor commands first`. */
export function renderOptions(options: OptionTable): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const short = spec.short !== undefined ? `-${spec.short}, ` : "    ";
    const value = spec.kind === "flag" ? "" : spec.optionalValue === true
      ? `[=${spec.valueName ?? "VALUE"}]` : ` ${spec.valueName ?? "VALUE"}`;
    return [`${short}--${name}${value}`, spec.help + (spec.multiple === true ? " (repeatable)" : "")] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`);
}

/** Options shared by `nk run` and `nk boot` (the machine and kernel configuration). */
export const MACHINE_OPTIONS: OptionTable = {
  mem: { kind: "size", valueName: "SIZE", help: "guest RAM size (e.g. 64M, 1G; default 64M)" },
  sched: { kind: "string", valueName: "POLICY", help: "scheduler policy (e.g. rr, mlfq)" },
  strace: { kind: "string", optionalValue: true, valueName: "FILE", help: "trace system calls (to FILE or stderr)" },
  disk: { kind: "string", valueName: "IMAGE", help: "attach a disk image" },
  mount: { kind: "mount", multiple: true, valueName: "HOST:GUEST[:ro]", help: "mount a host directory in the guest" },
  exec: { kind: "string", short: "e", multiple: true, valueName: "'CMD; CMD'", help: "run monitor commands first" },
  env: { kind: "env", multiple: true, valueName: "NAME=VAL", help: "set a guest environment variable" },
  "unset-env": { kind: "string", multiple: true, valueName: "NAME", help: "remove a guest environment variable" },
  monitor: { kind: "flag", help: "start with the monitor focused (Ctrl-A c toggles)" },
  "no-host-cwd": { kind: "flag", help: "do not show the host's current directory to the guest (nk run)" },
  clock: { kind: "string", valueName: "MODE", help: "realtime (idle guest time waits on the wall clock, default) or virtual (skip ahead)" },
};
