// chip8_asm.ts — a two-pass CHIP-8 assembler for the mnemonics of Cowgod's "Chip-8 Technical
// Reference" §3.1 (CLS, RET, JP, CALL, SE, SNE, LD, ADD, OR, AND, XOR, SUB, SHR, SUBN, SHL, RND,
// DRW, SKP, SKNP) plus `DB` data and `label:` definitions; `;` starts a comment. Programs start at
// 0x200. Usage: bun examples/chip8/chip8_asm.ts SOURCE.c8s OUT.ch8

/** An assembly error with its 1-based source line. */
export class AsmError extends Error {}

const ORIGIN = 0x200;

/** Assembles `source` into ROM bytes (loaded at 0x200). */
export function assemble(source: string): Uint8Array {
  const lines = source.split("\n").map((text, i) => ({ n: i + 1, text: text.replace(/;.*/, "").trim() }));
  const labels = new Map<string, number>();
  // Pass 1: addresses of labels (every instruction is 2 bytes, DB its operand count).
  let pc = ORIGIN;
  for (const line of lines) {
    let text = line.text;
    const label = /^([A-Za-z_.][\w.]*):/.exec(text);
    if (label) {
      if (labels.has(label[1])) throw new AsmError(`line ${line.n}: duplicate label ${label[1]}`);
      labels.set(label[1], pc);
      text = text.slice(label[0].length).trim();
    }
    line.text = text;
    if (!text) continue;
    pc += /^db\b/i.test(text) ? splitOperands(text.slice(2)).length : 2;
  }
  // Pass 2: encode.
  const out: number[] = [];
  for (const line of lines) {
    if (!line.text) continue;
    try {
      const [mnemonic, ...rest] = line.text.split(/\s+/);
      const ops = splitOperands(rest.join(" "));
      const m = mnemonic.toUpperCase();
      if (m === "DB") { for (const o of ops) out.push(number(o, labels) & 0xff); continue; }
      const word = encode(m, ops, labels);
      out.push(word >> 8, word & 0xff);
    } catch (e) {
      throw new AsmError(`line ${line.n}: ${(e as Error).message} in "${line.text}"`);
    }
  }
  return Uint8Array.from(out);
}

function splitOperands(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

function register(op: string): number | undefined {
  const m = /^V([0-9A-F])$/i.exec(op);
  return m ? parseInt(m[1], 16) : undefined;
}

function number(op: string, labels: Map<string, number>): number {
  const label = labels.get(op);
  if (label !== undefined) return label;
  if (/^-?(0x[0-9a-f]+|0b[01]+|\d+)$/i.test(op)) {
    const negative = op.startsWith("-");
    const body = negative ? op.slice(1) : op;
    const v = body.startsWith("0b") ? parseInt(body.slice(2), 2) : Number(body);
    return negative ? (256 - v) & 0xff : v;
  }
  throw new Error(`unknown symbol or number ${op}`);
}

function encode(m: string, ops: string[], labels: Map<string, number>): number {
  const vx = () => register(ops[0]) ?? fail(`${ops[0]} is not a register`);
  const vy = () => register(ops[1]) ?? fail(`${ops[1]} is not a register`);
  const byte = (o: string) => { const v = number(o, labels); if (v > 0xff) fail(`${o} does not fit a byte`); return v; };
  const addr = (o: string) => { const v = number(o, labels); if (v > 0xfff) fail(`${o} is not a 12-bit address`); return v; };
  const xy = (base: number) => base | (vx() << 8) | (vy() << 4);
  const want = (n: number) => { if (ops.length !== n) fail(`${m} takes ${n} operand(s)`); };
  const a = ops[0]?.toUpperCase(), b = ops[1]?.toUpperCase();
  switch (m) {
    case "CLS": want(0); return 0x00e0;
    case "RET": want(0); return 0x00ee;
    case "JP": return ops.length === 2 ? (a === "V0" ? 0xb000 | addr(ops[1]) : fail("JP with two operands needs V0")) : 0x1000 | addr(ops[0]);
    case "CALL": want(1); return 0x2000 | addr(ops[0]);
    case "SE": want(2); return register(ops[1]) !== undefined ? xy(0x5000) : 0x3000 | (vx() << 8) | byte(ops[1]);
    case "SNE": want(2); return register(ops[1]) !== undefined ? xy(0x9000) : 0x4000 | (vx() << 8) | byte(ops[1]);
    case "OR": want(2); return xy(0x8001);
    case "AND": want(2); return xy(0x8002);
    case "XOR": want(2); return xy(0x8003);
    case "SUB": want(2); return xy(0x8005);
    case "SHR": want(1); return 0x8006 | (vx() << 8);
    case "SUBN": want(2); return xy(0x8007);
    case "SHL": want(1); return 0x800e | (vx() << 8);
    case "RND": want(2); return 0xc000 | (vx() << 8) | byte(ops[1]);
    case "DRW": want(3); { const n = number(ops[2], labels); if (n > 15) fail("DRW height is 0-15"); return xy(0xd000) | n; }
    case "SKP": want(1); return 0xe09e | (vx() << 8);
    case "SKNP": want(1); return 0xe0a1 | (vx() << 8);
    case "ADD":
      want(2);
      if (a === "I") return 0xf01e | ((register(ops[1]) ?? fail("ADD I takes a register")) << 8);
      return register(ops[1]) !== undefined ? xy(0x8004) : 0x7000 | (vx() << 8) | byte(ops[1]);
    case "LD": {
      want(2);
      const reg = (o: string) => (register(o) ?? fail(`${o} is not a register`)) << 8;
      if (a === "I") return 0xa000 | addr(ops[1]);
      if (a === "DT") return 0xf015 | reg(ops[1]);
      if (a === "ST") return 0xf018 | reg(ops[1]);
      if (a === "F") return 0xf029 | reg(ops[1]);
      if (a === "B") return 0xf033 | reg(ops[1]);
      if (a === "[I]") return 0xf055 | reg(ops[1]);
      if (b === "DT") return 0xf007 | reg(ops[0]);
      if (b === "K") return 0xf00a | reg(ops[0]);
      if (b === "[I]") return 0xf065 | reg(ops[0]);
      if (register(ops[1]) !== undefined) return xy(0x8000);
      return 0x6000 | (vx() << 8) | byte(ops[1]);
    }
    default: return fail(`unknown mnemonic ${m}`);
  }
}

function fail(message: string): never {
  throw new Error(message);
}

if (import.meta.main) {
  const { readFileSync, writeFileSync } = await import("node:fs");
  const [src, out] = process.argv.slice(2);
  if (!src || !out) {
    process.stderr.write("usage: bun examples/chip8/chip8_asm.ts SOURCE.c8s OUT.ch8\n");
    process.exit(2);
  }
  const rom = assemble(readFileSync(src, "utf8"));
  writeFileSync(out, rom);
  process.stdout.write(`${out}: ${rom.length} bytes\n`);
}
