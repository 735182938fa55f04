// Monitor rows about guest programs: load (host file → guest fs), exec (spawn), ps, kill, and the
// per-process views info proc / info fd / info maps / info mem. Output follows ps(1) and
// /proc/PID/maps (proc(5)) where those exist.
import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import { Errno, errnoText } from "../../kernel/linux/errno.ts";
import { Signal, signalName } from "../../kernel/linux/signals.ts";
import { Prot } from "../../kernel/memory/address_space.ts";
import { STATE_LETTER } from "../../kernel/process/thread.ts";
import type { Process } from "../../kernel/process/process.ts";
import { CommandError, type CommandContext, type CommandRow, type ParsedArgs } from "./command_table.ts";
import { nkTarget, pidArg } from "./machine_rows.ts";

/** A kernel error as one readable phrase: `No such file or directory`. */
export function describeErrno(error: Errno): string {
  return errnoText[error.code] ?? error.message;
}

const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, "0");

/** CPU time as ps's TIME column with milliseconds: `M:SS.mmm`. */
export function formatCpuTime(ns: number): string {
  const ms = Math.floor(ns / 1e6);
  return `${Math.floor(ms / 60000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, "0")}.${String(ms % 1000).padStart(3, "0")}`;
}

/** Splits a command line into words, honouring "double quotes". */
export function splitWords(text: string): string[] {
  return [...text.matchAll(/"((?:\\.|[^"\\])*)"|(\S+)/g)].map((m) => m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]!);
}

/** Parses `-9`, `-KILL`, `-SIGKILL` (kill(1)); undefined for an unknown name. */
export function parseSignal(text: string): number | undefined {
  const body = text.replace(/^-/, "").toUpperCase();
  if (/^\d+$/.test(body)) return Number(body) >= 1 && Number(body) <= 64 ? Number(body) : undefined;
  const name = (body.startsWith("SIG") ? body : "SIG" + body) as keyof typeof Signal;
  return Signal[name];
}

function selected(ctx: CommandContext, command: string, args: ParsedArgs): Process {
  return nkTarget(ctx).process(pidArg(command, args.pid as string | undefined) ?? ctx.state.pid);
}

function permString(prot: number, shared: boolean): string {
  return `${prot & Prot.Read ? "r" : "-"}${prot & Prot.Write ? "w" : "-"}${prot & Prot.Exec ? "x" : "-"}${shared ? "s" : "p"}`;
}

/** `info` sub-rows about processes. */
export const PROCESS_INFO_ROWS: readonly CommandRow[] = [
  {
    name: "proc", args: "pid:s?", params: "[pid]", help: "show a process: ids, state, command, memory, signals, threads",
    run: (ctx, args) => {
      const p = selected(ctx, "info proc", args);
      const as = p.as;
      ctx.print([
        `pid ${p.pid}  ppid ${p.parent?.pid ?? 0}  pgid ${p.pgid}  sid ${p.sid}  uid ${p.uid}  gid ${p.gid}`,
        `comm ${p.comm}  exe ${p.exePath}`,
        `argv ${JSON.stringify(p.argv)}`,
        `nice ${p.nice}  started ${(p.startNs / 1e9).toFixed(6)} s  cpu ${formatCpuTime(p.threads.reduce((n, t) => n + t.cpuTimeNs, p.deadThreadCpuNs))}`,
        `memory ${as.mappedBytes() >> 10} KiB mapped, ${as.residentPages() * 4} KiB resident, brk 0x${hex8(as.brkStart)}-0x${hex8(as.brk)}`,
        `signals pending ${p.pending.map((s) => signalName(s.sig)).join(",") || "-"}  handled ${p.sighand.actions.map((a, i) => (a.handler > 1 ? signalName(i) : "")).filter(Boolean).join(",") || "-"}`,
        ...p.threads.map((t) => `thread ${t.tid}: ${STATE_LETTER[t.state]} eip 0x${hex8(t.ctx.eip)} cpu ${formatCpuTime(t.cpuTimeNs)} mask 0x${hex8(t.maskHi)}${hex8(t.maskLo)}`),
      ].join("\n"));
    },
  },
  {
    name: "fd", args: "pid:s?", params: "[pid]", help: "show a process's open file descriptors",
    run: (ctx, args) => {
      const p = selected(ctx, "info fd", args);
      const vfs = nkTarget(ctx).system.files.vfs;
      const access = ["r", "w", "rw", "?"];
      for (const [fd, file] of p.files.entries()) {
        let path: string;
        try { path = vfs.pathOf(file); } catch { path = "?"; }
        ctx.print(`${String(fd).padStart(3)} ${access[file.accessMode]!.padEnd(2)} offset ${file.offset}  ${path}${p.files.getCloexec(fd) ? "  (cloexec)" : ""}`);
      }
    },
  },
  {
    name: "maps", args: "pid:s?", params: "[pid]", help: "show a process's memory map as /proc/PID/maps",
    run: (ctx, args) => {
      for (const v of selected(ctx, "info maps", args).as.vmas) {
        const ino = v.file && "ino" in v.file ? (v.file as { ino: number }).ino : 0;
        ctx.print(`${hex8(v.start)}-${hex8(v.end)} ${permString(v.prot, v.shared)} ${hex8(v.fileOffset)} 00:00 ${String(ino).padEnd(10)}${v.name}`);
      }
    },
  },
  {
    name: "mem", args: "pid:s?", params: "[pid]", help: "show a process's regions (VMAs): range, size, permissions, resident pages",
    run: (ctx, args) => {
      const p = selected(ctx, "info mem", args);
      const target = nkTarget(ctx);
      for (const v of p.as.vmas) {
        let resident = 0;
        for (let a = v.start; a < v.end; a += 0x1000) if (target.system.arch.pdLookup(p.as.pd, a) & 1) resident++;
        ctx.print(`${hex8(v.start)}-${hex8(v.end)} ${hex8(v.end - v.start)} ${permString(v.prot, v.shared)} ${String(resident).padStart(5)}/${String((v.end - v.start) / 4096).padEnd(5)} ${v.name}`);
      }
    },
  },
];

/** Top-level process rows. */
export const PROCESS_ROWS: readonly CommandRow[] = [
  {
    name: "load", args: "host:F,guest:s?", params: "hostfile [guestpath]", help: "copy a host file into the guest file system (default /bin/NAME)",
    run: (ctx, args) => {
      const host = args.host as string;
      if (!existsSync(host) || !statSync(host).isFile()) throw new CommandError(`load: ${host}: no such file`);
      const guest = (args.guest as string | undefined) ?? `/bin/${basename(host)}`;
      if (!guest.startsWith("/")) throw new CommandError(`load: guest path must be absolute, got '${guest}'`);
      try {
        nkTarget(ctx).session.installFile(host, guest);
      } catch (error) {
        if (error instanceof Errno) throw new CommandError(`load: ${guest}: ${describeErrno(error)}`);
        throw error;
      }
      ctx.print(`loaded ${host} as ${guest}`);
    },
  },
  {
    name: "exec", args: "cmd:S", params: "path [args...]", help: "start a program in the guest (a new process)",
    run: (ctx, args) => {
      const words = splitWords(args.cmd as string);
      const target = nkTarget(ctx);
      try {
        const p = target.spawn(words[0]!, words);
        ctx.print(`started pid ${p.pid} (${p.comm})`);
      } catch (error) {
        if (error instanceof Errno) throw new CommandError(`exec: ${words[0]}: ${describeErrno(error)}`);
        throw error;
      }
    },
  },
  {
    name: "ps", args: "", params: "", help: "list threads: PID TID PPID state, policy, nice, CPU time, command",
    run: (ctx) => {
      const { system } = nkTarget(ctx);
      system.scheduler.accountCurrent();
      const policy = system.scheduler.policy.name;
      ctx.print("  PID   TID  PPID S POLICY  NI      TIME CMD");
      for (const p of system.processes.processes.values()) {
        const cmd = p.argv.join(" ") || p.comm;
        const row = (tid: string, state: string, ns: number) =>
          `${String(p.pid).padStart(5)} ${tid.padStart(5)} ${String(p.parent?.pid ?? 0).padStart(5)} ${state} ${policy.padEnd(7)} ${String(p.nice).padStart(3)} ${formatCpuTime(ns).padStart(9)} ${cmd}`;
        if (p.zombie || p.threads.length === 0) ctx.print(row("-", "Z", p.deadThreadCpuNs));
        else for (const t of p.threads) ctx.print(row(String(t.tid), STATE_LETTER[t.state], t.cpuTimeNs));
      }
    },
  },
  {
    name: "kill", args: "args:S", params: "[-SIG] pid", help: "send a signal (default SIGTERM) to a process",
    run: (ctx, args) => {
      const words = splitWords(args.args as string);
      let sig: number = Signal.SIGTERM;
      if (words[0]?.startsWith("-")) {
        const parsed = parseSignal(words.shift()!);
        if (parsed === undefined) throw new CommandError(`kill: unknown signal '${args.args}'`);
        sig = parsed;
      }
      if (words.length !== 1) throw new CommandError("kill: usage: kill [-SIG] pid");
      const target = nkTarget(ctx);
      const p = target.process(pidArg("kill", words[0]));
      target.system.signals.sendProcess(p, sig);
      ctx.print(`sent ${signalName(sig)} to pid ${p.pid}`);
      target.noteExit(p); // SIGKILL ends a paused process at once
    },
  },
];
