// The README's monitor command list is generated from the command table; keep it in sync.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withMonitorCommands } from "../../scripts/update_readme.ts";

test("README.md monitor command list matches the monitor's command table", () => {
  const readme = readFileSync(join(import.meta.dir, "../../README.md"), "utf8");
  expect(readme).toBe(withMonitorCommands(readme));
});
