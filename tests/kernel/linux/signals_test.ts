// Tests for the signal tables: numbers and flags against the host's i386 headers, default actions.
import { expect, test } from "bun:test";
import {
  defaultAction,
  isUncatchable,
  SiCode,
  SigactionFlag,
  SigaltstackFlag,
  Signal,
  signalName,
  SigprocmaskHow,
  SIGRTMAX,
  SIGRTMIN,
} from "../../../kernel/linux/signals.ts";
import { compareWithHost, macroProbe, runHostC } from "./_host_c.ts";

test("Signal numbers and flags match the host i386 headers", () => {
  expect(compareWithHost(["linux/signal.h"], Signal)).toEqual([]);
  expect(compareWithHost(["linux/signal.h"], SigactionFlag)).toEqual([]);
  expect(compareWithHost(["linux/signal.h"], SigprocmaskHow)).toEqual([]);
  expect(compareWithHost(["linux/signal.h"], SigaltstackFlag)).toEqual([]);
  expect(compareWithHost(["linux/signal.h"], SiCode)).toEqual([]);
});

test("SIGRTMIN/SIGRTMAX are the kernel's 32..64 (_NSIG)", () => {
  // The uapi header has no _NSIG for user space; glibc's __SIGRTMIN/__SIGRTMAX are the kernel's.
  const host = runHostC(macroProbe(["signal.h"], ["__SIGRTMIN", "__SIGRTMAX"]));
  expect(host.get("__SIGRTMIN")).toBe(BigInt(SIGRTMIN));
  expect(host.get("__SIGRTMAX")).toBe(BigInt(SIGRTMAX));
});

test("defaultAction() follows signal(7)", () => {
  expect(defaultAction(Signal.SIGSEGV)).toBe("core");
  expect(defaultAction(Signal.SIGTERM)).toBe("term");
  expect(defaultAction(Signal.SIGCHLD)).toBe("ignore");
  expect(defaultAction(Signal.SIGWINCH)).toBe("ignore");
  expect(defaultAction(Signal.SIGURG)).toBe("ignore");
  expect(defaultAction(Signal.SIGCONT)).toBe("cont");
  expect(defaultAction(Signal.SIGTSTP)).toBe("stop");
  expect(defaultAction(Signal.SIGTTOU)).toBe("stop");
  expect(defaultAction(Signal.SIGSYS)).toBe("core");
  expect(defaultAction(Signal.SIGPIPE)).toBe("term");
  expect(defaultAction(SIGRTMIN + 5)).toBe("term");
  expect(() => defaultAction(0)).toThrow(RangeError);
  expect(() => defaultAction(65)).toThrow(RangeError);
});

test("signalName() names standard and real-time signals", () => {
  expect(signalName(11)).toBe("SIGSEGV");
  expect(signalName(32)).toBe("SIGRTMIN");
  expect(signalName(35)).toBe("SIGRTMIN+3");
  expect(signalName(99)).toBe("SIG99");
  expect(isUncatchable(Signal.SIGKILL)).toBe(true);
  expect(isUncatchable(Signal.SIGSTOP)).toBe(true);
  expect(isUncatchable(Signal.SIGTERM)).toBe(false);
});
