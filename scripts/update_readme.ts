// Refreshes the generated blocks of README.md (the monitor's command list) from their sources.
// Usage: bun scripts/update_readme.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCommandList } from "../cli/monitor/command_table.ts";
import { buildNkCommandTable } from "../cli/monitor/nk_table.ts";

const BEGIN = "<!-- monitor-commands:begin -->", END = "<!-- monitor-commands:end -->";

/** README text with the monitor block regenerated. */
export function withMonitorCommands(readme: string): string {
  const a = readme.indexOf(BEGIN), b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error("README.md lacks the monitor-commands markers");
  return readme.slice(0, a + BEGIN.length) + "\n" + renderCommandList(buildNkCommandTable()).trimEnd() + "\n" + readme.slice(b);
}

if (import.meta.main) {
  const path = join(import.meta.dir, "..", "README.md");
  writeFileSync(path, withMonitorCommands(readFileSync(path, "utf8")));
}
