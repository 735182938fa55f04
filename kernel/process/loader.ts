// The program loader (thesis §3.4.1, Linux binfmt_elf): maps a static ELF's PT_LOAD segments into
// a fresh address space as demand-paged file regions, sets the break, and builds the initial stack
// with argv, envp and the auxiliary vector the C library reads (i386 SysV ABI §3-28).
// Platform-neutral.
//
//   high ┌─────────────────────────┐ STACK_TOP
//        │ "i686", execfn, strings │
//        │ 16 random bytes         │ AT_RANDOM
//        │ (align 16)              │
//        │ auxv pairs … AT_NULL    │
//        │ envp[] … NULL           │
//        │ argv[] … NULL           │
//   sp → │ argc                    │ 16-byte aligned
//        └─────────────────────────┘
import { AddressSpace, PAGE, Prot, STACK_LIMIT, STACK_TOP, type Backing } from "../memory/address_space.ts";
import type { Arch } from "../arch/arch.ts";
import type { Frames } from "../memory/frames.ts";
import type { PageCache } from "../memory/page_cache.ts";
import { UserMemory } from "../memory/user_memory.ts";
import { parseElf, ElfError } from "./elf.ts";
import { AuxvType } from "../linux/abi_process.ts";
import { implemented as cpuFeatures } from "../../core/cpu/cpuid.ts";
import { Errno, LinuxErrno } from "../linux/errno.ts";

/** Where a static-PIE program is placed (Linux i386 ELF_ET_DYN_BASE without randomisation). */
export const PIE_BASE = 0x56555000;
const PF_X = 1, PF_W = 2, PF_R = 4;

/** A loaded image, ready for a thread to start in. */
export interface LoadedImage {
  as: AddressSpace;
  entry: number;
  sp: number;
}

/** What the loader needs to know about the program. */
export interface LoadRequest {
  /** The file's first bytes: at least the ELF and program headers (elfHeadersLength). */
  file: Uint8Array;
  /** The whole file's size (default: `file.length`, the whole file). */
  fileSize?: number;
  backing: Backing;
  argv: string[];
  envp: string[];
  execPath: string;
  uid: number;
  gid: number;
  /** Seed for AT_RANDOM (deterministic per run). */
  random: Uint8Array;
  /** Shares the program's file pages with earlier and later runs (none: private copies). */
  pageCache?: PageCache;
}

/** Loads `req.file`; throws Errno(ENOEXEC) with the ELF validator's message for bad files. */
export function loadElf(arch: Arch, frames: Frames, req: LoadRequest): LoadedImage {
  let elf;
  try {
    elf = parseElf(req.file, req.fileSize ?? req.file.length);
  } catch (e) {
    if (e instanceof ElfError) throw new Errno(LinuxErrno.ENOEXEC, e.message);
    throw e;
  }
  const base = elf.pie ? PIE_BASE : 0;
  const as = new AddressSpace(arch, frames);
  as.pageCache = req.pageCache;
  try {
    as.readImpliesExec = elf.execStack;
    let brk = 0;
    for (const seg of elf.segments) {
      const vaddr = seg.vaddr + base;
      const start = vaddr - (vaddr % PAGE);
      const lead = vaddr - start;
      let prot = 0;
      if (seg.flags & PF_R) prot |= Prot.Read;
      if (seg.flags & PF_W) prot |= Prot.Write;
      if (seg.flags & PF_X) prot |= Prot.Exec;
      as.map(start, lead + seg.memsz, {
        prot, file: req.backing, fileOffset: seg.offset - lead, fileBytes: lead + seg.filesz, name: req.execPath,
      });
      brk = Math.max(brk, vaddr + seg.memsz);
    }
    as.brkStart = as.brk = Math.ceil(brk / PAGE) * PAGE;
    as.map(STACK_TOP - 32 * PAGE, 32 * PAGE, {
      prot: Prot.Read | Prot.Write | (elf.execStack ? Prot.Exec : 0), growsDown: true, name: "[stack]",
    });
    const sp = buildStack(as, req, {
      phdr: elf.phdrAddr ? elf.phdrAddr + base : 0, phent: elf.phentsize, phnum: elf.phnum, entry: elf.entry + base,
    });
    return { as, entry: elf.entry + base, sp };
  } catch (e) {
    as.destroy();
    throw e;
  }
}

function buildStack(
  as: AddressSpace, req: LoadRequest, info: { phdr: number; phent: number; phnum: number; entry: number },
): number {
  const um = new UserMemory(as.frames.memory, as);
  const enc = new TextEncoder();
  let sp = STACK_TOP;
  const pushBytes = (b: Uint8Array) => {
    sp -= b.length;
    um.write(sp, b);
    return sp;
  };
  const pushString = (s: string) => pushBytes(enc.encode(s + "\0"));
  const platform = pushString("i686");
  const execfn = pushString(req.execPath);
  const envPtrs = req.envp.map(pushString);
  const argPtrs = req.argv.map(pushString);
  const random = pushBytes(req.random.subarray(0, 16));
  const total = req.argv.join("").length + req.envp.join("").length;
  if (total > STACK_LIMIT / 4) throw new Errno(LinuxErrno.E2BIG);
  const auxv: [number, number][] = [
    [AuxvType.AT_PHDR, info.phdr], [AuxvType.AT_PHENT, info.phent], [AuxvType.AT_PHNUM, info.phnum],
    [AuxvType.AT_PAGESZ, PAGE], [AuxvType.AT_BASE, 0], [AuxvType.AT_FLAGS, 0], [AuxvType.AT_ENTRY, info.entry],
    [AuxvType.AT_UID, req.uid], [AuxvType.AT_EUID, req.uid], [AuxvType.AT_GID, req.gid], [AuxvType.AT_EGID, req.gid],
    [AuxvType.AT_PLATFORM, platform], [AuxvType.AT_HWCAP, cpuFeatures.edx], [AuxvType.AT_CLKTCK, 100],
    [AuxvType.AT_SECURE, 0], [AuxvType.AT_RANDOM, random], [AuxvType.AT_HWCAP2, 0], [AuxvType.AT_EXECFN, execfn],
    [AuxvType.AT_NULL, 0],
  ];
  const words = 1 + argPtrs.length + 1 + envPtrs.length + 1 + auxv.length * 2;
  sp = (sp - words * 4) & ~15;
  const table = new Uint32Array(words);
  let w = 0;
  table[w++] = argPtrs.length;
  for (const p of argPtrs) table[w++] = p;
  table[w++] = 0;
  for (const p of envPtrs) table[w++] = p;
  table[w++] = 0;
  for (const [k, v] of auxv) { table[w++] = k; table[w++] = v >>> 0; }
  um.write(sp, new Uint8Array(table.buffer));
  return sp;
}
