// Tests cli/disk_file_backend.ts (kept beside the device tests: the ATA model is its only user).
import { afterEach, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FileBackend } from "../../cli/disk_file_backend.ts";

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function image(sectors: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nk-disk-"));
  dirs.push(dir);
  const file = path.join(dir, "disk.img");
  fs.writeFileSync(file, new Uint8Array(sectors * 512 + 100)); // a trailing partial sector is ignored
  return file;
}

test("FileBackend writes reach the file immediately and read back", () => {
  const file = image(8);
  const disk = new FileBackend(file);
  expect(disk.sectorCount).toBe(8);
  const data = new Uint8Array(1024).map((_, i) => i & 0xff);
  disk.write(3, data);
  // Visible to another reader before any flush: writeSync went straight to the file.
  expect([...fs.readFileSync(file).subarray(3 * 512, 3 * 512 + 4)]).toEqual([0, 1, 2, 3]);
  expect(disk.read(4, 1)[511]).toBe(1023 & 0xff);
  disk.flush();
  disk.close();
  expect(() => disk.read(0, 1)).toThrow();
});

test("FileBackend rejects out-of-range access and writes when read-only", () => {
  const file = image(2);
  const disk = new FileBackend(file, { readOnly: true });
  expect(() => disk.read(1, 2)).toThrow(RangeError);
  expect(() => disk.write(0, new Uint8Array(512))).toThrow();
  disk.close();
});
