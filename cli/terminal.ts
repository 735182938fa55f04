// Terminal policy for nk: the single rule deciding whether we talk to a person (prompts, raw
// mode, escape keys) or to a pipe (bytes only), and a guard that always restores cooked mode.

/** The subset of a process that the terminal guard needs (injectable for tests). */
export interface GuardedProcess {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  exit(code?: number): never;
}

/** A stdin that may be a TTY. */
export interface RawModeInput {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * THE rule: nk is interactive only when both stdin and stdout are terminals. Only then does it
 * print prompts, enable raw mode and interpret Ctrl-A escapes; otherwise input and output are
 * plain byte streams (`nk monitor < script > log` prints command output only).
 */
export function isInteractive(input: { readonly isTTY?: boolean }, output: { readonly isTTY?: boolean }): boolean {
  return input.isTTY === true && output.isTTY === true;
}

// Conventional 128 + signal number exit statuses (signal(7)).
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Puts `input` in raw mode and guarantees cooked mode comes back: on normal exit, on an uncaught
 * error or rejection (printed, then exit 1) and on SIGINT/SIGTERM/SIGHUP (exit 128+n). Returns a
 * function that restores the terminal now and removes the handlers (idempotent).
 */
export function enterRawMode(input: RawModeInput, proc: GuardedProcess = process as unknown as GuardedProcess): () => void {
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    try { input.setRawMode?.(false); } catch { /* the terminal may already be gone (SIGHUP) */ }
  };
  const listeners: [string, (...args: unknown[]) => void][] = [
    ["exit", restore],
    ["uncaughtException", (error) => { restore(); process.stderr.write(`nk: ${String((error as Error)?.stack ?? error)}\n`); proc.exit(1); }],
    ["unhandledRejection", (error) => { restore(); process.stderr.write(`nk: ${String((error as Error)?.stack ?? error)}\n`); proc.exit(1); }],
    ...Object.entries(SIGNAL_EXIT).map(([signal, code]) => [signal, () => { restore(); proc.exit(code); }] as [string, () => void]),
  ];
  for (const [event, listener] of listeners) proc.on(event, listener);
  input.setRawMode?.(true);
  return () => {
    restore();
    for (const [event, listener] of listeners) proc.off(event, listener);
  };
}
