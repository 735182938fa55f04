// The i386 disassembler engine: prefixes, opcode-map walk (one_byte/two_byte/x87 tables),
// ModRM/SIB/displacement decoding (SDM vol. 2 §2.1, Tables 2-1 to 2-3) and Intel-syntax output in
// the GDB/objdump `-M intel` style: `mov    eax,DWORD PTR [ebx+0x4]`.

import type { Entry } from "./entry.ts";
import { needsModrm } from "./entry.ts";
import { ONE_BYTE_MAP } from "./one_byte_table.ts";
import { MAP_0F38, MAP_0F3A, TWO_BYTE_MAP } from "./two_byte_table.ts";
import { X87_MAP } from "./x87_table.ts";

/** One decoded instruction. */
export interface Instruction {
  readonly address: number;
  readonly length: number;
  /** Prefix words and mnemonic, e.g. `rep stos`, `lock cmpxchg`, or `(bad)`. */
  readonly mnemonic: string;
  readonly operands: readonly string[];
  /** GDB-style text: mnemonic padded to 6 columns, a space, operands joined by commas. */
  readonly text: string;
}

const REG8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"] as const;
const REG16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] as const;
const REG32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
const SREG = ["es", "cs", "ss", "ds", "fs", "gs", "?", "?"] as const;
// 16-bit ModRM memory forms (SDM Table 2-1).
const ADDR16 = ["bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"] as const;
/** Segment-override prefix bytes (SDM §2.1.1 group 2). */
const SEGMENT_PREFIX: Readonly<Record<number, string>> = { 0x26: "es", 0x2e: "cs", 0x36: "ss", 0x3e: "ds", 0x64: "fs", 0x65: "gs" };
/** Memory operand size keywords by SDM size letter. */
const PTR: Readonly<Record<string, string>> = {
  b: "BYTE PTR ", w: "WORD PTR ", d: "DWORD PTR ", q: "QWORD PTR ", t: "TBYTE PTR ", x: "XMMWORD PTR ", "": "", s: "",
};
/** CMPPS/CMPSS predicates for imm8 0–7 (SDM "CMPPS" Table 3-7), folded into the mnemonic by binutils. */
const CMP_PREDICATES = ["eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"] as const;
const BRANCHES = /^(j[a-z]+|call\w?|ret\w?)$/;
const STRING_OPS = new Set(["movs", "stos", "lods", "ins", "outs"]);

class OutOfBytes extends Error {}
class BadEncoding extends Error {}

const hex = (value: number): string => "0x" + (value >>> 0).toString(16);
const signedHex = (value: number): string => (value < 0 ? "-0x" + (-value).toString(16) : "+0x" + value.toString(16));

/** Decoder state for one instruction. */
class Decoding {
  pos: number;
  operand16 = false;
  /** Number of 66 prefixes; binutils prints unused or repeated ones as `data16`. */
  operandPrefixes = 0;
  operandSizeUsed = false;
  segmentUsed = false;
  addressSizeUsed = false;
  address16 = false;
  lock = false;
  repeat: 0xf2 | 0xf3 | undefined;
  segment: string | undefined;
  consumed = new Set<string>();
  opcode = 0;
  modrm: number | undefined;
  memory: string | undefined;
  relative: { value: number } | undefined;

  constructor(readonly bytes: Uint8Array, readonly start: number, readonly address: number) {
    this.pos = start;
  }

  byte(): number {
    if (this.pos >= this.bytes.length || this.pos - this.start >= 15) throw new OutOfBytes();
    return this.bytes[this.pos++]!;
  }
  word(): number { return this.byte() | (this.byte() << 8); }
  dword(): number { return (this.word() | (this.word() << 16)) >>> 0; }
  get mod(): number { return this.modrm! >> 6; }
  get reg(): number { return (this.modrm! >> 3) & 7; }
  get rm(): number { return this.modrm! & 7; }

  /** Reads ModRM and, for memory forms, SIB and displacement into `memory` (without size). */
  readModrm(): void {
    if (this.modrm !== undefined) return;
    this.modrm = this.byte();
    if (this.mod === 3) return;
    this.segmentUsed = true;
    this.addressSizeUsed = true;
    this.memory = this.address16 ? this.address16Form() : this.address32Form();
  }

  private address32Form(): string {
    const { mod, rm } = this;
    let base: string | undefined;
    let index = "";
    let noBase = false;
    if (rm === 4) {
      const sib = this.byte();
      const scale = 1 << (sib >> 6);
      const indexReg = (sib >> 3) & 7;
      const baseReg = sib & 7;
      if (indexReg !== 4) index = `${REG32[indexReg]}*${scale}`;
      // binutils shows a SIB without index as `eiz` unless it is the plain [esp] form.
      else if (baseReg !== 4 || scale !== 1) index = `eiz*${scale}`;
      if (baseReg === 5 && mod === 0) noBase = true;
      else base = REG32[baseReg];
    } else if (rm === 5 && mod === 0) noBase = true;
    else base = REG32[rm];
    const displacement = mod === 1 ? (this.byte() << 24) >> 24 : mod === 2 || noBase ? this.dword() | 0 : 0;
    const segment = this.segment;
    if (base === undefined && index === "") return `${segment ?? "ds"}:${hex(displacement)}`;
    const inner = [base, index].filter((part) => part !== undefined && part !== "").join("+");
    const showDisplacement = mod !== 0 || noBase;
    return `${segment !== undefined ? segment + ":" : ""}[${inner}${showDisplacement ? signedHex(displacement) : ""}]`;
  }

  private address16Form(): string {
    const { mod, rm } = this;
    if (mod === 0 && rm === 6) return `${this.segment ?? "ds"}:${hex(this.word())}`;
    const displacement = mod === 1 ? (this.byte() << 24) >> 24 : mod === 2 ? (this.word() << 16) >> 16 : 0;
    return `${this.segment !== undefined ? this.segment + ":" : ""}[${ADDR16[rm]}${mod === 0 ? "" : signedHex(displacement)}]`;
  }

  /** Walks splits down to a leaf row, consuming mandatory prefixes and reading ModRM as needed. */
  resolve(entry: Entry | undefined): string {
    if (entry === undefined) throw new BadEncoding();
    if (typeof entry === "string") {
      if (entry === "") throw new BadEncoding();
      if (needsModrm(entry)) this.readModrm();
      return entry;
    }
    if (entry.kind === "prefix") {
      if (this.repeat === 0xf3 && entry.f3 !== undefined) { this.consumed.add("f3"); return this.resolve(entry.f3); }
      if (this.repeat === 0xf2 && entry.f2 !== undefined) { this.consumed.add("f2"); return this.resolve(entry.f2); }
      // A repeat prefix on an SSE row without an F3/F2 form is an invalid encoding (binutils).
      if (this.repeat !== undefined) throw new BadEncoding();
      if (this.operand16 && entry.p66 !== undefined) {
        this.consumed.add("66");
        this.operandSizeUsed = true;
        return this.resolve(entry.p66);
      }
      return this.resolve(entry.none);
    }
    this.readModrm();
    if (entry.kind === "mod") return this.resolve(this.mod === 3 ? entry.reg : entry.mem);
    if (entry.kind === "group") return this.resolve(entry.entries[this.reg]);
    return this.resolve(entry.entries[this.rm]);
  }

  private memoryOperand(size: string): string {
    if (this.memory === undefined) throw new BadEncoding();
    return (PTR[size] ?? "") + this.memory;
  }

  private vSize(): string { this.operandSizeUsed = true; return this.operand16 ? "w" : "d"; }
  private register(size: string, index: number): string {
    return (size === "b" ? REG8 : size === "w" ? REG16 : REG32)[index]!;
  }

  immediate(size: "b" | "w" | "d"): number {
    return size === "b" ? this.byte() : size === "w" ? this.word() : this.dword();
  }

  /** Formats one operand code (SDM Appendix A.2 notation plus literals). */
  operand(code: string): string {
    if (code === "STi") return `st(${this.rm})`;
    if (code === "Xlat") { this.segmentUsed = true; this.addressSizeUsed = true; return `BYTE PTR ${this.segment ?? "ds"}:[${this.address16 ? "bx" : "ebx"}]`; }
    if (code === "eAX") return this.vSize() === "w" ? "ax" : "eax";
    const kind = code[0]!;
    const sizeLetter = code.slice(1);
    const size = sizeLetter === "v" || sizeLetter === "z" ? this.vSize() : sizeLetter;
    switch (kind) {
      case "E": {
        if (code === "Emw") return this.mod === 3 ? this.register(this.vSize(), this.rm) : this.memoryOperand("w");
        return this.mod === 3 ? this.register(size, this.rm) : this.memoryOperand(size);
      }
      case "G": return this.register(size, this.reg);
      case "R": return this.register(size, this.rm);
      case "M": {
        if (this.mod === 3) throw new BadEncoding();
        // Far pointers: m16:32 is printed FWORD, m16:16 DWORD (binutils).
        if (sizeLetter === "p") return this.operand16 ? this.memoryOperand("d") : "FWORD PTR " + this.memoryOperand("");
        if (sizeLetter === "a") return this.memoryOperand(this.operand16 ? "d" : "q");
        return this.memoryOperand(size);
      }
      case "Z": return this.register(size, this.opcode & 7);
      case "S": return SREG[this.reg]!;
      case "C": return `cr${this.reg}`;
      case "D": return `dr${this.reg}`;
      case "V": return `xmm${this.reg}`;
      case "U": if (this.mod !== 3) throw new BadEncoding(); return `xmm${this.rm}`;
      case "W": return this.mod === 3 ? `xmm${this.rm}` : this.memoryOperand(size);
      case "P": return `mm${this.reg}`;
      case "N": if (this.mod !== 3) throw new BadEncoding(); return `mm${this.rm}`;
      case "Q": return this.mod === 3 ? `mm${this.rm}` : this.memoryOperand(size);
      case "I": {
        if (code === "Ibs") {
          const value = (this.byte() << 24) >> 24;
          return hex(this.vSize() === "w" ? value & 0xffff : value >>> 0);
        }
        if (code === "Ib8") return hex(this.byte());
        return hex(this.immediate(size as "b" | "w" | "d"));
      }
      case "J": {
        const value = size === "b" ? (this.byte() << 24) >> 24 : this.vSize() === "w" ? (this.word() << 16) >> 16 : this.dword() | 0;
        this.relative = { value };
        return "\u0000rel";
      }
      case "O": {
        this.segmentUsed = true;
        this.addressSizeUsed = true;
        const offset = this.address16 ? this.word() : this.dword();
        return `${this.segment ?? "ds"}:${hex(offset)}`;
      }
      case "X": this.segmentUsed = true; this.addressSizeUsed = true; return `${PTR[size]}${this.segment ?? "ds"}:[${this.address16 ? "si" : "esi"}]`;
      case "Y": this.addressSizeUsed = true; return `${PTR[size]}es:[${this.address16 ? "di" : "edi"}]`;
      case "A": {
        const offset = this.vSize() === "w" ? this.word() : this.dword();
        return `${hex(this.word())}:${hex(offset)}`;
      }
    }
    return code;
  }
}

/** Reads prefixes and the opcode, returning the map entry and the opcode byte. */
function readOpcode(d: Decoding): Entry | undefined {
  for (;;) {
    const byte = d.byte();
    if (byte === 0x66) { d.operand16 = true; d.operandPrefixes++; }
    else if (byte === 0x67) d.address16 = true;
    else if (byte === 0xf0) d.lock = true;
    else if (byte === 0xf2 || byte === 0xf3) d.repeat = byte;
    else if (SEGMENT_PREFIX[byte] !== undefined) d.segment = SEGMENT_PREFIX[byte];
    else { d.opcode = byte; break; }
  }
  if (d.opcode === 0x90) {
    // 90 is nop, F3 90 is pause, 66 90 is the 16-bit xchg ax,ax (SDM "NOP", "PAUSE").
    if (d.repeat === 0xf3) { d.consumed.add("f3"); return "pause"; }
    d.operandSizeUsed = d.operand16;
    return d.operand16 ? "xchg ax,ax" : "nop";
  }
  if (d.opcode >= 0xd8 && d.opcode <= 0xdf) return X87_MAP[d.opcode - 0xd8];
  if (d.opcode !== 0x0f) return ONE_BYTE_MAP[d.opcode];
  d.opcode = d.byte();
  if (d.opcode === 0x38) { d.opcode = d.byte(); return MAP_0F38[d.opcode]; }
  if (d.opcode === 0x3a) { d.opcode = d.byte(); return MAP_0F3A[d.opcode]; }
  return TWO_BYTE_MAP[d.opcode];
}

function finish(d: Decoding, leaf: string): Instruction {
  const space = leaf.indexOf(" ");
  const names = (space < 0 ? leaf : leaf.slice(0, space)).split("/");
  if (names[1] !== undefined) d.operandSizeUsed = true;
  let mnemonic = d.operand16 && names[1] !== undefined ? names[1] : names[0]!;
  if (mnemonic === "jecxz") d.addressSizeUsed = true;
  if (mnemonic === "jecxz" && d.address16) mnemonic = "jcxz";
  const codes = space < 0 ? [] : leaf.slice(space + 1).split(",");
  const operands: string[] = [];
  for (const code of codes) {
    if (code === "Cc") {
      const predicate = d.byte();
      if (predicate < 8) mnemonic = mnemonic.replace(/^cmp/, "cmp" + CMP_PREDICATES[predicate]);
      else operands.push(hex(predicate));
      continue;
    }
    operands.push(d.operand(code));
  }
  const length = d.pos - d.start;
  if (d.relative !== undefined) {
    let target = (d.address + length + d.relative.value) >>> 0;
    if (d.operand16) target &= 0xffff;
    operands[operands.indexOf("\u0000rel")] = hex(target);
  }
  const prefixes: string[] = [];
  const unusedOperandPrefixes = d.operandPrefixes - (d.operandSizeUsed ? 1 : 0);
  for (let i = 0; i < unusedOperandPrefixes; i++) prefixes.push("data16");
  const notrack = d.segment === "ds" && (mnemonic === "jmp" || mnemonic === "call") && d.memory === undefined && d.modrm !== undefined;
  if (d.segment !== undefined && !d.segmentUsed && !notrack) prefixes.push(d.segment);
  if (d.address16 && !d.addressSizeUsed) prefixes.push("addr16");
  // F2 on a branch is the MPX `bnd` prefix (SDM vol. 1 §17.4).
  const bnd = d.repeat === 0xf2 && BRANCHES.test(mnemonic);
  if (d.lock) prefixes.push("lock");
  if (bnd) prefixes.push("bnd");
  else if (d.repeat !== undefined && !d.consumed.has(d.repeat.toString(16))) {
    // binutils: F3 is `rep` on movs/stos/lods/ins/outs and `repz` elsewhere; F2 is always `repnz`.
    prefixes.push(d.repeat === 0xf3 ? (STRING_OPS.has(mnemonic) ? "rep" : "repz") : "repnz");
  }
  if (notrack) prefixes.push("notrack");
  const full = [...prefixes, mnemonic].join(" ");
  const text = operands.length === 0 ? full : `${full.padEnd(6)} ${operands.join(",")}`;
  return { address: d.address >>> 0, length, mnemonic: full, operands, text };
}

/** x87 control instructions that FWAIT (9B) merges with into the waiting form (SDM "FSTCW" etc.). */
const WAITING_FORMS: Readonly<Record<string, string>> = {
  fnstcw: "fstcw", fnstenv: "fstenv", fnstsw: "fstsw", fnsave: "fsave", fnclex: "fclex", fninit: "finit",
};

/**
 * Disassembles the instruction at `bytes[offset]`, which lives at guest `address` (used for
 * jump targets). Never throws: truncated or invalid encodings give `(bad)` with length 1.
 */
export function disassembleOne(bytes: Uint8Array, offset: number, address: number): Instruction {
  if (bytes[offset] === 0x9b && offset + 1 < bytes.length) {
    // binutils prints `9B D9 /7` as one `fstcw`, not `fwait; fnstcw`.
    const next = disassembleOne(bytes, offset + 1, (address + 1) >>> 0);
    const waiting = WAITING_FORMS[next.mnemonic];
    if (waiting !== undefined) {
      const text = next.operands.length === 0 ? waiting : `${waiting.padEnd(6)} ${next.operands.join(",")}`;
      return { ...next, address: address >>> 0, length: next.length + 1, mnemonic: waiting, text };
    }
  }
  const d = new Decoding(bytes, offset, address);
  try {
    const leaf = d.resolve(readOpcode(d));
    return finish(d, leaf);
  } catch (error) {
    if (!(error instanceof OutOfBytes) && !(error instanceof BadEncoding)) throw error;
    return { address: address >>> 0, length: 1, mnemonic: "(bad)", operands: [], text: "(bad)" };
  }
}

/** Disassembles `bytes` from `address` until the buffer ends (a trailing partial instruction is `(bad)`). */
export function disassembleAll(bytes: Uint8Array, address: number): Instruction[] {
  const out: Instruction[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const insn = disassembleOne(bytes, offset, (address + offset) >>> 0);
    out.push(insn);
    offset += insn.length;
  }
  return out;
}
