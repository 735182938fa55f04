import { expect, test } from "bun:test";
import { CommandError, createMonitorState } from "../../../cli/monitor/command_table.ts";
import { buildCommandTable } from "../../../cli/monitor/commands.ts";
import { evaluateExpression, expressionExtent } from "../../../cli/monitor/expression.ts";
import { parseFormat } from "../../../cli/monitor/format_spec.ts";
import { parseArguments, parseSchema, resolveCommand, splitCommands } from "../../../cli/monitor/parse.ts";

const env = {
  register: (name: string) => ({ eax: 0x10, esp: 0x7ff0 } as Record<string, number>)[name],
  readWord: (address: number) => address + 1,
};

test("evaluateExpression() follows C precedence and wraps to 32 bits", () => {
  expect(evaluateExpression("1 + 2 * 3", env)).toBe(7);
  expect(evaluateExpression("(1 + 2) * 3", env)).toBe(9);
  expect(evaluateExpression("1 << 4 | 1", env)).toBe(17);
  expect(evaluateExpression("0xff & ~0xf ^ 1", env)).toBe(0xf1);
  expect(evaluateExpression("-1", env)).toBe(0xffffffff);
  expect(evaluateExpression("$eax * 2 + 'A'", env)).toBe(0x20 + 65);
  expect(evaluateExpression("*($esp + 4)", env)).toBe(0x7ff5);
  expect(evaluateExpression("0b101 + 0o17 + 10", env)).toBe(5 + 15 + 10);
  expect(() => evaluateExpression("1 / 0", env)).toThrow("division by zero");
  expect(() => evaluateExpression("12zz", env)).toThrow("invalid number '12zz'");
  expect(() => evaluateExpression("(1", env)).toThrow("')' expected");
});

test("expressionExtent() ends an expression where the next argument starts", () => {
  expect(expressionExtent("$esp + 8 16")).toBe(8);
  expect(expressionExtent("4 /tmp/file")).toBe(1);
  expect(expressionExtent("4 / 2 x")).toBe(5);
  expect(expressionExtent("(1 + 2) 3")).toBe(7);
});

test("parseFormat() reads /NFU in any order and keeps QEMU's sticky defaults", () => {
  const state = createMonitorState();
  expect(parseFormat("10xb", state)).toEqual({ count: 10, format: "x", size: 1 });
  expect(parseFormat("bx", state)).toEqual({ count: 1, format: "x", size: 1 });
  expect(parseFormat("4d", state)).toEqual({ count: 4, format: "d", size: 1 });
  expect(parseFormat("g", state)).toEqual({ count: 1, format: "d", size: 8 });
  expect(parseFormat("3i", state)).toEqual({ count: 3, format: "i", size: undefined });
  expect(parseFormat("c", state)).toEqual({ count: 1, format: "c", size: 1 });
  expect(() => parseFormat("4z", state)).toThrow("invalid char in format: 'z'");
});

test("parseSchema() reads QEMU args_type strings", () => {
  expect(parseSchema("fmt:/,addr:l,size:s?,force:-f")).toEqual([
    { name: "fmt", type: "/", optional: false },
    { name: "addr", type: "l", optional: false },
    { name: "size", type: "s", optional: true },
    { name: "force", type: "-f", optional: false },
  ]);
  expect(() => parseSchema("addr:q")).toThrow("bad argument schema entry");
});

test("resolveCommand() handles aliases, x/fmt without a space and info subcommands", () => {
  const table = buildCommandTable();
  expect(resolveCommand(table, "cont").row.name).toBe("c|cont");
  expect(resolveCommand(table, "x/4x 0").argText).toBe("/4x 0");
  expect(resolveCommand(table, "info registers").displayName).toBe("info registers");
  expect(() => resolveCommand(table, "frob")).toThrow(CommandError);
});

test("parseArguments() handles strings, flags, optional args and rest-of-line", () => {
  const row = { name: "t", args: "force:-f,name:s,n:i?,rest:S?", params: "[-f] name [n] [rest]", help: "" };
  const state = createMonitorState();
  expect(parseArguments(row, "t", ` -f "a b\\n" 2+3 tail words`, env, state))
    .toEqual({ force: true, name: "a b\n", n: 5, rest: "tail words" });
  expect(parseArguments(row, "t", " plain", env, state)).toEqual({ force: false, name: "plain", n: undefined, rest: undefined });
  expect(() => parseArguments(row, "t", "", env, state)).toThrow("t: missing argument 'name' (usage: t [-f] name [n] [rest])");
  expect(() => parseArguments(row, "t", ` "open`, env, state)).toThrow("unterminated string");
});

test("splitCommands() splits at semicolons outside quotes", () => {
  expect(splitCommands("c; x /4x $esp ;; write 0 \"a;b\"")).toEqual(["c", "x /4x $esp", "write 0 \"a;b\""]);
  expect(splitCommands("  ")).toEqual([]);
});
