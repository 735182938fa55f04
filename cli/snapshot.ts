// `savevm FILE` / `loadvm FILE`: whole-machine snapshots of bare machines (`nk boot`): the CPU
// (registers, segment caches, control/debug registers, x87, SSE, MSRs), physical memory, every
// device's saveState(), the clock. File: "NKSNAP01" then a zlib stream of a JSON header plus the
// typed arrays as binary blobs stored without their all-zero pages.

import { readFileSync, writeFileSync } from "node:fs";
import { deflateSync, inflateSync } from "node:zlib";
import type { Cpu } from "../core/cpu/cpu.ts";
import type { Machine } from "../core/machine.ts";

/** File magic and format version (bump on any layout change). */
const MAGIC = "NKSNAP01";
const FORMAT_VERSION = 1;

/** The line savevm/loadvm print when a TypeScript kernel session owns the machine. */
export const KERNEL_SNAPSHOT_UNSUPPORTED =
  "snapshots cover bare machines (nk boot); the TypeScript kernel's state cannot be saved yet";

/** A malformed, foreign or mismatched snapshot file. */
export class SnapshotError extends Error {}

/** A machine's complete state as plain data (typed arrays allowed). */
export interface MachineSnapshot {
  readonly version: number;
  readonly memorySize: number;
  readonly memory: Uint8Array;
  readonly cpu: Record<string, unknown>;
  readonly clock: { ns: number; epochMs: number };
  readonly exitCode: number | null;
  readonly devices: Record<string, Record<string, unknown>>;
}

// Scalar CPU fields saved by name; setCpl/eflags/fpu/msr need code (below).
const CPU_SCALARS = [
  "eip", "prevEip", "gdtBase", "gdtLimit", "idtBase", "idtLimit", "ldtSelector", "ldtBase", "ldtLimit",
  "trSelector", "trBase", "trLimit", "cr0", "cr2", "cr3", "cr4", "cs32", "ss32", "halted", "intShadow", "softNx",
  "mxcsr", "instructionCount",
] as const;
const CPU_ARRAYS = ["r32", "sreg", "segBase", "segLimit", "segAttr", "dr", "xmm"] as const;
const FPU_ARRAYS = ["signExp", "mantissaHi", "mantissaLo", "empty"] as const;
const FPU_SCALARS = ["top", "cw", "sw", "fip", "fcs", "fdp", "fds", "fop"] as const;

function captureCpu(cpu: Cpu): Record<string, unknown> {
  const state: Record<string, unknown> = { eflags: cpu.eflags, cpl: cpu.cpl };
  for (const key of CPU_SCALARS) state[key] = cpu[key];
  for (const key of CPU_ARRAYS) state[key] = cpu[key].slice();
  const fpu: Record<string, unknown> = {};
  for (const key of FPU_ARRAYS) fpu[key] = cpu.fpu[key].slice();
  for (const key of FPU_SCALARS) fpu[key] = cpu.fpu[key];
  state.fpu = fpu;
  state.msr = [...cpu.msr].map(([index, value]) => [index, value.toString()]);
  return state;
}

function restoreCpu(cpu: Cpu, state: Record<string, unknown>): void {
  const target = cpu as unknown as Record<string, unknown>;
  for (const key of CPU_SCALARS) target[key] = state[key];
  for (const key of CPU_ARRAYS) cpu[key].set(state[key] as ArrayLike<number>);
  const fpu = state.fpu as Record<string, unknown>;
  for (const key of FPU_ARRAYS) cpu.fpu[key].set(fpu[key] as ArrayLike<number>);
  Object.assign(cpu.fpu, Object.fromEntries(FPU_SCALARS.map((key) => [key, fpu[key]])));
  cpu.msr.clear();
  for (const [index, value] of state.msr as [number, string][]) cpu.msr.set(index, BigInt(value));
  cpu.eflags = state.eflags as number;
  cpu.setCpl(state.cpl as number); // also reselects the TLB permission masks
  cpu.clearStopRequest();
  cpu.stopReason = 0;
  cpu.flushCode(); // cached blocks and TLB entries describe the old memory
}

/**
 * Captures `machine` (which must not be running a TypeScript kernel: see KERNEL_SNAPSHOT_UNSUPPORTED).
 * With `copyMemory` false the snapshot's `memory` is a live view of RAM, valid only until the
 * machine runs again (savevm encodes at once and skips a large copy).
 */
export function captureMachine(machine: Machine, copyMemory = true): MachineSnapshot {
  const devices: Record<string, Record<string, unknown>> = {};
  for (const device of machine.devices.all) devices[device.name] = device.saveState();
  return {
    version: FORMAT_VERSION,
    memorySize: machine.memory.size,
    memory: copyMemory ? machine.memory.u8.slice() : machine.memory.u8,
    cpu: captureCpu(machine.cpu),
    clock: machine.clock.saveState(),
    exitCode: machine.exitCode ?? null,
    devices,
  };
}

/** Restores a snapshot into a machine with the same RAM size and devices; throws SnapshotError otherwise. */
export function restoreMachine(machine: Machine, snapshot: MachineSnapshot): void {
  if (snapshot.version !== FORMAT_VERSION) throw new SnapshotError(`snapshot format ${snapshot.version}, expected ${FORMAT_VERSION}`);
  if (snapshot.memorySize !== machine.memory.size) {
    throw new SnapshotError(`snapshot has ${snapshot.memorySize >> 20} MiB of RAM, this machine ${machine.memory.size >> 20} MiB`);
  }
  const names = machine.devices.all.map((d) => d.name).sort().join(",");
  const saved = Object.keys(snapshot.devices).sort().join(",");
  if (names !== saved) throw new SnapshotError(`snapshot devices (${saved}) differ from this machine's (${names})`);
  machine.memory.u8.set(snapshot.memory);
  for (const device of machine.devices.all) device.loadState(snapshot.devices[device.name]!);
  machine.clock.loadState(snapshot.clock);
  machine.exitCode = snapshot.exitCode ?? undefined;
  restoreCpu(machine.cpu, snapshot.cpu);
}

// ---- file encoding: JSON with typed arrays moved out into blobs -----------------------------------

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
const TYPED: Record<string, new (buffer: ArrayBuffer) => Typed> = { Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array };

function pack(value: unknown, blobs: Uint8Array[]): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return { $number: String(value) };
  if (ArrayBuffer.isView(value)) {
    const kind = value.constructor.name;
    if (!(kind in TYPED)) throw new Error(`savevm: cannot store a ${kind}`);
    blobs.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)); // encoded before anything runs
    return { $typed: kind, blob: blobs.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => pack(v, blobs));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pack(v, blobs)]));
  }
  return value;
}

function unpack(value: unknown, blobs: Uint8Array<ArrayBuffer>[]): unknown {
  if (Array.isArray(value)) return value.map((v) => unpack(v, blobs));
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if (typeof o.$number === "string") return Number(o.$number);
  if (typeof o.$typed === "string") {
    const blob = blobs[o.blob as number];
    const Ctor = TYPED[o.$typed];
    if (blob === undefined || Ctor === undefined) throw new SnapshotError("corrupt snapshot (bad blob reference)");
    return new Ctor(blob.buffer); // each decoded blob owns its buffer
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unpack(v, blobs)]));
}

// Blobs are stored sparsely: a bitmap of the 4 KiB pages that hold a non-zero byte, then those
// pages. Idle RAM and video memory are mostly zeros, and skipping them keeps savevm fast.
const PAGE = 4096;

function isZeroPage(blob: Uint8Array, start: number, end: number): boolean {
  if ((blob.byteOffset & 3) === 0 && ((end - start) & 3) === 0) {
    const words = new Int32Array(blob.buffer, blob.byteOffset + start, (end - start) >> 2);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    return true;
  }
  for (let i = start; i < end; i++) if (blob[i] !== 0) return false;
  return true;
}

function sparse(blob: Uint8Array): Uint8Array[] {
  const pages = Math.ceil(blob.length / PAGE);
  const bitmap = new Uint8Array(Math.ceil(pages / 8));
  const parts: Uint8Array[] = [u32(blob.length), bitmap];
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE, end = Math.min(blob.length, start + PAGE);
    if (isZeroPage(blob, start, end)) continue;
    bitmap[page >> 3]! |= 1 << (page & 7);
    parts.push(blob.subarray(start, end));
  }
  return parts;
}

/** Serialises a snapshot: magic, then zlib([u32 json length][json] then per blob [u32 length][page bitmap][pages]). */
export function encodeSnapshot(snapshot: MachineSnapshot): Uint8Array {
  const blobs: Uint8Array[] = [];
  const json = new TextEncoder().encode(JSON.stringify(pack(snapshot, blobs)));
  const parts: Uint8Array[] = [u32(json.length), json];
  for (const blob of blobs) parts.push(...sparse(blob));
  const body = deflateSync(Buffer.concat(parts), { level: 1 });
  return Buffer.concat([Buffer.from(MAGIC, "latin1"), body]);
}

/** Parses bytes written by encodeSnapshot; throws SnapshotError on anything else. */
export function decodeSnapshot(bytes: Uint8Array): MachineSnapshot {
  if (Buffer.from(bytes.subarray(0, MAGIC.length)).toString("latin1") !== MAGIC) throw new SnapshotError("not an nk snapshot");
  let body: Buffer;
  try { body = inflateSync(bytes.subarray(MAGIC.length)); } catch { throw new SnapshotError("corrupt snapshot (bad compression)"); }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = 0;
  const bytesAt = (length: number): Uint8Array => {
    if (at + length > body.length) throw new SnapshotError("corrupt snapshot (truncated)");
    at += length;
    return body.subarray(at - length, at);
  };
  const length = (): number => view.getUint32(bytesAt(4).byteOffset - body.byteOffset, true);
  const json = JSON.parse(new TextDecoder().decode(bytesAt(length())));
  const blobs: Uint8Array<ArrayBuffer>[] = [];
  while (at < body.length) {
    const blob = new Uint8Array(length());
    const pages = Math.ceil(blob.length / PAGE);
    const bitmap = bytesAt(Math.ceil(pages / 8));
    for (let page = 0; page < pages; page++) {
      if (bitmap[page >> 3]! & (1 << (page & 7))) blob.set(bytesAt(Math.min(PAGE, blob.length - page * PAGE)), page * PAGE);
    }
    blobs.push(blob);
  }
  return unpack(json, blobs) as MachineSnapshot;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

/** Writes `machine`'s snapshot to `file`; returns the number of bytes written. */
export function savevm(machine: Machine, file: string): number {
  const bytes = encodeSnapshot(captureMachine(machine, false));
  writeFileSync(file, bytes);
  return bytes.length;
}

/** Restores `machine` from `file` (see restoreMachine for the compatibility checks). */
export function loadvm(machine: Machine, file: string): void {
  restoreMachine(machine, decodeSnapshot(new Uint8Array(readFileSync(file))));
}
