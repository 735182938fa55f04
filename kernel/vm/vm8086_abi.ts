// The int 0x30 calls between the user-mode 8086 emulator (examples/vm8086) and the privileged
// vm8086 module: the hybrid organisation of thesis §3.8. Mirrors examples/vm8086/src/vmcall.h
// (tests/vm/vm8086_test.ts checks that both agree). Platform-neutral.

/** Call numbers on `int 0x30` (EAX); arguments in EBX, ECX, EDX, ESI. Source: vmcall.h. */
export const Vm8086Call = {
  /** (abiVersion) → VM8086_MAGIC when the versions match. */
  HELLO: 0x8600,
  /** (dst, src, length, backward) → length: REP MOVSB with its byte-at-a-time overlap semantics. */
  COPY: 0x8601,
  /** (instructions, repIterations, serviceCalls, final) → 0: counter deltas; final logs a summary. */
  ACCOUNT: 0x8602,
  /** (buffer, size) → bytes written: the caller's counters as `struct vm_stats`. */
  STATS: 0x8603,
} as const;

/** ABI version the module speaks (vmcall.h VMCALL_ABI_VERSION). */
export const VM8086_ABI_VERSION = 1;
/** HELLO's answer (vmcall.h VMCALL_MAGIC). */
export const VM8086_MAGIC = 0x8086;

/** Layout of `struct vm_stats` (vmcall.h): seven little-endian u32 fields, in this order. */
export const VmStatsField = [
  "instructionsLo", "instructionsHi", "repIterations", "serviceCalls", "copies", "copiedBytes", "vmCalls",
] as const;
/** sizeof(struct vm_stats). */
export const VM_STATS_SIZE = VmStatsField.length * 4;

{
  const seen = new Set<number>();
  for (const [name, nr] of Object.entries(Vm8086Call)) {
    if (seen.has(nr)) throw new Error(`Vm8086Call: duplicate number for ${name}`);
    seen.add(nr);
  }
}
