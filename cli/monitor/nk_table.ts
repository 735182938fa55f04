// The nk monitor's full command table: the base rows (commands.ts) plus machine, process,
// scheduler/strace and debugger rows, and their `info` sub-rows. One table drives dispatch,
// `help`, completion and docs/monitor.md.
import type { CommandRow } from "./command_table.ts";
import { buildCommandTable } from "./commands.ts";
import { DEBUG_ROWS } from "./debug_rows.ts";
import { MACHINE_INFO_ROWS, MACHINE_ROWS } from "./machine_rows.ts";
import { PROCESS_INFO_ROWS, PROCESS_ROWS } from "./process_rows.ts";
import { SCHED_INFO_ROWS, SCHED_ROWS } from "./sched_rows.ts";

/**
 * Builds the nk command table. DEBUG_ROWS may redefine a base row (e.g. `screendump`): the
 * debugger's row wins. Throws if any other name or alias is duplicated.
 */
export function buildNkCommandTable(): CommandRow[] {
  return buildCommandTable(
    [...MACHINE_ROWS, ...PROCESS_ROWS, ...SCHED_ROWS],
    [...MACHINE_INFO_ROWS, ...PROCESS_INFO_ROWS, ...SCHED_INFO_ROWS],
    DEBUG_ROWS,
  );
}
