// Unit tests of the pure helpers behind the nk rows: the scheduler timeline picture, quantum and
// signal parsing, word splitting and ps's CPU time column.
import { expect, test } from "bun:test";
import { parseQuantum, renderTimeline } from "../../../cli/monitor/sched_rows.ts";
import { formatCpuTime, parseSignal, splitWords } from "../../../cli/monitor/process_rows.ts";

test("renderTimeline() draws one row per thread with its label where it ran", () => {
  const lines = renderTimeline([
    { tid: 1, pid: 1, start: 0, end: 4e6 },
    { tid: 2, pid: 2, start: 4e6, end: 8e6 },
  ], (pid) => (pid === 1 ? "init" : "sh"), 8);
  expect(lines).toEqual([
    "0.000 ms .. 8.000 ms, one column = 1.000 ms",
    "A pid 1 tid 1 init             |AAAA....|",
    "B pid 2 tid 2 sh               |....BBBB|",
  ]);
  expect(renderTimeline([], () => "")).toEqual(["no slices recorded yet"]);
});

test("parseQuantum() reads units, bare numbers are milliseconds", () => {
  expect(parseQuantum("5ms")).toBe(5e6);
  expect(parseQuantum("500us")).toBe(5e5);
  expect(parseQuantum("2")).toBe(2e6);
  expect(() => parseQuantum("fast")).toThrow("sched: invalid quantum 'fast'");
});

test("parseSignal() accepts numbers and names with or without SIG", () => {
  expect(parseSignal("-9")).toBe(9);
  expect(parseSignal("-KILL")).toBe(9);
  expect(parseSignal("-sigterm")).toBe(15);
  expect(parseSignal("-FOO")).toBeUndefined();
  expect(parseSignal("-99")).toBeUndefined();
});

test("splitWords() honours double quotes; formatCpuTime() is M:SS.mmm", () => {
  expect(splitWords('/bin/echo "a b" c')).toEqual(["/bin/echo", "a b", "c"]);
  expect(formatCpuTime(61_234_000_000)).toBe("1:01.234");
});
