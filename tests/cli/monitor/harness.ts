// Runs monitor command lines against a FakeTarget and collects the printed lines.

import { createMonitorState, type CommandContext } from "../../../cli/monitor/command_table.ts";
import { buildCommandTable } from "../../../cli/monitor/commands.ts";
import { executeLine } from "../../../cli/monitor/dispatch.ts";
import { FakeTarget } from "./fake_target.ts";

export function makeMonitor(target = new FakeTarget()) {
  const lines: string[] = [];
  const ctx: CommandContext = { target, print: (text) => lines.push(...text.split("\n")), state: createMonitorState(), table: buildCommandTable() };
  return {
    target, ctx, lines,
    /** Runs `line` and returns what it printed (and clears the buffer). */
    async run(line: string): Promise<string[]> {
      lines.length = 0;
      await executeLine(ctx, line);
      return [...lines];
    },
  };
}
