// The native VM of thesis §5.2, rebuilt for nk: a CHIP-8 built into the kernel in the supervisor
// organisation (§3.8.1) — Chip8System *is* the kernel (it extends System), composed like Fig. 5.1
// from the memory manager, the scheduler (whose PIT-driven timers pace the VM at 60 Hz in virtual
// time) and the Chip8Vm module, which drives the VBE framebuffer and the PS/2 keyboard through
// their ports and memory as drivers do. No user processes exist. Platform-neutral.
import { Machine, type MachineOptions } from "../../core/machine.ts";
import { System, type RunResult } from "../system.ts";
import { Manager } from "../manager.ts";
import { MemoryManager } from "../memory/memory_manager.ts";
import { Scheduler } from "../sched/scheduler.ts";
import { IRQ_BASE } from "../arch/arch.ts";
import { Chip8Cpu } from "./chip8_cpu.ts";
import { VbeDisplay } from "./vbe_display.ts";
import { Ps2Keypad } from "./ps2_keypad.ts";

/** PC/AT IRQ line of the keyboard (IBM PC/AT Technical Reference). */
const KEYBOARD_IRQ = 1;
/** CHIP-8 timers and display run at 60 Hz (Cowgod §2.5). */
export const FRAME_NS = 1e9 / 60;
/** Instructions per frame: ~600 Hz, a customary CHIP-8 speed. */
export const DEFAULT_IPF = 10;

/** What a CHIP-8 kernel needs besides the machine. */
export interface Chip8Options extends MachineOptions {
  rom: Uint8Array;
  /** Instructions per 60 Hz frame (default 10). */
  instructionsPerFrame?: number;
  /** Seed of CXkk's generator (default fixed, so runs are reproducible). */
  seed?: number;
}

/** The supervisor-mode VM module: a CHIP-8 driven by a kernel timer. */
export class Chip8Vm extends Manager {
  readonly name = "chip8";
  readonly cpu: Chip8Cpu;
  display!: VbeDisplay;
  keypad!: Ps2Keypad;
  frames = 0;
  /** Stop the machine (return from System.run) once this many frames have run. */
  stopAtFrame = Infinity;
  /** Set if the ROM faulted (invalid instruction); the VM stops. */
  error: Error | undefined;

  constructor(rom: Uint8Array, private readonly ipf = DEFAULT_IPF, seed?: number) {
    super();
    this.cpu = new Chip8Cpu(rom, (k) => this.keypad.isDown(k), seed);
  }

  override start(): void {
    const { machine, arch, scheduler } = this.system;
    this.display = new VbeDisplay(machine.ports, machine.memory);
    this.display.init();
    this.keypad = new Ps2Keypad(machine.ports);
    this.keypad.onPress = (k) => this.cpu.keyPressed(k);
    arch.register(IRQ_BASE + KEYBOARD_IRQ, () => {
      this.keypad.isr();
      arch.eoi(KEYBOARD_IRQ);
      scheduler.reschedule(); // an interrupt wakes a halted CPU: go back to the idle state
    });
    arch.enableIrq(KEYBOARD_IRQ);
    const next = () => scheduler.timers.add(Math.round((this.frames + 1) * FRAME_NS), () => { this.frame(); if (!this.error) next(); });
    next();
  }

  /** One 60 Hz frame: run the instructions, count the timers down, present the display. */
  frame(): void {
    const cpu = this.cpu;
    try {
      for (let n = 0; n < this.ipf && cpu.step(); n++) { /* step() is false while Fx0A waits */ }
    } catch (e) {
      this.error = e as Error;
      this.system.printk(this.error.message);
      this.system.machine.stop();
      return;
    }
    cpu.tickTimers();
    this.keypad.endFrame();
    if (cpu.dirty) {
      this.display.present(cpu.display);
      cpu.dirty = false;
    }
    this.frames++;
    if (this.frames >= this.stopAtFrame) this.system.machine.stop();
  }
}

/** The CHIP-8 kernel. */
export class Chip8System extends System {
  readonly vm: Chip8Vm;

  constructor(opts: Chip8Options) {
    super(new Machine(opts));
    this.install(new MemoryManager());
    this.install(new Scheduler());
    this.vm = this.install(new Chip8Vm(opts.rom, opts.instructionsPerFrame, opts.seed));
  }

  /** Runs the machine; the VM lives in timer interrupts, so the CPU itself only idles. */
  override run(budget: number): RunResult {
    this.scheduler.idleNs = 0;
    const outcome = this.machine.run(budget);
    const base = { idleNs: this.scheduler.idleNs, waitingForInput: false, machine: outcome };
    if (outcome === "shutdown" || outcome === "dead" || this.vm.error) return { outcome: "crashed", ...base };
    if (outcome === "stopped" || outcome === "idle") return { outcome: this.vm.frames >= this.vm.stopAtFrame ? "stopped" : "idle", ...base };
    return { outcome: "budget", ...base };
  }

  /** Runs headless until `frames` frames have been shown (deterministic: virtual time only). */
  runFrames(frames: number): void {
    this.vm.stopAtFrame = frames;
    while (this.vm.frames < frames) {
      const r = this.run(1_000_000);
      if (r.outcome === "crashed") throw this.vm.error ?? new Error(`chip8: the machine stopped (${r.machine})`);
    }
  }
}
