// The fixed memory layout and the binary case format shared by the generator, the nk runner and
// the native oracle (oracle/driver.c mirrors these numbers).

/** Addresses used identically in nk and in the host process, so pushed EIPs and pointers match. */
export const Layout = {
  dataPage: 0x0080_0000, // one page: data window at +0x000, stack window at +0xF00
  codePage: 0x0090_0000, // the case's code (nk: followed by HLT; native: by jmp [exit_vector])
  dataWindow: 0x0080_0000, // 256 bytes, compared after each case
  stackWindow: 0x0080_0f00, // 256 bytes, compared after each case
  windowSize: 256,
  memOperand: 0x0080_0080, // memory operands land around here (±0x40)
  initialEsp: 0x0080_0f80,
  codeMax: 48,
} as const;

/** Bytes per input case: regs[8], eflags, codeLen, code[48], data[256], stack[256]. */
export const IN_SIZE = 32 + 4 + 4 + Layout.codeMax + 2 * Layout.windowSize;
/** Bytes per output case: vector (0xFFFFFFFF = none), regs[8], eflags, data[256], stack[256]. */
export const OUT_SIZE = 4 + 32 + 4 + 2 * Layout.windowSize;

/** One generated test case. */
export interface DiffCase {
  /** Human-readable label: mnemonic, format, size, form. */
  name: string;
  /** Key into the undefined-flags table. */
  mnemonic: string;
  /** Operand size in bits (8, 16, 32) for flag masking. */
  size: number;
  /** Shift/rotate count (masked by the caller's rules) when relevant, else -1. */
  count: number;
  /** Extra result checks to skip: "dest" when the destination register is undefined. */
  undefinedDest: number; // register index whose value is architecturally undefined, or -1
  code: Uint8Array;
  regs: Int32Array; // eax ecx edx ebx esp ebp esi edi
  eflags: number;
  data: Uint8Array;
  stack: Uint8Array;
}

/** The observable result of one case. */
export interface CaseResult {
  vector: number; // -1: completed
  regs: Int32Array;
  eflags: number;
  data: Uint8Array;
  stack: Uint8Array;
}

/** Serialises cases in the driver's `struct in_case` layout. */
export function encodeCases(cases: readonly DiffCase[]): Uint8Array {
  const out = new Uint8Array(cases.length * IN_SIZE);
  const dv = new DataView(out.buffer);
  cases.forEach((c, k) => {
    const o = k * IN_SIZE;
    for (let r = 0; r < 8; r++) dv.setInt32(o + r * 4, c.regs[r], true);
    dv.setUint32(o + 32, c.eflags >>> 0, true);
    dv.setUint32(o + 36, c.code.length, true);
    out.set(c.code, o + 40);
    out.set(c.data, o + 40 + Layout.codeMax);
    out.set(c.stack, o + 40 + Layout.codeMax + Layout.windowSize);
  });
  return out;
}

/** Parses the driver's output records. */
export function decodeResults(buf: Uint8Array): CaseResult[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const res: CaseResult[] = [];
  for (let o = 0; o + OUT_SIZE <= buf.length; o += OUT_SIZE) {
    const v = dv.getUint32(o, true);
    const regs = new Int32Array(8);
    for (let r = 0; r < 8; r++) regs[r] = dv.getInt32(o + 4 + r * 4, true);
    res.push({
      vector: v === 0xffffffff ? -1 : v,
      regs,
      eflags: dv.getUint32(o + 36, true),
      data: buf.slice(o + 40, o + 40 + Layout.windowSize),
      stack: buf.slice(o + 40 + Layout.windowSize, o + 40 + 2 * Layout.windowSize),
    });
  }
  return res;
}
