/* fork_bomb_limited — forks until fork fails, checks that it failed with EAGAIN, reaps every
 * child and exits 0. Safe on a real host: RLIMIT_NPROC is lowered first, root (exempt from
 * that limit) drops to nobody, the loop stops at 200, and every child only waits for EOF on
 * a pipe the parent holds, so all of them exit as soon as the parent closes it or dies. */
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "guest.h"

#define CAP 200
#define NOBODY 65534 /* Debian's nobody/nogroup */

int main(void) {
  if (geteuid() == 0) { /* Linux skips the RLIMIT_NPROC check for root; errors are ignored */
    setgid(NOBODY);
    setuid(NOBODY);
  }
  struct rlimit lim = {16, 16};
  int set = setrlimit(RLIMIT_NPROC, &lim) == 0;
  YESNO("setrlimit(RLIMIT_NPROC, 16) succeeded", set);

  int gate[2];
  pipe(gate);
  int forked = 0, fork_errno = 0;
  while (forked < CAP) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      char c;
      close(gate[1]);
      while (read(gate[0], &c, 1) > 0) {}
      _exit(0);
    }
    if (pid < 0) {
      fork_errno = errno;
      break;
    }
    forked++;
  }
  YESNO("forked at least one child", forked >= 1);
  YESNO("fork eventually failed", fork_errno != 0);
  printf("fork failed with: %s\n", fork_errno ? errno_name(fork_errno) : "(never failed)");

  close(gate[1]); /* every child sees EOF and exits */
  int reaped = 0, status, clean = 1;
  while (wait(&status) > 0) {
    reaped++;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) clean = 0;
  }
  YESNO("reaped every child", reaped == forked);
  YESNO("every child exited 0", clean);
  CHECK("EAGAIN", fork_errno == EAGAIN);
  CHECK("all reaped", reaped == forked && clean);
  return finish("fork_bomb_limited");
}
