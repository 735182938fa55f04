// Test support for nk's own userland: runs a program from examples/userland/bin under nk with the
// built-in image's /bin, /etc, /boot and /home mounted into the guest (so tests use the real image).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { builtinImage } from "../../cli/builtin_image.ts";
import { Nfs2FileSystem, RamDisk, Storage } from "../../kernel/files/mod.ts";
import type { System } from "../../kernel/system.ts";
import { type NkRunOptions, type NkRunResult, runUnderNk } from "../support/nk_runner.ts";

/** Where scripts/build_userland.sh puts the programs. */
export const USERLAND_BIN = join(import.meta.dir, "../../examples/userland/bin");

/** True when the userland has been built (the binaries are committed, so normally always). */
export const userlandBuilt = existsSync(join(USERLAND_BIN, "usertests"));

let image: Uint8Array | undefined;

/** Mounts the built-in image's top-level directories over the guest's (the root itself is tmpfs). */
export function mountBuiltin(system: System): void {
  image ??= builtinImage({ sizeBytes: 4 << 20 });
  // A private copy per run: guests may write to the image.
  const fs = Nfs2FileSystem.mount(new Storage(new RamDisk(image.slice()), { writeThrough: true }));
  const vfs = system.files.vfs;
  for (const name of ["bin", "etc", "boot", "home"]) vfs.mount(`/${name}`, fs.root.lookup(name));
}

/** Writes a text file into the guest. */
export function putFile(system: System, path: string, content: string | Uint8Array, mode = 0o644): void {
  const f = system.files.vfs.open(path, 0o1101 /* O_WRONLY|O_CREAT|O_TRUNC */, mode);
  f.write(typeof content === "string" ? new TextEncoder().encode(content) : content);
  f.release();
}

/** Runs /bin/NAME (from the image) under nk with `options`; PATH defaults to /bin. */
export function runUserland(name: string, options: NkRunOptions = {}): Promise<NkRunResult> {
  return runUnderNk(join(USERLAND_BIN, name), {
    ...options,
    env: { PATH: "/bin", HOME: "/home/vm", ...options.env },
    guestPath: `/bin/${name}`,
    prepare: (system) => {
      mountBuiltin(system);
      options.prepare?.(system);
    },
  });
}
