// The one module that touches user pointers (xv6 argptr/fetchstr): copies between the kernel and
// a process's virtual memory through its page tables, faulting pages in as the CPU would, and
// turning every bad pointer into EFAULT — never a host exception. Platform-neutral.
import type { PhysicalMemory } from "../../core/memory/physical.ts";
import { Pte } from "../../core/cpu/control_regs.ts";
import type { AddressSpace } from "./address_space.ts";
import { FaultResult, USER_TOP } from "./address_space.ts";
import { fail } from "../linux/errno.ts";

const decoder = new TextDecoder();

/** User-memory accessor for one address space. */
export class UserMemory {
  constructor(readonly memory: PhysicalMemory, readonly as: AddressSpace, private readonly esp: () => number = () => 0) {}

  /** Physical address of user byte `addr` for reading or writing; EFAULT if unmapped/forbidden. */
  phys(addr: number, write: boolean): number {
    addr >>>= 0;
    if (addr >= USER_TOP) fail("EFAULT");
    const arch = this.as.arch;
    let pte = arch.pdLookup(this.as.pd, addr);
    if (!(pte & Pte.P) || (write && !(pte & Pte.RW))) {
      if (this.as.handleFault(addr, write, false, this.esp()) !== FaultResult.Ok) fail("EFAULT");
      pte = arch.pdLookup(this.as.pd, addr);
      if (!(pte & Pte.P)) fail("EFAULT");
    }
    return ((pte & ~0xfff) | (addr & 0xfff)) >>> 0;
  }

  /** Copies `length` bytes from user memory. */
  read(addr: number, length: number): Uint8Array {
    if (length < 0 || length > 0x40000000) fail("EFAULT");
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const a = (addr + done) >>> 0;
      const n = Math.min(length - done, 4096 - (a & 0xfff));
      const p = this.phys(a, false);
      out.set(this.memory.u8.subarray(p, p + n), done);
      done += n;
    }
    return out;
  }

  /** Copies `data` into user memory. */
  write(addr: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const a = (addr + done) >>> 0;
      const n = Math.min(data.length - done, 4096 - (a & 0xfff));
      const p = this.phys(a, true);
      this.memory.writeBytes(p, data.subarray(done, done + n));
      done += n;
    }
  }

  /** Checks that [addr, addr+length) is writable without changing it. */
  checkWritable(addr: number, length: number): void {
    for (let a = addr >>> 0; a < addr + length; a = (a & ~0xfff) + 4096) this.phys(a, true);
  }

  readU32(addr: number): number {
    if ((addr & 0xfff) <= 0xffc) return this.memory.read32(this.phys(addr, false)) >>> 0;
    const b = this.read(addr, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  readI32(addr: number): number {
    return this.readU32(addr) | 0;
  }

  writeU32(addr: number, v: number): void {
    if ((addr & 0xfff) <= 0xffc) { this.memory.write32(this.phys(addr, true), v); return; }
    this.write(addr, new Uint8Array([v, v >>> 8, v >>> 16, v >>> 24]));
  }

  /** A 64-bit little-endian value as a JS number (exact below 2^53). */
  readU64(addr: number): number {
    return this.readU32(addr) + this.readU32(addr + 4) * 4294967296;
  }

  writeU64(addr: number, v: number): void {
    this.writeU32(addr, v % 4294967296);
    this.writeU32(addr + 4, Math.floor(v / 4294967296));
  }

  /** A NUL-terminated string (ENAMETOOLONG past `max` bytes). */
  readString(addr: number, max = 4096): string {
    return decoder.decode(this.readCString(addr, max));
  }

  /** The raw bytes of a NUL-terminated string. */
  readCString(addr: number, max = 4096): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let a = addr >>> 0; ;) {
      const p = this.phys(a, false);
      const pageLeft = 4096 - (a & 0xfff);
      const chunk = this.memory.u8.subarray(p, p + pageLeft);
      const nul = chunk.indexOf(0);
      const take = nul >= 0 ? nul : pageLeft;
      total += take;
      if (total > max) fail("ENAMETOOLONG");
      parts.push(chunk.slice(0, take));
      if (nul >= 0) break;
      a += pageLeft;
    }
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }

  /** A NULL-terminated array of string pointers (argv/envp); E2BIG past `maxCount`. */
  readStringArray(addr: number, maxCount = 65536): string[] {
    const out: string[] = [];
    if (!addr) return out;
    for (let i = 0; ; i++) {
      if (i >= maxCount) fail("E2BIG");
      const p = this.readU32(addr + i * 4);
      if (!p) break;
      out.push(this.readString(p, 131072));
    }
    return out;
  }
}
