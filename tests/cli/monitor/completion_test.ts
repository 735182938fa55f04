import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCommandTable } from "../../../cli/monitor/commands.ts";
import { completeHostPath, completeLine } from "../../../cli/monitor/completion.ts";

const table = buildCommandTable([{ name: "kill", args: "pid:i", params: "pid", help: "kill a process", run: () => {} }]);

test("completeLine() completes command names and aliases", () => {
  expect(completeLine("p", table)).toEqual([["p", "pmemsave", "poke", "print"], "p"]);
  expect(completeLine("co", table)).toEqual([["cont"], "co"]);
});

test("completeLine() completes info subcommands", () => {
  expect(completeLine("info re", table)).toEqual([["registers"], "re"]);
  expect(completeLine("info registers x", table)).toEqual([[], "x"]);
});

test("completeLine() completes PIDs through the callback", () => {
  expect(completeLine("kill 1", table, { pids: () => [1, 12, 7] })).toEqual([["1", "12"], "1"]);
});

test("completeLine() completes host paths for file arguments only", () => {
  const paths = (prefix: string) => [`${prefix}X`];
  expect(completeLine("memsave 0 16 /tm", table, { paths })).toEqual([["/tmX"], "/tm"]);
  expect(completeLine("memsave 0 1", table, { paths })).toEqual([[], "1"]);
  expect(completeLine("screendump ou", table, { paths })).toEqual([["ouX"], "ou"]);
});

test("completeHostPath() lists matching entries with / after directories", () => {
  const dir = mkdtempSync(join(tmpdir(), "nk-complete-"));
  mkdirSync(join(dir, "dump.d"));
  writeFileSync(join(dir, "dump.bin"), "");
  writeFileSync(join(dir, "other"), "");
  expect(completeHostPath(join(dir, "du"))).toEqual([join(dir, "dump.bin"), join(dir, "dump.d") + "/"]);
  expect(completeHostPath(join(dir, "nothing/x"))).toEqual([]);
});
