/* signals — a tour of signal delivery: a SIGUSR1 handler, a blocked signal left pending and then
 * delivered on unblock, SIGALRM from alarm() ending a pause(), and SIGCHLD when a child exits. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, alrm, chld;

static void on_signal(int sig) {
  if (sig == SIGUSR1) usr1++;
  else if (sig == SIGALRM) alrm++;
  else if (sig == SIGCHLD) chld++;
}

static void handle(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(sig, &sa, NULL);
}

int main(void) {
  int ok = 1;
  handle(SIGUSR1);
  handle(SIGALRM);
  handle(SIGCHLD);

  kill(getpid(), SIGUSR1);
  printf("SIGUSR1 sent to self: handler ran %d time(s)\n", (int)usr1);
  ok &= usr1 == 1;

  sigset_t set, pending;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR1);
  sigpending(&pending);
  printf("SIGUSR1 while blocked: pending=%d handler count=%d\n", sigismember(&pending, SIGUSR1), (int)usr1);
  ok &= sigismember(&pending, SIGUSR1) && usr1 == 1;
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  printf("after unblocking: handler count=%d\n", (int)usr1);
  ok &= usr1 == 2;

  alarm(1);
  while (!alrm) pause();
  printf("SIGALRM after alarm(1): handled\n");

  pid_t pid = fork();
  if (pid == 0) _exit(3);
  while (!chld) pause();
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  printf("SIGCHLD: child exited with %d\n", WEXITSTATUS(status));
  ok &= WIFEXITED(status) && WEXITSTATUS(status) == 3;

  pid = fork();
  if (pid == 0) { for (;;) pause(); }
  kill(pid, SIGTERM);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}  /* our SIGCHLD handler may interrupt it */
  printf("child killed by SIGTERM: %s\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? "yes" : "no");
  ok &= WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;

  puts(ok ? "signals: OK" : "signals: FAILED");
  return ok ? 0 : 1;
}
