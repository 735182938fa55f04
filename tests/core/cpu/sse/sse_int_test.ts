// Differential test: MMX and SSE2 integer instructions and SIMD data movement on nk vs the host CPU.
import { expect, test } from "bun:test";
import { diff } from "./_diff.ts";
import { intSpecs, moveSpecs } from "./_specs.ts";

test("MMX/SSE2 packed integer instructions match the host", () => {
  const specs = intSpecs();
  const r = diff(specs, 150);
  if (r.skipped) { console.warn("gcc -m32 unavailable: SSE oracle skipped"); return; }
  console.log(`packed integer: ${specs.length} snippets, ${r.cases} cases`);
  expect(r.mismatches).toEqual([]);
});

test("SIMD moves, shuffles, inserts/extracts and masked stores match the host", () => {
  const specs = moveSpecs();
  const r = diff(specs, 300);
  if (r.skipped) { console.warn("gcc -m32 unavailable: SSE oracle skipped"); return; }
  console.log(`moves: ${specs.length} snippets, ${r.cases} cases`);
  expect(r.mismatches).toEqual([]);
});
