/* hybrid.c — the hybrid organisation of Native Kit (thesis §3.8): this user-mode emulator asks
 * nk's privileged vm8086 module for services over the VM-private `int 0x30` line (vmcall.h). On a
 * kernel without the module (ENOSYS) or on plain Linux (where `int 0x30` faults with SIGSEGV) the
 * probe fails and every service falls back to plain C in user mode. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include "hybrid.h"
#include "vmcall.h"

static int hybrid_on;
static sigjmp_buf probe_env;
static uint32_t vm_calls;

static void probe_fault(int sig) { (void)sig; siglongjmp(probe_env, 1); }

__attribute__((noinline)) static int32_t vmcall(uint32_t nr, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  int32_t r;
  __asm__ volatile("int $0x30" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d) : "memory");
  vm_calls++;
  return r;
}

int hybrid_probe(void) {
  struct sigaction sa, old_segv, old_bus;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = probe_fault;
  sigaction(SIGSEGV, &sa, &old_segv);
  sigaction(SIGBUS, &sa, &old_bus);
  volatile int32_t r = -1;
  if (sigsetjmp(probe_env, 1) == 0) r = vmcall(VMCALL_HELLO, VMCALL_ABI_VERSION, 0, 0, 0);
  sigaction(SIGSEGV, &old_segv, 0);
  sigaction(SIGBUS, &old_bus, 0);
  hybrid_on = r == VMCALL_MAGIC;
  return hybrid_on;
}

int hybrid_active(void) { return hybrid_on; }

int hybrid_copy(uint8_t *dst, const uint8_t *src, uint32_t n, int backward) {
  if (!hybrid_on) return 0;
  return vmcall(VMCALL_COPY, (uint32_t)(uintptr_t)dst, (uint32_t)(uintptr_t)src, n, (uint32_t)backward) == (int32_t)n;
}

void hybrid_account(uint64_t instructions, uint64_t rep_iterations, uint64_t service_calls, int final) {
  if (hybrid_on) vmcall(VMCALL_ACCOUNT, (uint32_t)instructions, (uint32_t)rep_iterations, (uint32_t)service_calls, (uint32_t)final);
}

int hybrid_stats(struct vm_stats *out) {
  if (!hybrid_on) return 0;
  return vmcall(VMCALL_STATS, (uint32_t)(uintptr_t)out, sizeof *out, 0, 0) == (int32_t)sizeof *out;
}
