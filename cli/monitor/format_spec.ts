// The `/NFU` format of `x`, `xp` and `p` (GDB "Output Formats", QEMU monitor get_type('/')):
// an optional decimal count N, then format letters (x d u o c s i) and unit letters (b h w g) in
// any order. Absent parts take the previous command's values, as in QEMU.

/** A parsed `/NFU`. `size` is undefined only for format `i` given without a unit. */
export interface FormatSpec {
  readonly count: number;
  readonly format: string;
  readonly size: 1 | 2 | 4 | 8 | undefined;
}

/** Format letters accepted after `/` (GDB's set; QEMU lacks `s`). */
export const FORMAT_LETTERS = "xduocsi";

/** Unit letters and their sizes in bytes (b=byte h=halfword w=word g=giant; QEMU also takes L). */
export const UNIT_SIZES = { b: 1, h: 2, w: 4, g: 8, L: 8 } as const;

/** Last-used format and unit; updated by parseFormat like QEMU's default_fmt_*. */
export interface FormatDefaults {
  defaultFormat: string;
  defaultSize: 1 | 2 | 4 | 8;
}

/**
 * Parses the text after `/` (e.g. `10xw`, `i`, `3c`) and updates `defaults`. Throws Error with
 * a one-line message on an invalid character. `text` must not contain whitespace.
 */
export function parseFormat(text: string, defaults: FormatDefaults): FormatSpec {
  const match = /^(\d*)(.*)$/.exec(text)!;
  const count = match[1] === "" ? 1 : Number(match[1]);
  let format: string | undefined;
  let size: 1 | 2 | 4 | 8 | undefined;
  for (const letter of match[2]!) {
    if (FORMAT_LETTERS.includes(letter)) format = letter;
    else if (letter in UNIT_SIZES) size = UNIT_SIZES[letter as keyof typeof UNIT_SIZES];
    else throw new Error(`invalid char in format: '${letter}'`);
  }
  format ??= defaults.defaultFormat;
  if (format !== "i") {
    size ??= format === "c" || format === "s" ? 1 : defaults.defaultSize;
    defaults.defaultSize = size;
  }
  defaults.defaultFormat = format;
  return { count, format, size };
}

/** The format used when a command is given no `/fmt` (count 1, previous format and unit). */
export function defaultFormat(defaults: FormatDefaults): FormatSpec {
  const format = defaults.defaultFormat;
  return { count: 1, format, size: format === "i" ? undefined : defaults.defaultSize };
}
