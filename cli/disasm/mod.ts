// Public API of the i386 disassembler (Intel syntax, GDB/objdump style) used by the monitor's
// `x/i` and `step`, and by the differential test against objdump.

export { disassembleAll, disassembleOne, type Instruction } from "./decoder.ts";
