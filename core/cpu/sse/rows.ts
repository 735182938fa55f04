// MMX/SSE/SSE2 opcode rows (0F map with 66/F2/F3 mandatory prefixes). Filled by the SIMD unit;
// until an instruction is listed here it decodes to #UD and CPUID does not advertise it.
// Platform-neutral.
import type { OpRow } from "../opcodes/row.ts";

/** SIMD rows merged into the opcode table. */
export const SIMD_ROWS: OpRow[] = [];
