// `nk monitor [--disk IMAGE] [PROGRAM ARGS]`: a paused system with the monitor on stdin/stdout.
// On a terminal the guest console and the monitor share it through the Ctrl-A mux; from a pipe
// (`nk monitor < script`) the commands run in order with the machine paused between them, `c`
// runs until the program exits, stops or hits a breakpoint, and only command output is printed.
// Also `bootBuiltin()`: bare `nk`, the built-in image with /bin/sh on the console.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { MACHINE_OPTIONS, parseCommandLine, type MountSpec } from "./args.ts";
import { Session } from "./session.ts";
import { isInteractive } from "./terminal.ts";
import { DEFAULT_RUN_MEMORY, exitCodeOf } from "./run.ts";
import { Errno } from "../kernel/linux/errno.ts";
import { NkTarget } from "./monitor/nk_target.ts";
import { buildNkCommandTable } from "./monitor/nk_table.ts";
import { runMonitor } from "./monitor/monitor.ts";
import { startMonitorMux } from "./monitor/monitor_mux.ts";
import { builtinImageBytes } from "./monitor/guest_root.ts";
import { FileBackend } from "./disk_file_backend.ts";
import { describeErrno } from "./monitor/process_rows.ts";

/** Guest RAM of the built-in system: plenty for its programs, and quick to allocate at start-up. */
const BUILTIN_MEMORY = 128 << 20;

/** The guest environment of programs the monitor starts: the host's, like `nk run`. */
function hostEnvironment(): string[] {
  return Object.entries(process.env).filter((kv) => kv[1] !== undefined).map(([k, v]) => `${k}=${v}`);
}

/** Mounts `--mount HOST:GUEST[:ro]` directories (HostFs) into the session's file system. */
async function mountHostDirectories(session: Session, mounts: readonly MountSpec[]): Promise<void> {
  if (mounts.length === 0) return;
  const { HostFs } = await import("./host_fs.ts");
  const vfs = session.system.files.vfs;
  for (const m of mounts) {
    let dir = "";
    for (const part of m.guest.split("/").filter(Boolean)) {
      dir += "/" + part;
      try { vfs.mkdir(dir, 0o755); } catch (e) { if (!(e instanceof Errno)) throw e; }
    }
    vfs.mount(m.guest, new HostFs(m.host, { readOnly: m.readOnly }).root);
  }
}

/** What a monitor session is started with. */
interface MonitorSetup {
  /** An NFSII image file that becomes the root (--disk). */
  readonly disk?: string;
  /** An in-memory NFSII image that becomes the root (the built-in image). */
  readonly rootImage?: Uint8Array;
  /** Run /bin/sh on the console if the root has one (bare `nk`). */
  readonly shell?: boolean;
  readonly memory?: number;
  readonly sched?: string;
  readonly pace: boolean;
  readonly mounts: readonly MountSpec[];
  /** A host program copied into the guest at its own path, or a path already in the guest. */
  readonly program?: { readonly path: string; readonly argv: string[]; readonly host: boolean };
  readonly initialCommands: readonly string[];
  /** Focus on a terminal: the monitor (machine paused) or the console (machine running). */
  readonly focus: "monitor" | "console";
  /** From a pipe, stdin is the guest console's input (bare `nk`), not a monitor script. */
  readonly pipeToGuest?: boolean;
}

/** Runs a system with the monitor; returns the exit status. */
async function runSystemWithMonitor(setup: MonitorSetup): Promise<number> {
  const interactive = isInteractive(process.stdin, process.stdout);
  const newline = interactive ? "\r\n" : "\n";
  let session: Session;
  try {
    session = new Session({
      vm8086: true,
      memory: setup.memory ?? DEFAULT_RUN_MEMORY, sched: setup.sched, console: interactive ? "tty" : "pipe",
      pace: setup.pace, rootImage: setup.rootImage, untilAllExit: true,
      disk: setup.disk === undefined ? undefined : new FileBackend(setup.disk),
    }, {
      stdout: (b) => process.stdout.write(b),
      stderr: (b) => process.stderr.write(b),
    });
  } catch (error) {
    const what = setup.disk ?? "the root image";
    process.stderr.write(`nk: ${what}: ${error instanceof Errno ? describeErrno(error) : (error as Error).message}\n`);
    return 1;
  }
  let program = setup.program;
  let focus = setup.focus;
  if (setup.shell) {
    const has = (path: string) => {
      try { session.system.files.vfs.resolve(path, session.system.files.vfs.root); return true; } catch { return false; }
    };
    // PID 1 is the image's init (it runs every program in /boot, which starts the shell, and reaps
    // orphans — thesis §3.3); an image without init gets its shell directly.
    const found = has("/bin/init") || has("/bin/sh");
    if (has("/bin/init")) program = { path: "/bin/init", argv: ["init"], host: false };
    else if (found) program = { path: "/bin/sh", argv: ["sh"], host: false };
    else if (!interactive) {
      process.stderr.write("nk: no /bin/sh to run (try 'nk run PROGRAM' or 'nk monitor')\n");
      return 1;
    } else {
      process.stderr.write("nk: no /bin/sh in the root: use the monitor's 'load' and 'exec'\r\n");
      focus = "monitor";
    }
  }
  // The built-in system gets its own environment; programs from the host get the host's (like nk run).
  const envp = setup.shell
    ? ["PATH=/bin", "HOME=/home/vm", "USER=vm", `TERM=${process.env.TERM ?? "vt100"}`]
    : hostEnvironment();
  try {
    await mountHostDirectories(session, setup.mounts);
    if (program?.host) session.installFile(program.path, program.path);
    if (program) session.start(program.path, program.argv, envp);
  } catch (error) {
    const message = error instanceof Errno ? describeErrno(error) : (error as Error).message;
    process.stderr.write(`nk: ${program?.argv[0] ?? "monitor"}: ${message}\n`);
    return error instanceof Errno ? 127 : 1;
  }
  // When the guest's console is piped through (bare `nk < input`), stdout belongs to the guest:
  // nk's own notices (exit status, breakpoints) go to stderr so the output stays the guest's alone.
  const notices = setup.pipeToGuest && !interactive ? process.stderr : process.stdout;
  const target = new NkTarget(session, {
    print: (line) => notices.write(line.replaceAll("\n", newline) + newline),
    pauseWhenIdle: !interactive && !setup.pipeToGuest,
    launch: program ? { path: program.path, argv: program.argv, envp } : undefined,
  });
  const table = buildNkCommandTable();
  if (!interactive && setup.pipeToGuest) {
    process.stdin.on("data", (chunk: Buffer) => session.input(new Uint8Array(chunk)));
    process.stdin.on("end", () => session.endOfInput());
    await target.cont();
    process.stdin.pause();
    session.stop();
    return session.status === undefined ? 0 : exitCodeOf(session.status);
  }
  if (!interactive) {
    session.endOfInput(); // stdin is the script: the guest's console reads end-of-file
    const status = await runMonitor({ target, table, interactive: false, initialCommands: setup.initialCommands, historyPath: null });
    session.stop();
    return status;
  }
  let finish: () => void = () => {};
  const finished = new Promise<void>((res) => { finish = res; });
  const mux = startMonitorMux({
    session, target, table, focus, initialCommands: setup.initialCommands,
    onQuit: () => { session.stop(); finish(); },
  });
  if (interactive) session.followTerminalSize(process.stdout);
  if (focus === "console") void target.cont();
  await finished;
  mux.close();
  return session.status === undefined ? 0 : exitCodeOf(session.status);
}

/** `nk monitor [OPTIONS] [PROGRAM [ARGS...]]`. */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, MACHINE_OPTIONS, "monitor", { stopAtFirstPositional: true });
  const disk = values.disk as string | undefined;
  if (disk !== undefined && !existsSync(disk)) {
    process.stderr.write(`nk: --disk ${disk}: no such file\n`);
    return 1;
  }
  let program: MonitorSetup["program"];
  if (positionals[0] !== undefined) {
    const name = positionals[0];
    const onHost = existsSync(name) && statSync(name).isFile();
    if (!onHost && !name.startsWith("/")) {
      process.stderr.write(`nk: ${name}: no such file\n`);
      return 127;
    }
    // A host file is copied in at its absolute path; otherwise PROGRAM names a file in the image.
    program = { path: onHost ? resolve(name) : name, argv: [name, ...positionals.slice(1)], host: onHost };
  }
  return runSystemWithMonitor({
    disk, program,
    memory: values.mem as number | undefined,
    sched: values.sched as string | undefined,
    pace: (values.clock as string | undefined) !== "virtual",
    mounts: (values.mount as MountSpec[] | undefined) ?? [],
    initialCommands: (values.exec as string[] | undefined) ?? [],
    focus: "monitor",
  });
}

/**
 * Bare `nk`: boots the built-in image and runs its /bin/sh on the console (Ctrl-A c for the
 * monitor). Without the image, or without a shell in it, says so and opens the monitor on an
 * empty tmpfs root (a terminal) or exits 1 (a pipe).
 */
export async function bootBuiltin(): Promise<number> {
  const { bytes, why } = await builtinImageBytes();
  if (why !== undefined) process.stderr.write(`nk: ${why}; starting with an empty tmpfs root\n`);
  return runSystemWithMonitor({
    rootImage: bytes, memory: BUILTIN_MEMORY, shell: true, pace: true, mounts: [], initialCommands: [], focus: "console", pipeToGuest: true,
  });
}
