#!/usr/bin/env bun
// The `nk` entry point: `nk --version`, `nk help [COMMAND]` and dispatch to the subcommand rows
// of subcommands.ts. Usage errors print one line `nk: ...` and exit with status 2.

import packageJson from "../package.json" with { type: "json" };
import { renderOptions, USAGE_EXIT_CODE, UsageError } from "./args.ts";
import { findSubcommand, SUBCOMMANDS } from "./subcommands.ts";
import { applyJitSetting } from "../core/cpu/jit/settings.ts";
import { compileInForegroundOnOneCore, tuneEngine } from "./engine_tuning.ts";

// NK_JIT=0 runs the interpreter only (the reference); NK_JIT=eager compiles every block at once.
applyJitSetting(process.env.NK_JIT);

/** The version string printed by `nk --version` (bundled into the compiled binary). */
export const VERSION: string = packageJson.version;

/** Top-level help: usage plus one line per subcommand. */
export function renderHelp(): string {
  const width = Math.max(...SUBCOMMANDS.map((command) => command.name.length));
  return [
    "usage: nk COMMAND [OPTIONS] [ARGS...]",
    "",
    "commands:",
    ...SUBCOMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    `  ${"help".padEnd(width)}  show help for nk or for one command`,
    "",
    "options:",
    "  --version  print the nk version",
    "  --help     show this help",
    "",
    "Run 'nk help COMMAND' for a command's options.",
  ].join("\n") + "\n";
}

/** Help for one subcommand (usage, summary, options); throws UsageError if unknown. */
export function renderCommandHelp(name: string): string {
  const command = findSubcommand(name);
  if (command === undefined) throw new UsageError(`unknown command '${name}' (try 'nk help')`);
  const options = renderOptions(command.options);
  return [
    `usage: nk ${command.name} ${command.usage}`,
    "",
    command.summary,
    ...(options.length > 0 ? ["", "options:", ...options] : []),
  ].join("\n") + "\n";
}

/** Runs `nk` with `argv` (without the runtime and script path); returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await tuneEngine();
    const [first, ...rest] = argv;
    if (first === undefined) {
      // Bare `nk` boots the built-in image (the shell on the console, Ctrl-A c for the monitor).
      const { bootBuiltin } = await import("./monitor_command.ts");
      return await bootBuiltin();
    }
    if (first === "--help" || first === "-h") {
      process.stdout.write(renderHelp());
      return 0;
    }
    if (first === "--version" || first === "-V") {
      process.stdout.write(`nk ${VERSION}\n`);
      return 0;
    }
    if (first === "help") {
      if (rest.length > 1) throw new UsageError("help: too many arguments");
      process.stdout.write(rest[0] === undefined ? renderHelp() : renderCommandHelp(rest[0]));
      return 0;
    }
    if (first.startsWith("-")) throw new UsageError(`unknown option '${first}' (try 'nk help')`);
    const command = findSubcommand(first);
    if (command === undefined) throw new UsageError(`unknown command '${first}' (try 'nk help')`);
    if (rest.includes("--help") && rest.indexOf("--help") < (rest.indexOf("--") + 1 || Infinity)) {
      process.stdout.write(renderCommandHelp(first));
      return 0;
    }
    const module = await command.load();
    return await module.runCommand(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`nk: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
    throw error;
  }
}

if (import.meta.main) {
  // A guest run for throughput on one core: nk may execute itself again with JavaScriptCore set for it.
  if (findSubcommand(process.argv[2] ?? "")?.throughput) compileInForegroundOnOneCore();
  // No top-level await: `bun build --compile --bytecode` (faster start-up) needs a plain module body.
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
