// Compiled x87 runs: a stretch of a block's x87 instructions (with register-only integer code between
// them) whose register-stack shape the compiler can follow statically runs on JS locals instead of
// the FpuState arrays. Each stack value is a double-double pair (dd_arith.ts) in two locals; FXCH and
// FLD ST(i) only rename them; FLD/FST m64 and FLD m32 access RAM inline; arithmetic calls the kit of
// core/cpu/x87/jit_run.ts (`X`). The status word's C1/PE and the last-instruction pointers are kept
// in locals too, so FpuState is read once at the start of the run and written once at its end.
//
// The start checks everything the run assumes: no #NM/#MF can apply, PC = 64 bits, RC = nearest,
// PE masked (so no other exception can arise from plain operands), the registers it reads are full
// and have (or can be given) shadows, and the ones it pushes into are empty. Within the run anything
// that is not plain — a value out of the shadow range (zeros are plain), a zero divisor, a TLB
// miss, an unaligned or page-crossing operand, a quotient or root too near a rounding boundary — writes the state back as
// it was before that instruction and leaves the block there, so the interpreter executes it with full
// semantics (faults included: a run never faults itself). Platform-neutral.
import type { Insn } from "../insn.ts";
import type { Plan } from "./plan.ts";
import { Cr0 } from "../control_regs.ts";
import { setOrdered } from "./deferred_flags.ts";
import { Seg } from "../registers.ts";
import { eaExpr, eaOffsetExpr, loadDouble, M64_UNUSABLE } from "./emit_memory.ts";
import { DD_MAX, DD_MIN } from "../x87/dd_arith.ts";
import { carryBit, SpillEmpty, SpillValue } from "../x87/jit_run.ts";

/** Status word: C1 (cleared or set by every run instruction), PE, ES; CR0 bits of the #NM check. */
const C1 = 0x0200;
const PE = 0x0020;
const ES = 0x0080;
const GATE_CR0 = Cr0.EM | Cr0.TS;
/** Control-word fields a run relies on: PC = 64 bits, RC = nearest, PE masked. */
const CW_RUN_MASK = 0x0f20;
const CW_RUN = 0x0320;
/** Magnitudes of normal floats: every one is inside the shadow range. */
const F32_MIN = 2 ** -126;
const F32_MAX = 3.4028234663852886e38;
/** Arithmetic group members a run compiles (BINARY indices: add, mul, sub, subr, div, divr). */
const ARITH = new Set([0, 1, 4, 5, 6, 7]);

/** Where the block compiler's exits are. */
export interface RunContext {
  /** JS expression for the EIP of instruction k of the block. */
  eipAt(k: number): string;
  /** Code that leaves the block before instruction k (k instructions retired). */
  exitBefore(k: number): string;
}

/**
 * A stack value: JS expressions of its head and tail (a normalized pair in the shadow range, or ±0
 * with tail 0); `zero` when it is FLDZ's +0, known at compile time.
 */
interface Val {
  readonly h: string;
  readonly l: string;
  readonly zero: boolean;
}

/** What the run requires of a register at its start: full (read), empty (pushed into), nothing. */
type Need = "full" | "empty" | "any";

/** The stack as the compiler follows it; offsets are relative to TOP at the start of the run. */
class Shape {
  /** Each touched register's content (a popped register keeps its value, as FSAVE shows). */
  slots = new Map<number, Val>();
  /** The touched registers that are full. */
  full = new Set<number>();
  need = new Map<number, Need>();
  entry = new Map<number, Val>();
  /** Offsets known to be empty without a value the run knows (region mode: empty at the block start). */
  free = new Set<number>();
  cur = 0;

  clone(): Shape {
    const s = new Shape();
    s.slots = new Map(this.slots);
    s.full = new Set(this.full);
    s.need = new Map(this.need);
    s.entry = new Map(this.entry);
    s.free = new Set(this.free);
    s.cur = this.cur;
    return s;
  }

  /** True while the offsets touched fit in one turn of the eight physical registers. */
  fits(): boolean {
    const keys = [...this.need.keys()];
    return Math.max(...keys) - Math.min(...keys) <= 7;
  }
}

/** An x87 instruction (escape opcodes D8–DF). */
export const isX87 = (i: Insn) => i.op >= 0xd8 && i.op <= 0xdf;

/**
 * Region mode (x87Region): the stack a block's run starts from is carried in the region's locals
 * instead of being read from FpuState. Offsets are from TOP at the region's entry.
 */
interface Carry {
  /** TOP offset at the block's start. */
  readonly cur: number;
  /** Offsets full at the block's start: their values are in the region's locals (carried()). */
  readonly full: ReadonlySet<number>;
  /** Offsets empty at the block's start. */
  readonly empty: ReadonlySet<number>;
  /** Discovery: an offset the region has not met yet becomes a need at the region's entry here. */
  readonly needs?: Map<number, Need>;
}

/** Locals a region's runs share (region mode) instead of their own. */
const SHARED: Record<string, string> = {
  s: "ZS", d: "ZD", t: "ZT", f: "ZF", E: "ZE", D: "ZG", H: "ZH", L: "ZL", R: "ZR", Q: "ZQ",
};

/** The region's local holding offset o's value (region mode). */
function carried(o: number): Val {
  return { h: `C${o + 16}h`, l: `C${o + 16}l`, zero: false };
}

/** Offset o's bit in the region's masks of full and written offsets (the layout X.store reads). */
const bit = carryBit;

/**
 * The condition under which compiled x87 code must not start (a run's or a region's entry): #NM or
 * a pending #MF could apply, or the control word is not PC = 64, RC = nearest, PE masked, or a
 * register needed full is empty or has no shadow to give it, or one needed empty is full. `f` and `E`
 * name FpuState and its empty array; `slots` pairs physical-index expressions with needs.
 */
function entryGuard(f: string, E: string, slots: [string, Need][]): string {
  let guard = `(cpu.cr0 & ${GATE_CR0}) !== 0 || (${f}.sw & ${ES}) !== 0 || (${f}.cw & ${CW_RUN_MASK}) !== ${CW_RUN}`;
  for (const [p, need] of slots) {
    // One call that always runs (X.full): a shadow entered only now and then would be a path the
    // engine's profiling never saw, which its optimized code leaves through a forced exit, and after
    // about a hundred of those JavaScriptCore compiles the whole function again.
    if (need === "full") guard += ` || !X.full(${f}, ${p})`;
    else if (need === "empty") guard += ` || ${E}[${p}] === 0`;
  }
  return guard;
}

/** One run being compiled: its shape, locals and per-instruction code. */
class Run {
  shape = new Shape();
  readonly code = new Map<number, string>();
  count = 0;
  private n = 0;
  private last: { k: number; fop: number } | undefined;
  private memSeg = -1;
  /** Region mode: the region's locals lag behind the run's stack (an x87 instruction ran since the last sync). */
  private lagging = false;
  /** Region mode: code that brings the region's locals up to date before an instruction (by index). */
  readonly before = new Map<number, string>();

  constructor(private readonly id: number, private readonly ctx: RunContext, readonly first: number,
    private readonly carry?: Carry) {
    if (carry === undefined) return;
    this.shape.cur = carry.cur;
    for (const o of carry.full) this.set(o, carried(o));
    for (const o of carry.empty) this.shape.free.add(o);
  }

  private name(s: string): string {
    return this.carry !== undefined && SHARED[s] !== undefined ? SHARED[s] : `x${this.id}${s}`;
  }

  private slotIndex(o: number): string {
    return this.carry !== undefined ? `ZP${o + 16}` : this.name(`p${o + 8}`);
  }

  /** ST(o − cur) at offset o, entering it as a start value if the run has not touched it. */
  private read(o: number): Val | undefined {
    const s = this.shape;
    if (s.slots.has(o)) return s.full.has(o) ? s.slots.get(o) : undefined;
    if (this.carry !== undefined) {
      // Region mode: only an offset the region has not met can still be entered (discovery).
      const needs = this.carry.needs;
      if (needs === undefined || s.free.has(o) || (needs.get(o) ?? "full") !== "full") return undefined;
      needs.set(o, "full");
      const v = carried(o);
      this.set(o, v);
      return v;
    }
    const v = { h: this.name(`e${o + 8}h`), l: this.name(`e${o + 8}l`), zero: false };
    s.need.set(o, "full");
    s.entry.set(o, v);
    this.set(o, v);
    return v;
  }

  private push(v: Val): boolean {
    const s = this.shape, o = s.cur - 1;
    if (s.slots.has(o)) {
      if (s.full.has(o)) return false; // stack overflow: the interpreter's business
    } else if (this.carry !== undefined) {
      const needs = this.carry.needs;
      if (!s.free.has(o)) {
        if (needs === undefined || (needs.get(o) ?? "empty") !== "empty") return false;
        needs.set(o, "empty");
      }
    } else s.need.set(o, "empty");
    this.set(o, v);
    s.cur = o;
    return true;
  }

  private pop(): void {
    this.shape.full.delete(this.shape.cur);
    this.shape.cur++;
  }

  /** Register at offset o now holds v and is full. */
  private set(o: number, v: Val): void {
    this.shape.slots.set(o, v);
    this.shape.full.add(o);
    this.shape.free.delete(o);
  }

  private fresh(): Val {
    const k = this.n++;
    return { h: this.name(`v${k}h`), l: this.name(`v${k}l`), zero: false };
  }

  /** The code writing the followed state back to FpuState. */
  private flush(): string {
    if (this.last === undefined) return "";
    const s = this.shape, f = this.name("f");
    let out = "", shadow = false;
    for (const [o, v] of s.slots) {
      const p = this.slotIndex(o), need = s.need.get(o), full = s.full.has(o);
      if (need !== (full ? "full" : "empty")) out += `${this.name("E")}[${p}] = ${full ? 0 : 1}; `;
      if (need === "full" && s.entry.get(o) === v) continue;
      const zero = (sign: string) => `${f}.regSe[${p}] = ${sign}; ${f}.regHi[${p}] = 0; ${f}.regLo[${p}] = 0; ${this.name("D")}[${p}] = 0;`;
      const shadowOnly = `${this.name("H")}[${p}] = ${v.h}; ${this.name("L")}[${p}] = ${v.l}; ${this.name("D")}[${p}] = 2;`;
      if (v.zero) out += zero("0") + " ";
      else {
        // A zero has no shadow: its encoding is written instead.
        out += `if (${v.h} !== 0) { ${shadowOnly} } else { ${zero(`1 / ${v.h} < 0 ? 0x8000 : 0`)} } `;
        shadow = true;
      }
    }
    if (shadow) out += `${f}.anyShadow = true; `;
    if (s.cur !== 0) out += `${f}.top = (${this.name("t")} + ${s.cur}) & 7; `;
    out += `${f}.sw = ${this.name("s")}; ${f}.fip = ${this.ctx.eipAt(this.last.k)}; ${f}.fcs = cpu.sreg[${Seg.CS}]; ` +
      `${f}.fop = ${this.last.fop}; `;
    if (this.memSeg >= 0) out += `${f}.fdp = ${this.name("d")}; ${f}.fds = cpu.sreg[${this.memSeg}]; `;
    return out;
  }

  /**
   * The same write-back for a bail-out, as one call of X.spill with the state described in
   * literals: bail-outs are cold, and inline write-backs at each of them made hot functions too big
   * for the engine's optimizing tier.
   */
  private spill(): string {
    if (this.last === undefined) return "";
    const s = this.shape, ops: number[] = [], vals: string[] = [];
    const index = new Map<Val, number>();
    for (const [o, v] of s.slots) {
      const need = s.need.get(o), full = s.full.has(o);
      const empty = need === (full ? "full" : "empty") ? SpillEmpty.Keep : full ? SpillEmpty.Full : SpillEmpty.Empty;
      let value: number = SpillValue.Keep;
      if (!(need === "full" && s.entry.get(o) === v)) {
        if (v.zero) value = SpillValue.Zero;
        else {
          value = index.get(v) ?? index.size;
          if (!index.has(v)) {
            index.set(v, value);
            vals.push(v.h, v.l);
          }
        }
      }
      if (empty !== SpillEmpty.Keep || value !== SpillValue.Keep) ops.push(o, value, empty);
    }
    const mem = this.memSeg >= 0;
    return `X.spill(cpu, ${this.name("f")}, ${this.name("t")}, ${s.cur}, ${this.name("s")}, ${mem ? this.name("d") : 0}, ` +
      `${this.memSeg}, ${this.ctx.eipAt(this.last.k)}, ${this.last.fop}, [${ops.join(", ")}], [${vals.join(", ")}]); `;
  }

  /**
   * Region mode: the code that makes the region's locals hold this point's stack (the values,
   * assigned all at once as FXCH may have swapped them), its shape (ZC: TOP offset, ZM: full
   * offsets), the offsets given values (ZW) and the last instruction's pointers.
   */
  sync(): string {
    const s = this.shape, moves: [Val, Val][] = [];
    let written = 0, full = 0;
    for (const [o, v] of s.slots) {
      const c = carried(o);
      if (v.h === c.h) continue;
      moves.push([c, v]);
      written |= bit(o);
    }
    for (const o of s.full) full |= bit(o);
    let out = "";
    if (moves.length) {
      out += `{ const ${moves.map(([, v], k) => `y${k}h = ${v.h}, y${k}l = ${v.l}`).join(", ")}; ` +
        moves.map(([c], k) => `${c.h} = y${k}h; ${c.l} = y${k}l;`).join(" ") + ` } ZW |= ${written}; `;
    }
    out += `ZC = ${s.cur}; ZM = ${full}; `;
    if (this.last !== undefined) out += `ZIP = ${this.ctx.eipAt(this.last.k)}; ZOP = ${this.last.fop}; `;
    return out;
  }

  /**
   * Region mode: instruction k (not x87) may fault or store. A fault leaves through the region's
   * write-back, and a store into the region's own code through its exit: either writes the stack
   * from the region's locals, so they must hold this point's stack first.
   */
  syncBefore(k: number): void {
    if (!this.lagging) return;
    this.before.set(k, this.sync());
    this.lagging = false;
    // The values now live in the carried locals, which the sync may have reassigned (FXCH).
    for (const o of this.shape.slots.keys()) this.shape.slots.set(o, carried(o));
  }

  /** The offsets the run has met (region mode: for the region's span check). */
  touched(): number[] {
    return [...this.shape.slots.keys(), ...this.shape.free];
  }

  /** Region mode: the shape at this point, as the next block's start. */
  exitCarry(): Carry {
    const s = this.shape, empty = new Set(s.free);
    for (const o of s.slots.keys()) if (!s.full.has(o)) empty.add(o);
    return { cur: s.cur, full: new Set(s.full), empty };
  }

  /** Compiles instruction k into the run; false (nothing changed) if the run must end before it. */
  step(i: Insn, k: number): boolean {
    const saved = this.shape.clone();
    const bail = this.carry !== undefined ? `{ ${this.sync()}${this.ctx.exitBefore(k)} }`
      : `{ ${this.spill()}${this.ctx.exitBefore(k)} }`;
    const code = this.emit(i, bail);
    if (code === undefined || !this.shape.fits()) {
      this.shape = saved;
      return false;
    }
    this.code.set(k, code);
    this.lagging = true;
    this.last = { k, fop: ((i.op & 7) << 8) | (i.mod << 6) | (i.reg << 3) | i.rm };
    if (i.mod !== 3) this.memSeg = i.seg;
    this.count++;
    return true;
  }

  /** The code of `i` (undefined when the run cannot take it); `bail` leaves before it. */
  private emit(i: Insn, bail: string): string | undefined {
    const esc = i.op - 0xd8, reg = i.reg, rm = i.rm, cur = this.shape.cur;
    if (i.mod !== 3) {
      if ((esc === 0 || esc === 4) && ARITH.has(reg)) {
        const a = this.read(cur);
        if (a === undefined) return undefined;
        const [load, m, bad] = esc === 0 ? this.load32(i) : this.load64(i);
        return load + this.arith(reg, a, { h: m, l: "0", zero: false }, 0, false, bail, bad) + this.pointer(i);
      }
      if ((esc === 1 || esc === 5) && reg === 0) {
        const [load, m, bad] = esc === 1 ? this.load32(i) : this.load64(i);
        if (!this.push({ h: m, l: "0", zero: false })) return undefined;
        return `${load}if (${bad}) ${bail} ${this.clearC1()}${this.pointer(i)}`;
      }
      if (esc === 5 && (reg === 2 || reg === 3)) return this.store64(i, reg === 3, bail);
      return undefined;
    }
    switch (esc) {
      case 0:
        return ARITH.has(reg) ? this.arithRegs(reg, 0, rm, false, bail) : undefined;
      case 4: case 6:
        return ARITH.has(reg) ? this.arithRegs(reg, rm, rm, esc === 6, bail) : undefined;
      case 1:
        if (reg === 0) { // FLD ST(i)
          const v = this.read(cur + rm);
          return v !== undefined && this.push(v) ? this.clearC1() : undefined;
        }
        if (reg === 1) { // FXCH ST(i)
          const a = this.read(cur), b = this.read(cur + rm);
          if (a === undefined || b === undefined) return undefined;
          this.set(cur, b);
          this.set(cur + rm, a);
          return this.clearC1();
        }
        return this.d9(reg * 8 + rm, bail);
      case 5:
        return reg === 2 || reg === 3 ? this.storeSt(rm, reg === 3) : undefined;
      case 3: case 7:
        return reg === 5 || reg === 6 ? this.comi(rm, esc === 7) : undefined;
      default:
        return undefined;
    }
  }

  private clearC1(): string {
    return `${this.name("s")} &= ${~C1}; `;
  }

  /** Records the data pointer of a memory form (its offset; the segment is written at the end). */
  private pointer(i: Insn): string {
    return `${this.name("d")} = ${eaOffsetExpr(i)}; ${this.carry !== undefined ? `ZDS = ${i.seg}; ` : ""}`;
  }

  /** FCHS, FABS, FLD1, FLDZ, FSQRT (D9 E0–FF by ModRM low six bits). */
  private d9(m: number, bail: string): string | undefined {
    const cur = this.shape.cur;
    if (m === 0x28 || m === 0x2e) { // FLD1, FLDZ: exact under every RC
      const one = m === 0x28;
      return this.push({ h: one ? "1" : "0", l: "0", zero: !one }) ? this.clearC1() : undefined;
    }
    const a = this.read(cur);
    if (a === undefined) return undefined;
    const r = this.fresh();
    let code: string;
    if (m === 0x20) code = `const ${r.h} = -${a.h}, ${r.l} = -${a.l}; ${this.clearC1()}`; // FCHS
    else if (m === 0x21) code = `const ${r.h} = Math.abs(${a.h}), ${r.l} = ${a.h} < 0 ? -${a.l} : ${a.l}; ${this.clearC1()}`; // FABS
    else if (m === 0x3a) code = this.result(`X.sqrt(${a.h}, ${a.l})`, r, bail); // FSQRT
    else return undefined;
    this.set(cur, r);
    return code;
  }

  /** `t = call`; bail on −1; the result into r's locals and its PE/C1 into the status local. */
  private result(call: string, r: Val, bail: string, bad?: string): string {
    const s = this.name("s");
    // One bail-out per instruction (each is a sizeable call): an unusable operand short-circuits.
    return `if (${bad !== undefined ? `${bad} || ` : ""}(t = ${call}) < 0) ${bail} const ${r.h} = ${this.name("R")}[0], ${r.l} = ${this.name("Q")}[0]; ` +
      `${s} = (${s} & ${~C1}) | t; `;
  }

  /** ST(dest) = ST(0) op ST(src), popping once if `pop` (as ddBinary). */
  private arithRegs(op: number, dest: number, src: number, pop: boolean, bail: string): string | undefined {
    const cur = this.shape.cur;
    const a = this.read(cur), b = this.read(cur + src);
    if (a === undefined || b === undefined) return undefined;
    return this.arith(op, a, b, dest, pop, bail);
  }

  private arith(op: number, a: Val, b: Val, dest: number, pop: boolean, bail: string, bad?: string): string {
    const neg = (v: Val) => `-${v.h}, -${v.l}`;
    const args = op === 0 || op === 1 ? `${a.h}, ${a.l}, ${b.h}, ${b.l}` : op === 4 ? `${a.h}, ${a.l}, ${neg(b)}`
      : op === 5 ? `${b.h}, ${b.l}, ${neg(a)}` : op === 6 ? `${a.h}, ${a.l}, ${b.h}, ${b.l}` : `${b.h}, ${b.l}, ${a.h}, ${a.l}`;
    const fn = op === 1 ? "mul" : op >= 6 ? "div" : "add";
    const r = this.fresh();
    const code = this.result(`X.${fn}(${args})`, r, bail, bad);
    this.set(this.shape.cur + dest, r);
    if (pop) this.pop();
    return code;
  }

  /**
   * Reads an m64 operand into a fresh local: the code, the local, and the condition under which it is
   * unusable (a TLB miss, not 4-aligned or crossing a page — the local is then NaN — or neither zero
   * nor in the shadow range).
   */
  private load64(i: Insn): [string, string, string] {
    const m = this.name(`m${this.n++}`);
    return [loadDouble(i, m), m,
      `!(${m} === 0 || (Math.abs(${m}) >= ${DD_MIN} && Math.abs(${m}) <= ${DD_MAX}))`];
  }

  /** As load64 for an m32 operand (a normal float or zero, 4-aligned). */
  private load32(i: Insn): [string, string, string] {
    const m = this.name(`m${this.n++}`);
    return [`a = ${eaExpr(i)}; e = tlb[a >>> 12]; const ${m} = (e & RD) === 0 || (a & 3) !== 0 ? NaN : f32[((e & ~0xfff) ^ a) >>> 2]; `, m,
      `!(${m} === 0 || (Math.abs(${m}) >= ${F32_MIN} && Math.abs(${m}) <= ${F32_MAX}))`];
  }

  /** FST/FSTP m64: the head is the double (RC = nearest); PE when a tail is dropped, C1 when it pointed inwards. */
  private store64(i: Insn, pop: boolean, bail: string): string | undefined {
    const v = this.read(this.shape.cur);
    if (v === undefined) return undefined;
    const s = this.name("s");
    const status = v.zero || v.l === "0" ? `${s} &= ${~C1}; `
      : `${s} = (${s} & ${~C1}) | (${v.l} === 0 ? 0 : (${v.l} < 0) !== (${v.h} < 0) ? ${PE | C1} : ${PE}); `;
    if (pop) this.pop();
    return `a = ${eaExpr(i)}; e = tlb[a >>> 12]; if ((e & WR) === 0 || ${M64_UNUSABLE}) ${bail} ` +
      `p = (e & ~0xfff) ^ a; if ((a & 4) === 0) f64[p >>> 3] = ${v.h}; else X.put(i32, p >>> 2, ${v.h}); ` +
      status + this.pointer(i);
  }

  /** FST/FSTP ST(i): copies ST(0) (no rounding), clears C1. */
  private storeSt(st: number, pop: boolean): string | undefined {
    const s = this.shape, v = this.read(s.cur);
    if (v === undefined) return undefined;
    const o = s.cur + st;
    if (this.carry !== undefined) {
      if (!s.slots.has(o) && !s.free.has(o)) return undefined; // region mode: its tag must be known
    } else if (!s.need.has(o)) s.need.set(o, "any");
    this.set(o, v);
    if (pop) this.pop();
    return this.clearC1();
  }

  /** FCOMI/FUCOMI(P) ST(0), ST(st) of plain values: EFLAGS by ordering; the status word is kept. */
  private comi(st: number, pop: boolean): string | undefined {
    const cur = this.shape.cur, a = this.read(cur), b = this.read(cur + st);
    if (a === undefined || b === undefined) return undefined;
    if (pop) this.pop();
    return setOrdered(`${a.h} < ${b.h} || (${a.h} === ${b.h} && ${a.l} < ${b.l})`, `${a.h} === ${b.h} && ${a.l} === ${b.l}`);
  }

  /** The run's start: the checks, the register indices, the start values and the status local. */
  prologue(): string {
    if (this.carry !== undefined) return "";
    const s = this.shape, f = this.name("f"), t = this.name("t");
    let code = `const ${f} = cpu.fpu, ${t} = ${f}.top, ${this.name("E")} = ${f}.empty, ${this.name("D")} = ${f}.dd, ` +
      `${this.name("H")} = ${f}.ddHi, ${this.name("L")} = ${f}.ddLo, ${this.name("R")} = X.h, ${this.name("Q")} = X.l`;
    for (const o of s.need.keys()) code += `, ${this.slotIndex(o)} = (${t} + ${o}) & 7`;
    code += "; ";
    const guard = entryGuard(f, this.name("E"), [...s.need].map(([o, need]) => [this.slotIndex(o), need]));
    code += `if (${guard}) { ${this.ctx.exitBefore(this.first)} } `;
    const loads = [...s.entry].map(([o, v]) => `${v.h} = ${this.name("H")}[${this.slotIndex(o)}], ${v.l} = ${this.name("L")}[${this.slotIndex(o)}]`);
    if (loads.length) code += `const ${loads.join(", ")}; `;
    code += `let ${this.name("s")} = ${f}.sw${this.memSeg >= 0 ? `, ${this.name("d")} = 0` : ""};\n`;
    return code;
  }

  /** The run's end: everything written back (region mode: into the region's locals). */
  epilogue(): string {
    return `\n${this.carry !== undefined ? this.sync() : this.flush()}`;
  }
}

/**
 * Finds the x87 runs of a block (instructions with inline plans; at least two x87 instructions) and
 * returns the code replacing each of their x87 instructions' inline code, the run's start and end
 * included. Instructions between them keep their own code.
 */
export function x87Runs(insns: Insn[], plans: (Plan | undefined)[], ctx: RunContext): Map<number, string> {
  const out = new Map<number, string>();
  let k = 0, id = 0;
  while (k < insns.length) {
    if (!isX87(insns[k]) || plans[k] === undefined) {
      k++;
      continue;
    }
    const run = new Run(id, ctx, k);
    let last = -1;
    for (let j = k; j < insns.length; j++) {
      const p = plans[j];
      if (p === undefined) break;
      if (isX87(insns[j])) {
        if (!run.step(insns[j], j)) break;
        last = j;
      } else if (p.faults || p.ends || p.stores) break;
    }
    if (run.count < 2) {
      k = Math.max(last, k) + 1;
      continue;
    }
    for (const [j, code] of run.code) out.set(j, code);
    out.set(k, run.prologue() + out.get(k)!);
    out.set(last, out.get(last)! + run.epilogue());
    id++;
    k = last + 1;
  }
  return out;
}

/** One block of a region as x87Region sees it. */
export interface X87Block {
  readonly insns: Insn[];
  readonly plans: (Plan | undefined)[];
  /** The region's blocks control may continue to from this block's end (indices). */
  readonly next: readonly number[];
  readonly ctx: RunContext;
}

/** A region whose x87 stack lives in locals across its blocks. */
export interface X87RegionCode {
  /** Per block: the code replacing its x87 instructions (the block-end update of the locals included). */
  readonly code: Map<number, string>[];
  /** Per block: code to put before its other instructions that fault or store (Run.syncBefore). */
  readonly before: Map<number, string>[];
  /** Declarations at the function's start. */
  readonly decls: string;
  /** The checks and loads at the region's entry (inside the function's `body` block). */
  readonly prologue: string;
  /** The write-back of the stack at every exit, and in the fault path. */
  readonly epilogue: string;
}

/** Whether every instruction of a block compiles inline and those that are not x87 neither fault nor store. */
export function registerOnly(insns: Insn[], plans: (Plan | undefined)[]): boolean {
  return plans.every((p, k) => p !== undefined && (isX87(insns[k]) || (!p.faults && !p.stores)));
}

/**
 * Whether a block can be part of an x87 region: every instruction compiles inline (a handler would
 * find the stack stale in FpuState). Other instructions that fault or store get the region's locals
 * brought up to date before them (Run.syncBefore).
 */
export function x87Qualifies(plans: (Plan | undefined)[]): boolean {
  return plans.every((p) => p !== undefined);
}

const sameSet = (a: ReadonlySet<number>, b: ReadonlySet<number>) => a.size === b.size && [...a].every((x) => b.has(x));

/**
 * Runs every block of the region from its start shape (Carry), breadth-first from the entry;
 * returns the runs, or undefined when an x87 instruction cannot be compiled or, with `agree`, when
 * two edges into a block bring different shapes (the stack is not balanced around the loop).
 */
function walk(blocks: X87Block[], entry: Carry, agree: boolean): Run[] | undefined {
  const starts: (Carry | undefined)[] = blocks.map(() => undefined);
  const runs: Run[] = [];
  starts[0] = entry;
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const j = queue[q], b = blocks[j];
    const run = new Run(j, b.ctx, 0, { ...starts[j]!, needs: entry.needs });
    // After the block's last x87 instruction the run's epilogue has synced the locals (x87Region).
    let lastX87 = b.insns.length - 1;
    while (lastX87 >= 0 && !isX87(b.insns[lastX87])) lastX87--;
    for (let k = 0; k < lastX87; k++) {
      if (isX87(b.insns[k])) {
        if (!run.step(b.insns[k], k)) return undefined;
      } else if (b.plans[k]!.faults || b.plans[k]!.stores) run.syncBefore(k);
    }
    if (lastX87 >= 0 && !run.step(b.insns[lastX87], lastX87)) return undefined;
    runs[j] = run;
    const out = run.exitCarry();
    for (const t of b.next) {
      const known = starts[t];
      if (known === undefined) {
        starts[t] = out;
        queue.push(t);
      } else if (agree && (known.cur !== out.cur || !sameSet(known.full, out.full) || !sameSet(known.empty, out.empty))) {
        return undefined;
      }
    }
  }
  return runs;
}

/**
 * Region mode for the x87 stack: when every block of a loop region is register-only integer code
 * plus x87 instructions runs compile, ending in a direct branch, and the stack has the same shape
 * each time control reaches a block, the stack lives in the function's locals for the whole region:
 * read once at its entry and written back once at its exit, instead of at every block boundary
 * (mandelbrot's loop is two blocks). A bail-out stores the locals' state and leaves as a run's does.
 * Returns undefined when the region does not qualify (its blocks then compile runs of their own).
 */
export function x87Region(blocks: X87Block[]): X87RegionCode | undefined {
  if (!blocks.every((b) => x87Qualifies(b.plans)) || !blocks.some((b) => b.insns.some(isX87)) ||
    blocks.every((b) => b.next.length === 0)) return undefined;
  // Discovery: what the region needs at its entry; then every block from the entry's shape.
  const needs = new Map<number, Need>();
  if (walk(blocks, { cur: 0, full: new Set(), empty: new Set(), needs }, false) === undefined) return undefined;
  const full = new Set<number>(), empty = new Set<number>();
  for (const [o, need] of needs) (need === "full" ? full : empty).add(o);
  const runs = walk(blocks, { cur: 0, full, empty }, true);
  if (runs === undefined) return undefined;
  const offsets = [...new Set(runs.flatMap((r) => r.touched()).concat([...needs.keys()]))].sort((a, b) => a - b);
  if (offsets.length === 0 || offsets[offsets.length - 1] - offsets[0] > 7) return undefined;

  const code = runs.map((run) => {
    const out = new Map(run.code);
    if (out.size === 0) return out; // no x87 instruction: the stack passes through unchanged
    const last = Math.max(...out.keys());
    out.set(last, out.get(last)! + run.epilogue());
    return out;
  });
  let fullMask = 0;
  for (const o of full) fullMask |= bit(o);
  const decls = `const ZF = cpu.fpu, ZT = ZF.top, ZE = ZF.empty, ZG = ZF.dd, ZH = ZF.ddHi, ZL = ZF.ddLo, ZR = X.h, ZQ = X.l` +
    offsets.map((o) => `, ZP${o + 16} = (ZT + ${o}) & 7`).join("") + ";\n  " +
    `let ${offsets.map((o) => `C${o + 16}h = 0, C${o + 16}l = 0`).join(", ")}, ZS = 0, ZD = 0, ZDS = -1, ZIP = 0, ZOP = -1, ` +
    `ZA = 0, ZC = 0, ZM = 0, ZW = 0;`;
  const guard = entryGuard("ZF", "ZE", [...needs].map(([o, need]) => [`ZP${o + 16}`, need]));
  const loads = [...full].map((o) => `C${o + 16}h = ZH[ZP${o + 16}]; C${o + 16}l = ZL[ZP${o + 16}];`).join(" ");
  const prologue = `if (${guard}) { ${blocks[0].ctx.exitBefore(0)} }\n${loads} ZS = ZF.sw; ZM = ${fullMask}; ZA = 1;\n`;
  const epilogue = `if (ZA !== 0) { ZA = 0; X.store(cpu, ZF, ZT, ZC, ZM, ZW, [${offsets.join(", ")}], ` +
    `[${offsets.map((o) => `C${o + 16}h, C${o + 16}l`).join(", ")}], ZS, ZD, ZDS, ZIP, ZOP); }`;
  return { code, before: runs.map((run) => run.before), decls, prologue, epilogue };
}
