// Packed-integer kernels shared by MMX (8-byte) and SSE2 (16-byte) forms: each computes VD ← VD op VS
// over `n` bytes in place (SDM vol. 1 §9.4, §11.4.2; vol. 2 PADD*, PSUB*, PMUL*, PCMP*, PACK*,
// PUNPCK*, PSLL*/PSRL*/PSRA*, PAVG*, PMIN*/PMAX*, PSADBW). Platform-neutral.
import { VD, VS, VR, copy4 } from "./operands.ts";

/** A kernel over `n` bytes (8 for MMX, 16 for XMM). */
export type Kernel = (n: number) => void;

const D8 = new Uint8Array(VD.buffer), S8 = new Uint8Array(VS.buffer), R8 = new Uint8Array(VR.buffer);
const D8s = new Int8Array(VD.buffer), S8s = new Int8Array(VS.buffer);
const D16 = new Uint16Array(VD.buffer), S16 = new Uint16Array(VS.buffer), R16 = new Uint16Array(VR.buffer);
const D16s = new Int16Array(VD.buffer), S16s = new Int16Array(VS.buffer);

const satS8 = (v: number) => (v > 127 ? 127 : v < -128 ? -128 : v);
const satU8 = (v: number) => (v > 255 ? 255 : v < 0 ? 0 : v);
const satS16 = (v: number) => (v > 32767 ? 32767 : v < -32768 ? -32768 : v);
const satU16 = (v: number) => (v > 65535 ? 65535 : v < 0 ? 0 : v);

/** Element-wise kernel on a view pair; the view's type does the wrap-around. */
function bytes(fn: (a: number, b: number) => number, signed: boolean): Kernel {
  return (n) => {
    const d = signed ? D8s : D8, s = signed ? S8s : S8;
    for (let k = 0; k < n; k++) d[k] = fn(d[k], s[k]);
  };
}
function words(fn: (a: number, b: number) => number, signed: boolean): Kernel {
  return (n) => {
    const d = signed ? D16s : D16, s = signed ? S16s : S16;
    for (let k = 0; k < n >> 1; k++) d[k] = fn(d[k], s[k]);
  };
}
function dwords(fn: (a: number, b: number) => number): Kernel {
  return (n) => { for (let k = 0; k < n >> 2; k++) VD[k] = fn(VD[k], VS[k]); };
}
function qwords(fn: (a: bigint, b: bigint) => bigint): Kernel {
  return (n) => {
    for (let q = 0; q < n >> 3; q++) {
      const a = BigInt(VD[2 * q] >>> 0) | (BigInt(VD[2 * q + 1] >>> 0) << 32n);
      const b = BigInt(VS[2 * q] >>> 0) | (BigInt(VS[2 * q + 1] >>> 0) << 32n);
      const r = BigInt.asUintN(64, fn(a, b));
      VD[2 * q] = Number(r & 0xffffffffn) | 0;
      VD[2 * q + 1] = Number(r >> 32n) | 0;
    }
  };
}

const mask = (c: boolean) => (c ? -1 : 0);

export const paddb = bytes((a, b) => a + b, false), paddw = words((a, b) => a + b, false);
export const paddd = dwords((a, b) => a + b), paddq = qwords((a, b) => a + b);
export const psubb = bytes((a, b) => a - b, false), psubw = words((a, b) => a - b, false);
export const psubd = dwords((a, b) => a - b), psubq = qwords((a, b) => a - b);
export const paddsb = bytes((a, b) => satS8(a + b), true), paddsw = words((a, b) => satS16(a + b), true);
export const paddusb = bytes((a, b) => satU8(a + b), false), paddusw = words((a, b) => satU16(a + b), false);
export const psubsb = bytes((a, b) => satS8(a - b), true), psubsw = words((a, b) => satS16(a - b), true);
export const psubusb = bytes((a, b) => satU8(a - b), false), psubusw = words((a, b) => satU16(a - b), false);
export const pmullw = words((a, b) => Math.imul(a, b), true);
export const pmulhw = words((a, b) => (a * b) >> 16, true);
export const pmulhuw = words((a, b) => Math.floor((a * b) / 65536), false);
export const pavgb = bytes((a, b) => (a + b + 1) >> 1, false), pavgw = words((a, b) => (a + b + 1) >> 1, false);
export const pminub = bytes(Math.min, false), pmaxub = bytes(Math.max, false);
export const pminsw = words(Math.min, true), pmaxsw = words(Math.max, true);
export const pcmpeqb = bytes((a, b) => mask(a === b), false), pcmpeqw = words((a, b) => mask(a === b), false);
export const pcmpeqd = dwords((a, b) => mask(a === b));
export const pcmpgtb = bytes((a, b) => mask(a > b), true), pcmpgtw = words((a, b) => mask(a > b), true);
export const pcmpgtd = dwords((a, b) => mask(a > b));
export const pand = dwords((a, b) => a & b), pandn = dwords((a, b) => ~a & b);
export const por = dwords((a, b) => a | b), pxor = dwords((a, b) => a ^ b);
export const pmuludq = qwords((a, b) => (a & 0xffffffffn) * (b & 0xffffffffn));

/** PMADDWD: pairs of signed word products summed into dwords (wraps only for 4 × -32768). */
export const pmaddwd: Kernel = (n) => {
  for (let k = 0; k < n >> 2; k++) {
    VD[k] = (D16s[2 * k] * S16s[2 * k] + D16s[2 * k + 1] * S16s[2 * k + 1]) | 0;
  }
};

/** PSADBW: per quadword, the sum of absolute byte differences in the low word; the rest zero. */
export const psadbw: Kernel = (n) => {
  for (let q = 0; q < n >> 3; q++) {
    let sum = 0;
    for (let k = 8 * q; k < 8 * q + 8; k++) sum += Math.abs(D8[k] - S8[k]);
    VD[2 * q] = sum; VD[2 * q + 1] = 0;
  }
};

/** PACKSSWB/PACKUSWB/PACKSSDW: narrow D then S with saturation. */
function pack(narrow: "sb" | "ub" | "sw"): Kernel {
  return (n) => {
    if (narrow === "sw") {
      const h = n >> 2; // dwords per operand
      for (let k = 0; k < h; k++) { R16[k] = satS16(VD[k]); R16[h + k] = satS16(VS[k]); }
    } else {
      const h = n >> 1, sat = narrow === "sb" ? satS8 : satU8;
      for (let k = 0; k < h; k++) { R8[k] = sat(D16s[k]); R8[h + k] = sat(S16s[k]); }
    }
    copy4(VD, VR);
  };
}
export const packsswb = pack("sb"), packuswb = pack("ub"), packssdw = pack("sw");

/** PUNPCKL and PUNPCKH (all sizes): interleave elements of `size` bytes from the low or high halves of D and S. */
function unpack(size: number, high: boolean): Kernel {
  return (n) => {
    const base = high ? n >> 1 : 0;
    for (let e = 0; e < n / (2 * size); e++) {
      for (let b = 0; b < size; b++) {
        R8[2 * e * size + b] = D8[base + e * size + b];
        R8[(2 * e + 1) * size + b] = S8[base + e * size + b];
      }
    }
    for (let k = 0; k < n; k++) D8[k] = R8[k];
  };
}
export const punpcklbw = unpack(1, false), punpcklwd = unpack(2, false), punpckldq = unpack(4, false);
export const punpcklqdq = unpack(8, false);
export const punpckhbw = unpack(1, true), punpckhwd = unpack(2, true), punpckhdq = unpack(4, true);
export const punpckhqdq = unpack(8, true);

/** The shift count of PSLL/PSRL/PSRA: the source's low quadword, saturated to 255. */
function count(): number {
  return VS[1] !== 0 || (VS[0] >>> 0) > 255 ? 255 : VS[0];
}

export const psllw: Kernel = (n) => { const c = count(); for (let k = 0; k < n >> 1; k++) D16[k] = c > 15 ? 0 : D16[k] << c; };
export const psrlw: Kernel = (n) => { const c = count(); for (let k = 0; k < n >> 1; k++) D16[k] = c > 15 ? 0 : D16[k] >>> c; };
export const psraw: Kernel = (n) => { const c = Math.min(count(), 15); for (let k = 0; k < n >> 1; k++) D16s[k] >>= c; };
export const pslld: Kernel = (n) => { const c = count(); for (let k = 0; k < n >> 2; k++) VD[k] = c > 31 ? 0 : VD[k] << c; };
export const psrld: Kernel = (n) => { const c = count(); for (let k = 0; k < n >> 2; k++) VD[k] = c > 31 ? 0 : VD[k] >>> c; };
export const psrad: Kernel = (n) => { const c = Math.min(count(), 31); for (let k = 0; k < n >> 2; k++) VD[k] >>= c; };
export const psllq: Kernel = (n) => {
  const c = BigInt(count());
  qwords((a) => (c > 63n ? 0n : a << c))(n);
};
export const psrlq: Kernel = (n) => {
  const c = BigInt(count());
  qwords((a) => (c > 63n ? 0n : a >> c))(n);
};

/** PSLLDQ/PSRLDQ (66 0F 73 /7, /3): whole-register byte shifts; counts above 15 clear it. */
export const pslldq: Kernel = (n) => {
  const c = count();
  for (let k = n - 1; k >= 0; k--) D8[k] = k >= c ? D8[k - c] : 0;
};
export const psrldq: Kernel = (n) => {
  const c = count();
  for (let k = 0; k < n; k++) D8[k] = k + c < n ? D8[k + c] : 0;
};
