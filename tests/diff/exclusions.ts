// Which opcode-table rows the integer differential test cannot run natively in a Linux user process,
// and why. Shared by the generator and scripts/opcode_coverage.ts.
import type { OpRow } from "../../core/cpu/opcodes/row.ts";
import { SIMD_ROWS } from "../../core/cpu/sse/rows.ts";
import { X87_ROWS } from "../../core/cpu/x87/rows.ts";

const PRIV = "privileged or system instruction (CPL 0 only, or depends on descriptor tables)";
const SEG = "segment register load/store: selectors differ between a Linux process and nk's flat setup";
const FAR = "far transfer: needs descriptors";
const IO = "I/O instruction: needs IOPL/ports";
const INT = "software interrupt: delivered to the Linux kernel natively";
const HOST = "host-specific result (model, time stamp)";

/** Reason a row is excluded, by mnemonic. */
export const EXCLUDED_MNEMONICS: Readonly<Record<string, string>> = {
  hlt: PRIV, cli: PRIV, sti: PRIV, lgdt: PRIV, lidt: PRIV, sgdt: PRIV + " (UMIP)", sidt: PRIV + " (UMIP)",
  lldt: PRIV, sldt: PRIV + " (UMIP)", ltr: PRIV, str: PRIV + " (UMIP)", verr: PRIV, verw: PRIV,
  smsw: PRIV + " (UMIP)", lmsw: PRIV, invlpg: PRIV, lar: PRIV, lsl: PRIV, clts: PRIV, invd: PRIV,
  wbinvd: PRIV, wrmsr: PRIV, rdmsr: PRIV,
  les: SEG, lds: SEG, lss: SEG, lfs: SEG, lgs: SEG,
  callf: FAR, jmpf: FAR, retf: FAR, iret: FAR,
  in: IO, out: IO, insb: IO, ins: IO, outsb: IO, outs: IO,
  int: INT, int3: INT, int1: INT, into: INT,
  cpuid: HOST, rdtsc: HOST,
};

/** Why `row` is excluded from the integer differential test, or undefined if it is tested. */
export function exclusionReason(row: OpRow): string | undefined {
  if (X87_ROWS.includes(row) || (row.op >= 0xd8 && row.op <= 0xdf)) return "x87: tested by tests/core/cpu/x87";
  if (SIMD_ROWS.includes(row)) return "SSE/MMX: not part of the integer test";
  const byName = EXCLUDED_MNEMONICS[row.name];
  if (byName) return byName;
  if (/\bS[w]\b|^(ES|CS|SS|DS|FS|GS)$/.test(row.fmt)) return SEG;
  if (/\b[CD]d\b/.test(row.fmt)) return PRIV;
  if (row.fmt.includes("Ap")) return FAR;
  return undefined;
}

/** Operand-size forms that are excluded although the row is tested, with the reason. */
export function excludedO16(row: OpRow): string | undefined {
  if (/^(j|loop|jecxz|call|ret)/.test(row.name)) return "16-bit operand size truncates EIP to 16 bits (outside the code page)";
  if (row.name === "bswap") return "BSWAP with a 16-bit operand is undefined (SDM)";
  return undefined;
}
