// Structured control flow for a compiled region (codegen.ts). JavaScript has no goto, so a region's
// blocks either become cases of a `switch` in a loop — any shape, but then every edge meets every
// other at the loop head, which JavaScriptCore's optimizing compilers pay for — or, when the region's
// graph is reducible (every cycle has one entry, its header), nested loops and labelled blocks: an
// edge back to a loop's header is `continue` of that loop, an edge forward is `break` out of a
// labelled block that ends just before its target (WebAssembly's "stackifier" layout).
// Platform-neutral.

/** A layout item: a block, or a loop (its items: the header's block first, then the rest). */
export type Item = { block: number } | { header: number; items: Item[] };

/** The structured layout of a region's blocks 0…n−1 (entry 0). */
export interface Layout {
  /** Top-level items in order. */
  items: Item[];
  /** Loop headers, each with the blocks of its loop (itself included). */
  loops: Map<number, Set<number>>;
  /** Blocks a forward edge goes to (they need a labelled block ending right before them). */
  forwardTargets: Set<number>;
}

/**
 * The layout of blocks 0…n−1 with edges `succ` (self edges left out), or undefined: a block the
 * entry does not reach, a cycle with two entries (irreducible), or more blocks than a bit set holds.
 */
export function layoutRegion(succ: number[][]): Layout | undefined {
  const n = succ.length;
  if (n > 30) return undefined;
  // Depth-first from the entry: reverse postorder, and the back edges (to a block on the stack).
  const state = new Array<number>(n).fill(0), post: number[] = [], back: [number, number][] = [];
  const visit = (j: number): void => {
    state[j] = 1;
    for (const t of succ[j]) {
      if (state[t] === 1) back.push([j, t]);
      else if (state[t] === 0) visit(t);
    }
    state[j] = 2;
    post.push(j);
  };
  visit(0);
  if (post.length !== n) return undefined;
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let j = 0; j < n; j++) for (const t of succ[j]) preds[t].push(j);
  // Dominators as bit sets, iterated in reverse postorder to the fixed point.
  const all = 2 ** n - 1, dom = new Array<number>(n).fill(all);
  dom[0] = 1;
  for (let changed = true; changed;) {
    changed = false;
    for (const j of [...post].reverse()) {
      if (j === 0) continue;
      let d = all;
      for (const p of preds[j]) d &= dom[p];
      d |= 1 << j;
      if (d !== dom[j]) { dom[j] = d; changed = true; }
    }
  }
  // Natural loops; a back edge whose target does not dominate its source makes the graph irreducible.
  const loops = new Map<number, Set<number>>();
  for (const [u, h] of back) {
    if (!(dom[u] & (1 << h))) return undefined;
    const body = loops.get(h) ?? new Set([h]);
    const stack = [u];
    while (stack.length) {
      const v = stack.pop()!;
      if (body.has(v)) continue;
      body.add(v);
      stack.push(...preds[v]);
    }
    loops.set(h, body);
  }
  // The scope of a block: the header of the smallest other loop holding it (−1: the top level).
  const scopeOf = (j: number): number => {
    let best = -1;
    for (const [h, body] of loops) {
      if (h !== j && body.has(j) && (best < 0 || body.size < loops.get(best)!.size)) best = h;
    }
    return best;
  };
  const scope = Array.from({ length: n }, (_, j) => scopeOf(j));
  // The item of `s`'s sequence that holds block t: t, or the loop around t directly inside s (−1: none).
  const unitIn = (s: number, t: number): number => {
    let h = t;
    while (h >= 0 && scope[h] !== s) h = scope[h];
    return h === s ? -1 : h;
  };
  // The items of scope `s` (a loop's header, or −1), ordered by the edges between them that do not
  // go back to s: reverse postorder of a depth-first walk from s's start.
  const itemsOf = (s: number): Item[] | undefined => {
    const mark = new Map<number, number>(), order: number[] = [];
    const place = (m: number): boolean => {
      mark.set(m, 1);
      const inside = loops.get(m) ?? new Set([m]);
      for (const v of inside) {
        for (const t of succ[v]) {
          if (t === s || inside.has(t)) continue;
          const u = unitIn(s, t);
          if (u < 0) continue; // leaves scope s: an outer sequence orders it
          if (mark.get(u) === 1 || (!mark.has(u) && !place(u))) return false; // a cycle: not reducible
        }
      }
      mark.set(m, 2);
      order.push(m);
      return true;
    };
    const starts = s >= 0 ? succ[s].map((t) => unitIn(s, t)).filter((u) => u >= 0) : [0];
    for (const m of starts) if (!mark.has(m) && !place(m)) return undefined;
    const items: Item[] = s >= 0 ? [{ block: s }] : [];
    for (const m of order.reverse()) {
      if (!loops.has(m)) { items.push({ block: m }); continue; }
      const inner = itemsOf(m);
      if (inner === undefined) return undefined;
      items.push({ header: m, items: inner });
    }
    return items;
  };
  const items = itemsOf(-1);
  // Every block laid out once (a natural loop's blocks are all reached from its header's).
  const count = (list: Item[]): number => list.reduce((c, it) => c + ("block" in it ? 1 : count(it.items)), 0);
  if (items === undefined || count(items) !== n) return undefined;
  const forwardTargets = new Set<number>();
  for (let j = 0; j < n; j++) for (const t of succ[j]) if (!loops.get(t)?.has(j)) forwardTargets.add(t);
  return { items, loops, forwardTargets };
}
