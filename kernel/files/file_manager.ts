// The file manager (thesis §3.3, logical layer): the VFS with the Table 3.3 layout (/bin /dev /etc
// /lib /tmp /var /boot /home/vm), devfs, /tmp, /proc, and the console the first programs get as
// fds 0, 1 and 2 — a real terminal (line discipline) when the host side is a TTY, or plain byte
// streams (not a tty, stderr on its own line) when the host side is a pipe. Platform-neutral.
import { Manager } from "../manager.ts";
import { Vfs } from "./vfs.ts";
import { Tmpfs } from "./tmpfs.ts";
import type { Inode } from "./inode.ts";
import { SyntheticFile, SyntheticFs } from "./synthetic.ts";
import { OpenFile } from "./open_file.ts";
import { FdTable } from "./fd_table.ts";
import { FileType, OpenFlag } from "./file_mode.ts";
import { WaitQueue } from "./wait_queue.ts";
import { UartDriver } from "../drivers/uart_driver.ts";
import { Tty } from "../io/tty.ts";
import { fail } from "../linux/errno.ts";
import { IRQ_BASE } from "../arch/arch.ts";
import type { Process } from "../process/process.ts";
import { buildProcfs } from "./procfs.ts";
import { AtaDriver } from "../drivers/ata_driver.ts";
import { VbeDriver } from "../drivers/vbe_driver.ts";
import { VgaTextDriver } from "../drivers/vga_text_driver.ts";
import type { BlockDevice } from "./block_device.ts";
import { RamDisk } from "./ram_disk.ts";
import { Storage } from "./storage.ts";
import { Nfs2FileSystem } from "./nfs2/file_system.ts";
import type { TimeSource } from "./inode.ts";

/** Directories every nk root has (thesis Table 3.3). */
export const ROOT_LAYOUT = ["/bin", "/dev", "/etc", "/lib", "/tmp", "/var", "/boot", "/home", "/home/vm", "/proc", "/root"] as const;

/** How the console is presented to programs. */
export type ConsoleMode = "tty" | "pipe";

/** What a file manager is built from. */
export interface FileManagerOptions {
  /** Root file system (default: a tmpfs with the Table 3.3 layout). */
  root?: Inode;
  /** Mount the NFSII volume on the ATA disk as root (the thesis's Storage → NFSII stack). */
  rootFromDisk?: boolean;
  /** Mount an NFSII image held in memory (the built-in image) as root. */
  rootImage?: Uint8Array;
  console?: ConsoleMode;
}

/** Device numbers (major, minor) as Linux assigns them (Documentation/admin-guide/devices.txt). */
const dev = (major: number, minor: number) => (major << 8) | minor;

/** The file manager. */
export class FileManager extends Manager {
  readonly name = "files";
  vfs!: Vfs;
  readonly consoleMode: ConsoleMode;
  com1!: UartDriver;
  com2!: UartDriver;
  /** The terminal (tty mode only). */
  tty: Tty | undefined;
  private consoleIn!: Inode;
  private consoleOut!: Inode;
  private consoleErr!: Inode;
  private readonly ttys = new WeakMap<Inode, Tty>();
  private readonly rootInode: Inode | undefined;
  private readonly opts: FileManagerOptions;
  /** The storage stack under the root, when root is an NFSII volume. */
  rootStorage: Storage | undefined;
  disk: AtaDriver | undefined;
  /** Hook for process exit (procfs bookkeeping). */
  onProcessExit: ((p: Process) => void) | undefined;
  devfs!: SyntheticFs;
  /** The VBE framebuffer driver (undefined without a VBE adapter). */
  fb: VbeDriver | undefined;
  /** The text screen; the kernel log is mirrored to it (thesis: setDefaultError(video)). */
  vga!: VgaTextDriver;

  /** /dev/fb0 comes up in 640×480×32 on first use (fb-demo's expectation, like a boot-time fbcon mode). */
  private ensureFbMode(): void {
    if (this.fb && !this.fb.mode) this.fb.setMode({ width: 640, height: 480, bpp: 32 });
  }

  constructor(opts: FileManagerOptions = {}) {
    super();
    this.rootInode = opts.root;
    this.opts = opts;
    this.consoleMode = opts.console ?? "pipe";
  }

  override start(): void {
    const system = this.system;
    const clock = () => {
      const ms = system.machine.clock.epochMs + system.machine.clock.now() / 1e6;
      return { sec: Math.floor(ms / 1000), nsec: Math.floor((ms % 1000) * 1e6) };
    };
    const root = this.rootInode ?? this.mountRootVolume(clock) ?? new Tmpfs({ now: clock }).root;
    this.vfs = new Vfs(root);
    for (const d of ROOT_LAYOUT) {
      try { this.vfs.mkdir(d, d === "/tmp" ? 0o1777 : 0o755); } catch { /* exists */ }
    }
    this.vfs.mount("/tmp", new Tmpfs({ now: clock, rootMode: 0o1777 }).root);
    this.startConsole();
    this.vga = new VgaTextDriver(system.machine.ports, system.machine.memory);
    this.vga.clear();
    this.vga.print("nk: Native Kit kernel\n");
    system.onLog = (line) => this.vga.print(line + "\n");
    this.devfs = this.buildDevfs(clock);
    this.vfs.mount("/dev", this.devfs.root);
    this.vfs.mount("/proc", buildProcfs(system, clock));
  }

  /** The NFSII root requested by the options (disk or in-memory image), if any. */
  private mountRootVolume(clock: TimeSource): Inode | undefined {
    let device: BlockDevice | undefined;
    if (this.opts.rootFromDisk) {
      const ata = new AtaDriver(this.system.machine.ports);
      if (!ata.probe()) throw new Error("no ATA disk answered IDENTIFY");
      this.disk = ata;
      device = ata;
    } else if (this.opts.rootImage) {
      device = new RamDisk(this.opts.rootImage);
    }
    if (!device) return undefined;
    // Write-through: an acknowledged write has reached the disk image (survives nk being killed).
    this.rootStorage = new Storage(device, { writeThrough: true });
    const fs = Nfs2FileSystem.mount(this.rootStorage, { now: clock });
    this.system.printk(`nfs2: root mounted (${device.sectorCount * 512 >> 10} KiB)`);
    return fs.root;
  }

  private startConsole(): void {
    const system = this.system, arch = system.arch, ports = system.machine.ports;
    this.com1 = new UartDriver("ttyS0", ports, 0x3f8);
    this.com2 = new UartDriver("ttyS1", ports, 0x2f8);
    this.com1.init();
    this.com2.init();
    arch.register(IRQ_BASE + 4, () => { this.com1.isr(); arch.eoi(4); });
    arch.register(IRQ_BASE + 3, () => { this.com2.isr(); arch.eoi(3); });
    arch.enableIrq(4);
    arch.enableIrq(3);
    system.setDefaultInput(this.com1);
    system.setDefaultOutput(this.com1);
    system.setDefaultError(this.consoleMode === "tty" ? this.com1 : this.com2);
  }

  /** Marks the end of host input on the console (a closed stdin pipe). */
  consoleEof(): void {
    this.com1.markEndOfInput();
  }

  private buildDevfs(now: () => { sec: number; nsec: number }): SyntheticFs {
    const fs = new SyntheticFs("devtmpfs", 0x1373, now);
    const root = fs.root;
    const chr = (name: string, rdev: number, opts: ConstructorParameters<typeof SyntheticFile>[1]) => {
      const f = new SyntheticFile(fs, { mode: FileType.S_IFCHR | 0o666, rdev, ...opts });
      root.add(name, f);
      return f;
    };
    chr("null", dev(1, 3), { read: () => new Uint8Array(0), write: (_o, d) => d.length });
    chr("zero", dev(1, 5), { read: (_o, n) => new Uint8Array(Math.min(n, 1 << 20)), write: (_o, d) => d.length });
    chr("full", dev(1, 7), { read: (_o, n) => new Uint8Array(Math.min(n, 1 << 20)), write: () => fail("ENOSPC") });
    let seed = 0x2545f491;
    const random = (_o: number, n: number) => {
      const out = new Uint8Array(Math.min(n, 1 << 20));
      for (let i = 0; i < out.length; i++) { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; out[i] = seed; }
      return out;
    };
    chr("random", dev(1, 8), { read: random, write: (_o, d) => d.length });
    chr("urandom", dev(1, 9), { read: random, write: (_o, d) => d.length });
    const mode = this.consoleMode;
    if (mode === "tty") {
      const tty = new Tty(this.com1);
      tty.onSignal = (pgrp, sig) => {
        this.system.signals.sendGroup(pgrp, sig);
        this.system.scheduler.reschedule();
      };
      this.tty = tty;
      const make = (name: string, rdev: number) => {
        const f = chr(name, rdev, {
          read: (_o, n) => tty.read(n), write: (_o, d) => tty.write(d), poll: () => tty.poll(), waitQueue: tty.readable,
        });
        this.ttys.set(f, tty);
        return f;
      };
      this.consoleIn = this.consoleOut = this.consoleErr = make("console", dev(5, 1));
      root.add("tty", this.consoleIn);
      root.add("ttyS0", this.consoleIn);
    } else {
      const com1 = this.com1, com2 = this.com2;
      const stream = (d: UartDriver, name: string, rdev: number, readable: boolean) => chr(name, rdev, {
        read: readable ? (_o, n) => {
          const b = d.read(n);
          if (b.length || d.endOfInput) return b;
          return fail("EAGAIN");
        } : () => new Uint8Array(0),
        write: (_o, b) => d.write(b),
        poll: () => (readable && (d.available() || d.endOfInput) ? 1 : 0) | 4,
        waitQueue: readable ? d.readable : new WaitQueue(),
      });
      this.consoleIn = this.consoleOut = stream(com1, "ttyS0", dev(4, 64), true);
      this.consoleErr = stream(com2, "ttyS1", dev(4, 65), false);
      root.add("console", this.consoleIn);
      root.add("tty", this.consoleIn);
    }
    // /dev/fb0 and /dev/vga go through their drivers (ports and physical memory), never the devices.
    const ports = this.system.machine.ports, memory = this.system.machine.memory;
    const vbe = new VbeDriver(ports, memory);
    if (vbe.probe()) {
      this.fb = vbe;
      chr("fb0", dev(29, 0), {
        read: (o, n) => { this.ensureFbMode(); return vbe.readBytes(o, n); },
        write: (o, d) => { this.ensureFbMode(); return vbe.writeBytes(o, d); },
      });
    }
    const vga = this.vga;
    chr("vga", dev(4, 0x80), { read: (o, n) => vga.readCells(o, n), write: (o, d) => vga.writeCells(o, d) });
    return fs;
  }

  /** The terminal behind an inode, if it is one. */
  ttyOf(inode: Inode): Tty | undefined {
    return this.ttys.get(inode);
  }

  /** A new fd table with the console as 0, 1 and 2. */
  consoleFdTable(): FdTable {
    const t = new FdTable();
    t.install(new OpenFile(this.consoleIn, OpenFlag.O_RDWR));
    t.install(new OpenFile(this.consoleOut, OpenFlag.O_RDWR));
    t.install(new OpenFile(this.consoleErr, OpenFlag.O_RDWR));
    return t;
  }
}
