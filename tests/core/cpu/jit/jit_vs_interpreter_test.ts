// The JIT against the interpreter: every generated differential case (tests/diff), alone and
// concatenated into multi-instruction blocks, must leave identical registers, flags, memory, EIP,
// fault vector and instruction count whether its block is compiled or interpreted.
import { expect, test } from "bun:test";
import { generateAll, Rng } from "../../../diff/generate.ts";
import type { CaseResult, DiffCase } from "../../../diff/layout.ts";
import { NkRunner } from "../../../diff/nk_runner.ts";

/** A runner whose CPU compiles every block on first run (jit) or never (interpreter). */
function runner(jit: boolean): NkRunner {
  const r = new NkRunner();
  r.machine.cpu.jitEnabled = jit;
  r.machine.cpu.jitThreshold = 1;
  return r;
}

type Outcome = CaseResult & { eip: number; count: number };

function runCase(r: NkRunner, c: DiffCase): Outcome {
  const before = r.machine.cpu.instructionCount;
  const res = r.run(c);
  return { ...res, eip: r.machine.cpu.eip, count: r.machine.cpu.instructionCount - before };
}

function differences(a: Outcome, b: Outcome): string {
  const out: string[] = [];
  if (a.vector !== b.vector) out.push(`vector ${a.vector} vs ${b.vector}`);
  if (a.eip !== b.eip) out.push(`eip ${a.eip.toString(16)} vs ${b.eip.toString(16)}`);
  if (a.count !== b.count) out.push(`count ${a.count} vs ${b.count}`);
  if (a.eflags !== b.eflags) out.push(`eflags ${a.eflags.toString(16)} vs ${b.eflags.toString(16)}`);
  for (let k = 0; k < 8; k++) if (a.regs[k] !== b.regs[k]) out.push(`r${k} ${a.regs[k]} vs ${b.regs[k]}`);
  if (a.data.some((v, k) => v !== b.data[k])) out.push("data window");
  if (a.stack.some((v, k) => v !== b.stack[k])) out.push("stack window");
  return out.join(", ");
}

function compareAll(cases: DiffCase[]): string[] {
  const jit = runner(true), interp = runner(false);
  const failures: string[] = [];
  for (const c of cases) {
    const d = differences(runCase(jit, c), runCase(interp, c));
    if (d) failures.push(`${c.name} [${[...c.code].map((b) => b.toString(16).padStart(2, "0")).join(" ")}]: ${d}`);
  }
  return failures;
}

// Control transfers would leave the concatenated code; string ops may run for ~4 G iterations with REP.
const CONTROL = /^(j|call|ret|loop|int|iret|hlt|enter|leave|bound|into|lcall|ljmp|rep|movs|stos|lods|cmps|scas|ins|outs)/;

test("compiled single instructions match the interpreter on every generated case", () => {
  const cases = generateAll(12, 0x7a11);
  expect(cases.length).toBeGreaterThan(1000);
  const failures = compareAll(cases);
  expect(failures.slice(0, 20)).toEqual([]);
});

test("compiled multi-instruction blocks (flag liveness, fused conditions) match the interpreter", () => {
  const all = generateAll(6, 0xb10c).filter((c) => !CONTROL.test(c.mnemonic));
  const rng = new Rng(99);
  const seqs: DiffCase[] = [];
  for (let n = 0; n < 1500; n++) {
    const parts: DiffCase[] = [];
    const len = 2 + (rng.int(5));
    for (let k = 0; k < len; k++) parts.push(rng.pick(all));
    // A conditional branch over nothing at the end exercises a fused condition on the last result.
    const cc = rng.int(16);
    const code = Uint8Array.from([...parts.flatMap((p) => [...p.code]), 0x70 + cc, 0x00]);
    seqs.push({ ...parts[0], name: parts.map((p) => p.name).join(" ; "), code });
  }
  const failures = compareAll(seqs);
  expect(failures.slice(0, 20)).toEqual([]);
});
