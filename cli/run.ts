// `nk run PROGRAM [ARGS…]`: runs a static i386 Linux program on the Native Kit kernel with the
// guest console on stdin/stdout (stderr apart), like qemu-i386: the host environment is passed
// through (--env/--unset-env edit it), the exit status is the program's (a signal death → 128+N).
import { existsSync, realpathSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { parseCommandLine, MACHINE_OPTIONS, type MountSpec, UsageError } from "./args.ts";
import { Session } from "./session.ts";
import { isInteractive } from "./terminal.ts";
import { Errno } from "../kernel/linux/errno.ts";
import { signalName } from "../kernel/linux/signals.ts";

/** Guest RAM for `nk run` unless --mem says otherwise: room for a 256 MiB RLIMIT_AS and more. */
export const DEFAULT_RUN_MEMORY = 512 << 20;

/** True if the guest already sees `path` (e.g. through the host-cwd mount). */
function pathVisible(session: Session, path: string): boolean {
  try {
    session.system.files.vfs.resolve(path);
    return true;
  } catch {
    return false;
  }
}

/** Converts a wait(2) status to a shell exit code. */
export function exitCodeOf(status: number): number {
  const sig = status & 0x7f;
  return sig ? 128 + sig : (status >> 8) & 0xff;
}

/** Builds the guest environment from the host's and the --env/--unset-env options. */
function guestEnvironment(set: readonly (readonly [string, string])[], unset: readonly string[]): string[] {
  const env = new Map(Object.entries(process.env).filter((kv): kv is [string, string] => kv[1] !== undefined));
  for (const name of unset) env.delete(name);
  for (const [k, v] of set) env.set(k, v);
  return [...env].map(([k, v]) => `${k}=${v}`);
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, MACHINE_OPTIONS, "run", { stopAtFirstPositional: true });
  const program = positionals[0];
  if (!program) throw new UsageError("nk run: missing PROGRAM (try 'nk help run')");
  if (!existsSync(program) || !statSync(program).isFile()) {
    process.stderr.write(`nk: ${program}: no such file\n`);
    return 127;
  }
  const hostPath = (await import("node:path")).resolve(program);
  let exePath = hostPath;
  const tty = isInteractive(process.stdin, process.stdout);
  let strace: ((line: string) => void) | undefined;
  const straceOpt = values.strace;
  if (straceOpt !== undefined) {
    if (typeof straceOpt === "string" && straceOpt !== "") {
      writeFileSync(straceOpt, "");
      strace = (line) => appendFileSync(straceOpt, line + "\n");
    } else strace = (line) => process.stderr.write(line + "\n");
  }
  const clock = (values.clock as string | undefined) ?? "realtime";
  let disk: import("../devices/block_backend.ts").BlockBackend | undefined;
  if (values.disk) {
    const { FileBackend } = await import("./disk_file_backend.ts");
    try {
      disk = new FileBackend(values.disk as string);
    } catch (e) {
      process.stderr.write(`nk: --disk ${values.disk}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  let session: Session;
  try {
    session = makeSession();
  } catch (e) {
    process.stderr.write(`nk: cannot start the kernel: ${(e as Error).message}\n`);
    return 1;
  }
  function makeSession(): Session {
    return new Session({
    disk,
    vm8086: true,
    memory: (values.mem as number | undefined) ?? DEFAULT_RUN_MEMORY,
    sched: values.sched as string | undefined,
    console: tty ? "tty" : "pipe",
    strace,
    pace: clock !== "virtual",
  }, {
    stdout: (b) => process.stdout.write(b),
    stderr: (b) => process.stderr.write(b),
  });
  }
  const mounts = (values.mount as MountSpec[] | undefined) ?? [];
  let startDir = "/";
  try {
    if (mounts.length) {
      const { HostFs } = await import("./host_fs" + ".ts") as { HostFs: new (p: string, o: { readOnly: boolean }) => { root: import("../kernel/files/inode.ts").Inode } };
      for (const m of mounts) {
        const vfs = session.system.files.vfs;
        let dir = "";
        for (const part of m.guest.split("/").filter(Boolean)) {
          dir += "/" + part;
          try { vfs.mkdir(dir, 0o755); } catch (e) { if (!(e instanceof Errno)) throw e; }
        }
        vfs.mount(m.guest, new HostFs(m.host, { readOnly: m.readOnly }).root);
      }
    }
    // Like qemu-user, the guest sees the host's working directory at the same path and starts in it.
    if (!values["no-host-cwd"]) {
      const { HostFs } = await import("./host_fs" + ".ts") as { HostFs: new (p: string, o: { readOnly: boolean }) => { root: import("../kernel/files/inode.ts").Inode } };
      const cwd = process.cwd();
      if (cwd !== "/" && !mounts.some((m) => m.guest === cwd)) {
        const vfs = session.system.files.vfs;
        let dir = "";
        for (const part of cwd.split("/").filter(Boolean)) {
          dir += "/" + part;
          try { vfs.mkdir(dir, 0o755); } catch (e) { if (!(e instanceof Errno)) throw e; }
        }
        vfs.mount(cwd, new HostFs(cwd, { readOnly: false }).root);
      }
      startDir = cwd;
    }
    // A symlink the guest cannot follow (its target is outside the mounted directories) runs as the
    // file it points to; argv[0] stays the name the user typed (busybox-style tools read it).
    if (!pathVisible(session, hostPath)) {
      const real = realpathSync(hostPath);
      if (real !== hostPath) exePath = real;
      if (!pathVisible(session, exePath)) session.installFile(exePath, exePath);
    }
  } catch (e) {
    process.stderr.write(`nk: cannot prepare the guest file system: ${(e as Error).message}\n`);
    return 1;
  }
  const env = guestEnvironment(
    (values.env as (readonly [string, string])[] | undefined) ?? [],
    (values["unset-env"] as string[] | undefined) ?? [],
  );
  try {
    session.start(exePath, [program, ...positionals.slice(1)], env, startDir);
  } catch (e) {
    if (e instanceof Errno) {
      process.stderr.write(`nk: ${program}: ${e.message}\n`);
      return e.code === 8 /* ENOEXEC */ || e.code === 13 ? 126 : 127;
    }
    throw e;
  }
  // On a terminal the console shares it with the monitor (Ctrl-A c toggles, Ctrl-A x quits).
  let mux: { close(): void } | undefined;
  const onData = (chunk: Buffer) => session.input(new Uint8Array(chunk));
  if (tty) {
    const { NkTarget } = await import("./monitor/nk_target.ts");
    const { buildNkCommandTable } = await import("./monitor/nk_table.ts");
    const { startMonitorMux } = await import("./monitor/monitor_mux.ts");
    const target = new NkTarget(session, { print: (line) => process.stdout.write(line.replaceAll("\n", "\r\n") + "\r\n") });
    mux = startMonitorMux({
      session, target, table: buildNkCommandTable(), focus: values.monitor ? "monitor" : "console",
      initialCommands: (values.exec as string[] | undefined) ?? [],
      onQuit: () => session.stop(),
    });
    session.followTerminalSize(process.stdout);
  } else {
    process.stdin.on("data", onData);
    process.stdin.on("end", () => session.endOfInput());
    process.stdin.on("error", () => session.endOfInput());
  }
  try {
    const status = await session.run();
    if (status === undefined) return 0;
    const sig = status & 0x7f;
    if (sig && !tty) {
      // Like a shell, report deaths by signal on stderr (the exit code is 128+N).
      process.stderr.write(`nk: ${program}: terminated by ${signalName(sig)}${status & 0x80 ? " (core dumped)" : ""}\n`);
    }
    return exitCodeOf(status);
  } catch (e) {
    process.stderr.write(`nk: ${(e as Error).message}\n`);
    return 1;
  } finally {
    process.stdin.off("data", onData);
    process.stdin.pause();
    mux?.close();
  }
}
