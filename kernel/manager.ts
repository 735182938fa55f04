// The base of every Native Kit module (thesis §3.1): a manager is installed into a System, which
// calls `attach` once and `start` when the system boots. A module that is not installed is absent.
// Platform-neutral.
import type { System } from "./system.ts";

/** A kernel module. */
export abstract class Manager {
  /** Short name ("memory", "scheduler", …) for logs and `info devices`. */
  abstract readonly name: string;
  protected system!: System;

  /** Called by System.install(). */
  attach(system: System): void {
    this.system = system;
  }

  /** Called by System.start() in installation order, after ARCH is up. */
  start(): void {}
}
