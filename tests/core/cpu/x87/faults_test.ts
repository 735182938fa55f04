// x87 fault behaviour in nk: #NM for CR0.EM/TS, deferred #MF (CR0.NE) on the next waiting
// instruction but not on FN* ones, FWAIT's MP/TS rule, and FISTTP (SSE3) decoding to #UD.
import { expect, test } from "bun:test";
import { Machine } from "../../../../core/machine.ts";
import { Cr0 } from "../../../../core/cpu/control_regs.ts";
import { fwaitHandler, x87Form } from "../../../../core/cpu/x87/rows.ts";
import { FAULT } from "../../../../core/cpu/fault.ts";
import { Insn } from "../../../../core/cpu/insn.ts";

const CODE = 0x10000;

/** Runs `bytes` + HLT; returns the first exception vector delivered, or -1. */
function run(bytes: number[], setup: (m: Machine) => void = () => {}): { vector: number; m: Machine } {
  const m = new Machine({ memory: 1 << 20, framebuffer: false });
  let vector = -1;
  m.cpu.hooks.onInterrupt = (v) => {
    if (vector < 0) vector = v;
    m.cpu.requestStop();
    return true;
  };
  m.memory.writeBytes(CODE, Uint8Array.from([...bytes, 0xf4]));
  m.cpu.eip = CODE;
  setup(m);
  m.cpu.run(50);
  return { vector, m };
}

test("escape opcodes raise #NM when CR0.TS or CR0.EM is set", () => {
  expect(run([0xd9, 0xe8], (m) => { m.cpu.cr0 |= Cr0.TS; }).vector).toBe(7);
  expect(run([0xd9, 0xe8], (m) => { m.cpu.cr0 |= Cr0.EM; }).vector).toBe(7);
  const ok = run([0xd9, 0xe8]);
  expect(ok.vector).toBe(-1);
  expect(ok.m.cpu.fpu.stNumber(0)).toBe(1);
});

test("an unmasked exception raises #MF at the next waiting instruction, at its address", () => {
  // FLDCW [0x20000] (ZE unmasked); FLDZ; FLD1; FDIV ST0,ST1 (1/0); FNSTSW AX; FNOP
  const setup = (m: Machine) => {
    m.cpu.cr0 |= Cr0.NE;
    m.memory.writeBytes(0x20000, Uint8Array.from([0x7b, 0x03]));
  };
  const bytes = [0xd9, 0x2d, 0x00, 0x00, 0x02, 0x00, 0xd9, 0xee, 0xd9, 0xe8, 0xd8, 0xf1, 0xdf, 0xe0, 0xd9, 0xd0];
  const { vector, m } = run(bytes, setup);
  expect(vector).toBe(16);
  expect(m.cpu.eip).toBe(CODE + 14); // FNOP faulted; FNSTSW (no-wait) ran
  expect(m.cpu.r16[0] & 0x80).toBe(0x80); // ES seen by FNSTSW
  expect(m.cpu.fpu.stNumber(0)).toBe(1); // destination unchanged (ZE unmasked)
  expect(m.cpu.fpu.fip).toBe(CODE + 10);
  expect(m.cpu.fpu.fop).toBe(0x0f1);
});

test("with CR0.NE clear the pending exception does not fault", () => {
  const bytes = [0xd9, 0x2d, 0x00, 0x00, 0x02, 0x00, 0xd9, 0xee, 0xd9, 0xe8, 0xd8, 0xf1, 0xd9, 0xd0];
  const { vector } = run(bytes, (m) => m.memory.writeBytes(0x20000, Uint8Array.from([0x7b, 0x03])));
  expect(vector).toBe(-1);
});

test("FWAIT raises #NM only with CR0.MP and CR0.TS, and #MF for a pending exception", () => {
  const m = new Machine({ memory: 1 << 20, framebuffer: false });
  const i = new Insn(fwaitHandler);
  const fault = (): number => {
    try {
      fwaitHandler(m.cpu, i);
      return -1;
    } catch (e) {
      if (e !== FAULT) throw e;
      return FAULT.vector;
    }
  };
  m.cpu.cr0 |= Cr0.TS;
  expect(fault()).toBe(-1);
  m.cpu.cr0 |= Cr0.MP;
  expect(fault()).toBe(7);
  m.cpu.cr0 &= ~(Cr0.TS | Cr0.MP);
  m.cpu.cr0 |= Cr0.NE;
  m.cpu.fpu.sw |= 0x81;
  expect(fault()).toBe(16);
});

test("FISTTP (SSE3, not advertised) is #UD; the tables name every defined form", () => {
  expect(run([0xdb, 0x08]).vector).toBe(6);
  expect(run([0xdd, 0x08]).vector).toBe(6);
  expect(run([0xdf, 0x08]).vector).toBe(6);
  expect(x87Form(0xd9, 0xfa).name).toBe("fsqrt");
  expect(x87Form(0xde, 0xd9).name).toBe("fcompp");
  expect(x87Form(0xdc, 0xe1).name).toBe("fsubr st(1)");
  expect(x87Form(0xdd, 0x38).name).toBe("fnstsw m2");
});
