// Byte-exact directory records for getdents64(2) (struct linux_dirent64) and the legacy i386
// getdents(2) (struct linux_dirent). Source: getdents(2), fs/readdir.c. Platform-neutral.
import { fail } from "../linux/errno.ts";
import type { DirEntry } from "./inode.ts";

const encoder = new TextEncoder();

/** Records encoded into one buffer, and the index of the first entry left over. */
export interface DirentBatch {
  bytes: Uint8Array;
  next: number;
}

/**
 * Encodes `entries[start..]` as linux_dirent64 records (d_ino u64, d_off s64 = index of the next
 * entry, d_reclen u16, d_type u8, d_name NUL-terminated, padded to 8 bytes) into at most `bufferSize`
 * bytes. EINVAL if not even the first remaining record fits (as Linux).
 */
export function encodeDirents64(entries: DirEntry[], start: number, bufferSize: number): DirentBatch {
  return encode(entries, start, bufferSize, (name) => align(19 + name.length + 1, 8), (view, at, entry, name, reclen, index) => {
    view.setBigUint64(at, BigInt(entry.ino), true);
    view.setBigInt64(at + 8, BigInt(index + 1), true);
    view.setUint16(at + 16, reclen, true);
    view.setUint8(at + 18, entry.type);
    new Uint8Array(view.buffer, at + 19, name.length).set(name);
  });
}

/**
 * Encodes i386 linux_dirent records (d_ino u32, d_off u32, d_reclen u16, d_name NUL, padding,
 * d_type in the record's last byte, 4-byte aligned). EOVERFLOW if an inode number needs 64 bits.
 */
export function encodeDirents32(entries: DirEntry[], start: number, bufferSize: number): DirentBatch {
  return encode(entries, start, bufferSize, (name) => align(10 + name.length + 2, 4), (view, at, entry, name, reclen, index) => {
    if (entry.ino > 0xffffffff) fail("EOVERFLOW");
    view.setUint32(at, entry.ino, true);
    view.setUint32(at + 4, index + 1, true);
    view.setUint16(at + 8, reclen, true);
    new Uint8Array(view.buffer, at + 10, name.length).set(name);
    view.setUint8(at + reclen - 1, entry.type);
  });
}

type Writer = (view: DataView, at: number, entry: DirEntry, name: Uint8Array, reclen: number, index: number) => void;

function encode(entries: DirEntry[], start: number, bufferSize: number, size: (name: Uint8Array) => number, put: Writer): DirentBatch {
  const records: { entry: DirEntry; name: Uint8Array; reclen: number }[] = [];
  let total = 0;
  let index = start;
  for (; index < entries.length; index++) {
    const name = encoder.encode(entries[index].name);
    const reclen = size(name);
    if (total + reclen > bufferSize) break;
    records.push({ entry: entries[index], name, reclen });
    total += reclen;
  }
  if (records.length === 0 && start < entries.length) fail("EINVAL", "getdents buffer too small");
  const bytes = new Uint8Array(total); // zeroed: the NUL and the padding
  const view = new DataView(bytes.buffer);
  let at = 0;
  records.forEach((record, i) => {
    put(view, at, record.entry, record.name, record.reclen, start + i);
    at += record.reclen;
  });
  return { bytes, next: index };
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
