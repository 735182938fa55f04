// GdbTarget adapters: a bare Machine (`nk boot`: the whole machine is the debuggee) and a kernel
// System (`nk run`: the CPU runs the current user process; the kernel services its syscalls).

import type { Machine } from "../../core/machine.ts";
import type { System } from "../../kernel/system.ts";
import type { GdbTarget, RunEvent } from "./target.ts";

/** Optional owner callbacks shared by both adapters (see GdbTarget). */
export interface OwnerHooks {
  attach?(): void;
  detach?(): void;
  kill?(): void;
  /** Called after every slice (e.g. to flush guest console output to the host). */
  afterRun?(): void;
}

/** Poll interval while the guest waits for host input (ms). */
const IDLE_POLL_MS = 10;

/** A bare machine: breakpoints stop it; debug-exit reports an exit; a triple fault reports SIGSEGV. */
export function machineTarget(machine: Machine, hooks: OwnerHooks = {}): GdbTarget {
  return {
    cpu: machine.cpu,
    run(budget: number): RunEvent {
      const outcome = machine.run(budget);
      hooks.afterRun?.();
      switch (outcome) {
        case "budget": return { kind: "running" };
        case "idle": return { kind: "waiting", ms: IDLE_POLL_MS };
        case "breakpoint": return { kind: "breakpoint" };
        case "stopped": return { kind: "stopped", signal: 2 };
        case "exit": return { kind: "exited", code: machine.exitCode ?? 0 };
        case "shutdown": return { kind: "stopped", signal: 11 };
        case "dead": return { kind: "stopped", signal: 5 };
      }
    },
    attach: hooks.attach,
    detach: hooks.detach,
    kill: hooks.kill ?? (() => machine.stop()),
  };
}

/** Options for systemTarget: where the debugged program's wait(2) status comes from. */
export interface SystemTargetOptions extends OwnerHooks {
  /** The first program's wait status once it has exited (cli/session.ts Session.status). */
  exitStatus?(): number | undefined;
}

/**
 * A kernel session. The CPU state is the current process's; breakpoints are linear addresses and
 * fire in whichever process reaches them. The program's exit is reported as `W`/`X` from its
 * wait status (exit code in bits 8–15, or the killing signal in bits 0–6).
 */
export function systemTarget(system: System, opts: SystemTargetOptions = {}): GdbTarget {
  const exited = (): RunEvent | undefined => {
    const status = opts.exitStatus?.();
    if (status === undefined) return undefined;
    return status & 0x7f ? { kind: "signalled", signal: status & 0x7f } : { kind: "exited", code: (status >> 8) & 0xff };
  };
  return {
    cpu: system.machine.cpu,
    run(budget: number): RunEvent {
      const done = exited();
      if (done !== undefined) return done;
      const r = system.run(budget);
      opts.afterRun?.();
      const after = exited();
      if (after !== undefined) return after;
      switch (r.outcome) {
        case "budget": return { kind: "running" };
        case "idle": return { kind: "waiting", ms: r.waitingForInput ? IDLE_POLL_MS : 0 };
        case "finished": return { kind: "exited", code: 0 };
        case "crashed": return { kind: "stopped", signal: 11 };
        case "stopped": return r.machine === "breakpoint" ? { kind: "breakpoint" } : { kind: "stopped", signal: 2 };
      }
    },
    attach: opts.attach,
    detach: opts.detach,
    kill: opts.kill ?? (() => system.machine.stop()),
  };
}
