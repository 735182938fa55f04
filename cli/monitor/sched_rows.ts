// Monitor rows about the scheduler and system calls: `sched` (show or switch the policy live),
// `info sched` (a text timeline of the last slices, one row per thread), `strace on|off` (live
// trace lines, per pid and syscall name) and `info syscalls` (counts, errors, time: strace -c).
import { POLICIES } from "../../kernel/sched/policies.ts";
import type { Slice } from "../../kernel/sched/scheduler.ts";
import { CommandError, type CommandRow } from "./command_table.ts";
import { nkTarget, pidArg } from "./machine_rows.ts";
import { splitWords } from "./process_rows.ts";

const UNIT_NS = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 } as const;

/** Parses a quantum: `10ms`, `500us`, `1s`, `250000ns`; a bare number is milliseconds. */
export function parseQuantum(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ns|us|ms|s)?$/.exec(text);
  if (match === null || Number(match[1]) <= 0) throw new CommandError(`sched: invalid quantum '${text}' (e.g. 10ms, 500us)`);
  return Math.round(Number(match[1]) * UNIT_NS[(match[2] ?? "ms") as keyof typeof UNIT_NS]);
}

const ms = (ns: number): string => `${(ns / 1e6).toFixed(3)} ms`;

/** Row labels of the timeline: A–Z then a–z then digits. */
const LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Draws `slices` as text: one row per thread, `width` columns spanning the first start to the
 * last end, the thread's label where it ran during that column and `.` where it did not.
 */
export function renderTimeline(slices: readonly Slice[], names: (pid: number) => string, width = 64): string[] {
  if (slices.length === 0) return ["no slices recorded yet"];
  const t0 = Math.min(...slices.map((s) => s.start));
  const t1 = Math.max(...slices.map((s) => s.end));
  const column = Math.max(1, (t1 - t0) / width);
  const tids = [...new Set(slices.map((s) => s.tid))].sort((a, b) => a - b);
  const lines = [`${ms(t0)} .. ${ms(t1)}, one column = ${ms(column)}`];
  tids.forEach((tid, row) => {
    const label = LABELS[row % LABELS.length]!;
    const cells = new Array<string>(width).fill(".");
    let pid = 0;
    for (const s of slices) {
      if (s.tid !== tid) continue;
      pid = s.pid;
      const first = Math.min(width - 1, Math.floor((s.start - t0) / column));
      const last = Math.min(width - 1, Math.max(first, Math.ceil((s.end - t0) / column) - 1));
      for (let c = first; c <= last; c++) cells[c] = label;
    }
    lines.push(`${label} ${`pid ${pid} tid ${tid} ${names(pid)}`.padEnd(28).slice(0, 28)} |${cells.join("")}|`);
  });
  return lines;
}

/** `info` sub-rows for the scheduler and syscalls. */
export const SCHED_INFO_ROWS: readonly CommandRow[] = [
  {
    name: "sched", args: "", params: "", help: "draw the last scheduler slices as a timeline (one row per thread)",
    run: (ctx) => {
      const { system } = nkTarget(ctx);
      const names = (pid: number) => system.processes.processes.get(pid)?.comm ?? "(gone)";
      ctx.print(renderTimeline(system.scheduler.history, names).join("\n"));
    },
  },
  {
    name: "syscalls", args: "", params: "", help: "system call counts, errors and time per call (like strace -c)",
    run: (ctx) => {
      const { system } = nkTarget(ctx);
      const rows = [...system.syscalls.stats].map(([nr, s]) => ({ name: system.syscalls.rows[nr]?.name ?? `syscall_${nr}`, ...s }));
      rows.sort((a, b) => b.ns - a.ns || b.calls - a.calls);
      const total = rows.reduce((acc, r) => ({ calls: acc.calls + r.calls, errors: acc.errors + r.errors, ns: acc.ns + r.ns }), { calls: 0, errors: 0, ns: 0 });
      const rule = "------ ----------- ----------- --------- --------- ----------------";
      const line = (pct: number, r: { calls: number; errors: number; ns: number }, name: string, showZero: boolean) =>
        `${pct.toFixed(2).padStart(6)} ${(r.ns / 1e9).toFixed(6).padStart(11)} ${String(Math.round(r.ns / 1e3 / Math.max(1, r.calls))).padStart(11)} ` +
        `${String(r.calls).padStart(9)} ${(r.errors || showZero ? String(r.errors) : "").padStart(9)} ${name}`;
      ctx.print("% time     seconds  usecs/call     calls    errors syscall");
      ctx.print(rule);
      for (const r of rows) ctx.print(line(total.ns ? (100 * r.ns) / total.ns : 0, r, r.name, false));
      ctx.print(rule);
      ctx.print(line(100, total, "total", true));
      for (const [nr, n] of system.syscalls.missing) ctx.print(`unimplemented: syscall ${nr} called ${n} time${n === 1 ? "" : "s"}`);
    },
  },
];

/** Top-level scheduler and strace rows. */
export const SCHED_ROWS: readonly CommandRow[] = [
  {
    name: "sched", args: "policy:s?,quantum:s?", params: "[policy [quantum]]", help: "show the scheduler, or switch policy (and quantum, e.g. 5ms) live",
    run: (ctx, args) => {
      const { system } = nkTarget(ctx);
      const sched = system.scheduler;
      const name = args.policy as string | undefined;
      if (name !== undefined) {
        if (!(name in POLICIES)) throw new CommandError(`sched: unknown policy '${name}' (one of: ${Object.keys(POLICIES).join(", ")})`);
        const quantum = args.quantum === undefined ? undefined : parseQuantum(args.quantum as string);
        sched.setPolicy(name, quantum);
      }
      const t = sched.current;
      const label = (x: { tid: number; process: { pid: number; comm: string } }) => `${x.process.pid}:${x.tid} (${x.process.comm})`;
      ctx.print([
        `policy ${sched.policy.name}: ${sched.policy.description}`,
        `quantum ${ms(sched.quantumNs)}`,
        `running ${t ? label(t) : "(idle)"}`,
        `run queue ${sched.policy.ready().map(label).join(" ") || "(empty)"}`,
        `policies ${Object.keys(POLICIES).join(" ")}`,
      ].join("\n"));
    },
  },
  {
    name: "strace", args: "args:S", params: "on|off [pid] [syscall,...]", help: "print system calls as they complete (of one pid, of some syscalls)",
    run: (ctx, args) => {
      const words = splitWords(args.args as string);
      const mode = words.shift();
      const target = nkTarget(ctx);
      if (mode === "off") {
        if (words.length) throw new CommandError("strace: 'off' takes no arguments");
        target.setStrace({ enabled: false });
        return;
      }
      if (mode !== "on") throw new CommandError(`strace: expected on or off, got '${mode}'`);
      let pid: number | undefined;
      let syscalls: string[] | undefined;
      for (const w of words) {
        if (/^\d+$/.test(w) && pid === undefined) pid = pidArg("strace", w);
        else if (syscalls === undefined) syscalls = w.split(",").filter(Boolean);
        else throw new CommandError(`strace: unexpected '${w}' (usage: strace on [pid] [name,...])`);
      }
      if (pid !== undefined && !target.system.processes.processes.has(pid)) throw new CommandError(`strace: no process with pid ${pid}`);
      const known = new Set(target.system.syscalls.rows.filter((r) => r !== undefined).map((r) => r!.name));
      const unknown = syscalls?.filter((name) => !known.has(name));
      if (unknown?.length) throw new CommandError(`strace: unknown system call '${unknown[0]}'`);
      target.setStrace({ enabled: true, pid, syscalls });
    },
  },
];
