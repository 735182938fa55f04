// QEMU `sendkey` key names → PC scancode set 1 make codes (0xE0xx = E0-prefixed extended key).
// Break code = make | 0x80 (after the same prefix). Data only.
// Sources: QEMU qapi/ui.json QKeyCode names; IBM PC/AT keyboard scancode set 1 (as translated by the 8042).

/** Set 1 make codes by QEMU key name. */
export const SCANCODE_SET1: Readonly<Record<string, number>> = {
  esc: 0x01, 1: 0x02, 2: 0x03, 3: 0x04, 4: 0x05, 5: 0x06, 6: 0x07, 7: 0x08, 8: 0x09, 9: 0x0a, 0: 0x0b,
  minus: 0x0c, equal: 0x0d, backspace: 0x0e, tab: 0x0f,
  q: 0x10, w: 0x11, e: 0x12, r: 0x13, t: 0x14, y: 0x15, u: 0x16, i: 0x17, o: 0x18, p: 0x19,
  bracket_left: 0x1a, bracket_right: 0x1b, ret: 0x1c, ctrl: 0x1d,
  a: 0x1e, s: 0x1f, d: 0x20, f: 0x21, g: 0x22, h: 0x23, j: 0x24, k: 0x25, l: 0x26,
  semicolon: 0x27, apostrophe: 0x28, grave_accent: 0x29, shift: 0x2a, backslash: 0x2b,
  z: 0x2c, x: 0x2d, c: 0x2e, v: 0x2f, b: 0x30, n: 0x31, m: 0x32, comma: 0x33, dot: 0x34, slash: 0x35,
  shift_r: 0x36, asterisk: 0x37, kp_multiply: 0x37, alt: 0x38, spc: 0x39, caps_lock: 0x3a,
  f1: 0x3b, f2: 0x3c, f3: 0x3d, f4: 0x3e, f5: 0x3f, f6: 0x40, f7: 0x41, f8: 0x42, f9: 0x43, f10: 0x44,
  num_lock: 0x45, scroll_lock: 0x46,
  kp_7: 0x47, kp_8: 0x48, kp_9: 0x49, kp_subtract: 0x4a, kp_4: 0x4b, kp_5: 0x4c, kp_6: 0x4d, kp_add: 0x4e,
  kp_1: 0x4f, kp_2: 0x50, kp_3: 0x51, kp_0: 0x52, kp_decimal: 0x53, sysrq: 0x54, less: 0x56,
  f11: 0x57, f12: 0x58,
  kp_enter: 0xe01c, ctrl_r: 0xe01d, kp_divide: 0xe035, print: 0xe037, alt_r: 0xe038,
  home: 0xe047, up: 0xe048, pgup: 0xe049, left: 0xe04b, right: 0xe04d, end: 0xe04f, down: 0xe050,
  pgdn: 0xe051, insert: 0xe052, delete: 0xe053, meta_l: 0xe05b, meta_r: 0xe05c, menu: 0xe05d,
};

/** Friendly aliases accepted besides the QEMU names. */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  enter: "ret", return: "ret", space: "spc", escape: "esc", del: "delete", ins: "insert", control: "ctrl",
  lshift: "shift", rshift: "shift_r", altgr: "alt_r", pageup: "pgup", pagedown: "pgdn", bksp: "backspace",
};

/** Pause has no break code: E1 1D 45 E1 9D C5 on press only (scancode set 1). */
export const PAUSE_SEQUENCE = [0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5] as const;

/** Key combos that type each printable ASCII character on a US layout, e.g. "A" → "shift-a". */
export const ASCII_KEYS: Readonly<Record<string, string>> = (() => {
  const map: Record<string, string> = { " ": "spc", "\n": "ret", "\t": "tab", "\b": "backspace" };
  for (const c of "abcdefghijklmnopqrstuvwxyz0123456789") map[c] = c;
  for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") map[c] = `shift-${c.toLowerCase()}`;
  const plain = { "-": "minus", "=": "equal", "[": "bracket_left", "]": "bracket_right", ";": "semicolon",
    "'": "apostrophe", "`": "grave_accent", "\\": "backslash", ",": "comma", ".": "dot", "/": "slash" };
  const shifted = { "!": "1", "@": "2", "#": "3", $: "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0",
    _: "minus", "+": "equal", "{": "bracket_left", "}": "bracket_right", ":": "semicolon", '"': "apostrophe",
    "~": "grave_accent", "|": "backslash", "<": "comma", ">": "dot", "?": "slash" };
  Object.assign(map, plain);
  for (const [c, k] of Object.entries(shifted)) map[c] = `shift-${k}`;
  return map;
})();
