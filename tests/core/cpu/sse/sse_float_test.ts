// Differential test: SSE/SSE2 floating-point instructions on nk vs the host CPU (gcc -m32 -msse2
// oracle), bit for bit in results, MXCSR flags and COMIS EFLAGS, across rounding modes, DAZ and FTZ.
import { expect, test } from "bun:test";
import { diff, type FixedCase } from "./_diff.ts";
import { floatSpecs } from "./_specs.ts";

test("SSE/SSE2 floating point matches the host bit for bit", () => {
  const specs = floatSpecs();
  const at = (asm: string) => specs.findIndex((s) => s.asm === asm);
  const mulss = at("mulss %xmm1, %xmm0"), mulsd = at("mulsd %xmm1, %xmm0"), addss = at("addss %xmm1, %xmm0");
  // Tininess after rounding, FTZ on exact denormal results, directed rounding into the subnormal range.
  const fixed: FixedCase[] = [
    [mulss, 0x1f80, [0x3f7ffffe, 0, 0, 0], [0x00800001, 0, 0, 0]],
    [mulss, 0x9f80, [0x3f7ffffe, 0, 0, 0], [0x00800001, 0, 0, 0]],
    [mulss, 0x5f80, [0x3f7fffff, 0, 0, 0], [0x00800000, 0, 0, 0]],
    [mulss, 0x7f80, [0x3f7fffff, 0, 0, 0], [0x80800000, 0, 0, 0]],
    [addss, 0x9f80, [0x00000001, 0, 0, 0], [0x00000000, 0, 0, 0]],
    [mulsd, 0x1f80, [0xfffffffe, 0x3fefffff, 0, 0], [1, 0x00100000, 0, 0]],
    [mulsd, 0x3f80, [0xffffffff, 0x3fefffff, 0, 0], [0, 0x00100000, 0, 0]],
  ];
  const r = diff(specs, 600, fixed);
  if (r.skipped) { console.warn("gcc -m32 unavailable: SSE oracle skipped"); return; }
  console.log(`SSE float: ${specs.length} snippets, ${r.cases} cases`);
  expect(r.mismatches).toEqual([]);
});
