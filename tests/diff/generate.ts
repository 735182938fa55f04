// Differential test-case generator driven by the opcode table: for every tested row (and group
// member), operand size and register/memory form it builds random cases biased to edge values,
// with random initial CF/PF/AF/ZF/SF/OF/DF. Control flow is observed through the path taken: a
// branch skips a following `inc eax` when taken.
import { OPCODE_ROWS } from "../../core/cpu/opcodes/table.ts";
import { Attr, Imm, type OpRow } from "../../core/cpu/opcodes/row.ts";
import { excludedO16, exclusionReason } from "./exclusions.ts";
import { type DiffCase, Layout } from "./layout.ts";

/** Small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
export class Rng {
  constructor(private s: number) {}
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number { return this.u32() % n; }
  chance(p: number): boolean { return this.u32() / 4294967296 < p; }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
}

const EDGES = [
  0, 1, 2, -1, -2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7f7f, 0x8080,
  0x7fffffff, 0x80000000, 0x80000001, 0x0f, 0x10, 0x55555555, 0xaaaaaaaa, 0xff00, 0xffff8000,
];

/** A random 32-bit value, half the time an edge value (or a sign/width variant of one). */
export function edgeValue(rng: Rng): number {
  if (rng.chance(0.5)) return rng.u32() | 0;
  const e = rng.pick(EDGES) | 0;
  return rng.chance(0.2) ? ~e : rng.chance(0.2) ? -e | 0 : e;
}

/** Shift counts: mostly 0–33, sometimes any byte (the CPU masks to 5 bits). */
function shiftCount(rng: Rng): number {
  return rng.chance(0.85) ? rng.int(34) : rng.int(256);
}

const SHIFTS = new Set(["rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"]);
const BRANCH = /^(j|loop|call$|jecxz|ret$)/;
const STRING = new Set(["movsb", "movs", "cmpsb", "cmps", "stosb", "stos", "lodsb", "lods", "scasb", "scas"]);
const SIZED_NO_OPERANDS = new Set([
  "movs", "cmps", "stos", "lods", "scas", "pusha", "popa", "cwde", "cdq", "pushf", "popf", "leave",
  "enter", "push",
]);

/** Operand sizes (in bits) a row is generated for; byte rows have one size. */
export function rowSizes(r: OpRow): number[] {
  const variant = /v|z/.test(r.fmt) || SIZED_NO_OPERANDS.has(r.name);
  if (variant) return excludedO16(r) ? [32] : [32, 16];
  if (/\b(Eb|Gb|AL|Zb|Ob)\b/.test(r.fmt.replace(/,/g, " ")) || r.name.endsWith("b") && r.fmt === "") return [8];
  return [32];
}

/** The forms (register / memory / none) a row is generated for. */
export function rowForms(r: OpRow): ("reg" | "mem" | "none")[] {
  if (!(r.attr & Attr.ModRM) && r.sub < 0) return ["none"];
  if (/\bM[a-z]?\b/.test(r.fmt)) return ["mem"];
  return ["reg", "mem"];
}

/** Rows the integer differential test covers. */
export function testedRows(): OpRow[] {
  return OPCODE_ROWS.filter((r) => exclusionReason(r) === undefined);
}

function le(bytes: number[], v: number, n: number): void {
  for (let k = 0; k < n; k++) bytes.push((v >>> (8 * k)) & 0xff);
}
function put32(buf: Uint8Array, off: number, v: number): void {
  for (let k = 0; k < 4; k++) buf[off + k] = (v >>> (8 * k)) & 0xff;
}
function get32(buf: Uint8Array, off: number): number {
  return buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16) | (buf[off + 3] << 24);
}

/** Builds one case for `row` at operand size `size` in `form`. */
export function makeCase(r: OpRow, size: number, form: "reg" | "mem" | "none", rng: Rng): DiffCase {
  const name = r.name, o16 = size === 16;
  const regs = new Int32Array(8);
  for (let k = 0; k < 8; k++) regs[k] = edgeValue(rng);
  regs[4] = Layout.initialEsp;
  const eflags = (rng.u32() & 0xcd5) | 0x202;
  const data = new Uint8Array(Layout.windowSize), stack = new Uint8Array(Layout.windowSize);
  for (let k = 0; k < data.length; k++) { data[k] = rng.u32(); stack[k] = rng.u32(); }
  const espOff = Layout.initialEsp - Layout.stackWindow;

  const bytes: number[] = [];
  // Prefixes that must not change the result: LOCK on lockable memory forms, and a segment
  // override (ES/SS/DS have base 0 both in a Linux process and in nk's flat setup; CS is left out:
  // nk does not check segment types, so a write through CS does not #GP — a known deviation).
  // A stray LOCK anywhere else must raise #UD on both (SDM "LOCK").
  if (form === "mem" && (r.attr & Attr.Lock) ? rng.chance(0.3) : rng.chance(0.03)) bytes.push(0xf0);
  if (form === "mem" && rng.chance(0.2)) bytes.push(rng.pick([0x26, 0x36, 0x3e]));
  if (o16) bytes.push(0x66);
  if (STRING.has(name) && rng.chance(0.6)) bytes.push(/^(cmps|scas)/.test(name) && rng.chance(0.5) ? 0xf2 : 0xf3);
  if (r.op & 0x100) bytes.push(0x0f);
  bytes.push(r.op & 0xff);

  let count = -1, undefinedDest = -1;
  let ea = -1; // linear address of the memory operand
  let regField = r.sub >= 0 ? r.sub : rng.int(8);
  let rm = -1;
  // BT* with a register bit offset in ESP would address ±256 MiB away: use another register.
  if (/^bt[src]?$/.test(name) && r.fmt === "Ev,Gv" && regField === 4) regField = 0;
  const isBranch = BRANCH.test(name) && !name.startsWith("jmpf");
  if (form === "reg") {
    rm = rng.int(8);
    if ((name === "call" || name === "jmp") && rm === 4) rm = 3;
    bytes.push(0xc0 | (regField << 3) | rm);
  } else if (form === "mem") {
    ea = Layout.memOperand + rng.int(0x60) - 0x30;
    const bases = [3, 5, 6, 7].filter((b) => b !== regField);
    const mode = rng.int(6);
    if (mode === 0) { // [disp32]
      bytes.push((regField << 3) | 5); le(bytes, ea, 4);
    } else if (mode === 5 && !/^(push|pop|call|jmp|enter|leave)/.test(name)) { // [esp+disp8] via SIB
      const d = ea - Layout.initialEsp;
      ea = Layout.initialEsp + ((d << 24) >> 24);
      bytes.push(0x40 | (regField << 3) | 4, 0x24, d & 0xff);
      if (regField === 4) regField = -1; // the reg operand is ESP itself; nothing else to set
    } else if (mode === 4) { // [base + index*scale + disp8]
      // Index and base come from EBX/EBP/ESI/EDI only: the shaping below rewrites EAX/ECX/EDX.
      const base = rng.pick(bases), index = rng.pick(bases.filter((x) => x !== base));
      const scale = rng.int(4), iv = rng.int(8) - 4, disp = rng.int(256) - 128;
      regs[index] = iv;
      regs[base] = ea - disp - (iv << scale);
      bytes.push(0x40 | (regField << 3) | 4, (scale << 6) | (index << 3) | base, disp & 0xff);
    } else {
      const base = rng.pick(bases.filter((b) => mode !== 1 || b !== 5));
      const disp = mode === 1 ? 0 : mode === 2 ? rng.int(256) - 128 : rng.u32() | 0;
      regs[base] = (ea - disp) | 0;
      const mod = mode === 1 ? 0 : mode === 2 ? 1 : 2;
      bytes.push((mod << 6) | (regField << 3) | base);
      if (mod === 1) bytes.push(disp & 0xff); else if (mod === 2) le(bytes, disp, 4);
    }
  }
  // The memory operand's window and offset in it.
  const mbuf = ea >= Layout.stackWindow ? stack : data, moff = ea & 0xff;
  if (form === "mem") put32(mbuf, moff, edgeValue(rng));

  // Immediates.
  const immBase = bytes.length;
  switch (r.imm) {
    case Imm.Ib: {
      const v = SHIFTS.has(name) || /^sh[lr]d$/.test(name) ? shiftCount(rng) : name === "aam" || name === "aad" ? rng.pick([0, 10, 16, 7, 0xff, rng.int(256)]) : edgeValue(rng) & 0xff;
      bytes.push(v & 0xff);
      break;
    }
    case Imm.Ibs: bytes.push(r.fmt === "Jb" ? 1 : edgeValue(rng) & 0xff); break;
    case Imm.Iw: le(bytes, rng.int(9) * 2, 2); break; // RET Iw: a small even adjustment
    case Imm.Iz: le(bytes, edgeValue(rng), o16 ? 2 : 4); break;
    case Imm.Jz: le(bytes, 1, o16 ? 2 : 4); break;
    case Imm.IwIb: le(bytes, rng.int(40), 2); bytes.push(rng.int(4)); break;
    case Imm.Moffs: ea = Layout.memOperand + rng.int(0x40) - 0x20; le(bytes, ea, 4); put32(data, ea - Layout.dataWindow, edgeValue(rng)); break;
  }
  const insnLen = bytes.length;
  if (isBranch) bytes.push(0x40); // inc eax: skipped when the branch is taken
  const target = Layout.codePage + insnLen + 1;

  // Per-mnemonic operand shaping.
  const sb = size === 8 ? 0xff : size === 16 ? 0xffff : -1;
  if (SHIFTS.has(name) || /^sh[lr]d$/.test(name)) {
    if (r.fmt.endsWith("CL")) {
      let c = shiftCount(rng);
      if (/^sh[lr]d$/.test(name) && o16 && (c & 31) > 16) c &= 15; // counts > 16: undefined result
      regs[1] = (regs[1] & ~0xff) | c;
      count = c;
    } else if (r.fmt.endsWith(",1")) count = 1;
    else {
      count = bytes[immBase];
      if (/^sh[lr]d$/.test(name) && o16 && (count & 31) > 16) { count &= 15; bytes[immBase] = count; }
    }
  } else if ((name === "div" || name === "idiv") && rng.chance(0.6)) {
    const hi = name === "div" ? 0 : -1;
    if (size === 8) regs[0] = (regs[0] & ~0xff00) | (name === "div" || !(regs[0] & 0x80) ? 0 : 0xff00);
    else if (size === 16) regs[2] = (regs[2] & ~0xffff) | (name === "div" || !(regs[0] & 0x8000) ? 0 : 0xffff);
    else regs[2] = name === "div" ? 0 : regs[0] >> 31 & hi;
  } else if (/^bt[src]?$/.test(name) && r.fmt === "Ev,Gv" && form === "mem" && regField >= 0) {
    regs[regField] = rng.int(512) - 256; // bit offsets within ±32 bytes of the operand
  } else if ((name === "bsf" || name === "bsr") && rng.chance(0.25)) {
    if (form === "reg") regs[rm] &= o16 ? ~0xffff : 0; else put32(mbuf, moff, 0);
    undefinedDest = regField; // SDM: the destination is undefined when the source is 0
  } else if (name === "cmpxchg" && rng.chance(0.5)) {
    const cur = form === "reg" ? regs[rm] : get32(mbuf, moff);
    regs[0] = size === 8 && form === "reg" && rm >= 4 ? (regs[0] & ~0xff) | ((regs[rm - 4] >> 8) & 0xff) : (regs[0] & ~sb) | (cur & sb);
  } else if (name === "cmpxchg8b" && rng.chance(0.5)) {
    regs[0] = get32(mbuf, moff); regs[2] = get32(mbuf, moff + 4);
  } else if (STRING.has(name)) {
    regs[6] = Layout.dataWindow + 0x40 + rng.int(16);
    regs[7] = Layout.dataWindow + 0xa0 + rng.int(16);
    regs[1] = rng.int(8);
  } else if (/^(loop|jecxz)/.test(name)) {
    regs[1] = rng.pick([0, 1, 2, regs[1]]);
  } else if (name === "ret") {
    put32(stack, espOff, target);
  } else if ((name === "call" || name === "jmp") && r.fmt === "Ev") {
    if (form === "reg") regs[rm] = target; else put32(mbuf, moff, target);
  } else if (name === "popf") {
    put32(stack, espOff, (rng.u32() & 0xcd5) | 0x202);
  } else if (name === "enter" || name === "leave") {
    regs[5] = Layout.stackWindow + 0xa0 + 4 * rng.int(8);
  } else if (name === "xlat") {
    regs[3] = Layout.dataWindow;
  } else if (name === "bound" && rng.chance(0.6)) {
    const v = o16 ? (regs[regField] << 16) >> 16 : regs[regField];
    const lo = v - rng.int(3), hi = v + rng.int(3);
    if (o16) put32(mbuf, moff, (lo & 0xffff) | (hi << 16));
    else { put32(mbuf, moff, lo); put32(mbuf, moff + 4, hi); }
  }
  regs[4] = Layout.initialEsp;
  put32(stack, espOff - 4, eflags); // the trampoline's POPFD reads EFLAGS from here (written last)

  const label = `${name} ${r.fmt} ${r.op.toString(16)}${r.sub >= 0 ? "/" + r.sub : ""} o${size} ${form}`;
  return { name: label, mnemonic: name, size, count, undefinedDest, code: Uint8Array.from(bytes), regs, eflags, data, stack };
}

/** Every case for one run: `perForm` cases for each tested row × size × form. */
export function generateAll(perForm: number, seed: number): DiffCase[] {
  const rng = new Rng(seed);
  const out: DiffCase[] = [];
  for (const r of testedRows()) {
    for (const size of rowSizes(r)) {
      for (const form of rowForms(r)) {
        for (let k = 0; k < perForm; k++) out.push(makeCase(r, size, form, rng));
      }
    }
  }
  return out;
}
