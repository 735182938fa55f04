// Helpers for loadState(): saved states may come back as typed arrays (structuredClone) or as
// plain JSON (a typed array serialises to {"0": …, "1": …}). Private to devices/. Platform-neutral.

/** The bytes of a saved Uint8Array, number[] or JSON-serialised typed array. */
export function bytesFrom(value: unknown): Uint8Array<ArrayBuffer> {
  if (value instanceof Uint8Array) return value.slice();
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Uint8Array.from(value as ArrayLike<number>);
  if (value && typeof value === "object") {
    const o = value as Record<string, number>;
    const out = new Uint8Array(Object.keys(o).length);
    for (let i = 0; i < out.length; i++) out[i] = o[i];
    return out;
  }
  throw new TypeError("saved state holds no byte array here");
}
