/* Native oracle for nk's differential tests: reads a batch of cases (layout in ../layout.ts), runs
 * each on the host CPU at the same fixed addresses nk uses, and writes registers, EFLAGS, the data
 * and stack windows, or the exception vector (from the signal's trap number) per case. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* Must match tests/diff/layout.ts. */
#define DATA_PAGE 0x00800000u
#define CODE_PAGE 0x00900000u
#define DATA_WIN 0x000u   /* data window: DATA_PAGE + 0x000 .. +0x100 */
#define STACK_WIN 0xf00u  /* stack window: DATA_PAGE + 0xf00 .. +0x1000 */
#define WIN 256
#define CODE_MAX 48

struct in_case { uint32_t regs[8], eflags, code_len; uint8_t code[CODE_MAX], data[WIN], stack[WIN]; };
struct out_case { uint32_t vector, regs[8], eflags; uint8_t data[WIN], stack[WIN]; };

extern uint32_t g_in[9], g_out[9], exit_vector;
void run_case(void *code);

static sigjmp_buf env;
static volatile uint32_t trapno;

/* A case that never reaches its exit (a generator or decoder bug) reports this pseudo-vector. */
#define TIMEOUT_VECTOR 0x100u

static void on_signal(int sig, siginfo_t *si, void *ctx) {
  (void)si;
  trapno = sig == SIGALRM ? TIMEOUT_VECTOR : (uint32_t)((ucontext_t *)ctx)->uc_mcontext.gregs[REG_TRAPNO];
  siglongjmp(env, 1);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: driver in.bin out.bin\n"); return 2; }
  FILE *fi = fopen(argv[1], "rb"), *fo = fopen(argv[2], "wb");
  if (!fi || !fo) { perror("open"); return 2; }
  uint8_t *data = mmap((void *)DATA_PAGE, 0x1000, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  uint8_t *code = mmap((void *)CODE_PAGE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (data != (void *)DATA_PAGE || code != (void *)CODE_PAGE) { fprintf(stderr, "mmap failed\n"); return 2; }
  static uint8_t altstack[65536];
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  sigaltstack(&ss, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  int sigs[] = { SIGFPE, SIGSEGV, SIGILL, SIGBUS, SIGTRAP, SIGALRM };
  for (unsigned k = 0; k < sizeof sigs / sizeof *sigs; k++) sigaction(sigs[k], &sa, 0);

  struct in_case in;
  struct out_case out;
  while (fread(&in, sizeof in, 1, fi) == 1) {
    memset(&out, 0, sizeof out);
    memcpy(data + DATA_WIN, in.data, WIN);
    memcpy(data + STACK_WIN, in.stack, WIN);
    memcpy(code, in.code, in.code_len);
    /* jmp [exit_vector] */
    code[in.code_len] = 0xff; code[in.code_len + 1] = 0x25;
    uint32_t ev = (uint32_t)(uintptr_t)&exit_vector;
    memcpy(code + in.code_len + 2, &ev, 4);
    memcpy(g_in, in.regs, 32);
    g_in[8] = in.eflags;
    if (sigsetjmp(env, 1) == 0) {
      alarm(1);
      run_case(code);
      alarm(0);
      out.vector = 0xffffffffu;
      memcpy(out.regs, g_out, 32);
      out.eflags = g_out[8];
    } else {
      alarm(0);
      out.vector = trapno;
    }
    memcpy(out.data, data + DATA_WIN, WIN);
    memcpy(out.stack, data + STACK_WIN, WIN);
    fwrite(&out, sizeof out, 1, fo);
  }
  fclose(fo);
  return 0;
}
