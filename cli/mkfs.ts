// `nk mkfs DIRECTORY IMAGE [--size SIZE]`: the thesis's imgbuild (§4) — turns a host folder into an
// NFSII disk image that `nk run --disk IMAGE` / `nk monitor --disk IMAGE` mount as the guest's root.
import { readdirSync, lstatSync, readFileSync, readlinkSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseCommandLine, UsageError, type OptionTable } from "./args.ts";
import { buildImage, type TreeEntry } from "../kernel/files/nfs2/mkfs.ts";

const OPTIONS: OptionTable = { size: { kind: "size", valueName: "SIZE", help: "image size (default: fit the files)" } };

/** Reads a host directory into mkfs tree entries (regular files, directories, symlinks). */
export function hostTree(dir: string, prefix = ""): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    const host = join(dir, name), guest = `${prefix}/${name}`;
    const st = lstatSync(host);
    if (st.isDirectory()) {
      out.push({ path: guest, mode: 0o040000 | (st.mode & 0o7777) });
      out.push(...hostTree(host, guest));
    } else if (st.isSymbolicLink()) {
      out.push({ path: guest, mode: 0o120777, target: readlinkSync(host) });
    } else if (st.isFile()) {
      out.push({ path: guest, mode: 0o100000 | (st.mode & 0o7777), data: new Uint8Array(readFileSync(host)) });
    }
  }
  return out;
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, "mkfs");
  const [dir, image] = positionals;
  if (!dir || !image) throw new UsageError("nk mkfs: need DIRECTORY and IMAGE (try 'nk help mkfs')");
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) {
    process.stderr.write(`nk mkfs: ${dir}: not a directory\n`);
    return 1;
  }
  const tree = hostTree(dir);
  const disk = buildImage(tree, { sizeBytes: values.size as number | undefined });
  writeFileSync(image, disk.bytes);
  const files = tree.filter((e) => e.data).length;
  process.stdout.write(`nk mkfs: ${image}: NFSII, ${disk.bytes.length >> 10} KiB, ${files} files, ${tree.length - files} other entries\n`);
  return 0;
}
