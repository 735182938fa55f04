// Memory dumps formatted like QEMU's `x`/`xp` (monitor memory_dump): `address: v v v…`, 16 bytes
// per line (8 for byte units), fixed-width hex/octal/decimal columns and 'c' characters.

/** Value formats memory_dump prints (x d u o c); `s` and `i` are handled by the caller. */
export type DumpFormat = "x" | "d" | "u" | "o" | "c";

/** QEMU monitor_printc: a byte in single quotes, with \n \r \\ \' and \xNN escapes. */
export function printChar(value: number): string {
  const c = value & 0xff;
  const escaped: Record<number, string> = { 0x27: "\\'", 0x5c: "\\\\", 0x0a: "\\n", 0x0d: "\\r" };
  const body = escaped[c] ?? (c >= 32 && c <= 126 ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`);
  return `'${body}'`;
}

// Reads an unsigned little-endian value of `size` bytes.
function load(bytes: Uint8Array, offset: number, size: number): bigint {
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i] ?? 0);
  return value;
}

/**
 * Formats one value as QEMU does in memory_dump / hmp_print for a unit of `size` bytes:
 * x → `0x%0*x`, o → `%#*o`, u/d → `%*u`/`%*d` (d sign-extends from the unit), c → printChar.
 */
export function formatValue(value: bigint, format: DumpFormat, size: number): string {
  const bits = size * 8;
  switch (format) {
    case "x": return "0x" + value.toString(16).padStart(bits / 4, "0");
    case "o": return (value === 0n ? "0" : "0" + value.toString(8)).padStart(Math.ceil(bits / 3), " ");
    case "u": return value.toString().padStart(Math.ceil((bits * 10) / 33), " ");
    case "d": return BigInt.asIntN(bits, value).toString().padStart(Math.ceil((bits * 10) / 33), " ");
    case "c": return printChar(Number(value & 0xffn));
  }
}

/** The address column: 8 hex digits for virtual (`%08x`), 16 for physical (`%016x`) like QEMU. */
export function formatAddress(address: number, physical: boolean): string {
  return (address >>> 0).toString(16).padStart(physical ? 16 : 8, "0");
}

/**
 * Formats `bytes` read at `address` as `count = bytes.length / size` units, QEMU-style:
 * lines of 16 bytes (8 when size is 1), each `addr: v1 v2…`. Format c forces byte units.
 */
export function formatMemoryDump(
  bytes: Uint8Array,
  address: number,
  format: DumpFormat,
  size: 1 | 2 | 4 | 8,
  physical: boolean,
): string[] {
  const unit = format === "c" ? 1 : size;
  const lineSize = unit === 1 ? 8 : 16;
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += lineSize) {
    let line = formatAddress(address + offset, physical) + ":";
    const end = Math.min(bytes.length, offset + lineSize);
    for (let i = offset; i < end; i += unit) line += " " + formatValue(load(bytes, i, unit), format, unit);
    lines.push(line);
  }
  return lines;
}

/** GDB's `x/s` rendering of a C string: `"text"` with C escapes for non-printables. */
export function formatCString(bytes: Uint8Array): string {
  let out = "\"";
  for (const c of bytes) {
    if (c === 0) break;
    const escaped: Record<number, string> = { 0x22: "\\\"", 0x5c: "\\\\", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t" };
    out += escaped[c] ?? (c >= 32 && c <= 126 ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, "0")}`);
  }
  return out + "\"";
}
