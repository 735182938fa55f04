// Exception vectors (Intel SDM Vol. 3 §6.3.1, Table 6-1). Data only. Platform-neutral.

/** Architectural exception vectors. */
export const Vector = {
  DivideError: 0, // #DE
  Debug: 1, // #DB
  Nmi: 2,
  Breakpoint: 3, // #BP
  Overflow: 4, // #OF
  BoundRange: 5, // #BR
  InvalidOpcode: 6, // #UD
  DeviceNotAvailable: 7, // #NM
  DoubleFault: 8, // #DF
  InvalidTss: 10, // #TS
  SegmentNotPresent: 11, // #NP
  StackFault: 12, // #SS
  GeneralProtection: 13, // #GP
  PageFault: 14, // #PF
  FpuError: 16, // #MF
  AlignmentCheck: 17, // #AC
  MachineCheck: 18, // #MC
  SimdError: 19, // #XM
} as const;

/** Vectors that push an error code (SDM Table 6-1). */
export const HAS_ERROR_CODE: ReadonlySet<number> = new Set([8, 10, 11, 12, 13, 14, 17]);

/** Mnemonics for messages and the monitor. */
export const VECTOR_NAMES: Readonly<Record<number, string>> = {
  0: "#DE divide error", 1: "#DB debug", 2: "NMI", 3: "#BP breakpoint", 4: "#OF overflow",
  5: "#BR bound range", 6: "#UD invalid opcode", 7: "#NM device not available", 8: "#DF double fault",
  10: "#TS invalid TSS", 11: "#NP segment not present", 12: "#SS stack fault",
  13: "#GP general protection", 14: "#PF page fault", 16: "#MF x87 error", 17: "#AC alignment",
  18: "#MC machine check", 19: "#XM SIMD exception",
};

/** Page-fault error code bits (SDM §4.7). */
export const PageFaultCode = {
  Present: 1, // 0 = not-present page, 1 = protection violation
  Write: 2,
  User: 4,
  Reserved: 8,
  Fetch: 16, // instruction fetch (nk's soft no-execute bit, §NK page vector bit 2)
} as const;
