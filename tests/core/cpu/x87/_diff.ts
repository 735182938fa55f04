// Test support: runs generated case lines through nk and the host oracle and collects mismatches.

import { evaluate, normalize, runOracle } from "./_oracle.ts";

export type DiffResult = { cases: number; mismatches: string[] };

/** Diffs every line; returns the mismatching lines with both outputs (first 10 kept). */
export function diff(lines: string[]): DiffResult {
  const host = runOracle(lines);
  const mismatches: string[] = [];
  let count = 0;
  lines.forEach((line, i) => {
    const h = normalize(line, host[i]);
    const n = evaluate(line);
    if (h !== n && count++ < 10) mismatches.push(`${line}\n  host ${h}\n  nk   ${n}`);
  });
  if (count > 10) mismatches.push(`… ${count - 10} more`);
  return { cases: lines.length, mismatches };
}
