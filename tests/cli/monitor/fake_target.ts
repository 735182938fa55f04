// A MonitorTarget over plain arrays for monitor tests: 64 KiB of RAM mapped 1:1 (virtual ==
// physical for every pid), a register file, a port map and call records.

import {
  MemoryAccessError, type DeviceInfo, type MonitorTarget, type ProcessInfo, type RegisterName,
  type RegisterSnapshot, type ScreenImage, type StraceOptions, type TargetStatus,
} from "../../../cli/monitor/target.ts";

const flat = { selector: 0, base: 0, limit: 0xffffffff, flags: 0x00cf9300 };

export class FakeTarget implements MonitorTarget {
  readonly memory = new Uint8Array(0x10000);
  regs: Record<string, number> = {
    eax: 0x12345678, ebx: 0x1000, ecx: 3, edx: 0, esi: 0, edi: 0, ebp: 0x8000, esp: 0x7ff0,
    eip: 0x2000, eflags: 0x00000246, cr0: 0x80000011, cr2: 0, cr3: 0x9000, cr4: 0,
    cs: 0x08, ds: 0x10, es: 0x10, fs: 0, gs: 0, ss: 0x10,
  };
  running = false;
  readonly ports = new Map<number, number>();
  readonly portWrites: [number, number, number][] = [];
  readonly calls: string[] = [];
  straceOptions: StraceOptions = { enabled: false };
  schedulerName = "rr";
  screenImage: ScreenImage | undefined;

  registers(): RegisterSnapshot {
    const r = this.regs;
    const seg = (name: string) => ({ ...flat, selector: r[name]! });
    return {
      eax: r.eax!, ebx: r.ebx!, ecx: r.ecx!, edx: r.edx!, esi: r.esi!, edi: r.edi!, ebp: r.ebp!, esp: r.esp!,
      eip: r.eip!, eflags: r.eflags!, cpl: 3, halted: false,
      segments: { es: seg("es"), cs: { ...seg("cs"), flags: 0x00cf9b00 }, ss: seg("ss"), ds: seg("ds"), fs: seg("fs"), gs: seg("gs") },
      gdt: { base: 0x500, limit: 0x27 }, idt: { base: 0x600, limit: 0x7ff },
      cr0: r.cr0!, cr2: r.cr2!, cr3: r.cr3!, cr4: r.cr4!,
    };
  }
  setRegister(name: RegisterName, value: number): void { this.regs[name] = value >>> 0; }
  private check(address: number, length: number): void {
    if (address < 0 || address + length > this.memory.length) {
      throw new MemoryAccessError(address >= this.memory.length || address < 0 ? address : this.memory.length);
    }
  }
  readVirtual(_pid: number | undefined, address: number, length: number): Uint8Array { return this.readPhysical(address, length); }
  writeVirtual(_pid: number | undefined, address: number, bytes: Uint8Array): void { this.writePhysical(address, bytes); }
  readPhysical(address: number, length: number): Uint8Array { this.check(address, length); return this.memory.slice(address, address + length); }
  writePhysical(address: number, bytes: Uint8Array): void { this.check(address, bytes.length); this.memory.set(bytes, address); }
  portIn(port: number, size: 1 | 2 | 4): number { return (this.ports.get(port) ?? 0xffffffff) & (size === 4 ? 0xffffffff : (1 << (size * 8)) - 1); }
  portOut(port: number, size: 1 | 2 | 4, value: number): void { this.portWrites.push([port, size, value]); }
  stop(): void { this.calls.push("stop"); this.running = false; }
  cont(): void { this.calls.push("cont"); this.running = true; }
  step(count: number): number { this.calls.push(`step ${count}`); this.regs.eip! += count; return count; }
  status(): TargetStatus { return this.running ? { running: true } : { running: false, reason: "debug" }; }
  processes(): readonly ProcessInfo[] { return [{ pid: 1, ppid: 0, state: "R", name: "init" }, { pid: 12, ppid: 1, state: "S", name: "sh" }]; }
  scheduler(): string { return this.schedulerName; }
  schedulers(): readonly string[] { return ["rr", "mlfq"]; }
  setScheduler(name: string): void { this.schedulerName = name; }
  strace(): StraceOptions { return this.straceOptions; }
  setStrace(options: StraceOptions): void { this.straceOptions = options; }
  devices(): readonly DeviceInfo[] { return [{ name: "uart0", detail: "ports 0x3f8-0x3ff irq 4" }, { name: "pit", detail: "ports 0x40-0x43 irq 0" }]; }
  screen(): ScreenImage | undefined { return this.screenImage; }
  quit(): void { this.calls.push("quit"); }
}
