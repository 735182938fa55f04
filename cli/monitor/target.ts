// MonitorTarget: the only way monitor commands reach the machine (CPU registers, memory, ports,
// run control, processes, scheduler, strace, devices). The lead implements it over core/kernel;
// tests use a FakeTarget. Keeping it an interface lets the monitor be built and tested alone.

/** General-purpose and control register names accepted by get/set (32-bit views). */
export const REGISTER_NAMES = [
  "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eip", "eflags",
  "cs", "ds", "es", "fs", "gs", "ss", "cr0", "cr2", "cr3", "cr4",
] as const;
export type RegisterName = (typeof REGISTER_NAMES)[number];

/** A segment register as `info registers` shows it (selector plus cached descriptor). */
export interface SegmentState {
  readonly selector: number;
  readonly base: number;
  readonly limit: number;
  /** Descriptor attribute bits as QEMU prints them (access byte << 8 | flags << 20). */
  readonly flags: number;
}

/** A snapshot of the CPU for `info registers`. Optional parts are printed when present. */
export interface RegisterSnapshot {
  readonly eax: number; readonly ebx: number; readonly ecx: number; readonly edx: number;
  readonly esi: number; readonly edi: number; readonly ebp: number; readonly esp: number;
  readonly eip: number; readonly eflags: number;
  readonly cpl: number;
  readonly halted: boolean;
  readonly segments: Readonly<Record<"es" | "cs" | "ss" | "ds" | "fs" | "gs", SegmentState>>;
  readonly ldt?: SegmentState;
  readonly tr?: SegmentState;
  readonly gdt?: { readonly base: number; readonly limit: number };
  readonly idt?: { readonly base: number; readonly limit: number };
  readonly cr0: number; readonly cr2: number; readonly cr3: number; readonly cr4: number;
}

/** Run state for `info status`. */
export interface TargetStatus {
  readonly running: boolean;
  /** Why it is paused: "debug", "halted", "shutdown", "user"… */
  readonly reason?: string;
}

/** One row of `info processes` / `ps`. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
  readonly name: string;
}

/** One row of `info devices`. */
export interface DeviceInfo {
  readonly name: string;
  /** Free-form "ports 0x3f8-0x3ff irq 4" style description. */
  readonly detail: string;
}

/** What `strace` on/off controls. */
export interface StraceOptions {
  readonly enabled: boolean;
  /** Only this pid (undefined = all processes). */
  readonly pid?: number;
  /** Only these syscall names (undefined = all). */
  readonly syscalls?: readonly string[];
}

/** An RGBA framebuffer image for `screendump`. */
export interface ScreenImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, row-major RGBA. */
  readonly rgba: Uint8Array;
}

/**
 * Thrown by memory accessors when an address is unmapped or outside RAM; the monitor prints
 * `cannot access memory at 0x...`.
 */
export class MemoryAccessError extends Error {
  constructor(readonly address: number) {
    super(`cannot access memory at 0x${(address >>> 0).toString(16)}`);
    this.name = "MemoryAccessError";
  }
}

/**
 * The machine as the monitor sees it. All addresses are 32-bit unsigned numbers. Methods may
 * throw MemoryAccessError or Error with a one-line message; the monitor reports the message.
 */
export interface MonitorTarget {
  /** Current CPU registers (of the current process when the kernel is running one). */
  registers(): RegisterSnapshot;
  setRegister(name: RegisterName, value: number): void;

  /** Reads `length` bytes at a virtual address in `pid`'s address space (undefined: current CR3). */
  readVirtual(pid: number | undefined, address: number, length: number): Uint8Array;
  writeVirtual(pid: number | undefined, address: number, bytes: Uint8Array): void;
  readPhysical(address: number, length: number): Uint8Array;
  writePhysical(address: number, bytes: Uint8Array): void;

  portIn(port: number, size: 1 | 2 | 4): number;
  portOut(port: number, size: 1 | 2 | 4, value: number): void;

  /** Pauses the machine (idempotent). */
  stop(): void;
  /**
   * Resumes the machine (idempotent). May return a promise that settles when the machine stops
   * again (breakpoint, watchpoint, program exit, `stop`); scripts wait for it, a terminal does not.
   */
  cont(): void | Promise<void>;
  /** Executes `count` instructions while paused; returns the number actually retired. */
  step(count: number): number;
  status(): TargetStatus;

  processes(): readonly ProcessInfo[];
  scheduler(): string;
  schedulers(): readonly string[];
  setScheduler(name: string): void;
  strace(): StraceOptions;
  setStrace(options: StraceOptions): void;
  devices(): readonly DeviceInfo[];
  /** The display as an image, or undefined when there is no display device. */
  screen(): ScreenImage | undefined;

  /** Stops the machine for good; `quit` calls it before the monitor exits. */
  quit(): void;
}
