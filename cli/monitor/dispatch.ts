// Executes one monitor command line: resolve the row, parse its arguments with the shared parser,
// run the handler, and turn every failure into one printed line (never a stack trace).

import { CommandError, renderHelp, type CommandContext } from "./command_table.ts";
import type { ExpressionEnvironment } from "./expression.ts";
import { parseArguments, resolveCommand } from "./parse.ts";
import { registerValue } from "./register_dump.ts";
import { MemoryAccessError, type RegisterSnapshot } from "./target.ts";

/** Expression environment over the target: `$reg` from a snapshot, `*ADDR` from `state.pid`'s memory. */
export function targetEnvironment(ctx: CommandContext): ExpressionEnvironment {
  let snapshot: RegisterSnapshot | undefined;
  return {
    register(name) {
      snapshot ??= ctx.target.registers();
      return registerValue(snapshot, name);
    },
    readWord(address) {
      const bytes = ctx.target.readVirtual(ctx.state.pid, address >>> 0, 4);
      return (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
    },
  };
}

/**
 * Runs one command line against `ctx`. Returns false when the line failed (the error has been
 * printed as one line), true otherwise. Blank lines and `#` comments do nothing.
 */
export async function executeLine(ctx: CommandContext, line: string): Promise<boolean> {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return true;
  let prefix = "";
  try {
    const resolved = resolveCommand(ctx.table, trimmed);
    prefix = resolved.displayName;
    if (resolved.row.sub !== undefined) {
      // `info` alone lists its subcommands, as QEMU does.
      ctx.print(renderHelp(ctx.table, resolved.displayName));
      return true;
    }
    const args = parseArguments(resolved.row, resolved.displayName, resolved.argText, targetEnvironment(ctx), ctx.state);
    await resolved.row.run?.(ctx, args);
    return true;
  } catch (error) {
    if (error instanceof CommandError) ctx.print(error.message);
    else if (error instanceof MemoryAccessError) ctx.print(`${prefix}: ${error.message}`);
    else {
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      ctx.print(`${prefix === "" ? "error" : prefix}: ${message}`);
    }
    return false;
  }
}
