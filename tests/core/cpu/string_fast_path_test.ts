// REP MOVS/STOS page-chunk fast paths (string_ops.ts) against an element-by-element reference model:
// both directions, all element sizes, unaligned and page-crossing ranges, overlapping copies.
import { expect, test } from "bun:test";
import { Snippet } from "./_run.ts";

const s = new Snippet();
const mem = s.m.memory;
const WINDOW = 0x20000, WINDOW_LEN = 0x4000;

/** xorshift32, so a failing case is reproducible. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** The SDM's element loop on a copy of the window: read one element, write it, step. */
function reference(bytes: Uint8Array, kind: "movs" | "stos", size: number, esi: number, edi: number,
  ecx: number, df: boolean, eax: number): [number, number] {
  const step = df ? -size : size;
  for (; ecx > 0; ecx--) {
    let v = eax;
    if (kind === "movs") {
      v = 0;
      for (let k = 0; k < size; k++) v |= bytes[esi - WINDOW + k] << (8 * k);
      esi += step;
    }
    for (let k = 0; k < size; k++) bytes[edi - WINDOW + k] = v >> (8 * k);
    edi += step;
  }
  return [esi, edi];
}

function runCase(kind: "movs" | "stos", size: number, esi: number, edi: number, ecx: number, df: boolean) {
  const r = rng(esi ^ (edi << 3) ^ ecx);
  const init = new Uint8Array(WINDOW_LEN).map(() => (r() * 256) | 0);
  mem.writeBytes(WINDOW, init);
  const eax = 0x8c4d2e1f | 0;
  const [refEsi, refEdi] = reference(init, kind, size, esi, edi, ecx, df, eax);
  s.cpu.r32[0] = eax; s.cpu.r32[1] = ecx; s.cpu.r32[6] = esi; s.cpu.r32[7] = edi;
  s.cpu.eflags = 0x202 | (df ? 0x400 : 0);
  const op = (kind === "movs" ? 0xa4 : 0xaa) + (size === 1 ? 0 : 1);
  const code = size === 2 ? [0xf3, 0x66, op, 0xf4] : [0xf3, op, 0xf4];
  expect(s.exec(code).end).toBe("hlt");
  const label = `${kind}${size} esi=${esi.toString(16)} edi=${edi.toString(16)} ecx=${ecx} df=${df}`;
  expect(Buffer.from(mem.u8.subarray(WINDOW, WINDOW + WINDOW_LEN)).equals(Buffer.from(init)), label).toBe(true);
  expect([s.cpu.r32[1], s.cpu.r32[6], s.cpu.r32[7]], label).toEqual([0, kind === "movs" ? refEsi : esi, refEdi]);
}

test("REP MOVS matches the element loop for overlapping, unaligned and page-crossing ranges", () => {
  const r = rng(99);
  for (let n = 0; n < 300; n++) {
    const size = [1, 2, 4][(r() * 3) | 0];
    const df = r() < 0.5;
    const ecx = 1 + ((r() * 1500) | 0);
    const span = ecx * size;
    const lo = WINDOW + (df ? span : 0), hi = WINDOW + WINDOW_LEN - (df ? size : span);
    const esi = lo + ((r() * (hi - lo)) | 0);
    // Half the cases overlap: the destination a few bytes either side of the source.
    const edi = r() < 0.5 ? Math.min(hi - 1, Math.max(lo, esi + (((r() * 17) | 0) - 8))) : lo + ((r() * (hi - lo)) | 0);
    runCase("movs", size, esi, edi, ecx, df);
  }
});

test("REP MOVSB with the destination one byte ahead replicates the first byte (not memmove)", () => {
  mem.fill(WINDOW, 0, 0x3000);
  mem.writeBytes(WINDOW + 0xff0, Uint8Array.from([7, 8, 9]));
  s.cpu.r32[1] = 0x1800; s.cpu.r32[6] = WINDOW + 0xff0; s.cpu.r32[7] = WINDOW + 0xff1;
  s.cpu.eflags = 0x202;
  expect(s.exec([0xf3, 0xa4, 0xf4]).end).toBe("hlt");
  expect(mem.u8.subarray(WINDOW + 0xff0, WINDOW + 0xff0 + 0x1801).every((b) => b === 7)).toBe(true);
  expect(s.cpu.r32[7]).toBe(WINDOW + 0xff1 + 0x1800);
});

test("REP STOS matches the element loop in both directions at any alignment", () => {
  const r = rng(7);
  for (let n = 0; n < 200; n++) {
    const size = [1, 2, 4][(r() * 3) | 0];
    const df = r() < 0.5;
    const ecx = 1 + ((r() * 2500) | 0);
    const span = ecx * size;
    const lo = WINDOW + (df ? span : 0), hi = WINDOW + WINDOW_LEN - (df ? size : span);
    runCase("stos", size, 0, lo + ((r() * (hi - lo)) | 0), ecx, df);
  }
});
