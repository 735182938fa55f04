// nk_runner.ts — runs a static i386 program under nk in-process (cli/session.ts, virtual clock,
// console as plain pipes) and collects what a native run would: stdout, stderr, exit status.
import { Session } from "../../cli/session.ts";
import type { System } from "../../kernel/system.ts";

/** How to run a program under nk. */
export interface NkRunOptions {
  args?: string[];
  env?: Record<string, string>;
  stdin?: string | Uint8Array;
  /** Called after the kernel starts and before the program does (mounts, files). */
  prepare?: (system: System) => void;
  /** Where the program is installed in the guest (default /bin/prog). */
  guestPath?: string;
  memory?: number;
}

/** What an nk run left behind; `status` as a shell reports it (128+N after signal N). */
export interface NkRunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs `hostProgram` under nk until it exits. */
export async function runUnderNk(hostProgram: string, options: NkRunOptions = {}): Promise<NkRunResult> {
  const out: Uint8Array[] = [], err: Uint8Array[] = [];
  const session = new Session(
    { console: "pipe", pace: false, memory: options.memory ?? 64 << 20 },
    { stdout: (b) => out.push(b), stderr: (b) => err.push(b) },
  );
  options.prepare?.(session.system);
  const guestPath = options.guestPath ?? "/bin/prog";
  session.installFile(hostProgram, guestPath);
  const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`);
  session.start(guestPath, [guestPath, ...(options.args ?? [])], env);
  if (options.stdin !== undefined) {
    session.input(typeof options.stdin === "string" ? new TextEncoder().encode(options.stdin) : options.stdin);
  }
  session.endOfInput();
  const status = await session.run();
  const text = (parts: Uint8Array[]) => Buffer.concat(parts).toString("utf8");
  const wait = status ?? -1;
  const sig = wait & 0x7f;
  return { stdout: text(out), stderr: text(err), status: wait < 0 ? -1 : sig ? 128 + sig : (wait >> 8) & 0xff };
}
