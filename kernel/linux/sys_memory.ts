// Memory syscalls: brk, mmap/mmap2 (anonymous and private/shared file mappings, MAP_FIXED),
// munmap, mprotect, mremap, madvise, msync, mlock family, mincore. Platform-neutral.
import type { SyscallContext, SyscallRow } from "../syscall/context.ts";
import { def, defs } from "./syscall_row.ts";
import { fail } from "./errno.ts";
import { MapFlag, MremapFlag } from "./abi_memory.ts";
import { PAGE, USER_TOP } from "../memory/address_space.ts";

const pageUp = (n: number) => Math.ceil(n / PAGE) * PAGE;

/** mmap with the offset in bytes. */
function mmap(ctx: SyscallContext, addr: number, length: number, prot: number, flags: number, fd: number, offset: number): number {
  addr >>>= 0;
  length >>>= 0;
  if (!length || offset % PAGE || addr % PAGE) fail("EINVAL");
  if (length > USER_TOP) fail("ENOMEM");
  const as = ctx.process.as;
  const shared = (flags & 3) === MapFlag.MAP_SHARED;
  if ((flags & 3) === 0) fail("EINVAL");
  let file;
  let fileBytes = 0;
  let name = "";
  if (!(flags & MapFlag.MAP_ANONYMOUS)) {
    const of = ctx.process.files.get(fd);
    if (!of.readable) fail("EACCES");
    if (shared && (prot & 2) && !of.writable) fail("EACCES");
    if ((of.inode.mode & 0o170000) !== 0o100000 && (of.inode.mode & 0o170000) !== 0o020000) fail("ENODEV");
    file = of.inode;
    fileBytes = Math.max(0, Math.min(length, of.inode.size - offset));
    name = ctx.system.files.vfs.pathOf(of);
  }
  const len = pageUp(length);
  let start: number;
  if (flags & MapFlag.MAP_FIXED) {
    if (addr + len > USER_TOP) fail("EINVAL");
    start = addr;
  } else if (addr && addr + len <= USER_TOP && ![...as.vmas].some((v) => v.start < addr + len && v.end > addr)) {
    start = addr;
  } else {
    start = as.findFree(len);
  }
  as.map(start, len, {
    prot, shared, file, fileOffset: offset, fileBytes,
    growsDown: (flags & MapFlag.MAP_GROWSDOWN) !== 0, name,
  });
  return start | 0;
}

function mremap(ctx: SyscallContext, oldAddr: number, oldSize: number, newSize: number, flags: number, newAddr: number): number {
  oldAddr >>>= 0;
  if (oldAddr % PAGE || !newSize) fail("EINVAL");
  const as = ctx.process.as;
  const v = as.find(oldAddr);
  if (!v) fail("EFAULT");
  const oldLen = pageUp(oldSize), newLen = pageUp(newSize);
  if (newLen <= oldLen) {
    if (newLen < oldLen) as.unmap(oldAddr + newLen, oldLen - newLen);
    return oldAddr | 0;
  }
  // Grow in place if the pages after it are free.
  const end = oldAddr + oldLen;
  const free = !as.vmas.some((r) => r !== v && r.start < oldAddr + newLen && r.end > end);
  if (free && v.end === end && oldAddr + newLen <= USER_TOP && !(flags & MremapFlag.MREMAP_FIXED)) {
    v.end = oldAddr + newLen;
    if (v.file) v.fileBytes = Math.max(v.fileBytes, 0);
    return oldAddr | 0;
  }
  if (!(flags & MremapFlag.MREMAP_MAYMOVE)) fail("ENOMEM");
  const dest = flags & MremapFlag.MREMAP_FIXED ? newAddr >>> 0 : as.findFree(newLen);
  const data = ctx.mem.read(oldAddr, oldLen);
  as.map(dest, newLen, { prot: v.prot | 2, shared: v.shared, name: v.name });
  ctx.mem.write(dest, data);
  as.protect(dest, newLen, v.prot);
  as.unmap(oldAddr, oldLen);
  return dest | 0;
}

/** Memory syscall rows. */
export const MEMORY_SYSCALLS: SyscallRow[] = [
  def("brk", (ctx, addr) => ctx.process.as.setBrk(addr >>> 0) | 0, ["hex"], { ret: "hex" }),
  def("mmap2", (ctx, a, l, p, f, fd, pgoff) => mmap(ctx, a, l, p, f, fd, (pgoff >>> 0) * PAGE), ["hex", "size", "prot", "mflags", "fd", "hex"], { ret: "hex" }),
  def("mmap", (ctx, argsPtr) => {
    const m = ctx.mem;
    return mmap(ctx, m.readU32(argsPtr), m.readU32(argsPtr + 4), m.readU32(argsPtr + 8), m.readU32(argsPtr + 12), m.readI32(argsPtr + 16), m.readU32(argsPtr + 20));
  }, ["ptr"], { ret: "hex", note: "old_mmap: arguments in a struct" }),
  def("munmap", (ctx, addr, len) => {
    if ((addr >>> 0) % PAGE || !len) fail("EINVAL");
    ctx.process.as.unmap(addr >>> 0, len >>> 0);
    return 0;
  }, ["hex", "size"]),
  def("mprotect", (ctx, addr, len, prot) => {
    if ((addr >>> 0) % PAGE) fail("EINVAL");
    if (!len) return 0;
    ctx.process.as.protect(addr >>> 0, len >>> 0, prot);
    return 0;
  }, ["hex", "size", "prot"]),
  def("mremap", mremap, ["hex", "size", "size", "hex", "hex"], { ret: "hex" }),
  def("madvise", () => 0, ["hex", "size", "int"], { status: "partial", note: "advice accepted and ignored" }),
  def("msync", () => 0, ["hex", "size", "hex"], { status: "partial", note: "shared file mappings are not written back" }),
  ...defs(["mlock", "munlock"], () => 0, ["hex", "size"]),
  ...defs(["mlockall", "munlockall"], () => 0, ["hex"]),
  def("mincore", (ctx, addr, len, vec) => {
    const n = Math.ceil((len >>> 0) / PAGE);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const a = (addr >>> 0) + i * PAGE;
      if (!ctx.process.as.find(a)) fail("ENOMEM");
      out[i] = ctx.system.arch.pdLookup(ctx.process.as.pd, a) & 1;
    }
    ctx.mem.write(vec, out);
    return 0;
  }, ["hex", "size", "ptr"]),
];
