// Formats syscall trace events the way strace(1) prints them: `openat(AT_FDCWD, "/etc/passwd",
// O_RDONLY|O_CLOEXEC) = 3`, strings quoted and truncated, flags decoded, errors as
// `-1 ENOENT (No such file or directory)`. Driven by the argument kinds in the syscall table rows.
import type { TraceEvent } from "../kernel/syscall/syscall_manager.ts";
import type { ArgKind } from "../kernel/syscall/context.ts";
import { errnoName, errnoText } from "../kernel/linux/errno.ts";
import { OpenFlag } from "../kernel/linux/abi_files.ts";
import { signalName } from "../kernel/linux/signals.ts";
import { MapFlag, Prot } from "../kernel/linux/abi_memory.ts";
import { CloneFlag } from "../kernel/linux/abi_process.ts";

const MAX_STRING = 32;

/** Quotes bytes like strace: printable ASCII kept, \n \t \" \\ escaped, others as \ooo. */
export function quote(bytes: Uint8Array, max = MAX_STRING): string {
  let s = "\"";
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === 10) s += "\\n";
    else if (c === 9) s += "\\t";
    else if (c === 13) s += "\\r";
    else if (c === 34) s += "\\\"";
    else if (c === 92) s += "\\\\";
    else if (c >= 32 && c < 127) s += String.fromCharCode(c);
    else s += "\\" + c.toString(8);
  }
  return s + "\"" + (bytes.length > max ? "..." : "");
}

function flagNames(value: number, table: Readonly<Record<string, number>>, zero?: string): string {
  const names: string[] = [];
  let rest = value >>> 0;
  for (const [name, bit] of Object.entries(table)) {
    if (bit && (bit & (bit - 1)) === 0 && (rest & bit) === bit) { names.push(name); rest &= ~bit; }
  }
  if (rest) names.push("0x" + rest.toString(16));
  return names.length ? names.join("|") : zero ?? "0";
}

function openFlags(v: number): string {
  const acc = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][v & 3];
  const { O_ACCMODE: _a, O_RDONLY: _r, O_WRONLY: _w, O_RDWR: _rw, O_SYNC: _s, O_TMPFILE: _t, ...rest } = OpenFlag;
  const others = flagNames(v & ~3, rest as Record<string, number>, "");
  return others ? `${acc}|${others}` : acc;
}

function hex(v: number): string {
  return "0x" + (v >>> 0).toString(16);
}

/** Renders one argument. */
function arg(e: TraceEvent, kind: ArgKind, v: number, next: number | undefined, after: boolean): string {
  const mem = e.mem;
  const safe = (f: () => string) => { try { return f(); } catch { return hex(v); } };
  switch (kind) {
    case "int": case "fd": case "size": return String(kind === "size" ? v >>> 0 : v | 0);
    case "uint": return String(v >>> 0);
    case "hex": return hex(v);
    case "dirfd": return (v | 0) === -100 ? "AT_FDCWD" : String(v | 0);
    case "ptr": return v ? hex(v) : "NULL";
    case "str": case "path": return v ? safe(() => quote(mem.readCString(v, 4096), 4096)) : "NULL";
    case "mode": return "0" + (v >>> 0).toString(8);
    case "oflags": return openFlags(v);
    case "signal": return v ? signalName(v) : "0";
    case "prot": return flagNames(v, Prot as unknown as Record<string, number>, "PROT_NONE");
    case "mflags": return flagNames(v, MapFlag as unknown as Record<string, number>);
    case "clone": return flagNames(v & ~0xff, CloneFlag as unknown as Record<string, number>) + ((v & 0xff) ? `|${signalName(v & 0xff)}` : "");
    case "whence": return ["SEEK_SET", "SEEK_CUR", "SEEK_END"][v] ?? String(v);
    case "ioctl": return hex(v);
    case "inbuf": return v ? safe(() => quote(mem.read(v, Math.min((next ?? 0) >>> 0, MAX_STRING + 1)))) : "NULL";
    case "outbuf": {
      const res = e.result ?? -1;
      if (!after || res < 0 || !v) return hex(v);
      return safe(() => quote(mem.read(v, Math.min(res, MAX_STRING + 1))));
    }
    case "strv": {
      if (!v) return "NULL";
      return safe(() => {
        const items = mem.readStringArray(v, 64).map((s) => quote(new TextEncoder().encode(s)));
        return "[" + items.join(", ") + "]";
      });
    }
  }
}

/** One strace line (without the trailing newline). */
export function formatTrace(e: TraceEvent, withPid = false): string {
  const name = e.row?.name ?? `syscall_${e.nr}`;
  const kinds = e.row?.args ?? [];
  const args = kinds.map((k, i) => arg(e, k, e.args[i], e.args[i + 1], true));
  let res: string;
  const r = e.result;
  if (r === undefined) res = "?";
  else if (r < 0 && r > -4096) res = `-1 ${errnoName(-r)} (${errnoText[-r] ?? "Unknown error"})`;
  else if (e.row?.ret === "hex") res = hex(r);
  else res = String(r);
  const prefix = withPid ? `[pid ${String(e.thread.tid).padStart(5)}] ` : "";
  return `${prefix}${name}(${args.join(", ")}) = ${res}`;
}
