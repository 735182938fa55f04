/* pipes — pipe between parent and child, dup2 onto stdin/stdout, a 1 MiB transfer with a
 * checksum, EOF once every writer has closed, and SIGPIPE/EPIPE when no reader is left. */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "guest.h"

#define TOTAL (1024 * 1024)

static uint32_t checksum_bytes(const uint8_t *p, size_t n, uint32_t h) {
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u; /* FNV-1a */
  return h;
}

int main(void) {
  /* 1. Parent writes 1 MiB into the child's stdin; the child answers on its stdout. */
  int down[2], up[2];
  CHECK("pipe", pipe(down) == 0 && pipe(up) == 0);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(down[0], 0);
    dup2(up[1], 1);
    close(down[0]); close(down[1]); close(up[0]); close(up[1]);
    static uint8_t buf[8192];
    uint32_t h = 2166136261u;
    long total = 0;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) { h = checksum_bytes(buf, (size_t)n, h); total += n; }
    char line[64];
    int len = snprintf(line, sizeof line, "%ld %08x %s\n", total, (unsigned)h, n == 0 ? "eof" : "err");
    write(1, line, (size_t)len);
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  static uint8_t data[TOTAL];
  for (size_t i = 0; i < TOTAL; i++) data[i] = (uint8_t)(i * 131 + (i >> 9));
  uint32_t expect = checksum_bytes(data, TOTAL, 2166136261u);
  size_t sent = 0;
  while (sent < TOTAL) {
    size_t chunk = TOTAL - sent < 10007 ? TOTAL - sent : 10007; /* odd size on purpose */
    ssize_t n = write(down[1], data + sent, chunk);
    if (n <= 0) break;
    sent += (size_t)n;
  }
  close(down[1]); /* the child sees EOF only after this */
  char reply[64] = {0};
  size_t got = 0;
  ssize_t n;
  while (got < sizeof reply - 1 && (n = read(up[0], reply + got, sizeof reply - 1 - got)) > 0) got += (size_t)n;
  int status;
  waitpid(pid, &status, 0);
  long child_total = 0;
  unsigned child_sum = 0;
  char how[8] = "";
  sscanf(reply, "%ld %x %7s", &child_total, &child_sum, how);
  printf("sent %zu bytes, child received %ld, checksum %08x, child ended on %s\n", sent, child_total,
         child_sum, how);
  CHECK("transfer complete", sent == TOTAL && child_total == TOTAL);
  CHECK("checksums match", child_sum == expect);
  CHECK("child saw EOF", strcmp(how, "eof") == 0);
  CHECK("read after child exit gives EOF", read(up[0], reply, 1) == 0);
  close(up[0]);

  /* 2. EOF needs every write end closed: a dup keeps the pipe open. */
  int p[2];
  pipe(p);
  int extra = dup(p[1]);
  write(p[1], "xy", 2);
  close(p[1]);
  char c2[4];
  CHECK("data still readable after one writer closed", read(p[0], c2, 4) == 2);
  close(extra);
  CHECK("EOF after the last writer closed", read(p[0], c2, 4) == 0);
  close(p[0]);

  /* 3. No reader: EPIPE with SIGPIPE ignored, death by SIGPIPE by default. */
  pipe(p);
  close(p[0]);
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  ssize_t w = write(p[1], "z", 1);
  printf("write with no reader (SIGPIPE ignored): %zd %s\n", w, errno_name(errno));
  CHECK("EPIPE", w == -1 && errno == EPIPE);
  signal(SIGPIPE, SIG_DFL);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    write(p[1], "z", 1);
    _exit(0);
  }
  close(p[1]);
  waitpid(pid, &status, 0);
  printf("writer child with default SIGPIPE: %s %d\n", WIFSIGNALED(status) ? "killed by signal" : "exited",
         WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  CHECK("child died of SIGPIPE", WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);

  /* 4. A pipe is not seekable. */
  pipe(p);
  errno = 0;
  CHECK("lseek on a pipe is ESPIPE", lseek(p[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
  close(p[0]);
  close(p[1]);
  return finish("pipes");
}
