// Start-up times of a compiled nk for `nk bench` (issue #6): `nk --version`, and bare `nk` from spawn
// to the built-in shell's first prompt on a pseudo-terminal (the shell prompts only on a terminal).
// Uses Bun's PTY (Bun.spawn `terminal`); elsewhere the first-prompt time is left out.
import { spawnSync } from "node:child_process";

/** The console shell's default prompt (`nk:CWD$ `, examples/userland/src/sh.c run_file). */
export const PROMPT_PATTERN = /nk:[^\r\n]*\$ /;

/** How long one boot may take before it counts as failed (ms). */
const BOOT_TIMEOUT_MS = 20_000;

/** Median start-up times in ms (`firstPrompt` undefined without a PTY or if no prompt came). */
export interface StartupTimes {
  readonly version: number;
  readonly firstPrompt?: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Wall time of one `NK --version` (ms); `nk` is the command that runs nk, e.g. ["dist/nk"]. */
export function versionMs(nk: readonly string[]): number {
  const t0 = performance.now();
  spawnSync(nk[0], [...nk.slice(1), "--version"], { stdio: "ignore" });
  return performance.now() - t0;
}

/**
 * Wall time (ms) from spawning bare `NK` on an 80x24 PTY to the first prompt in its output, then
 * kills it; undefined if the runtime has no PTY, or no prompt came within the timeout.
 */
export async function firstPromptMs(nk: readonly string[]): Promise<number | undefined> {
  if (typeof Bun === "undefined" || typeof Bun.Terminal !== "function") return undefined;
  const decoder = new TextDecoder();
  let seen = "";
  const t0 = performance.now();
  return await new Promise<number | undefined>((resolve) => {
    let settled = false;
    const finish = (ms: number | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      proc.kill(9); // nk stays up after its shell exits (the monitor): stop it outright
      void proc.exited.then(() => { proc.terminal?.close(); resolve(ms); });
    };
    const proc = Bun.spawn([...nk], {
      env: { ...process.env, TERM: "vt100" },
      terminal: {
        cols: 80, rows: 24,
        data(_terminal, bytes) {
          seen += decoder.decode(bytes, { stream: true });
          if (PROMPT_PATTERN.test(seen)) finish(performance.now() - t0);
        },
      },
    });
    const timer = setTimeout(() => finish(undefined), BOOT_TIMEOUT_MS);
    void proc.exited.then(() => finish(undefined)); // exited before prompting
  });
}

/**
 * Medians over `runs` runs of `--version` and of the first prompt (nk run by `nk`), after one
 * uncounted run of each (a freshly built binary is not yet in the page cache).
 */
export async function measureStartup(nk: readonly string[], runs = 5): Promise<StartupTimes> {
  versionMs(nk);
  if ((await firstPromptMs(nk)) === undefined) return { version: versionMs(nk) };
  const version: number[] = [];
  for (let k = 0; k < runs; k++) version.push(versionMs(nk));
  const prompt: number[] = [];
  for (let k = 0; k < runs; k++) {
    const ms = await firstPromptMs(nk);
    if (ms === undefined) break;
    prompt.push(ms);
  }
  return { version: median(version), firstPrompt: prompt.length === runs ? median(prompt) : undefined };
}
