// cli/builtin_image.ts: the default root image — layout, embedded userland, reproducibility.
import { expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { builtinImage, builtinPrograms, builtinTree } from "../../cli/builtin_image.ts";
import { FileType, Nfs2FileSystem, RamDisk, Storage } from "../../kernel/files/mod.ts";
import { USERLAND_BIN } from "./userland_support.ts";

const SRC = join(import.meta.dir, "../../examples/userland/src");

test("builtinTree() has the thesis layout and a /bin entry per userland source", () => {
  const tree = builtinTree();
  const dirs = tree.filter((e) => (e.mode & FileType.S_IFMT) === FileType.S_IFDIR).map((e) => e.path);
  for (const d of ["/bin", "/dev", "/etc", "/lib", "/tmp", "/var", "/boot", "/home/vm"]) expect(dirs).toContain(d);
  const sources = readdirSync(SRC).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
  expect(builtinPrograms()).toEqual(sources);
  for (const p of ["init", "sh", "ls", "ps", "top", "usertests"]) expect(sources).toContain(p);
  const boot = tree.filter((e) => e.path.startsWith("/boot/"));
  expect(boot.length).toBeGreaterThan(0);
  expect(tree.find((e) => e.path === "/etc/motd")?.data?.length).toBeGreaterThan(0);
});

test("the bundle embeds exactly the built binaries (rerun scripts/build_userland.sh if not)", () => {
  for (const e of builtinTree().filter((x) => x.path.startsWith("/bin/"))) {
    // /bin/vm8086 is the case study's emulator, built by examples/vm8086/build.sh.
    const dir = e.path === "/bin/vm8086" ? join(import.meta.dir, "../../examples/vm8086/bin") : USERLAND_BIN;
    const onDisk = readFileSync(join(dir, e.path.slice(5)));
    expect(Buffer.from(e.data!).equals(onDisk)).toBe(true);
    expect(e.mode & 0o777).toBe(0o755);
    expect([...e.data!.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // ELF
  }
});

test("builtinImage() is reproducible and mounts as NFSII with the tree inside", () => {
  const a = builtinImage(), b = builtinImage();
  expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  const fs = Nfs2FileSystem.mount(new Storage(new RamDisk(a.slice()), { writeThrough: true }));
  const sh = fs.root.lookup("bin").lookup("sh");
  const want = builtinTree().find((e) => e.path === "/bin/sh")!.data!;
  expect(Buffer.from(sh.read(0, want.length)).equals(Buffer.from(want))).toBe(true);
  expect(fs.root.lookup("tmp").stat().mode & 0o7777).toBe(0o1777);
  expect(new TextDecoder().decode(fs.root.lookup("home").lookup("vm").lookup("README").read(0, 1000))).toContain("/home/vm");
});

test("the prebuilt image in examples/userland/image_bundle.ts equals a fresh build of builtinTree()", async () => {
  const { buildBuiltinImage } = await import("../../cli/builtin_image.ts");
  expect(builtinImage()).toEqual(buildBuiltinImage());
});
