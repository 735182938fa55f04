// The GDB target description (gdb manual, "Target Descriptions") served through
// qXfer:features:read:target.xml: architecture i386 with the org.gnu.gdb.i386.core and .sse
// features, generated from the register table so the XML and the `g` layout cannot disagree.

import { GDB_REGISTERS, GdbReg, type RegisterRow } from "./registers.ts";

// Flag layouts copied from gdb/features/i386/32bit-core.xml and 32bit-sse.xml.
const EFLAGS_FIELDS = [["CF", 0], ["", 1], ["PF", 2], ["AF", 4], ["ZF", 6], ["SF", 7], ["TF", 8], ["IF", 9], ["DF", 10],
  ["OF", 11], ["NT", 14], ["RF", 16], ["VM", 17], ["AC", 18], ["VIF", 19], ["VIP", 20], ["ID", 21]] as const;
const MXCSR_FIELDS = [["IE", 0], ["DE", 1], ["ZE", 2], ["OE", 3], ["UE", 4], ["PE", 5], ["DAZ", 6], ["IM", 7], ["DM", 8],
  ["ZM", 9], ["OM", 10], ["UM", 11], ["PM", 12], ["FZ", 15]] as const;

function flags(id: string, fields: readonly (readonly [string, number])[]): string {
  const rows = fields.map(([name, bit]) => `    <field name="${name}" start="${bit}" end="${bit}"/>`);
  return [`  <flags id="${id}" size="4">`, ...rows, "  </flags>"].join("\n");
}

function reg(row: RegisterRow, regnum: number): string {
  const group = row.group === undefined ? "" : ` group="${row.group}"`;
  return `  <reg name="${row.name}" bitsize="${row.bytes * 8}" type="${row.type}" regnum="${regnum}"${group}/>`;
}

const VEC128 = `  <vector id="v4f" type="ieee_single" count="4"/>
  <vector id="v2d" type="ieee_double" count="2"/>
  <vector id="v16i8" type="int8" count="16"/>
  <vector id="v8i16" type="int16" count="8"/>
  <vector id="v4i32" type="int32" count="4"/>
  <vector id="v2i64" type="int64" count="2"/>
  <union id="vec128">
    <field name="v4_float" type="v4f"/>
    <field name="v2_double" type="v2d"/>
    <field name="v16_int8" type="v16i8"/>
    <field name="v8_int16" type="v8i16"/>
    <field name="v4_int32" type="v4i32"/>
    <field name="v2_int64" type="v2i64"/>
    <field name="uint128" type="uint128"/>
  </union>`;

/** The complete target.xml document. */
export const TARGET_XML: string = (() => {
  const core = GDB_REGISTERS.slice(0, GdbReg.xmm0).map((row, n) => reg(row, n));
  const sse = GDB_REGISTERS.slice(GdbReg.xmm0).map((row, n) => reg(row, GdbReg.xmm0 + n));
  return [
    `<?xml version="1.0"?>`,
    `<!DOCTYPE target SYSTEM "gdb-target.dtd">`,
    `<target version="1.0">`,
    `<architecture>i386</architecture>`,
    `<feature name="org.gnu.gdb.i386.core">`,
    flags("i386_eflags", EFLAGS_FIELDS),
    ...core,
    `</feature>`,
    `<feature name="org.gnu.gdb.i386.sse">`,
    VEC128,
    flags("i386_mxcsr", MXCSR_FIELDS),
    ...sse,
    `</feature>`,
    `</target>`,
  ].join("\n");
})();

/**
 * Answers `qXfer:features:read:ANNEX:OFFSET,LENGTH`: `m…` with more to come, `l…` for the last
 * part, `E00` for an unknown annex (gdb manual, "General Query Packets", qXfer).
 */
export function readFeatures(annex: string, offset: number, length: number): string {
  if (annex !== "target.xml") return "E00";
  const part = TARGET_XML.slice(offset, offset + length);
  return (offset + length >= TARGET_XML.length ? "l" : "m") + part;
}
