// The `nk` subcommand registry: one row per subcommand (name, summary, usage, options, module
// loader). `main.ts` dispatches through it and `nk help` renders from it; adding a command is a row.

import { MACHINE_OPTIONS, type OptionTable } from "./args.ts";

/** What every subcommand module exports. Returns the process exit status. */
export interface SubcommandModule {
  runCommand(argv: string[]): Promise<number>;
}

/** One `nk` subcommand. `load` must use a literal `import("./x.ts")` so `bun build --compile` bundles it. */
export interface Subcommand {
  readonly name: string;
  readonly summary: string;
  /** Usage line without the leading `nk NAME`, e.g. `[OPTIONS] PROGRAM [ARGS...]`. */
  readonly usage: string;
  readonly options: OptionTable;
  readonly load: () => Promise<SubcommandModule>;
  /**
   * Runs a guest for throughput rather than at a prompt: on one core JavaScriptCore then compiles
   * in the foreground (engine_tuning.ts compileInForegroundOnOneCore). The interactive commands keep
   * background compilation, which gets them to their prompt sooner (102 against 138 ms).
   */
  readonly throughput?: boolean;
}

/** All subcommands, in help order. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  {
    name: "run",
    summary: "run a static i386 Linux program on the Native Kit kernel",
    usage: "[OPTIONS] PROGRAM [ARGS...]",
    options: MACHINE_OPTIONS,
    load: () => import("./run.ts"),
    throughput: true,
  },
  {
    name: "boot",
    summary: "boot a Multiboot kernel like qemu -kernel (COM1 on stdin/stdout)",
    usage: "[OPTIONS] KERNEL.elf",
    options: {
      ...MACHINE_OPTIONS,
      append: { kind: "string", valueName: "CMDLINE", help: "kernel command line" },
      module: { kind: "string", multiple: true, valueName: "FILE[ ARGS]", help: "load a multiboot module" },
    },
    load: () => import("./boot.ts"),
    throughput: true,
  },
  {
    name: "monitor",
    summary: "start a machine paused with the monitor on stdin (scripts: nk monitor < FILE)",
    usage: "[OPTIONS] [PROGRAM [ARGS...]]",
    options: MACHINE_OPTIONS,
    load: () => import("./monitor_command.ts"),
  },
  {
    name: "mkfs",
    summary: "build an NFSII disk image from a host directory",
    usage: "[OPTIONS] DIRECTORY IMAGE",
    options: { size: { kind: "size", valueName: "SIZE", help: "image size (default: fit the files)" } },
    load: () => import("./mkfs.ts"),
  },
  {
    name: "vm",
    summary: "boot a native VM built into the kernel (chip8)",
    usage: "chip8 ROM [--frames N] [--screendump FILE.png]",
    // A getter: importing vm_command.ts up front evaluated the whole emulator (its Chip8System) on
    // every `nk` start, `nk --version` included; only `nk help vm` and `nk vm` need its table.
    get options(): OptionTable {
      return (require("./vm_command.ts") as typeof import("./vm_command.ts")).VM_OPTIONS;
    },
    load: () => import("./vm_command.ts"),
  },
  {
    name: "bench",
    summary: "run the emulator benchmarks",
    usage: "[OPTIONS] [NAME...]",
    options: {
      json: { kind: "flag", help: "print the results as JSON" },
      "no-jit": { kind: "flag", help: "run nk with the interpreter only" },
      "no-native": { kind: "flag", help: "skip the native and qemu-i386 runs" },
      "no-kernel": { kind: "flag", help: "skip the multiboot bench kernel" },
      v8: { kind: "flag", help: "also run nk under V8 (node), beside Bun's JavaScriptCore" },
      cold: { kind: "flag", help: "no untimed warm-up run of nk before the timed ones" },
    },
    load: () => import("./bench.ts"),
    throughput: true,
  },
];

// Registry invariant: names are unique (a duplicate row would silently shadow another).
{
  const seen = new Set<string>();
  for (const command of SUBCOMMANDS) {
    if (seen.has(command.name)) throw new Error(`duplicate subcommand ${command.name}`);
    seen.add(command.name);
  }
}

/** Finds a subcommand by exact name. */
export function findSubcommand(name: string): Subcommand | undefined {
  return SUBCOMMANDS.find((command) => command.name === name);
}
