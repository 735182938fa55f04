// Loop regions: a loop whose body is split into several blocks compiles into one function holding
// just the blocks on the cycle, and runs with the interpreter's exact results and instruction counts.
import { expect, test } from "bun:test";
import { d32, Snippet } from "../_run.ts";
import { collectRegion, type RegionCandidate } from "../../../../core/cpu/jit/region.ts";
import { regionSource } from "../../../../core/cpu/jit/codegen.ts";
import { decodeBlock } from "../../../../core/cpu/decode.ts";
import { flushTlb } from "../../../../core/cpu/paging.ts";

// 0x1000: mov ecx, 300; xor eax, eax; xor edx, edx
// 0x1009 top:  test cl, 1; jz even          (block A)
// 0x100e       add eax, ecx; jmp next       (block B: odd)
// 0x1012 even: add edx, ecx                 (block C: falls into next)
// 0x1014 next: dec ecx; jnz top             (block D)
// 0x1017       hlt                          (block E: leaves the loop)
const SPLIT_LOOP = [
  0xb9, ...d32(300), 0x31, 0xc0, 0x31, 0xd2,
  0xf6, 0xc1, 0x01, 0x74, 0x04,
  0x01, 0xc8, 0xeb, 0x02,
  0x01, 0xca,
  0x49, 0x75, 0xf2,
  0xf4,
];

/** The block at `lin` as a region candidate (paging off: physical = linear; nothing observed). */
function at(s: Snippet, lin: number): RegionCandidate {
  return { insns: decodeBlock(s.cpu, lin, 64), phys: lin, seenNext: -1 };
}

function snippet(jit: boolean): Snippet {
  const s = new Snippet();
  s.cpu.jitEnabled = jit;
  s.cpu.jitThreshold = 1;
  return s;
}

/** Runs compiled and interpreted machines in lockstep slices of `budget`, comparing the state. */
function lockstep(jit: Snippet, interp: Snippet, budget: number, regs: number[]): void {
  const state = (s: Snippet, n: number) => [n, s.cpu.eip, ...regs.map((r) => s.cpu.r32[r]), s.cpu.eflags];
  for (let round = 0; round < 5000 && !interp.cpu.halted; round++) {
    const a = jit.cpu.run(budget), b = interp.cpu.run(budget);
    expect(state(jit, a)).toEqual(state(interp, b));
  }
  expect(jit.cpu.halted).toBe(true);
}

test("collectRegion keeps the blocks on the loop through the entry and leaves the exit block out", () => {
  const s = snippet(false);
  s.m.memory.writeBytes(0x1000, Uint8Array.from(SPLIT_LOOP));
  const region = collectRegion(at(s, 0x1009), 0x1009, 1, (lin) => at(s, lin));
  expect(region.map((b) => 0x1009 + b.off).sort()).toEqual([0x1009, 0x100e, 0x1012, 0x1014]);
  expect(region[0].off).toBe(0);
});

test("a self-looping entry block is compiled alone", () => {
  const s = snippet(false);
  // 0x1000: dec ecx; jnz 0x1000; hlt
  s.m.memory.writeBytes(0x1000, Uint8Array.from([0x49, 0x75, 0xfd, 0xf4]));
  const region = collectRegion(at(s, 0x1000), 0x1000, 1, (lin) => at(s, lin));
  expect(region.length).toBe(1);
});

// A function on no loop of its own, called once per iteration of a caller's loop:
// 0x1000: mov eax, 1; jmp 0x1010        (block P: one static successor)
// 0x1010: test cl, 1; jnz 0x1020        (block Q: the observed successor decides)
// 0x1019: add eax, 2; ret               (ECX even)
// 0x1020: add eax, 3; ret               (block R, ECX odd: the return goes where it was seen to)
// 0x2000: mov ecx, 300; L: call 0x1000; pushfd; popfd; dec ecx; jnz L; hlt (POPFD ends its block with
// no known successor, so the callee is on no loop the compiler can see)
const CALLEE = new Map<number, number[]>([
  [0x1000, [0xb8, ...d32(1), 0xe9, ...d32(0x1010 - 0x100a)]],
  [0x1010, [0xf6, 0xc1, 0x01, 0x0f, 0x85, ...d32(0x1020 - 0x1019)]],
  [0x1019, [0x83, 0xc0, 0x02, 0xc3]],
  [0x1020, [0x83, 0xc0, 0x03, 0xc3]],
  [0x2000, [0xb9, ...d32(300), 0xe8, ...d32(0x1000 - 0x200a), 0x9c, 0x9d, 0x49, 0x75, 0xf6, 0xf4]],
]);

function loadCallee(s: Snippet): void {
  for (const [lin, bytes] of CALLEE) s.m.memory.writeBytes(lin, Uint8Array.from(bytes));
  s.cpu.r32[4] = 0x8000;
  s.cpu.eip = 0x2000;
}

test("collectRegion follows the observed path from an entry on no loop, and stops where nothing was seen", () => {
  const s = snippet(false);
  loadCallee(s);
  const seen = new Map([[0x1010, 0x1020], [0x1020, 0x200a]]);
  const cand = (lin: number): RegionCandidate | undefined =>
    lin < 0x2000 && CALLEE.has(lin) ? { ...at(s, lin), seenNext: seen.get(lin) ?? -1 } : undefined;
  const path = collectRegion(cand(0x1000)!, 0x1000, 1, cand);
  expect(path.map((b) => 0x1000 + b.off)).toEqual([0x1000, 0x1010, 0x1020]);
  expect(path[2].seenOff).toBe(0x100a);
  // Nothing observed after the conditional branch: the path ends there.
  seen.clear();
  expect(collectRegion(cand(0x1000)!, 0x1000, 1, cand).map((b) => 0x1000 + b.off)).toEqual([0x1000, 0x1010]);
});

test("a compiled path leaves exactly where the interpreter goes when its branch goes the other way", () => {
  for (const budget of [1, 3, 7, 64, 1000]) {
    const jit = snippet(true), interp = snippet(false);
    jit.cpu.jitThreshold = 3; // compiled after the interpreter has seen both ways
    loadCallee(jit);
    loadCallee(interp);
    lockstep(jit, interp, budget, [0, 1, 4]);
    expect(jit.cpu.r32[0]).toBe(4); // the last call ran with ECX = 1: 1 + 3
  }
});

test("a multi-block loop region retires exactly the interpreter's instructions under any budget", () => {
  for (const budget of [1, 2, 5, 13, 64, 1000]) {
    const jit = snippet(true), interp = snippet(false);
    for (const s of [jit, interp]) {
      s.m.memory.writeBytes(0x1000, Uint8Array.from(SPLIT_LOOP));
      s.cpu.eip = 0x1000;
    }
    for (let round = 0; round < 2000 && !interp.cpu.halted; round++) {
      const a = jit.cpu.run(budget), b = interp.cpu.run(budget);
      expect([a, jit.cpu.eip, jit.cpu.r32[0], jit.cpu.r32[1], jit.cpu.r32[2], jit.cpu.eflags])
        .toEqual([b, interp.cpu.eip, interp.cpu.r32[0], interp.cpu.r32[1], interp.cpu.r32[2], interp.cpu.eflags]);
    }
    expect(jit.cpu.halted).toBe(true);
    // Sum of odd numbers 1..299 in EAX, even numbers 2..300 in EDX.
    expect([jit.cpu.r32[0], jit.cpu.r32[2]]).toEqual([22500, 22650]);
  }
});

// An inner loop of two blocks inside an outer one: a cycle that does not pass through the entry.
// 0x1000: mov ebx, 5
// 0x1005 A: mov ecx, 3; add eax, 1; jmp D   (block A)
// 0x100a C: add eax, 1; jmp D               (block C)
// 0x100f D: dec ecx; jnz C                  (block D: back to C)
// 0x1012 E: dec ebx; jnz A                  (block E: back to the entry)
// 0x1015    hlt
const INNER_CYCLE = [0xbb, ...d32(5), 0xb9, ...d32(3), 0x83, 0xc0, 0x01, 0xeb, 0x00, 0x49, 0x75, 0xf8, 0x4b, 0x75, 0xf0, 0xf4];

// A cycle with two entries (irreducible): A goes to B or to C, and B and C go to each other.
// 0x1000: mov ebx, 6
// 0x1005 A: mov ecx, 3; mov esi, 5; test bl, 1; jz C
// 0x1014 B: add eax, 1; dec ecx; jnz C  — then 0x101a: jmp D
// 0x101c C: add edx, 1; dec esi; jnz B
// 0x1022 D: dec ebx; jnz A
// 0x1025    hlt
const TWO_ENTRIES = [0xbb, ...d32(6), 0xb9, ...d32(3), 0xbe, ...d32(5), 0xf6, 0xc3, 0x01, 0x74, 0x08,
  0x83, 0xc0, 0x01, 0x49, 0x75, 0x02, 0xeb, 0x06, 0x83, 0xc2, 0x01, 0x4e, 0x75, 0xf2, 0x4b, 0x75, 0xe0, 0xf4];

test("reducible regions are nested loops and labelled blocks; a cycle with two entries keeps the switch loop", () => {
  const s = snippet(false);
  s.m.memory.writeBytes(0x1000, Uint8Array.from(SPLIT_LOOP));
  const split = regionSource(collectRegion(at(s, 0x1009), 0x1009, 1, (lin) => at(s, lin)), 1, 1);
  expect(split).not.toContain("switch");
  expect(split).toContain("W0: for (;;)"); // the loop through the entry
  expect(split).toMatch(/break F\d+;/); // forward edges leave labelled blocks
  expect(split).toContain("continue W0;");
  const shapes: [number[], number, (src: string) => void, number[]][] = [
    [INNER_CYCLE, 4, (src) => {
      expect(src).not.toContain("switch");
      expect(src).toMatch(/W[1-9]\d*: for \(;;\)/); // the inner loop, inside the entry's
      expect(src).toMatch(/continue W[1-9]\d*;/);
    }, [0, 1, 3]],
    [TWO_ENTRIES, 5, (src) => expect(src).toContain("switch (L)"), [0, 1, 2, 3, 6]],
  ];
  for (const [bytes, blocks, check, regs] of shapes) {
    const t = snippet(false);
    t.m.memory.writeBytes(0x1000, Uint8Array.from(bytes));
    const region = collectRegion(at(t, 0x1005), 0x1005, 1, (lin) => at(t, lin));
    expect(region.length).toBe(blocks);
    check(regionSource(region, 1, 1));
    for (const budget of [1, 2, 5, 13, 1000]) {
      const jit = snippet(true), interp = snippet(false);
      for (const m of [jit, interp]) {
        m.m.memory.writeBytes(0x1000, Uint8Array.from(bytes));
        m.cpu.eip = 0x1000;
      }
      lockstep(jit, interp, budget, regs);
    }
  }
});

// Nested loops: the inner one is a block that branches to its own start.
// 0x1000: mov ecx, 50; xor eax, eax
// 0x1007 outer: mov edx, ecx; add eax, edx; dec edx; jnz inner   (block X)
// 0x1009 inner: add eax, edx; dec edx; jnz inner                  (block Y: loops to itself)
// 0x100e       dec ecx; jnz outer                                 (block Z)
// 0x1011       hlt
const NESTED = [0xb9, ...d32(50), 0x31, 0xc0, 0x89, 0xca, 0x01, 0xd0, 0x4a, 0x75, 0xfb, 0x49, 0x75, 0xf6, 0xf4];

test("an inner loop (a self-looping block) is part of its outer loop's region and loops in place", () => {
  const s = snippet(false);
  s.m.memory.writeBytes(0x1000, Uint8Array.from(NESTED));
  const region = collectRegion(at(s, 0x1007), 0x1007, 1, (lin) => at(s, lin));
  expect(region.map((b) => 0x1007 + b.off).sort()).toEqual([0x1007, 0x1009, 0x100e]);
  const source = regionSource(region, 1, 1);
  expect(source).toContain("continue B1;");
  for (const budget of [1, 2, 3, 5, 13, 64, 1000]) {
    const jit = snippet(true), interp = snippet(false);
    for (const m of [jit, interp]) {
      m.m.memory.writeBytes(0x1000, Uint8Array.from(NESTED));
      m.cpu.eip = 0x1000;
    }
    lockstep(jit, interp, budget, [0, 1, 2]);
    expect(jit.cpu.r32[0]).toBe((50 * 51 * 52) / 6); // the sum over n of n(n+1)/2
  }
  // Once compiled, the nested loops run inside one function: entered a handful of times.
  const m = snippet(true);
  m.cpu.jitThreshold = 5;
  m.m.memory.writeBytes(0x1000, Uint8Array.from(NESTED));
  m.cpu.eip = 0x1000;
  m.cpu.run(2000); // ten outer iterations: every block is hot and compiled
  let entries = 0;
  for (const block of m.cpu.blocks.values()) {
    const f = block.compiled;
    if (f !== undefined) block.compiled = (cpu) => { entries++; return f(cpu); };
  }
  m.cpu.run(100_000);
  expect(m.cpu.halted).toBe(true);
  expect(entries).toBeLessThan(4);
});

// A loop in one page that calls a function in another page, directly and through a register:
// 0x1000: mov ecx, 200; xor edx, edx; mov esi, 0x3000
// 0x100c loop: call 0x3000 (direct); call esi (indirect); dec ecx; jnz loop; hlt
// 0x3000: add edx, ecx; ret        0x3010: sub edx, ecx; ret (what the changes below switch to)
// The callee runs twice per iteration, so it becomes hot first: its region is 0x3000 → (return)
// 0x1013 → 0x100c → 0x3000, with the caller's blocks in the other page.
const callTo = (target: number) => [0xe8, ...d32(target - 0x1011)];
const CALLER = [
  0xb9, ...d32(200), 0x31, 0xd2, 0xbe, ...d32(0x3000),
  ...callTo(0x3000), 0xff, 0xd6, 0x49, 0x75, 0xf6, 0xf4,
];

function loadCaller(s: Snippet): void {
  s.m.memory.writeBytes(0x1000, Uint8Array.from(CALLER));
  s.m.memory.writeBytes(0x3000, Uint8Array.from([0x01, 0xca, 0xc3]));
  s.m.memory.writeBytes(0x3010, Uint8Array.from([0x29, 0xca, 0xc3]));
  s.cpu.r32[4] = 0x8000;
  s.cpu.eip = 0x1000;
}

test("a loop that calls into another page compiles into one region and matches the interpreter exactly", () => {
  for (const budget of [1, 3, 7, 50, 1000]) {
    const jit = snippet(true), interp = snippet(false);
    jit.cpu.jitThreshold = 3; // interpret a few runs first, so returns have an observed successor
    loadCaller(jit);
    loadCaller(interp);
    lockstep(jit, interp, budget, [1, 2, 4]);
    expect(jit.cpu.r32[2]).toBe(200 * 201); // edx: twice the sum of ecx 200..1
  }
  // The loop's region takes in the callee of the other page.
  const s = snippet(false);
  loadCaller(s);
  s.cpu.run(100);
  const entry = s.cpu.blocks.get(0x100c)!;
  const region = collectRegion(entry, 0x100c, 1, (lin) => {
    const b = s.cpu.blocks.get(lin);
    return b === undefined ? undefined : b;
  });
  expect(region.some((b) => b.farPhys === 0x3000)).toBe(true);
  const hot = s.cpu.blocks.get(0x3000)!;
  const far = collectRegion(hot, 0x3000, 1, (lin) => s.cpu.blocks.get(lin)).map((b) => b.farPhys);
  expect(far[0]).toBeUndefined();
  expect(far).toContain(0x100c);
});

/** Runs CALLER for `first` instructions, applies `change`, runs to HLT; returns EDX. */
function runChanged(jit: boolean, first: number, setup: (s: Snippet) => void, change: (s: Snippet) => void): number {
  const s = snippet(jit);
  s.cpu.jitThreshold = 3;
  setup(s);
  loadCaller(s);
  s.cpu.run(first); // by now the loop runs as one compiled region through both pages
  change(s);
  s.cpu.run(100_000);
  expect(s.cpu.halted).toBe(true);
  return s.cpu.r32[2];
}

test("a guest store to the far page of a compiled region takes effect at once", () => {
  // Retarget the direct call (in the caller's page, far from the region's entry) to the subtracting
  // callee with a CPU store, as the guest would.
  const patch = (s: Snippet) => s.cpu.write32(0x100d, 0x3010 - 0x1011);
  for (const first of [300, 301, 302]) {
    const jit = runChanged(true, first, () => {}, patch), interp = runChanged(false, first, () => {}, patch);
    expect(jit).toBe(interp);
    expect(jit).not.toBe(200 * 201);
  }
});

test("remapping the far page of a compiled region runs the new page's code", () => {
  const paging = (s: Snippet) => {
    const mem = s.m.memory;
    mem.write32(0x80000, 0x81000 | 3);
    for (let p = 0; p < 1024; p++) mem.write32(0x81000 + p * 4, (p << 12) | 3);
    s.cpu.cr3 = 0x80000;
    s.cpu.cr0 |= 0x80000000;
    // Physical 0x6000: the caller's page again, but calling the subtracting callee.
    mem.writeBytes(0x6000, Uint8Array.from([...CALLER.slice(0, 12), ...callTo(0x3010), ...CALLER.slice(17)]));
  };
  const remap = (s: Snippet) => {
    s.m.memory.write32(0x81000 + 1 * 4, 0x6000 | 3); // linear 0x1000 (the far page) → physical 0x6000
    flushTlb(s.cpu, false); // what the guest's MOV CR3 does
  };
  for (const first of [300, 301, 302]) {
    const jit = runChanged(true, first, paging, remap), interp = runChanged(false, first, paging, remap);
    expect(jit).toBe(interp);
    expect(jit).not.toBe(200 * 201);
  }
});
