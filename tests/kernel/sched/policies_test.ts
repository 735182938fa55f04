// Scheduling policies (kernel/sched/policies.ts) and the run queue: ordering, preemption quanta,
// live switching keeps every ready thread, and the O(1) list operations.
import { expect, test } from "bun:test";
import { Fifo, Lottery, Mlfq, POLICIES, RoundRobin, StaticPriority, Stride, type SchedPolicy } from "../../../kernel/sched/policies.ts";
import { RunQueue } from "../../../kernel/sched/run_queue.ts";
import { Thread } from "../../../kernel/process/thread.ts";
import type { Process } from "../../../kernel/process/process.ts";
import { CpuContext } from "../../../kernel/arch/context.ts";

function thread(tid: number, nice = 0): Thread {
  return new Thread(tid, { nice, pid: tid } as unknown as Process, new CpuContext());
}

test("RunQueue.push/remove/shift keep FIFO order and ignore double inserts", () => {
  const q = new RunQueue();
  const [a, b, c] = [thread(1), thread(2), thread(3)];
  q.push(a); q.push(b); q.push(c); q.push(b);
  expect(q.size).toBe(3);
  q.remove(b);
  expect([...q].map((t) => t.tid)).toEqual([1, 3]);
  expect(q.shift()?.tid).toBe(1);
  expect(q.shift()?.tid).toBe(3);
  expect(q.shift()).toBeUndefined();
});

test("RoundRobin rotates and Fifo never preempts", () => {
  const rr: SchedPolicy = new RoundRobin();
  for (const t of [thread(1), thread(2)]) rr.enqueue(t, false);
  const first = rr.pick()!;
  rr.enqueue(first, true);
  expect(rr.pick()!.tid).toBe(2);
  expect(rr.quantum(first, 8e6)).toBe(8e6);
  expect((new Fifo() as SchedPolicy).quantum(thread(9), 1)).toBe(Infinity);
});

test("StaticPriority always picks the lowest nice first", () => {
  const p: SchedPolicy = new StaticPriority();
  p.enqueue(thread(1, 5), false);
  p.enqueue(thread(2, -5), false);
  p.enqueue(thread(3, 0), false);
  expect([p.pick()!.tid, p.pick()!.tid, p.pick()!.tid]).toEqual([2, 3, 1]);
});

test("Mlfq demotes a thread that used its whole quantum and doubles its quantum", () => {
  const m = new Mlfq();
  const hog = thread(1), interactive = thread(2);
  m.enqueue(hog, false);
  m.enqueue(interactive, false);
  const t = m.pick()!;
  m.enqueue(t, true); // used the whole slice
  expect(t.sched.level).toBe(1);
  expect(m.quantum(t, 1000)).toBe(2000);
  expect(m.pick()!.tid).toBe(2); // the level-0 thread runs before the demoted one
  m.tick(2e9, [hog, interactive]);
  expect(hog.sched.level).toBe(0); // periodic boost
});

test("Stride gives CPU in proportion to tickets (nice)", () => {
  const s: SchedPolicy = new Stride();
  const a = thread(1, 0), b = thread(2, 3);
  s.enqueue(a, false); s.enqueue(b, false);
  const runs = new Map([[1, 0], [2, 0]]);
  for (let i = 0; i < 1000; i++) {
    const t = s.pick()!;
    runs.set(t.tid, runs.get(t.tid)! + 1);
    s.enqueue(t, true);
  }
  const ratio = runs.get(1)! / runs.get(2)!;
  expect(ratio).toBeGreaterThan(1.8); // 100 vs 51 tickets
  expect(ratio).toBeLessThan(2.1);
});

test("Lottery is deterministic (seeded) and favours more tickets", () => {
  const draw = () => {
    const l: SchedPolicy = new Lottery();
    const a = thread(1, -5), b = thread(2, 5);
    l.enqueue(a, false); l.enqueue(b, false);
    const seq: number[] = [];
    for (let i = 0; i < 200; i++) { const t = l.pick()!; seq.push(t.tid); l.enqueue(t, true); }
    return seq;
  };
  const s1 = draw(), s2 = draw();
  expect(s1).toEqual(s2);
  expect(s1.filter((x) => x === 1).length).toBeGreaterThan(150);
});

test("every policy hands back exactly the threads it was given", () => {
  for (const [name, make] of Object.entries(POLICIES)) {
    const p: SchedPolicy = make();
    const ts = [thread(1), thread(2, 3), thread(3, -2)];
    for (const t of ts) p.enqueue(t, false);
    expect(p.ready().length).toBe(3);
    const got = [p.pick()!, p.pick()!, p.pick()!].map((t) => t.tid).sort();
    expect(got, name).toEqual([1, 2, 3]);
    expect(p.pick()).toBeUndefined();
  }
});
