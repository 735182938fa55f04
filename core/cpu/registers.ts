// General-purpose and segment register numbering as encoded in ModRM/opcodes (SDM Vol. 2 §2.1.5).
// Data only. Platform-neutral.

/** 32-bit register numbers (same numbering for 16-bit AX..DI). */
export const Reg = { EAX: 0, ECX: 1, EDX: 2, EBX: 3, ESP: 4, EBP: 5, ESI: 6, EDI: 7 } as const;

/** Segment register numbers as in the Sreg field. */
export const Seg = { ES: 0, CS: 1, SS: 2, DS: 3, FS: 4, GS: 5 } as const;

export const REG32_NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
export const REG16_NAMES = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] as const;
export const REG8_NAMES = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"] as const;
export const SEG_NAMES = ["es", "cs", "ss", "ds", "fs", "gs"] as const;

/**
 * Byte offset of 8-bit register r (AL..BH) inside the little-endian Int32Array of GPRs:
 * AL=byte 0 of EAX, …, AH=byte 1 of EAX.
 */
export const REG8_INDEX: readonly number[] = [0, 4, 8, 12, 1, 5, 9, 13];
