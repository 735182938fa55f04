// Debugger rows (QEMU HMP names): `gdbserver [PORT|none]`, `screendump FILE`, `savevm FILE`,
// `loadvm FILE`. They reach the machine through the target's `session` (a kernel Session, as
// NkTarget has) or `machine` (a bare machine booted with `nk boot`) property.
// The nk command table (nk_table.ts) includes them; a row here replaces a base row of the same name.
import type { Machine } from "../../core/machine.ts";
import { machineTarget, startGdbServer, systemTarget, DEFAULT_GDB_PORT, type GdbServer, type GdbTarget } from "../gdb/mod.ts";
import { screendump } from "../screendump.ts";
import { Session } from "../session.ts";
import { KERNEL_SNAPSHOT_UNSUPPORTED, loadvm, savevm, SnapshotError } from "../snapshot.ts";
import { CommandError, type CommandContext, type CommandRow } from "./command_table.ts";
import type { MonitorTarget } from "./target.ts";

/** What a monitor target may expose for these rows (NkTarget has `session`). */
export interface DebugHost {
  /** A running TypeScript-kernel session (`nk run`, `nk monitor PROGRAM`). */
  readonly session?: Session;
  /** A bare machine (`nk boot`); ignored when `session` is present. */
  readonly machine?: Machine;
}

function hostOf(target: MonitorTarget): { session?: Session; machine?: Machine } {
  const host = target as MonitorTarget & DebugHost;
  if (host.session instanceof Session) return { session: host.session, machine: host.session.system.machine };
  return { machine: host.machine };
}

function machineOf(ctx: CommandContext, command: string): Machine {
  const machine = hostOf(ctx.target).machine;
  if (machine === undefined) throw new CommandError(`${command}: this monitor has no machine attached`);
  return machine;
}

/** The gdbserver of each monitor target (one per target, like QEMU's single gdbstub). */
const servers = new WeakMap<MonitorTarget, GdbServer>();

/**
 * The GdbTarget for a monitor target. For a Session: the session loop pauses while gdb is
 * attached (gdb drives the machine) and resumes on detach if it was running; guest output is
 * flushed after every slice.
 */
function gdbTargetFor(ctx: CommandContext): GdbTarget {
  const { session, machine } = hostOf(ctx.target);
  if (session !== undefined) {
    let wasRunning = false;
    return systemTarget(session.system, {
      exitStatus: () => session.status,
      afterRun: () => session.flush(),
      attach: () => {
        wasRunning = session.looping && session.pauseReason === undefined;
        session.pause("gdb");
      },
      detach: () => { if (wasRunning) session.resume(); },
      kill: () => session.stop(),
    });
  }
  if (machine !== undefined) return machineTarget(machine);
  throw new CommandError("gdbserver: this monitor has no machine attached");
}

async function gdbserver(ctx: CommandContext, port: string | undefined): Promise<void> {
  const running = servers.get(ctx.target);
  if (port === "none") {
    if (running === undefined) throw new CommandError("gdbserver: not running");
    servers.delete(ctx.target);
    await running.close();
    ctx.print(`gdbserver: stopped listening on port ${running.port}`);
    return;
  }
  if (running !== undefined) throw new CommandError(`gdbserver: already listening on tcp::${running.port} ('gdbserver none' stops it)`);
  const number = port === undefined ? DEFAULT_GDB_PORT : Number(port.replace(/^tcp::?/, ""));
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new CommandError(`gdbserver: bad port '${port}'`);
  try {
    const server = await startGdbServer(gdbTargetFor(ctx), number);
    servers.set(ctx.target, server);
    ctx.print(`Waiting for gdb connection on device 'tcp::${server.port}' (gdb: target remote :${server.port})`);
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(`gdbserver: cannot listen on port ${number}: ${(error as Error).message}`);
  }
}

function snapshotCommand(ctx: CommandContext, command: "savevm" | "loadvm", file: string): void {
  const { session, machine } = hostOf(ctx.target);
  if (session !== undefined) throw new CommandError(`${command}: ${KERNEL_SNAPSHOT_UNSUPPORTED}`);
  if (machine === undefined) throw new CommandError(`${command}: this monitor has no machine attached`);
  try {
    if (command === "savevm") ctx.print(`savevm: ${savevm(machine, file)} bytes written to ${file}`);
    else {
      loadvm(machine, file);
      ctx.print(`loadvm: machine restored from ${file} (eip 0x${(machine.cpu.eip >>> 0).toString(16)})`);
    }
  } catch (error) {
    if (error instanceof SnapshotError || (error as NodeJS.ErrnoException).code !== undefined) {
      throw new CommandError(`${command}: ${file}: ${(error as Error).message}`);
    }
    throw error;
  }
}

/** Debugger rows added to the nk monitor table. */
export const DEBUG_ROWS: readonly CommandRow[] = [
  {
    name: "gdbserver", args: "port:s?", params: "[port|none]",
    help: `start a gdb remote-protocol server on 127.0.0.1 (default port ${DEFAULT_GDB_PORT}; 'none' stops it)`,
    run: (ctx, args) => gdbserver(ctx, args.port as string | undefined),
  },
  {
    name: "screendump", args: "filename:F", params: "filename",
    help: "save the screen (VBE framebuffer, else VGA text) as a PNG image",
    run: (ctx, args) => {
      const { machine } = hostOf(ctx.target);
      ctx.print(screendump(machine ?? machineOf(ctx, "screendump"), args.filename as string));
    },
  },
  {
    name: "savevm", args: "filename:F", params: "filename", help: "save the whole machine (nk boot) to a snapshot file",
    run: (ctx, args) => snapshotCommand(ctx, "savevm", args.filename as string),
  },
  {
    name: "loadvm", args: "filename:F", params: "filename", help: "restore the whole machine (nk boot) from a snapshot file",
    run: (ctx, args) => snapshotCommand(ctx, "loadvm", args.filename as string),
  },
];
