/* mmap — anonymous mappings, munmap, mprotect to read-only with a caught SIGSEGV on write,
 * MAP_FIXED replacement, a private file mapping of a /tmp file, and mremap growth. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "guest.h"

#define PAGE 4096
static sigjmp_buf escape;
static volatile int segv_code;

static void on_segv(int sig, siginfo_t *info, void *ctx) {
  (void)sig; (void)ctx;
  segv_code = info->si_code;
  siglongjmp(escape, 1);
}

/* writes one byte and reports whether the store faulted */
static int store_faults(volatile char *p) {
  segv_code = 0;
  if (sigsetjmp(escape, 1) == 0) {
    *p = 'w';
    return 0;
  }
  return 1;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);

  /* Anonymous memory is zero-filled and page aligned. */
  char *a = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK("anonymous mmap", a != MAP_FAILED);
  CHECK("page aligned", ((unsigned long)a & (PAGE - 1)) == 0);
  int zero = 1;
  for (int i = 0; i < 4 * PAGE; i++) if (a[i]) zero = 0;
  CHECK("zero filled", zero);
  memset(a, 0x5a, 4 * PAGE);
  CHECK("writable", a[4 * PAGE - 1] == 0x5a);

  /* munmap of the middle leaves the ends usable and makes the hole fault. */
  CHECK("munmap middle page", munmap(a + PAGE, PAGE) == 0);
  CHECK("first page still there", a[0] == 0x5a && a[2 * PAGE] == 0x5a);
  int faulted = store_faults(a + PAGE);
  printf("store into unmapped hole faulted: %s (SEGV_MAPERR: %s)\n", faulted ? "yes" : "no",
         segv_code == SEGV_MAPERR ? "yes" : "no");
  CHECK("hole faults with SEGV_MAPERR", faulted && segv_code == SEGV_MAPERR);

  /* mprotect read-only: reads work, writes fault with SEGV_ACCERR; back to RW works. */
  CHECK("mprotect PROT_READ", mprotect(a, PAGE, PROT_READ) == 0);
  CHECK("read of read-only page", a[10] == 0x5a);
  faulted = store_faults(a + 10);
  printf("store into read-only page faulted: %s (SEGV_ACCERR: %s)\n", faulted ? "yes" : "no",
         segv_code == SEGV_ACCERR ? "yes" : "no");
  CHECK("read-only faults with SEGV_ACCERR", faulted && segv_code == SEGV_ACCERR);
  CHECK("mprotect back to RW", mprotect(a, PAGE, PROT_READ | PROT_WRITE) == 0);
  CHECK("write after RW", !store_faults(a + 10) && a[10] == 'w');

  /* MAP_FIXED replaces an existing mapping in place with fresh zero pages. */
  char *f = mmap(a + 2 * PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK("MAP_FIXED at the requested address", f == a + 2 * PAGE);
  CHECK("MAP_FIXED page is fresh", f[0] == 0 && a[3 * PAGE] == 0x5a);
  munmap(a, 4 * PAGE);

  /* A private file mapping sees the file, and its writes never reach the file. */
  char path[64];
  snprintf(path, sizeof path, "/tmp/nk_mmap_%d.bin", (int)getpid());
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  /* 2 pages + 100 bytes: the mapping's second page ends 100 bytes into the file's last page */
  char content[2 * PAGE + 100];
  for (int i = 0; i < (int)sizeof content; i++) content[i] = (char)('A' + i % 26);
  write(fd, content, sizeof content);
  char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PAGE);
  CHECK("file mmap at offset 4096", m != MAP_FAILED);
  printf("file mapping starts with: %.8s\n", m);
  CHECK("mapping shows file bytes", memcmp(m, content + PAGE, PAGE) == 0);
  CHECK("second page shows the file's tail", memcmp(m + PAGE, content + 2 * PAGE, 100) == 0);
  CHECK("past EOF within the page is zero", m[PAGE + 100] == 0 && m[2 * PAGE - 1] == 0);
  m[0] = '#';
  char back;
  pread(fd, &back, 1, PAGE);
  printf("file byte after private write: %c\n", back);
  CHECK("MAP_PRIVATE write stays private", back == content[PAGE]);
  munmap(m, 2 * PAGE);
  close(fd);
  unlink(path);

  /* mremap grows a mapping and keeps its contents. */
  char *g = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy(g, "survives mremap");
  char *h = mremap(g, PAGE, 16 * PAGE, MREMAP_MAYMOVE);
  CHECK("mremap grow", h != MAP_FAILED);
  printf("after mremap: \"%s\"\n", h);
  CHECK("contents kept", strcmp(h, "survives mremap") == 0);
  h[16 * PAGE - 1] = 1;
  CHECK("new tail zero then writable", h[15 * PAGE] == 0 && h[16 * PAGE - 1] == 1);
  munmap(h, 16 * PAGE);

  /* Bad arguments are EINVAL. */
  errno = 0;
  CHECK("munmap unaligned is EINVAL", munmap((char *)PAGE + 1, PAGE) == -1 && errno == EINVAL);
  errno = 0;
  CHECK("mmap length 0 is EINVAL",
        mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
  return finish("mmap");
}
