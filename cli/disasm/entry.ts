// Opcode-map entry shapes for the table-driven disassembler. A leaf is a row string
// "mnemonic Op1,Op2" in Intel SDM Appendix A operand notation; splits select a leaf by mandatory
// prefix, ModRM.mod (memory vs register), ModRM.reg (groups) or ModRM.rm.

/**
 * A leaf row: `"add Eb,Gb"`. A mnemonic `a/b` means a with 32-bit and b with 16-bit operand size
 * (`cwde/cbw`). An empty string is an invalid encoding, printed `(bad)`.
 */
export type Leaf = string;

/** Choice by mandatory prefix (none, 66, F3, F2); SDM Appendix A.3 "SIMD prefixes". */
export interface PrefixSplit {
  readonly kind: "prefix";
  readonly none?: Entry;
  readonly p66?: Entry;
  readonly f3?: Entry;
  readonly f2?: Entry;
}

/** Choice by ModRM.mod: memory operand (mod != 3) or register operand (mod == 3). */
export interface ModSplit {
  readonly kind: "mod";
  readonly mem: Entry;
  readonly reg: Entry;
}

/** An opcode extension group selected by ModRM.reg (SDM Table A-6). */
export interface Group {
  readonly kind: "group";
  readonly entries: readonly Entry[];
}

/** Choice by ModRM.rm (register forms of 0F 01 and x87 D9–DF). */
export interface RmSplit {
  readonly kind: "rm";
  readonly entries: readonly Entry[];
}

export type Entry = Leaf | PrefixSplit | ModSplit | Group | RmSplit;

/** True when choosing among `entry`'s leaves needs a ModRM byte. */
export function needsModrm(entry: Entry): boolean {
  if (typeof entry === "string") {
    // Operand codes starting with these letters come from ModRM; literals (al, dx, st) are lower-case.
    const operands = entry.split(" ")[1];
    return operands !== undefined && operands.split(",").some((op) => /^[EGMSRCDVWUPQN]/.test(op));
  }
  if (entry.kind === "prefix") return [entry.none, entry.p66, entry.f3, entry.f2].some((e) => e !== undefined && needsModrm(e));
  return true;
}

/** Builds a prefix split (none, 66, F3, F2). */
export function bySimdPrefix(none?: Entry, p66?: Entry, f3?: Entry, f2?: Entry): PrefixSplit {
  return { kind: "prefix", none, p66, f3, f2 };
}

/** Builds a mod split. */
export function byMod(mem: Entry, reg: Entry): ModSplit {
  return { kind: "mod", mem, reg };
}

/** Builds a ModRM.reg group from 8 entries. */
export function group(...entries: Entry[]): Group {
  if (entries.length !== 8) throw new Error(`group needs 8 entries, got ${entries.length}`);
  return { kind: "group", entries };
}

/** Builds a ModRM.rm split from 8 entries. */
export function byRm(...entries: Entry[]): RmSplit {
  if (entries.length !== 8) throw new Error(`rm split needs 8 entries, got ${entries.length}`);
  return { kind: "rm", entries };
}
