// The i386 CPU: architectural state and the memory access fast paths (a TLB in front of the page walk).
// The block cache and the execution loop are in executor.ts (interpreter, plus jit/). Instruction
// semantics live in opcodes/, paging in paging.ts, segmentation in segments.ts, interrupt delivery in
// interrupts.ts. Platform-neutral.
import type { PortBus } from "../bus/port_bus.ts";
import type { PhysicalMemory } from "../memory/physical.ts";
import type { InterruptController } from "../../devices/device.ts";
import { Cr0 } from "./control_regs.ts";
import { Eflags } from "./eflags.ts";
import { FAULT, raise } from "./fault.ts";
import { LazyFlags } from "./flags.ts";
import type { Block, Insn } from "./insn.ts";
import { Seg } from "./registers.ts";
import { Access, Tlb, TLB_PAGES, translate } from "./paging.ts";
import { deliverException, type InterruptKind } from "./interrupts.ts";
import { FpuState } from "./x87/fpu_state.ts";
import { BLOCK_CACHE_SIZE, flushCode, invalidatePage, runCpu, StopReason } from "./executor.ts";
import { jitDefault, jitThresholdDefault } from "./jit/settings.ts";

/**
 * Observer hooks: how the kernel's ARCH layer (or the monitor) sees the CPU. `onInterrupt` is asked
 * first for every exception, software interrupt and hardware interrupt; returning true means "handled"
 * and skips IDT delivery — this is how the TypeScript kernel services `int 0x80`.
 */
export interface CpuHooks {
  onInterrupt?(vector: number, errorCode: number, kind: InterruptKind): boolean;
  /** Called when HLT stops the CPU. */
  onHalt?(): void;
  /** Called on a triple fault (the machine resets or stops). */
  onTripleFault?(): void;
}

export { StopReason };

/** `Cpu.intPending` without a controller, and with one that has no cached flag (always ask it). */
const NO_INTERRUPTS = { value: false } as const;
const ALWAYS_ASK = { value: true } as const;

/** The processor. */
export class Cpu {
  readonly mem: PhysicalMemory;
  readonly ports: PortBus;
  /** General registers; r16[reg*2] and r8[REG8_INDEX[reg]] alias them. */
  readonly r32 = new Int32Array(8);
  readonly r16 = new Uint16Array(this.r32.buffer);
  readonly r8 = new Uint8Array(this.r32.buffer);
  /** Offset of the next instruction within CS (while executing: already past the current one). */
  eip = 0;
  /** EIP of the instruction being executed (faults rewind to it). */
  prevEip = 0;
  readonly lf = new LazyFlags();
  /** Segment registers: selector and descriptor cache. */
  readonly sreg = new Uint16Array(6);
  readonly segBase = new Int32Array(6);
  readonly segLimit = new Float64Array(6);
  /** Descriptor access byte | flags nibble << 8 (bit 14 = D/B, bit 15 = G). */
  readonly segAttr = new Uint16Array(6);
  gdtBase = 0;
  gdtLimit = 0xffff;
  idtBase = 0;
  idtLimit = 0x3ff;
  ldtSelector = 0;
  ldtBase = 0;
  ldtLimit = 0;
  trSelector = 0;
  trBase = 0;
  trLimit = 0;
  cr0 = Cr0.ET;
  cr2 = 0;
  cr3 = 0;
  cr4 = 0;
  readonly dr = new Int32Array(8);
  cpl = 0;
  /** 1 while the code segment is 32-bit (CS.D). */
  cs32 = 1;
  /** 1 while the stack segment is 32-bit (SS.B). */
  ss32 = 1;
  halted = false;
  /** STI / MOV SS interrupt shadow: no interrupt before the next instruction. */
  intShadow = false;
  /** nk extension: PTE bit 11 marks a page no-execute (see control_regs.ts). */
  softNx = false;
  readonly fpu = new FpuState();
  /** XMM0–7 as 4 dwords each, and MXCSR. */
  readonly xmm = new Int32Array(32);
  mxcsr = 0x1f80;
  /** Model-specific registers that exist (SYSENTER_CS/ESP/EIP, TSC). */
  readonly msr = new Map<number, bigint>();

  readonly tlb: Tlb;
  /** TLB permission bit that grants a read / write / fetch at the current CPL. */
  tlbRead = 0;
  tlbWrite = 0;
  tlbExec = 0;

  /** Retired instructions since reset (drives the virtual clock and RDTSC). */
  instructionCount = 0;
  readonly blocks = new Map<number, Block>();
  readonly pageBlocks = new Map<number, Block[]>();
  /** Direct-mapped cache in front of `blocks` (executor.ts). */
  readonly blockCache: (Block | undefined)[] = new Array(BLOCK_CACHE_SIZE).fill(undefined);
  /** Linear addresses where execution stops before the instruction (monitor, gdbserver). */
  readonly breakpoints = new Set<number>();
  /** Skip the breakpoint at this linear address once (resuming from it; executor.ts). */
  resumeFrom = -1;
  /**
   * Read before every block instead of calling `intc.hasInterrupt()`: the controller's own cached
   * flag when it offers one (`pendingFlag`, as Pic8259Pair does), else a constant — true (ask the
   * controller each time) when a controller without one is attached, false when there is none.
   */
  intPending: { readonly value: boolean } = NO_INTERRUPTS;
  private intController: InterruptController | undefined;

  /** The interrupt controller the CPU acknowledges hardware interrupts from. */
  get intc(): InterruptController | undefined {
    return this.intController;
  }

  set intc(c: InterruptController | undefined) {
    this.intController = c;
    const flag = (c as { pendingFlag?: { value: boolean } } | undefined)?.pendingFlag;
    this.intPending = c === undefined ? NO_INTERRUPTS : flag ?? ALWAYS_ASK;
  }
  hooks: CpuHooks = {};
  stopReason: number = StopReason.Budget;
  /** Set by requestStop(); run() returns at the next block boundary (executor.ts). */
  stopRequested = false;
  /** Compile hot blocks to JavaScript (false: interpreter only). Default from jit/settings.ts. */
  jitEnabled = jitDefault();
  /** Runs of a cached block before it is compiled. */
  jitThreshold = jitThresholdDefault();
  /** Instruction count a compiled block may run up to when it loops on itself (0: one pass). */
  jitEnd = 0;
  /** Set by the *Checked accessors when they caught a fault (held in FAULT) for compiled code. */
  jitFault = 0;
  /** Nesting guard for #DF / triple fault. */
  private delivering = 0;

  constructor(mem: PhysicalMemory, ports: PortBus) {
    this.mem = mem;
    this.ports = ports;
    this.tlb = new Tlb();
    mem.onCodeWrite = (page) => this.invalidatePage(page);
    this.reset();
  }

  /** Power-on state: flat 32-bit protected mode at CPL 0, paging off (what multiboot hands over). */
  reset(): void {
    this.r32.fill(0);
    this.eip = 0;
    this.lf.setAll(Eflags.FIXED);
    this.cr0 = Cr0.ET | Cr0.PE;
    this.cr2 = this.cr3 = this.cr4 = 0;
    this.dr.fill(0);
    this.halted = false;
    this.intShadow = false;
    this.gdtBase = 0; this.gdtLimit = 0xffff;
    this.idtBase = 0; this.idtLimit = 0x3ff;
    this.ldtSelector = this.ldtBase = this.ldtLimit = 0;
    this.trSelector = this.trBase = this.trLimit = 0;
    this.fpu.reset();
    this.xmm.fill(0);
    this.mxcsr = 0x1f80;
    this.msr.clear();
    this.setFlatSegments(0);
    this.flushCode();
    this.instructionCount = 0;
  }

  /**
   * Loads flat 4 GiB segments directly into the descriptor caches (no GDT read), as a boot loader
   * leaves them; selectors are 0x08/0x10 for ring 0 and 0x1B/0x23 for ring 3.
   */
  setFlatSegments(cpl: number): void {
    const code = cpl === 0 ? 0x08 : 0x1b, data = cpl === 0 ? 0x10 : 0x23;
    const dpl = cpl << 5;
    for (let s = 0; s < 6; s++) {
      this.sreg[s] = s === Seg.CS ? code : data;
      this.segBase[s] = 0;
      this.segLimit[s] = 0xffffffff;
      this.segAttr[s] = (s === Seg.CS ? 0x9b : 0x93) | dpl | 0xc000;
    }
    this.cs32 = 1;
    this.ss32 = 1;
    this.setCpl(cpl);
  }

  /** Changes the current privilege level and the TLB permission masks that depend on it. */
  setCpl(cpl: number): void {
    this.cpl = cpl;
    this.tlb.selectMasks(this);
  }

  // ---- registers -----------------------------------------------------------------------------

  /** EFLAGS with lazy bits computed. */
  get eflags(): number {
    return this.lf.get();
  }

  set eflags(v: number) {
    this.lf.setAll(v);
  }

  /** Linear address of the next instruction. */
  get linearIp(): number {
    return (this.segBase[Seg.CS] + this.eip) | 0;
  }

  // ---- memory: TLB fast paths ------------------------------------------------------------------
  // An entry is ((phys ^ lin) & ~0xfff) | permission bits, so phys = (entry & ~0xfff) ^ lin.

  read8(lin: number): number {
    const e = this.tlb.entries[lin >>> 12];
    if (e & this.tlbRead) return this.mem.u8[(e & ~0xfff) ^ lin];
    return this.mem.read8(translate(this, lin, Access.Read));
  }

  read16(lin: number): number {
    const e = this.tlb.entries[lin >>> 12];
    if ((e & this.tlbRead) && (lin & 0xfff) < 0xfff) {
      const p = (e & ~0xfff) ^ lin;
      if ((p & 1) === 0) return this.mem.u16[p >>> 1];
      return this.mem.u8[p] | (this.mem.u8[p + 1] << 8);
    }
    return this.read16Slow(lin);
  }

  read32(lin: number): number {
    const e = this.tlb.entries[lin >>> 12];
    if ((e & this.tlbRead) && (lin & 0xfff) < 0xffd) {
      const p = (e & ~0xfff) ^ lin;
      if ((p & 3) === 0) return this.mem.i32[p >>> 2];
      const m = this.mem.u8;
      return m[p] | (m[p + 1] << 8) | (m[p + 2] << 16) | (m[p + 3] << 24);
    }
    return this.read32Slow(lin);
  }

  write8(lin: number, v: number): void {
    const e = this.tlb.entries[lin >>> 12];
    if (e & this.tlbWrite) {
      this.mem.u8[(e & ~0xfff) ^ lin] = v;
      return;
    }
    this.mem.write8(translate(this, lin, Access.Write), v);
  }

  write16(lin: number, v: number): void {
    const e = this.tlb.entries[lin >>> 12];
    if ((e & this.tlbWrite) && (lin & 0xfff) < 0xfff) {
      const p = (e & ~0xfff) ^ lin;
      if ((p & 1) === 0) this.mem.u16[p >>> 1] = v;
      else { this.mem.u8[p] = v; this.mem.u8[p + 1] = v >> 8; }
      return;
    }
    this.write16Slow(lin, v);
  }

  write32(lin: number, v: number): void {
    const e = this.tlb.entries[lin >>> 12];
    if ((e & this.tlbWrite) && (lin & 0xfff) < 0xffd) {
      const p = (e & ~0xfff) ^ lin;
      if ((p & 3) === 0) this.mem.i32[p >>> 2] = v;
      else {
        const m = this.mem.u8;
        m[p] = v; m[p + 1] = v >> 8; m[p + 2] = v >> 16; m[p + 3] = v >> 24;
      }
      return;
    }
    this.write32Slow(lin, v);
  }

  private read16Slow(lin: number): number {
    if ((lin & 0xfff) === 0xfff) return this.read8(lin) | (this.read8(lin + 1) << 8);
    return this.mem.read16(translate(this, lin, Access.Read));
  }

  private read32Slow(lin: number): number {
    if ((lin & 0xfff) > 0xffc) {
      // Straddles two pages: translate both before reading either (both may fault).
      const lo = translate(this, lin, Access.Read), hi = translate(this, (lin + 3) & ~0xfff, Access.Read);
      let v = 0;
      for (let k = 0; k < 4; k++) {
        const l = lin + k;
        v |= this.mem.read8((l & 0xfff) >= (lin & 0xfff) ? lo + k : hi + (l & 0xfff)) << (8 * k);
      }
      return v;
    }
    return this.mem.read32(translate(this, lin, Access.Read));
  }

  private write16Slow(lin: number, v: number): void {
    if ((lin & 0xfff) === 0xfff) {
      const lo = translate(this, lin, Access.Write), hi = translate(this, lin + 1, Access.Write);
      this.mem.write8(lo, v);
      this.mem.write8(hi, v >> 8);
      return;
    }
    this.mem.write16(translate(this, lin, Access.Write), v);
  }

  private write32Slow(lin: number, v: number): void {
    if ((lin & 0xfff) > 0xffc) {
      const lo = translate(this, lin, Access.Write), hi = translate(this, (lin + 3) & ~0xfff, Access.Write);
      for (let k = 0; k < 4; k++) {
        const l = (lin + k) | 0;
        this.mem.write8((l & 0xfff) >= (lin & 0xfff) ? lo + k : hi + (l & 0xfff), v >> (8 * k));
      }
      return;
    }
    this.mem.write32(translate(this, lin, Access.Write), v);
  }

  // ---- memory: the compiled code's slow paths -------------------------------------------------
  // A compiled region has no exception handler (one makes JavaScriptCore keep every local alive
  // for it at each call inside, which costs compile time): its slow paths call these, which report
  // a fault in jitFault instead of throwing it, and the region leaves through its fault exit.

  read8Checked(lin: number): number {
    try { return this.read8(lin); } catch (e) { return this.caughtFault(e); }
  }

  read16Checked(lin: number): number {
    try { return this.read16(lin); } catch (e) { return this.caughtFault(e); }
  }

  read32Checked(lin: number): number {
    try { return this.read32(lin); } catch (e) { return this.caughtFault(e); }
  }

  write8Checked(lin: number, v: number): void {
    try { this.write8(lin, v); } catch (e) { this.caughtFault(e); }
  }

  write16Checked(lin: number, v: number): void {
    try { this.write16(lin, v); } catch (e) { this.caughtFault(e); }
  }

  write32Checked(lin: number, v: number): void {
    try { this.write32(lin, v); } catch (e) { this.caughtFault(e); }
  }

  private caughtFault(e: unknown): number {
    if (e !== FAULT) throw e;
    this.jitFault = 1;
    return 0;
  }

  /** Checks that [lin, lin+len) is writable (for instructions that must not half-complete). */
  probeWrite(lin: number, len: number): void {
    translate(this, lin, Access.Write);
    if (((lin & 0xfff) + len) > 0x1000) translate(this, (lin + len - 1) | 0, Access.Write);
  }

  /** Fetches one code byte (decoder). */
  fetch8(lin: number): number {
    const e = this.tlb.entries[lin >>> 12];
    if (e & this.tlbExec) return this.mem.u8[(e & ~0xfff) ^ lin];
    return this.mem.read8(translate(this, lin, Access.Exec));
  }

  // ---- operands ----------------------------------------------------------------------------

  /** Linear address of a decoded memory operand. */
  ea(i: Insn): number {
    let a = i.disp;
    if (i.base >= 0) a += this.r32[i.base];
    if (i.index >= 0) a += this.r32[i.index] << i.scale;
    if (i.ea16) a &= 0xffff;
    return (this.segBase[i.seg] + a) | 0;
  }

  /** Offset (without segment base) of a decoded memory operand: LEA. */
  eaOffset(i: Insn): number {
    let a = i.disp;
    if (i.base >= 0) a += this.r32[i.base];
    if (i.index >= 0) a += this.r32[i.index] << i.scale;
    return i.ea16 ? a & 0xffff : a | 0;
  }

  // ---- stack ------------------------------------------------------------------------------

  /** Linear address of SS:ESP (or SS:SP for a 16-bit stack). */
  stackLin(offset = 0): number {
    const sp = this.ss32 ? this.r32[4] + offset : (this.r32[4] + offset) & 0xffff;
    return (this.segBase[Seg.SS] + sp) | 0;
  }

  private addSp(n: number): void {
    if (this.ss32) this.r32[4] = (this.r32[4] + n) | 0;
    else this.r16[8] = this.r16[8] + n;
  }

  push32(v: number): void {
    this.write32(this.stackLin(-4), v);
    this.addSp(-4);
  }

  push16(v: number): void {
    this.write16(this.stackLin(-2), v);
    this.addSp(-2);
  }

  pop32(): number {
    const v = this.read32(this.stackLin());
    this.addSp(4);
    return v;
  }

  pop16(): number {
    const v = this.read16(this.stackLin());
    this.addSp(2);
    return v;
  }

  // ---- execution --------------------------------------------------------------------------

  /** Asks `run()` to return at the next block boundary (safe from hooks and device callbacks). */
  requestStop(): void {
    this.stopRequested = true;
  }

  /** Drops a pending stop request. */
  clearStopRequest(): void {
    this.stopRequested = false;
  }

  /**
   * Executes `budget` instructions and returns how many retired; with `soft`, the block running when
   * the budget is used up is finished (a time slice; see runCpu). Interrupts are taken between
   * blocks when IF is set (executor.ts).
   */
  run(budget: number, soft = false): number {
    return runCpu(this, budget, soft);
  }

  /** Delivers an exception raised by an instruction, escalating to #DF and a triple fault. */
  fault(vector: number, errorCode: number, address: number): void {
    if (vector === 14) this.cr2 = address;
    if (this.delivering >= 2) {
      this.stopReason = StopReason.Shutdown;
      this.hooks.onTripleFault?.();
      return;
    }
    this.delivering++;
    try {
      deliverException(this, vector, errorCode);
    } catch (err) {
      if (err !== FAULT) throw err;
      if (FAULT.vector === 14) this.cr2 = FAULT.address;
      if (this.delivering >= 2 || vector === 8) {
        this.stopReason = StopReason.Shutdown;
        this.hooks.onTripleFault?.();
      } else {
        this.delivering = 2;
        try {
          deliverException(this, 8, 0);
        } catch (err2) {
          if (err2 !== FAULT) throw err2;
          this.stopReason = StopReason.Shutdown;
          this.hooks.onTripleFault?.();
        }
      }
    } finally {
      this.delivering = 0;
    }
  }

  /** Raises #GP(code) unless CPL is 0: the common privileged-instruction check. */
  requireCpl0(): void {
    if (this.cpl !== 0) raise(13, 0);
  }

  // ---- block cache (executor.ts) --------------------------------------------------------------

  /** Drops every cached block decoded from physical page `page` (it is being written). */
  invalidatePage(page: number): void {
    invalidatePage(this, page);
  }

  /** Drops all cached code (breakpoints changed, reset, loadvm). */
  flushCode(): void {
    flushCode(this);
  }

  /** Number of TLB slots (for `info tlb`). */
  static readonly TLB_PAGES = TLB_PAGES;
}
