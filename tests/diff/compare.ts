// Compares nk's result of a differential case with the host CPU's, masking what the SDM leaves
// undefined. Returns a one-line description of the first differences, or undefined when equal.
import type { CaseResult, DiffCase } from "./layout.ts";
import { COMPARED_FLAGS, undefinedFlags } from "./undefined_flags.ts";

const REG_NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];
const hex = (v: number) => (v >>> 0).toString(16).padStart(8, "0");

/** Describes how `nk` differs from `native` for case `c`, or returns undefined. */
export function compareCase(c: DiffCase, nk: CaseResult, native: CaseResult): string | undefined {
  if (nk.vector !== native.vector || native.vector >= 0) {
    return nk.vector === native.vector ? undefined : `vector nk=${nk.vector} native=${native.vector}`;
  }
  const diffs: string[] = [];
  for (let r = 0; r < 8; r++) {
    if (r === c.undefinedDest) continue;
    if (nk.regs[r] !== native.regs[r]) diffs.push(`${REG_NAMES[r]} nk=${hex(nk.regs[r])} native=${hex(native.regs[r])}`);
  }
  const mask = COMPARED_FLAGS & ~undefinedFlags(c.mnemonic, c.size, c.count);
  if ((nk.eflags & mask) !== (native.eflags & mask)) {
    diffs.push(`eflags nk=${(nk.eflags & mask).toString(16)} native=${(native.eflags & mask).toString(16)} (mask ${mask.toString(16)})`);
  }
  for (const [w, a, b] of [["data", nk.data, native.data], ["stack", nk.stack, native.stack]] as const) {
    for (let k = 0; k < a.length; k++) {
      if (a[k] !== b[k]) { diffs.push(`${w}[${k.toString(16)}] nk=${a[k].toString(16)} native=${b[k].toString(16)}`); break; }
    }
  }
  return diffs.length ? diffs.join("; ") : undefined;
}

/** Formats a case's inputs for a failure report. */
export function describeCase(c: DiffCase): string {
  const code = Array.from(c.code, (b) => b.toString(16).padStart(2, "0")).join(" ");
  const regs = Array.from(c.regs, (v, r) => `${REG_NAMES[r]}=${hex(v)}`).join(" ");
  return `${c.name} [${code}] ${regs} eflags=${c.eflags.toString(16)}`;
}
