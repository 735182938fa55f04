// Monitor rows about the machine (QEMU HMP names): info cpu/jit/tlb/pic/irq, system_reset, pid,
// breakpoints (break/delete/info break), software watchpoints, the instruction trace, the kernel
// log and sendkey. Handlers reach the real machine through NkTarget.
import { Cr0, Pte } from "../../core/cpu/control_regs.ts";
import { CommandError, type CommandContext, type CommandRow, type ParsedArgs } from "./command_table.ts";
import { pageTableEntry } from "./guest_memory.ts";
import { NkTarget } from "./nk_target.ts";
import { jitStats } from "../../core/cpu/jit/codegen.ts";

/** The NkTarget behind `ctx`; rows that need the kernel fail in one line on other targets. */
export function nkTarget(ctx: CommandContext): NkTarget {
  if (ctx.target instanceof NkTarget) return ctx.target;
  throw new CommandError("this command needs a running nk system");
}

const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, "0");
const word = (args: ParsedArgs, name: string): string | undefined => args[name] as string | undefined;

/** Parses a decimal pid word; CommandError naming the command otherwise. */
export function pidArg(command: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CommandError(`${command}: '${text}' is not a pid`);
  return Number(text);
}

// `info tlb`: present user pages of a process's page directory, QEMU's "virt: phys flags" lines.
function tlbLines(ctx: CommandContext, pid: number | undefined): string[] {
  const target = nkTarget(ctx);
  const p = target.process(pid ?? ctx.state.pid);
  const lines: string[] = [];
  for (const v of p.as.vmas) {
    for (let a = v.start; a < v.end; a += 0x1000) {
      const pte = pageTableEntry(target.system, p.as.pd, a);
      if (!(pte & Pte.P)) continue;
      const flag = (bit: number, letter: string) => (pte & bit ? letter : "-");
      lines.push(`${hex8(a)}: ${hex8(pte & ~0xfff)} ${flag(Pte.G, "G")}${flag(Pte.D, "D")}${flag(Pte.A, "A")}${flag(Pte.US, "U")}${flag(Pte.RW, "W")}${pte & Pte.NX ? "-" : "X"}`);
    }
  }
  return lines;
}

/** `info` sub-rows about the machine. */
export const MACHINE_INFO_ROWS: readonly CommandRow[] = [
  {
    name: "cpu", args: "", params: "", help: "show the CPU: pc, mode, the thread it runs",
    run: (ctx) => {
      const { system } = nkTarget(ctx);
      const cpu = system.machine.cpu;
      const t = system.scheduler.current;
      const paging = cpu.cr0 & Cr0.PG ? "on" : "off";
      ctx.print(`* CPU #0: pc=0x${hex8(cpu.eip)} cpl=${cpu.cpl} paging=${paging}${cpu.halted ? " (halted)" : ""} ` +
        `instructions=${cpu.instructionCount} ${t ? `thread=${t.tid} pid=${t.process.pid} (${t.process.comm})` : "idle"}`);
    },
  },
  {
    name: "jit", args: "", params: "", help: "show the block compiler: threshold, cached and compiled blocks, inline share",
    run: (ctx) => {
      const cpu = nkTarget(ctx).system.machine.cpu;
      let cached = 0, compiled = 0;
      for (const b of cpu.blocks.values()) {
        cached++;
        if (b.compiled !== undefined) compiled++;
      }
      const { blocks, inline, calls } = jitStats;
      const share = inline + calls ? ((100 * inline) / (inline + calls)).toFixed(1) : "0.0";
      ctx.print(`jit: ${cpu.jitEnabled ? `on, compiles a block after ${cpu.jitThreshold} runs` : "off (interpreter only)"}`);
      ctx.print(`cached blocks: ${cached}, compiled: ${compiled}`);
      ctx.print(`compiled so far: ${blocks} blocks in regions, ${inline} instructions inline, ${calls} handler calls (${share}% inline)`);
    },
  },
  {
    name: "tlb", args: "pid:s?", params: "[pid]", help: "show the page-table mappings (virtual: physical flags) of a process",
    run: (ctx, args) => {
      const lines = tlbLines(ctx, pidArg("info tlb", word(args, "pid")));
      ctx.print(lines.length ? lines.join("\n") : "no pages are mapped");
    },
  },
  {
    name: "pic", args: "", params: "", help: "show the 8259 PIC state (IRR, ISR, IMR, vector base)",
    run: (ctx) => {
      const hex2 = (v: number) => v.toString(16).padStart(2, "0");
      for (const c of nkTarget(ctx).system.machine.devices.pic.pendingSummary()) {
        ctx.print(`pic ${c.chip.padEnd(6)}: irr=${hex2(c.irr)} imr=${hex2(c.imr)} isr=${hex2(c.isr)} base=${hex2(c.base)}`);
      }
    },
  },
  {
    name: "irq", args: "", params: "", help: "show interrupts taken per IRQ line since the monitor started",
    run: (ctx) => {
      ctx.print("IRQ statistics:");
      nkTarget(ctx).irqCounts.forEach((n, irq) => { if (n > 0) ctx.print(`${String(irq).padStart(2)}: ${n}`); });
    },
  },
  {
    name: "break", args: "", params: "", help: "list the breakpoints",
    run: (ctx) => {
      const target = nkTarget(ctx);
      if (target.breakpoints.size === 0 && target.watchpoints.size === 0) { ctx.print("no breakpoints"); return; }
      for (const [id, a] of target.breakpoints) ctx.print(`${id}: breakpoint at 0x${hex8(a)}`);
      for (const w of target.watchpoints.values()) ctx.print(`w${w.id}: watch ${w.length} bytes at 0x${hex8(w.address)} in pid ${w.pid}`);
    },
  },
];

/** Top-level machine rows. */
export const MACHINE_ROWS: readonly CommandRow[] = [
  {
    name: "pid", args: "pid:s?", params: "[pid]", help: "choose the process whose memory x, poke, write, memsave use (none: the current one)",
    run: (ctx, args) => {
      const pid = pidArg("pid", word(args, "pid"));
      if (pid !== undefined) nkTarget(ctx).process(pid);
      ctx.state.pid = pid;
      const p = pid === undefined ? undefined : pid;
      ctx.print(p === undefined ? "memory commands follow the current process" : `memory commands use pid ${p}`);
    },
  },
  {
    name: "system_reset", args: "", params: "", help: "kill every process and start the first program again (the kernel stays up)",
    run: (ctx) => ctx.print(nkTarget(ctx).resetPrograms()),
  },
  {
    name: "break|b", args: "addr:l", params: "addr", help: "stop before the instruction at linear address 'addr' (any process)",
    run: (ctx, args) => {
      const address = args.addr as number;
      ctx.print(`breakpoint ${nkTarget(ctx).addBreakpoint(address)} at 0x${hex8(address)}`);
    },
  },
  {
    name: "delete|d", args: "id:s", params: "N|wN", help: "delete breakpoint N or watchpoint wN",
    run: (ctx, args) => {
      const text = args.id as string;
      const target = nkTarget(ctx);
      const match = /^(w?)(\d+)$/.exec(text);
      if (match === null) throw new CommandError(`delete: '${text}' is not a breakpoint number`);
      const ok = match[1] ? target.deleteWatchpoint(Number(match[2])) : target.deleteBreakpoint(Number(match[2]));
      if (!ok) throw new CommandError(`delete: no ${match[1] ? "watchpoint" : "breakpoint"} ${text}`);
    },
  },
  {
    name: "watch", args: "addr:l,kind:s?", params: "addr [w]", help: "stop when the dword at 'addr' changes (single-steps while set: slow)",
    run: (ctx, args) => {
      const kind = word(args, "kind") ?? "w";
      if (kind === "r") throw new CommandError("watch: read watchpoints are not supported (nk has no debug-register emulation); use a write watch");
      if (kind !== "w") throw new CommandError(`watch: kind must be w, got '${kind}'`);
      const address = args.addr as number;
      const id = nkTarget(ctx).addWatchpoint(ctx.state.pid, address, 4);
      ctx.print(`watchpoint w${id} at 0x${hex8(address)}`);
    },
  },
  {
    name: "trace", args: "mode:s", params: "on|off", help: "print every executed instruction, disassembled (single-steps: slow)",
    run: (ctx, args) => {
      const mode = args.mode as string;
      if (mode !== "on" && mode !== "off") throw new CommandError(`trace: expected on or off, got '${mode}'`);
      nkTarget(ctx).setTrace(mode === "on");
    },
  },
  {
    name: "log", args: "count:i?", params: "[count]", help: "show the kernel log (dmesg), or its last 'count' lines",
    run: (ctx, args) => {
      const log = nkTarget(ctx).system.log;
      const count = args.count as number | undefined;
      for (const line of count === undefined ? log : log.slice(-count)) ctx.print(line);
    },
  },
  {
    name: "sendkey", args: "keys:s", params: "keys", help: "send keys to the PS/2 keyboard (e.g. ctrl-alt-f1, a, ret)",
    run: (ctx, args) => {
      try {
        nkTarget(ctx).system.machine.devices.keyboard.sendKeys(args.keys as string);
      } catch (error) {
        throw new CommandError(`sendkey: ${(error as Error).message}`);
      }
    },
  },
];
