// A thread's hardware context (thesis §3.4: the part of a process that belongs to ARCH): general
// registers, EIP, EFLAGS, segment registers with their descriptor caches, the x87 and SSE state,
// and the thread's three TLS descriptors. Saved and loaded only by arch.ts. Platform-neutral.
import type { Cpu } from "../../core/cpu/cpu.ts";

/** The fields copyFields moves for one class: scalars by value, typed arrays element-wise. */
interface Layout {
  scalars: string[];
  views: string[];
}
const layouts = new WeakMap<object, Layout>();

/** The copy layout of `obj`'s class, computed once (a switch saves and loads the FPU each time). */
function layoutOf(obj: object): Layout {
  const key = obj.constructor;
  let layout = layouts.get(key);
  if (layout === undefined) {
    layout = { scalars: [], views: [] };
    const o = obj as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (typeof v === "number" || typeof v === "boolean") layout.scalars.push(k);
      else if (ArrayBuffer.isView(v)) layout.views.push(k);
    }
    layouts.set(key, layout);
  }
  return layout;
}

/**
 * Copies every numeric, boolean and typed-array field of `src` into `dst` (FPU state snapshots);
 * both must be instances of the same class, whose fields keep their kinds.
 */
export function copyFields(dst: object, src: object): void {
  const d = dst as Record<string, unknown>, s = src as Record<string, unknown>;
  const { scalars, views } = layoutOf(src);
  for (let i = 0; i < scalars.length; i++) d[scalars[i]] = s[scalars[i]];
  for (let i = 0; i < views.length; i++) (d[views[i]] as Uint8Array).set(s[views[i]] as Uint8Array);
}

/** One thread's CPU state while it is not on the CPU. */
export class CpuContext {
  readonly regs = new Int32Array(8);
  eip = 0;
  eflags = 0x202;
  readonly sreg = new Uint16Array(6);
  readonly segBase = new Int32Array(6);
  readonly segLimit = new Float64Array(6);
  readonly segAttr = new Uint16Array(6);
  cpl = 3;
  cs32 = 1;
  ss32 = 1;
  /** The x87 register file (an FpuState-shaped object, created from the CPU's own class). */
  fpu: object | undefined;
  readonly xmm = new Int32Array(32);
  mxcsr = 0x1f80;
  /** GDT TLS entries 6–8 as (lo, hi) dword pairs. */
  readonly tls = new Int32Array(6);

  /** Captures the CPU's current state. */
  save(cpu: Cpu): void {
    this.regs.set(cpu.r32);
    this.eip = cpu.eip;
    this.eflags = cpu.eflags;
    this.sreg.set(cpu.sreg);
    this.segBase.set(cpu.segBase);
    this.segLimit.set(cpu.segLimit);
    this.segAttr.set(cpu.segAttr);
    this.cpl = cpu.cpl;
    this.cs32 = cpu.cs32;
    this.ss32 = cpu.ss32;
    if (!this.fpu) this.fpu = new (cpu.fpu.constructor as new () => object)();
    copyFields(this.fpu, cpu.fpu);
    this.xmm.set(cpu.xmm);
    this.mxcsr = cpu.mxcsr;
  }

  /** Puts this state on the CPU. */
  load(cpu: Cpu): void {
    cpu.r32.set(this.regs);
    cpu.eip = this.eip;
    cpu.eflags = this.eflags;
    cpu.sreg.set(this.sreg);
    cpu.segBase.set(this.segBase);
    cpu.segLimit.set(this.segLimit);
    cpu.segAttr.set(this.segAttr);
    cpu.cs32 = this.cs32;
    cpu.ss32 = this.ss32;
    cpu.setCpl(this.cpl);
    if (this.fpu) copyFields(cpu.fpu, this.fpu);
    else cpu.fpu.reset();
    cpu.xmm.set(this.xmm);
    cpu.mxcsr = this.mxcsr;
  }

  /** A copy (fork, clone). */
  clone(): CpuContext {
    const c = new CpuContext();
    c.regs.set(this.regs);
    c.eip = this.eip;
    c.eflags = this.eflags;
    c.sreg.set(this.sreg);
    c.segBase.set(this.segBase);
    c.segLimit.set(this.segLimit);
    c.segAttr.set(this.segAttr);
    c.cpl = this.cpl;
    c.cs32 = this.cs32;
    c.ss32 = this.ss32;
    if (this.fpu) {
      c.fpu = new (this.fpu.constructor as new () => object)();
      copyFields(c.fpu, this.fpu);
    }
    c.xmm.set(this.xmm);
    c.mxcsr = this.mxcsr;
    c.tls.set(this.tls);
    return c;
  }
}
