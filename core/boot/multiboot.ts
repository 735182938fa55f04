// A Multiboot v1 boot loader, like `qemu -kernel`: finds the multiboot header, loads the kernel's
// ELF segments (or the a.out-kludge image), builds the multiboot information structure with a
// PC memory map, loads modules, and leaves the CPU as the spec requires (EAX = 0x2BADB002, EBX =
// info, flat 32-bit segments, paging off, IF = 0). Multiboot Specification 0.6.96 §3.
// Platform-neutral.
import type { Machine } from "../machine.ts";
import { Cr0 } from "../cpu/control_regs.ts";
import { Eflags } from "../cpu/eflags.ts";

export const MULTIBOOT_HEADER_MAGIC = 0x1badb002;
export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;

/** Multiboot info flag bits (spec §3.3). */
const InfoFlag = { Memory: 1 << 0, BootDevice: 1 << 1, Cmdline: 1 << 2, Modules: 1 << 3, Mmap: 1 << 6, LoaderName: 1 << 9 } as const;

/** A boot failure with a one-line reason. */
export class BootError extends Error {}

/** A module to load next to the kernel (`--module FILE`). */
export interface BootModule {
  data: Uint8Array;
  cmdline: string;
}

/** What `bootMultiboot` needs. */
export interface BootOptions {
  kernel: Uint8Array;
  /** The kernel's command line (QEMU passes "<kernel path> <append>"). */
  cmdline: string;
  modules?: BootModule[];
}

/**
 * The memory map a PC BIOS (SeaBIOS) reports for `ram` bytes: conventional memory, EBDA, BIOS ROM,
 * extended memory up to the ACPI area at the top, and the high BIOS flash alias.
 */
export function biosMemoryMap(ram: number): { base: number; length: number; type: number }[] {
  return [
    { base: 0, length: 0x9fc00, type: 1 },
    { base: 0x9fc00, length: 0x400, type: 2 },
    { base: 0xf0000, length: 0x10000, type: 2 },
    { base: 0x100000, length: ram - 0x100000 - 0x20000, type: 1 },
    { base: ram - 0x20000, length: 0x20000, type: 2 },
    { base: 0xfffc0000, length: 0x40000, type: 2 },
  ];
}

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}
function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

/** Loads the kernel image into memory and returns its entry point and end address. */
function loadKernel(m: Machine, k: Uint8Array): { entry: number; end: number } {
  let header = -1;
  for (let at = 0; at + 12 <= Math.min(k.length, 8192); at += 4) {
    if (u32(k, at) === MULTIBOOT_HEADER_MAGIC && ((u32(k, at) + u32(k, at + 4) + u32(k, at + 8)) >>> 0) === 0) {
      header = at;
      break;
    }
  }
  if (header < 0) throw new BootError("not a multiboot kernel: no multiboot header in the first 8 KiB");
  const flags = u32(k, header + 4);
  if (flags & 0xfffc & ~0) {
    // Bits 2 (video mode) and above besides 16 are requests nk does not honour; refuse the required ones.
    if (flags & 0xfff8 & 0xffff) throw new BootError(`multiboot header requests unsupported features (flags 0x${flags.toString(16)})`);
  }
  const mem = m.memory;
  const fits = (addr: number, len: number) => addr >= 0x1000 && addr + len <= mem.size;
  if (flags & (1 << 16)) {
    // a.out kludge: the header gives the load addresses.
    const headerAddr = u32(k, header + 12), loadAddr = u32(k, header + 16);
    const loadEnd = u32(k, header + 20), bssEnd = u32(k, header + 24), entry = u32(k, header + 28);
    const offset = header - (headerAddr - loadAddr);
    const len = (loadEnd ? loadEnd : loadAddr + k.length - offset) - loadAddr;
    if (offset < 0 || offset + len > k.length || !fits(loadAddr, Math.max(len, (bssEnd || 0) - loadAddr))) {
      throw new BootError("multiboot a.out header describes an image outside the file or memory");
    }
    mem.writeBytes(loadAddr, k.subarray(offset, offset + len));
    if (bssEnd > loadAddr + len) mem.fill(loadAddr + len, bssEnd - loadAddr - len);
    return { entry, end: Math.max(loadAddr + len, bssEnd) };
  }
  if (k.length < 52 || u32(k, 0) !== 0x464c457f) throw new BootError("not an ELF file and no a.out kludge in the multiboot header");
  if (k[4] !== 1) throw new BootError("ELF64 kernels are not supported: nk boots i386 (ELF32) kernels");
  if (u16(k, 18) !== 3) throw new BootError(`ELF machine ${u16(k, 18)} is not i386`);
  const phoff = u32(k, 28), phentsize = u16(k, 42), phnum = u16(k, 44);
  if (phentsize < 32 || phoff + phnum * phentsize > k.length) throw new BootError("truncated ELF program header table");
  let end = 0, loaded = 0;
  for (let n = 0; n < phnum; n++) {
    const ph = phoff + n * phentsize;
    if (u32(k, ph) !== 1) continue; // PT_LOAD
    const off = u32(k, ph + 4), paddr = u32(k, ph + 12), filesz = u32(k, ph + 16), memsz = u32(k, ph + 20);
    if (filesz > memsz || off + filesz > k.length) throw new BootError("ELF segment extends past the end of the file");
    if (!fits(paddr, memsz)) {
      throw new BootError(`ELF segment at 0x${paddr.toString(16)} (+0x${memsz.toString(16)}) does not fit in ${mem.size >> 20} MiB of RAM`);
    }
    mem.writeBytes(paddr, k.subarray(off, off + filesz));
    mem.fill(paddr + filesz, memsz - filesz);
    end = Math.max(end, paddr + memsz);
    loaded++;
  }
  if (!loaded) throw new BootError("ELF kernel has no loadable segments");
  return { entry: u32(k, 24), end };
}

/** Loads and enters a multiboot kernel on a freshly reset machine. */
export function bootMultiboot(m: Machine, opts: BootOptions): void {
  m.reset();
  const mem = m.memory;
  const { entry, end } = loadKernel(m, opts.kernel);
  // Place modules page-aligned after the kernel, then the info structure and strings after them.
  let cursor = (end + 0xfff) & ~0xfff;
  const mods: { start: number; end: number; cmd: string }[] = [];
  for (const mod of opts.modules ?? []) {
    if (cursor + mod.data.length > mem.size) throw new BootError("modules do not fit in memory");
    mem.writeBytes(cursor, mod.data);
    mods.push({ start: cursor, end: cursor + mod.data.length, cmd: mod.cmdline });
    cursor = (cursor + mod.data.length + 0xfff) & ~0xfff;
  }
  const info = 0x9000; // below the EBDA, above the IVT/BDA: like GRUB, in conventional memory
  let strings = info + 0x400;
  const putString = (s: string) => {
    const at = strings;
    const bytes = new TextEncoder().encode(s + "\0");
    mem.writeBytes(at, bytes);
    strings += bytes.length;
    return at;
  };
  const map = biosMemoryMap(mem.size);
  const mmapAddr = info + 0x100;
  map.forEach((e, n) => {
    const at = mmapAddr + n * 24;
    mem.write32(at, 20);
    mem.write32(at + 4, e.base);
    mem.write32(at + 8, 0);
    mem.write32(at + 12, e.length);
    mem.write32(at + 16, 0);
    mem.write32(at + 20, e.type);
  });
  const modsAddr = info + 0x200;
  mods.forEach((md, n) => {
    mem.write32(modsAddr + n * 16, md.start);
    mem.write32(modsAddr + n * 16 + 4, md.end);
    mem.write32(modsAddr + n * 16 + 8, putString(md.cmd));
    mem.write32(modsAddr + n * 16 + 12, 0);
  });
  mem.fill(info, 0x58);
  mem.write32(info + 0, InfoFlag.Memory | InfoFlag.Cmdline | InfoFlag.Modules | InfoFlag.Mmap | InfoFlag.LoaderName);
  mem.write32(info + 4, 639);
  mem.write32(info + 8, (mem.size - 0x100000 - 0x20000) >>> 10);
  mem.write32(info + 16, putString(opts.cmdline));
  mem.write32(info + 20, mods.length);
  mem.write32(info + 24, modsAddr);
  mem.write32(info + 44, map.length * 24);
  mem.write32(info + 48, mmapAddr);
  mem.write32(info + 64, putString("nk"));

  const cpu = m.cpu;
  cpu.setFlatSegments(0);
  cpu.cr0 = Cr0.ET | Cr0.PE;
  cpu.eflags = Eflags.FIXED;
  cpu.r32[0] = MULTIBOOT_BOOTLOADER_MAGIC;
  cpu.r32[3] = info;
  cpu.eip = entry;
}
