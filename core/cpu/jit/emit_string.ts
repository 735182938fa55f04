// JIT code generators for the string instructions without a REP prefix — MOVS (A4/A5), STOS (AA/AB)
// and LODS (AC/AD) with 32-bit addressing: one element, then ESI/EDI step by its size, down when DF
// is set. A lone MOVS is how compilers copy a small struct or array element (glibc's merge sort
// copies each element with one), and as a handler call it ended the region's chaining. REP forms
// keep their interpreter handlers (bulk copies and fills in chunks). Semantics mirror
// opcodes/string_ops.ts: the load, then the store, then the index registers, so a fault in either
// access leaves ESI and EDI as they were. Platform-neutral.
import type { Insn } from "../insn.ts";
import type { Plan } from "./plan.ts";
import { Seg } from "../registers.ts";
import { loadStmt, regExpr, regSet, segPlus, storeStmt } from "./emit_memory.ts";
import { READ_DF } from "./deferred_flags.ts";

const MOVS = 0xa4, STOS = 0xaa, LODS = 0xac;

/** Plans a non-REP MOVS/STOS/LODS with 32-bit addressing; undefined for anything else. */
export function planString(i: Insn): Plan | undefined {
  const form = i.op & ~1;
  if ((form !== MOVS && form !== STOS && form !== LODS) || i.rep || i.ea16) return undefined;
  const n = (i.op & 1) === 0 ? 1 : i.o16 ? 2 : 4;
  const sb = n * 8 - 1;
  const step = `t = ${READ_DF} !== 0 ? ${-n} : ${n};`;
  const source = `a = (${segPlus(i.seg)}g6) | 0; ${loadStmt(sb, "v")}`;
  const dest = (val: string) => `a = (${segPlus(Seg.ES)}g7) | 0; ${storeStmt(sb, val)}`;
  const code = form === MOVS ? `${source} ${dest("v")} ${step} g6 = (g6 + t) | 0; g7 = (g7 + t) | 0;`
    : form === STOS ? `${dest(regExpr(sb, 0, 0))} ${step} g7 = (g7 + t) | 0;`
    : `${source} ${regSet(sb, 0, 0, "v")} ${step} g6 = (g6 + t) | 0;`;
  return { reads: false, writes: false, faults: true, stores: form !== LODS, ends: false, emit: () => code };
}
