// x87 escape opcodes D8–DF. Placeholder until the x87 unit lands: they decode to #UD.
import type { OpRow } from "../opcodes/row.ts";

/** x87 rows merged into the opcode table. */
export const X87_ROWS: OpRow[] = [];
