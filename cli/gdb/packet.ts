// GDB remote serial protocol framing (gdb manual, "Overview" of the Remote Protocol):
// `$body#cc` packets with a modulo-256 checksum, `+`/`-` acknowledgements, `}` escapes, and the
// bare 0x03 byte that interrupts a running target. Strings here are latin1: one char per byte.

/** What the byte stream from gdb contains, in order. */
export type Inbound =
  | { readonly kind: "ack" }
  | { readonly kind: "nack" }
  | { readonly kind: "interrupt" }
  | { readonly kind: "packet"; readonly body: string; readonly checksumOk: boolean };

/** Modulo-256 sum of the body's bytes. */
export function checksum(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum = (sum + body.charCodeAt(i)) & 0xff;
  return sum;
}

/** Escapes `$ # } *` as `}` + (byte ^ 0x20) ("Binary Data"); `*` would start run-length encoding. */
export function escapeBinary(body: string): string {
  return body.replace(/[$#}*]/g, (c) => "}" + String.fromCharCode(c.charCodeAt(0) ^ 0x20));
}

function unescapeBinary(body: string): string {
  return body.replace(/\}([\s\S])/g, (_, c: string) => String.fromCharCode(c.charCodeAt(0) ^ 0x20));
}

/** Frames a reply body as `$body#cc` (escaping it first). */
export function framePacket(body: string): string {
  const escaped = escapeBinary(body);
  return `$${escaped}#${checksum(escaped).toString(16).padStart(2, "0")}`;
}

/** Splits the inbound byte stream into acks, interrupts and packets; keeps partial packets. */
export class PacketReader {
  private buffer = "";

  /** Feeds bytes from the socket; returns the complete items they finish. */
  push(chunk: Uint8Array): Inbound[] {
    this.buffer += Buffer.from(chunk).toString("latin1");
    const out: Inbound[] = [];
    for (;;) {
      if (this.buffer === "") break;
      const c = this.buffer[0]!;
      if (c !== "$") {
        this.buffer = this.buffer.slice(1);
        if (c === "+") out.push({ kind: "ack" });
        else if (c === "-") out.push({ kind: "nack" });
        else if (c === "\x03") out.push({ kind: "interrupt" });
        continue; // anything else between packets is line noise
      }
      const hash = this.buffer.indexOf("#");
      if (hash < 0 || this.buffer.length < hash + 3) break;
      const raw = this.buffer.slice(1, hash);
      const sent = parseInt(this.buffer.slice(hash + 1, hash + 3), 16);
      this.buffer = this.buffer.slice(hash + 3);
      out.push({ kind: "packet", body: unescapeBinary(raw), checksumOk: sent === checksum(raw) });
    }
    return out;
  }
}

/** Bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Hex text as bytes; undefined if it is not an even run of hex digits. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return Uint8Array.from({ length: text.length / 2 }, (_, i) => parseInt(text.slice(2 * i, 2 * i + 2), 16));
}

/** A 32-bit value as 8 hex digits, little-endian byte order (register values in stop replies). */
export function hex32le(value: number): string {
  return toHex(Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff));
}
