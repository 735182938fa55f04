// What CPUID reports (Intel SDM Vol. 2 "CPUID"). nk advertises exactly what it implements: a feature
// that is not implemented is not listed here and its instructions raise #UD. Data + lookup.
// Platform-neutral.

/** CPUID.1:EDX feature bits nk implements (bit → meaning). */
export const CpuidEdx = {
  FPU: 1 << 0, // x87 on chip
  PSE: 1 << 3, // 4 MiB pages
  TSC: 1 << 4, // RDTSC
  MSR: 1 << 5, // RDMSR/WRMSR
  CX8: 1 << 8, // CMPXCHG8B
  PGE: 1 << 13, // global pages
  CMOV: 1 << 15, // CMOVcc, FCMOVcc, FCOMI
  MMX: 1 << 23,
  FXSR: 1 << 24, // FXSAVE/FXRSTOR
  SSE: 1 << 25,
  SSE2: 1 << 26,
} as const;

/** Features whose instructions are present in this build; the SIMD unit flips these on when loaded. */
export const implemented = {
  edx: CpuidEdx.FPU | CpuidEdx.PSE | CpuidEdx.TSC | CpuidEdx.MSR | CpuidEdx.CX8 | CpuidEdx.PGE |
    CpuidEdx.CMOV | CpuidEdx.MMX | CpuidEdx.FXSR | CpuidEdx.SSE | CpuidEdx.SSE2 |
    (1 << 19), // CLFSH: CLFLUSH (core/cpu/sse/fxsave.ts); the bit is missing from CpuidEdx above
  ecx: 0,
};

const VENDOR = "GenuineIntel";
const BRAND = "nk i386 (Native Kit emulated CPU)";

function str4(s: string, at: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) v |= (s.charCodeAt(at + k) || 0) << (8 * k);
  return v;
}

/** Returns [eax, ebx, ecx, edx] for a leaf (subleaf ignored: no leaf here has subleaves). */
export function cpuid(leaf: number): [number, number, number, number] {
  switch (leaf >>> 0) {
    case 0: return [2, str4(VENDOR, 0), str4(VENDOR, 8), str4(VENDOR, 4)];
    // Family 6, model 13, stepping 8; CLFLUSH line 8×8 bytes; one logical processor.
    case 1: return [0x6d8, 0x00010800, implemented.ecx, implemented.edx];
    // Cache descriptors: 0x2c L1D 32K, 0x30 L1I 32K, 0x7d L2 2M, 0xb0/0xb3 TLBs; AL=1 call.
    case 2: return [0x2c300001, 0, 0, 0x007db0b3];
    case 0x80000000: return [0x80000004, 0, 0, 0];
    case 0x80000001: return [0, 0, 0, 0];
    case 0x80000002: case 0x80000003: case 0x80000004: {
      const base = ((leaf >>> 0) - 0x80000002) * 16;
      const b = BRAND.padEnd(48, "\0");
      return [str4(b, base), str4(b, base + 4), str4(b, base + 8), str4(b, base + 12)];
    }
    default: return [0, 0, 0, 0];
  }
}
