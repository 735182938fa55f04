// The default root file system of `nk`: the thesis Table 3.3 layout (/bin /dev /etc /lib /tmp
// /var /boot /home/vm) holding nk's own userland (examples/userland/bin, built by
// scripts/build_userland.sh). A compiled nk carries it as the prebuilt image of image_bundle.ts.
import { FileType, buildImage, type TreeEntry } from "../kernel/files/mod.ts";
import { BUILTIN_IMAGE_GZIP_BASE64 } from "../examples/userland/image_bundle.ts";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** A path under examples/userland: sources src/NAME.c, programs bin/NAME (computed on use: a compiled nk has no source tree). */
const userland = (...parts: string[]): string => join(import.meta.dir, "..", "examples", "userland", ...parts);

/** Every file gets this time, so the same userland always gives the same image bytes. */
const IMAGE_TIME = { sec: 1767225600, nsec: 0 }; // 2026-01-01T00:00:00Z, /proc/stat's btime

const MOTD = `Welcome to nk — the Native Kit kernel on an emulated i386.
Everything here is nk's own: init, sh and the tools in /bin (try: ls /bin, ps, top, usertests).
Demos: fork-tree, threads, signals, pipes, sched-demo, fb-demo. Type \`exit\` to leave the shell.
An 8086 PC inside: vm8086 dos/life.com 5, vm8086 dos/numbers.com, vm8086 -v dos/echo.com.
`;

/**
 * /boot programs run in name order (thesis §3.3); this one starts the console shell. /bin/init has
 * already greeted with /etc/motd (a `cat /etc/motd` here cost a fork and an exec at start-up).
 */
const BOOT_CONSOLE = `# started by /bin/init (which has shown /etc/motd): give the console a shell
cd /home/vm
exec sh
`;

const HOME_README = `This is /home/vm, the home directory of the console shell.
The root file system is an NFSII image built by cli/builtin_image.ts; /tmp is scratch space.
Run \`usertests\` to exercise the kernel (memory, processes, signals, files, pipes, threads),
or \`sched-demo -t 5\` and switch the scheduler policy from the monitor to watch the rates change.
dos/ holds .COM programs for vm8086, nk's own 8086 emulator (thesis case study 1): it runs as an
ordinary program and asks the kernel's VM module for services over int 0x30 (see /proc/vm8086).
`;

const dir = (path: string, permissions = 0o755): TreeEntry => ({ path, mode: FileType.S_IFDIR | permissions });
const text = (path: string, content: string, permissions = 0o644): TreeEntry =>
  ({ path, mode: FileType.S_IFREG | permissions, data: new TextEncoder().encode(content) });

/** gunzip: Bun's native one (about 3 ms for the image) or node:zlib's, which also loads node:stream (about 15 ms). */
function gunzip(bytes: Uint8Array<ArrayBuffer>): Uint8Array {
  if (typeof Bun !== "undefined") return Bun.gunzipSync(bytes);
  const zlib = process.getBuiltinModule("node:zlib");
  return new Uint8Array(zlib.gunzipSync(bytes));
}

/**
 * The default image as a tree for kernel/files/nfs2 `buildImage` (read from the source tree, so
 * not in a compiled nk): directories first, then
 * /bin/NAME for every userland program (0755), /etc/motd, /etc/hostname, /boot/10-console
 * (a shell script: init runs it through /bin/sh) and /home/vm/README. /tmp is 01777; /proc is
 * the kernel's mount point.
 */
export function builtinTree(): TreeEntry[] {
  const tree: TreeEntry[] = [
    dir("/"), dir("/bin"), dir("/dev"), dir("/etc"), dir("/lib"), dir("/tmp", 0o1777), dir("/var"),
    dir("/var/log"), dir("/boot"), dir("/home"), dir("/home/vm"), dir("/proc", 0o555), dir("/root", 0o700),
  ];
  for (const name of builtinPrograms()) {
    tree.push({ path: `/bin/${name}`, mode: FileType.S_IFREG | 0o755, data: new Uint8Array(readFileSync(userland("bin", name))) });
  }
  // Case study 1 (thesis §5.1): the hosted 8086 VM and its .COM programs, runnable from the shell.
  const vm = join(import.meta.dir, "..", "examples", "vm8086");
  tree.push({ path: "/bin/vm8086", mode: FileType.S_IFREG | 0o755, data: new Uint8Array(readFileSync(join(vm, "bin", "vm8086"))) });
  tree.push(dir("/home/vm/dos"));
  for (const com of ["echo.com", "life.com", "numbers.com"]) {
    tree.push({ path: `/home/vm/dos/${com}`, mode: FileType.S_IFREG | 0o644, data: new Uint8Array(readFileSync(join(vm, "com", com))) });
  }
  tree.push(
    text("/etc/motd", MOTD),
    text("/etc/hostname", "nk\n"),
    text("/etc/passwd", "root:x:0:0:root:/home/vm:/bin/sh\n"),
    text("/boot/10-console", BOOT_CONSOLE, 0o755),
    text("/home/vm/README", HOME_README),
  );
  return tree;
}

/** The userland programs of /bin (a src/NAME.c with a built bin/NAME), sorted; read from the source tree. */
export function builtinPrograms(): string[] {
  return readdirSync(userland("src")).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2))
    .filter((name) => existsSync(userland("bin", name))).sort();
}

/**
 * The default image: an NFSII volume (512-byte blocks) holding builtinTree(), as raw bytes.
 * `sizeBytes` (default: the tree plus a quarter and 64 KiB) leaves room for the guest to write.
 * The default size comes prebuilt (image_bundle.ts), so it also works in a compiled nk; another
 * size is built from the source tree. The same bundle always gives the same bytes.
 */
export function builtinImage(options: { sizeBytes?: number } = {}): Uint8Array {
  if (options.sizeBytes === undefined) return gunzip(Buffer.from(BUILTIN_IMAGE_GZIP_BASE64, "base64"));
  return buildBuiltinImage(options);
}

/** Builds the image from builtinTree() (scripts/gen_builtin_image.ts prebuilds it for start-up speed; needs the source tree). */
export function buildBuiltinImage(options: { sizeBytes?: number } = {}): Uint8Array {
  return buildImage(builtinTree(), { label: "nk-root", now: () => IMAGE_TIME, sizeBytes: options.sizeBytes }).bytes;
}
