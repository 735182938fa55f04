// #UD for opcodes nk does not implement or that are invalid (SDM Vol. 3 §6.15 "Invalid Opcode"),
// with EIP left at the faulting instruction.
import { expect, test } from "bun:test";
import { rowFor } from "../../../core/cpu/decode.ts";
import { Snippet } from "./_run.ts";

const s = new Snippet();

test("unimplemented and invalid encodings raise #UD at the instruction", () => {
  const cases: number[][] = [
    [0x0f, 0x0b], // UD2
    [0x0f, 0xb9, 0xc0], // UD1
    [0x0f, 0xff], // unassigned 0F map slot
    [0x8d, 0xc0], // LEA with a register operand
    [0xfe, 0xd0], // group 4 /2 (no such member)
    [0xff, 0xff], // group 5 /7
    [0xf0, 0x01, 0xc0], // LOCK with a register destination
    [0xf0, 0x90], // LOCK on an instruction that does not allow it
    [0x0f, 0xc7, 0xc8], // CMPXCHG8B with a register operand
  ];
  for (const c of cases) {
    const r = s.exec([0x90, ...c, 0xf4]);
    expect([c.map((b) => b.toString(16)).join(" "), r.end, s.cpu.eip]).toEqual([c.map((b) => b.toString(16)).join(" "), "#6", 0x1001]);
  }
});

test("rowFor() has no row for an unassigned group member", () => {
  expect(rowFor(0xfe, 2)).toBeUndefined();
  expect(rowFor(0xff, 6)?.name).toBe("push");
});
