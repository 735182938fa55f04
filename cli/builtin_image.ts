// The default root file system of `nk`: the thesis Table 3.3 layout (/bin /dev /etc /lib /tmp
// /var /boot /home/vm) holding nk's own userland (examples/userland, built by
// scripts/build_userland.sh and embedded through bin_bundle.ts, so a compiled nk carries it).
import { FileType, buildImage, type TreeEntry } from "../kernel/files/mod.ts";
import { USERLAND_BINARIES } from "../examples/userland/bin_bundle.ts";
import { BUILTIN_IMAGE_GZIP_BASE64 } from "../examples/userland/image_bundle.ts";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Every file gets this time, so the same userland always gives the same image bytes. */
const IMAGE_TIME = { sec: 1767225600, nsec: 0 }; // 2026-01-01T00:00:00Z, /proc/stat's btime

const MOTD = `Welcome to nk — the Native Kit kernel on an emulated i386.
Everything here is nk's own: init, sh and the tools in /bin (try: ls /bin, ps, top, usertests).
Demos: fork-tree, threads, signals, pipes, sched-demo, fb-demo. Type \`exit\` to leave the shell.
An 8086 PC inside: vm8086 dos/life.com 5, vm8086 dos/numbers.com, vm8086 -v dos/echo.com.
`;

/** /boot programs run in name order (thesis §3.3); this one greets and starts the console shell. */
const BOOT_CONSOLE = `# started by /bin/init: greet, then give the console a shell
cat /etc/motd
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

/** Decodes one bundled program (base64) into its bytes. */
function decode(base64: string): Uint8Array {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/**
 * The default image as a tree for kernel/files/nfs2 `buildImage`: directories first, then
 * /bin/NAME for every userland program (0755), /etc/motd, /etc/hostname, /boot/10-console
 * (a shell script: init runs it through /bin/sh) and /home/vm/README. /tmp is 01777; /proc is
 * the kernel's mount point.
 */
export function builtinTree(): TreeEntry[] {
  const tree: TreeEntry[] = [
    dir("/"), dir("/bin"), dir("/dev"), dir("/etc"), dir("/lib"), dir("/tmp", 0o1777), dir("/var"),
    dir("/var/log"), dir("/boot"), dir("/home"), dir("/home/vm"), dir("/proc", 0o555), dir("/root", 0o700),
  ];
  for (const name of Object.keys(USERLAND_BINARIES).sort()) {
    tree.push({ path: `/bin/${name}`, mode: FileType.S_IFREG | 0o755, data: decode(USERLAND_BINARIES[name]) });
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

/** The names of the bundled userland programs (the contents of /bin), sorted. */
export function builtinPrograms(): string[] {
  return Object.keys(USERLAND_BINARIES).sort();
}

/**
 * The default image: an NFSII volume (512-byte blocks) holding builtinTree(), as raw bytes.
 * `sizeBytes` (default: the tree plus a quarter and 64 KiB) leaves room for the guest to write.
 * The same bundle always gives the same bytes.
 */
export function builtinImage(options: { sizeBytes?: number } = {}): Uint8Array {
  if (options.sizeBytes === undefined) return new Uint8Array(gunzipSync(Buffer.from(BUILTIN_IMAGE_GZIP_BASE64, "base64")));
  return buildBuiltinImage(options);
}

/** Builds the image from builtinTree() (scripts/gen_builtin_image.ts prebuilds it for start-up speed). */
export function buildBuiltinImage(options: { sizeBytes?: number } = {}): Uint8Array {
  return buildImage(builtinTree(), { label: "nk-root", now: () => IMAGE_TIME, sizeBytes: options.sizeBytes }).bytes;
}
