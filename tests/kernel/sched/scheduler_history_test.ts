// Scheduler.history (the monitor's `info sched` timeline): a bounded ring, returned oldest first.
import { expect, test } from "bun:test";
import { Session } from "../../../cli/session.ts";

const FORK = new URL("../../../examples/bench/bin/fork", import.meta.url).pathname;

test("Scheduler.history keeps the last 512 slices in time order", async () => {
  const session = new Session({ console: "pipe", pace: false }, { stdout: () => {}, stderr: () => {} });
  session.installFile(FORK, FORK);
  session.start(FORK, [FORK, "400"], ["PATH=/bin"]); // 400 fork+wait pairs: well over 512 switches
  expect(await session.run()).toBe(0);
  const h = session.system.scheduler.history;
  expect(h.length).toBe(512);
  for (let i = 1; i < h.length; i++) expect(h[i].start).toBeGreaterThanOrEqual(h[i - 1].end);
  expect(new Set(h.map((s) => s.pid)).size).toBeGreaterThan(100); // many children, not one stale window
});
