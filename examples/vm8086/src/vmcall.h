/* vmcall.h — the int 0x30 calls of nk's privileged vm8086 module (kernel/vm/vm8086_abi.ts holds
 * the same table; tests/vm/vm8086_test.ts checks that they agree). EAX = call number, EBX.. args. */
#ifndef VM8086_VMCALL_H
#define VM8086_VMCALL_H

#define VMCALL_HELLO   0x8600 /* (abi_version) -> VMCALL_MAGIC */
#define VMCALL_COPY    0x8601 /* (dst, src, length, backward) -> length; REP MOVSB byte semantics */
#define VMCALL_ACCOUNT 0x8602 /* (instructions, rep_iterations, service_calls, final) -> 0; deltas */
#define VMCALL_STATS   0x8603 /* (buffer, size) -> bytes written: struct vm_stats below */

#define VMCALL_ABI_VERSION 1
#define VMCALL_MAGIC 0x8086

/* What VMCALL_STATS writes: the kernel's counters for the calling process. */
struct vm_stats {
  uint32_t instructions_lo, instructions_hi;
  uint32_t rep_iterations;
  uint32_t service_calls;
  uint32_t copies;
  uint32_t copied_bytes;
  uint32_t vm_calls;
};

#endif
