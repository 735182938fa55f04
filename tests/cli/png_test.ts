import { expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { crc32, decodePng, encodePng, PNG_SIGNATURE } from "../../cli/png.ts";

test("crc32() matches the standard check value", () => {
  expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  expect(crc32(new TextEncoder().encode("IEND"))).toBe(0xae426082);
});

test("encodePng() round-trips through decodePng()", () => {
  const width = 7, height = 5;
  const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37 + (i >> 3)) & 0xff);
  const png = encodePng(width, height, rgba);
  expect([...png.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
  const decoded = decodePng(png);
  expect(decoded.width).toBe(width);
  expect(decoded.height).toBe(height);
  expect(decoded.rgba).toEqual(rgba);
});

test("decodePng() rejects corrupted chunks and wrong sizes", () => {
  const png = encodePng(1, 1, Uint8Array.of(1, 2, 3, 4));
  png[20] = png[20]! ^ 1;
  expect(() => decodePng(png)).toThrow("bad CRC in IHDR");
  expect(() => encodePng(2, 2, new Uint8Array(4))).toThrow("expected 16 bytes");
});

function chunk(type: string, data: Uint8Array): number[] {
  const body = Uint8Array.from([...new TextEncoder().encode(type), ...data]);
  const out = new Uint8Array(8 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(body, 4);
  view.setUint32(4 + body.length, crc32(body));
  return [...out];
}

test("decodePng() undoes Sub and Paeth filters (RGB)", () => {
  // 2x2 RGB, row 0 filtered with Sub (1), row 1 with Paeth (4), computed by hand.
  const raw = Uint8Array.of(1, 10, 20, 30, 5, 5, 5, 4, 1, 1, 1, 0, 0, 0);
  const header = Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0);
  const file = Uint8Array.from([...PNG_SIGNATURE, ...chunk("IHDR", header), ...chunk("IDAT", deflateSync(raw)), ...chunk("IEND", new Uint8Array(0))]);
  const { rgba } = decodePng(file);
  expect([...rgba]).toEqual([10, 20, 30, 255, 15, 25, 35, 255, 11, 21, 31, 255, 15, 25, 35, 255]);
});
