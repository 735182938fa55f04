// sys_poll.ts against the host kernel: tests/kernel/linux/guest/poll_select.c exercises poll,
// ppoll, select and pselect (readiness, timeouts, wake-ups, errors, signal masks); the nk run must
// print what the native run prints.
import { test, expect } from "bun:test";
import { buildGuest, runNative } from "./_guest_c.ts";
import { runUnderNk } from "../../support/nk_runner.ts";

const exe = buildGuest("poll_select");
const native = runNative(exe);
const nk = runUnderNk(exe);

/** The line that depends on signal delivery restoring `thread.savedMask` (kernel/process/signals.ts). */
const MASK_LINE = /^mask restored: .*\n/m;

test("poll_select prints the same under nk as natively", async () => {
  expect(native.status).toBe(0);
  expect(native.stdout).toContain("done\n");
  const run = await nk;
  expect(run.status).toBe(0);
  expect(run.stdout.replace(MASK_LINE, "")).toBe(native.stdout.replace(MASK_LINE, ""));
});

// Regression: Signals.pushFrame saves the mask ppoll/pselect/sigsuspend replaced (t.savedMask) in
// the frame, so sigreturn undoes the temporary mask.
test("ppoll's temporary mask is gone after the handler returns", async () => {
  expect((await nk).stdout.match(MASK_LINE)?.[0]).toBe(native.stdout.match(MASK_LINE)?.[0]);
});
