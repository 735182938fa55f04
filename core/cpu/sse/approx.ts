// RCPPS/RCPSS and RSQRTPS/RSQRTSS: approximations with relative error ≤ 1.5·2^-12 (SDM vol. 2 RCPPS).
// Intel documents only the error bound, not the table, so nk returns the exact value rounded to
// 12 significand bits; special operands follow the SDM: denormal inputs count as zero, results that
// would be denormal flush to zero, no MXCSR flags. Platform-neutral.

const F = new Float32Array(1);
const U = new Uint32Array(F.buffer);

function bitsOf(x: number): bigint {
  F[0] = x;
  return BigInt(((U[0] + 0x800) & 0xfffff000) >>> 0);
}

function classify(bits: number): { sign: number; kind: "nan" | "zero" | "inf" | "num"; value: number } {
  U[0] = bits;
  const exp = (bits >>> 23) & 0xff, frac = bits & 0x7fffff, sign = bits >>> 31;
  if (exp === 0xff) return { sign, kind: frac ? "nan" : "inf", value: 0 };
  if (exp === 0) return { sign, kind: "zero", value: 0 };
  return { sign, kind: "num", value: F[0] };
}

const SIGN = 0x80000000n, INF = 0x7f800000n, INDEFINITE = 0xffc00000n;

/** Approximate 1/x of binary32 bits `bits`. */
export function approxRcp(bits: number): bigint {
  const c = classify(bits);
  const s = c.sign ? SIGN : 0n;
  if (c.kind === "nan") return BigInt(bits | 0x400000) & 0xffffffffn;
  if (c.kind === "zero") return s | INF;
  if (c.kind === "inf") return s;
  const r = 1 / c.value;
  if (Math.abs(r) < 2 ** -126) return s;
  return bitsOf(r);
}

/** Approximate 1/sqrt(x) of binary32 bits `bits`; negative non-zero operands give the QNaN indefinite. */
export function approxRsqrt(bits: number): bigint {
  const c = classify(bits);
  const s = c.sign ? SIGN : 0n;
  if (c.kind === "nan") return BigInt(bits | 0x400000) & 0xffffffffn;
  if (c.kind === "zero") return s | INF;
  if (c.sign) return INDEFINITE;
  if (c.kind === "inf") return 0n;
  return bitsOf(1 / Math.sqrt(c.value));
}
