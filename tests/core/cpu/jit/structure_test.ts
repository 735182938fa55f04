// The structured layout of region graphs (core/cpu/jit/structure.ts): loops found by their headers,
// blocks in an order where every edge goes forward except those back to a loop's header, and no
// layout for graphs a cycle enters twice.
import { expect, test } from "bun:test";
import { layoutRegion, type Item } from "../../../../core/cpu/jit/structure.ts";

/** The layout as nested arrays of block numbers (a loop: [header, ...its other items]). */
function shape(items: Item[]): unknown[] {
  return items.map((it) => ("block" in it ? it.block : shape(it.items)));
}

/** Every edge goes to a later block of the flattened order, or back to a loop header around it. */
function checkOrder(succ: number[][]): void {
  const layout = layoutRegion(succ)!;
  const order: number[] = [];
  const flatten = (items: Item[]) => items.forEach((it) => ("block" in it ? order.push(it.block) : flatten(it.items)));
  flatten(layout.items);
  expect([...order].sort((a, b) => a - b)).toEqual(succ.map((_, j) => j));
  succ.forEach((ts, j) => ts.forEach((t) => {
    if (!layout.loops.get(t)?.has(j)) expect(order.indexOf(t)).toBeGreaterThan(order.indexOf(j));
  }));
}

test("a path and a loop through the entry", () => {
  expect(shape(layoutRegion([[1, 2], [2], []])!.items)).toEqual([0, 1, 2]);
  const loop = layoutRegion([[1], [2, 0], [0]])!;
  expect(shape(loop.items)).toEqual([[0, 1, 2]]);
  expect([...loop.loops.get(0)!].sort()).toEqual([0, 1, 2]);
  expect([...loop.forwardTargets].sort()).toEqual([1, 2]);
});

test("an inner loop nests inside the entry's, and edges out of it go forward", () => {
  // 0 → 1; 1 → 2; 2 → 1 (inner back edge) or 3; 3 → 0 (outer back edge) or 4
  const layout = layoutRegion([[1], [2], [1, 3], [0, 4], []])!;
  expect(shape(layout.items)).toEqual([[0, [1, 2], 3], 4]);
  expect([...layout.loops.get(1)!].sort()).toEqual([1, 2]);
  checkOrder([[1], [2], [1, 3], [0, 4], []]);
  // Blocks listed out of order: the layout orders them.
  checkOrder([[3], [0], [1, 4], [2], [3]]);
});

test("no layout for a cycle with two entries or a block the entry does not reach", () => {
  expect(layoutRegion([[1, 2], [2], [1]])).toBeUndefined(); // 1 ⇄ 2, entered at both
  expect(layoutRegion([[1, 2], [2, 3], [0, 3], [1, 2]])).toBeUndefined(); // crc32's loop
  expect(layoutRegion([[1], [], [1]])).toBeUndefined();
});
