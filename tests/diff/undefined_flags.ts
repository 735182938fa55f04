// Architecturally undefined EFLAGS bits per mnemonic (Intel SDM Vol. 2, each instruction's "Flags
// Affected" section; Appendix A of Vol. 1 for the EFLAGS cross-reference). The differential test
// masks these before comparing nk with the host CPU, since real CPUs differ among themselves there.

const CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, OF = 0x800;
/** The EFLAGS bits the differential test compares: the six arithmetic flags and DF. */
export const COMPARED_FLAGS = CF | PF | AF | ZF | SF | OF | 0x400;

/** Fixed undefined-flag masks (count-independent), by mnemonic. */
export const UNDEFINED_FLAGS: Readonly<Record<string, number>> = {
  and: AF, or: AF, xor: AF, test: AF, // SDM "AND/OR/XOR/TEST": the state of AF is undefined
  mul: SF | ZF | AF | PF, // SDM "MUL": SF, ZF, AF and PF are undefined
  imul: SF | ZF | AF | PF, // SDM "IMUL": SF, ZF, AF and PF are undefined
  div: CF | PF | AF | ZF | SF | OF, // SDM "DIV": all six are undefined
  idiv: CF | PF | AF | ZF | SF | OF, // SDM "IDIV": all six are undefined
  bt: OF | SF | AF | PF, bts: OF | SF | AF | PF, btr: OF | SF | AF | PF, btc: OF | SF | AF | PF, // SDM "BT…"
  bsf: CF | OF | SF | AF | PF, bsr: CF | OF | SF | AF | PF, // SDM "BSF/BSR": only ZF is defined
  daa: OF, das: OF, // SDM "DAA/DAS": OF is undefined
  aaa: OF | SF | ZF | PF, aas: OF | SF | ZF | PF, // SDM "AAA/AAS": OF, SF, ZF, PF undefined
  aam: OF | AF | CF, aad: OF | AF | CF, // SDM "AAM/AAD": OF, AF, CF undefined
};

/**
 * Undefined flags of a case. `count` is the raw count operand of shifts/rotates (before masking);
 * `size` the operand size in bits.
 */
export function undefinedFlags(mnemonic: string, size: number, count: number): number {
  const fixed = UNDEFINED_FLAGS[mnemonic];
  if (fixed !== undefined) return fixed;
  const c = count & 31; // SDM: the count is masked to 5 bits
  switch (mnemonic) {
    case "shl": case "sal": case "shr": case "sar": {
      // SDM "SAL/SAR/SHL/SHR": a masked count of 0 affects no flags; otherwise AF is undefined,
      // OF is defined only for 1-bit shifts, and CF is undefined when the count ≥ the operand size.
      if (c === 0) return 0;
      let m = AF;
      if (c !== 1) m |= OF;
      if (c >= size) m |= CF; // also SF/ZF/PF stay defined (result 0), CF undefined past the width
      return m;
    }
    case "rol": case "ror": case "rcl": case "rcr":
      // SDM "RCL/RCR/ROL/ROR": OF is defined only for 1-bit rotates; only CF/OF are affected.
      return c === 1 ? 0 : OF;
    case "shld": case "shrd":
      // SDM "SHLD/SHRD": AF undefined when count ≠ 0; OF defined only for 1-bit shifts; when the
      // count exceeds the operand size everything is undefined (the generator avoids that).
      if (c === 0) return 0;
      return c === 1 ? AF : AF | OF;
    default:
      return 0;
  }
}
