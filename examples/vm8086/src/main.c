/* main.c — vm8086: an 8086 PC emulator as an ordinary Linux program (thesis §5.1, the hosted VM).
 *   vm8086 [-v] [-u] PROGRAM.COM [ARGS...]
 * Loads a DOS .COM at PSP:0100, runs it with the BIOS/DOS layer of services.c on stdin/stdout,
 * and exits with its exit code. -v prints a report to stderr at exit; -u forces user mode (no
 * int 0x30 calls even under nk). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpu.h"
#include "hybrid.h"
#include "vmcall.h"

/* Where the program's PSP goes (any segment above the IVT/BDA works; DOS would pick the first free). */
#define PSP_SEGMENT 0x1000
#define BIOS_SEGMENT 0xF000
/* Counters are sent to the kernel this often (guest instructions), and at exit. */
#define ACCOUNT_EVERY (1u << 20)

static uint8_t memory[MEM_SIZE];

void console_flush(void);

void block_copy(Cpu *c, uint32_t dst, uint32_t src, uint32_t n, int backward) {
  c->fast_copies++;
  c->fast_bytes += n;
  if (hybrid_copy(c->mem + dst, c->mem + src, n, backward)) return;
  /* User mode: the same byte-at-a-time semantics the real REP MOVSB has for overlapping runs. */
  if (backward) for (uint32_t i = n; i-- > 0;) c->mem[dst + i] = c->mem[src + i];
  else for (uint32_t i = 0; i < n; i++) c->mem[dst + i] = c->mem[src + i];
}

static int load_com(Cpu *c, const char *path, int argc, char **argv) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); return 0; }
  size_t n = fread(c->mem + lin(PSP_SEGMENT, 0x100), 1, 0xFF00, f);
  fclose(f);
  if (n == 0) { fprintf(stderr, "vm8086: %s is empty\n", path); return 0; }
  /* Interrupt vectors default to F000:n, where an IRET sits: "not hooked by the guest". */
  for (int i = 0; i < 256; i++) {
    wr16(c, 0, (uint16_t)(i * 4), (uint16_t)i);
    wr16(c, 0, (uint16_t)(i * 4 + 2), BIOS_SEGMENT);
    wr8(c, BIOS_SEGMENT, (uint16_t)i, 0xCF);
  }
  /* PSP: INT 20h at offset 0 (a RET from the program ends it), top of memory, command tail. */
  wr8(c, PSP_SEGMENT, 0, 0xCD);
  wr8(c, PSP_SEGMENT, 1, 0x20);
  wr16(c, PSP_SEGMENT, 2, 0xA000);
  char tail[127];
  size_t len = 0;
  for (int i = 0; i < argc && len < sizeof tail - 1; i++) {
    tail[len++] = ' ';
    for (const char *s = argv[i]; *s && len < sizeof tail - 1; s++) tail[len++] = *s;
  }
  wr8(c, PSP_SEGMENT, 0x80, (uint8_t)len);
  for (size_t i = 0; i < len; i++) wr8(c, PSP_SEGMENT, (uint16_t)(0x81 + i), (uint8_t)tail[i]);
  wr8(c, PSP_SEGMENT, (uint16_t)(0x81 + len), '\r');
  for (int s = 0; s < 4; s++) c->sreg[s] = PSP_SEGMENT;
  c->ip = 0x100;
  c->r[SP] = 0xFFFE;
  wr16(c, PSP_SEGMENT, 0xFFFE, 0); /* the return address of the program's final RET */
  c->r[CX] = 0x00FF;
  c->flags = F_FIXED | F_IF;
  return 1;
}

static void report(Cpu *c) {
  fprintf(stderr, "vm8086: %s mode, %llu instructions, %llu REP iterations, %llu service calls, "
          "%llu block copies (%llu bytes)\n", hybrid_active() ? "hybrid (nk int 0x30)" : "user",
          (unsigned long long)c->instructions, (unsigned long long)c->rep_iterations,
          (unsigned long long)c->service_calls, (unsigned long long)c->fast_copies, (unsigned long long)c->fast_bytes);
  struct vm_stats k;
  if (hybrid_stats(&k)) {
    fprintf(stderr, "vm8086: kernel module counted %llu instructions, %u REP iterations, %u service calls, "
            "%u block copies (%u bytes), %u int 0x30 calls\n",
            (unsigned long long)k.instructions_lo | ((unsigned long long)k.instructions_hi << 32),
            k.rep_iterations, k.service_calls, k.copies, k.copied_bytes, k.vm_calls);
  }
}

int main(int argc, char **argv) {
  int verbose = 0, user_only = 0, a = 1;
  for (; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
    if (!strcmp(argv[a], "-v")) verbose = 1;
    else if (!strcmp(argv[a], "-u")) user_only = 1;
    else break;
  }
  if (a >= argc) { fprintf(stderr, "usage: vm8086 [-v] [-u] PROGRAM.COM [ARGS...]\n"); return 2; }
  static Cpu cpu;
  Cpu *c = &cpu;
  c->mem = memory;
  if (!load_com(c, argv[a], argc - a - 1, argv + a + 1)) return 2;
  if (!user_only) hybrid_probe();
  c->running = 1;
  uint64_t sent_ins = 0, sent_rep = 0, sent_svc = 0;
  while (c->running) {
    cpu_step(c);
    if (c->instructions - sent_ins >= ACCOUNT_EVERY) {
      hybrid_account(c->instructions - sent_ins, c->rep_iterations - sent_rep, c->service_calls - sent_svc, 0);
      sent_ins = c->instructions; sent_rep = c->rep_iterations; sent_svc = c->service_calls;
    }
  }
  console_flush();
  hybrid_account(c->instructions - sent_ins, c->rep_iterations - sent_rep, c->service_calls - sent_svc, 1);
  if (verbose) report(c);
  return c->exit_code;
}
