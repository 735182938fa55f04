// EFLAGS bits (Intel SDM Vol. 1 §3.4.3, Vol. 3 §2.3). Data only. Platform-neutral.

/** EFLAGS bit masks. */
export const Eflags = {
  CF: 1 << 0, // carry
  FIXED: 1 << 1, // always 1
  PF: 1 << 2, // parity of the low byte
  AF: 1 << 4, // auxiliary carry (BCD)
  ZF: 1 << 6, // zero
  SF: 1 << 7, // sign
  TF: 1 << 8, // trap (single step)
  IF: 1 << 9, // interrupt enable
  DF: 1 << 10, // direction
  OF: 1 << 11, // overflow
  IOPL: 3 << 12, // I/O privilege level
  NT: 1 << 14, // nested task
  RF: 1 << 16, // resume
  VM: 1 << 17, // virtual-8086 mode
  AC: 1 << 18, // alignment check
  VIF: 1 << 19,
  VIP: 1 << 20,
  ID: 1 << 21, // CPUID available (toggleable)
} as const;

/** The six arithmetic status flags that instructions compute. */
export const ARITH_FLAGS = Eflags.CF | Eflags.PF | Eflags.AF | Eflags.ZF | Eflags.SF | Eflags.OF;

/** Bits POPF/IRET may change at CPL 0 (VM, VIP, VIF are not supported and stay 0). */
export const WRITABLE_FLAGS = ARITH_FLAGS | Eflags.TF | Eflags.IF | Eflags.DF | Eflags.IOPL |
  Eflags.NT | Eflags.RF | Eflags.AC | Eflags.ID;

/** Renders EFLAGS as QEMU does in `info registers`: e.g. "[-DI--Z-P-]" style letters. */
export function describeEflags(v: number): string {
  const bits: [number, string][] = [
    [Eflags.OF, "O"], [Eflags.DF, "D"], [Eflags.IF, "I"], [Eflags.TF, "T"], [Eflags.SF, "S"],
    [Eflags.ZF, "Z"], [Eflags.AF, "A"], [Eflags.PF, "P"], [Eflags.CF, "C"],
  ];
  return "[" + bits.map(([m, c]) => (v & m ? c : "-")).join("") + "]";
}
