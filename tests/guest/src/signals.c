/* signals — sigaction handlers, SIGALRM from alarm(), sigprocmask blocking and pending sets,
 * kill to self, SIGSEGV on a NULL store escaped with siglongjmp, SIGFPE on integer divide by
 * zero, and SIGCHLD when a child exits. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "guest.h"

static volatile sig_atomic_t usr1_count, alarm_count, chld_count, last_signo;
static sigjmp_buf escape;
static volatile int fault_signo, fault_code_ok;

static void on_usr1(int sig) { usr1_count++; last_signo = sig; }
static void on_alarm(int sig) { (void)sig; alarm_count++; }
static void on_chld(int sig) { (void)sig; chld_count++; }

static void on_fault(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  fault_signo = sig;
  /* si_code tells how the fault arose: SEGV_MAPERR for an unmapped page, FPE_INTDIV for /0. */
  fault_code_ok = (sig == SIGSEGV && info->si_code == SEGV_MAPERR && info->si_addr == NULL) ||
                  (sig == SIGFPE && info->si_code == FPE_INTDIV);
  siglongjmp(escape, sig);
}

static void install(int sig, void (*handler)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

int main(void) {
  /* kill to self runs the handler before kill returns. */
  install(SIGUSR1, on_usr1);
  kill(getpid(), SIGUSR1);
  printf("SIGUSR1 handled %d time(s), signo %d\n", (int)usr1_count, (int)last_signo);
  CHECK("handler ran synchronously", usr1_count == 1 && last_signo == SIGUSR1);
  raise(SIGUSR1);
  CHECK("raise()", usr1_count == 2);

  /* Blocked signals stay pending and are delivered once on unblock. */
  sigset_t block, old, pending;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old);
  kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  sigpending(&pending);
  YESNO("SIGUSR1 pending while blocked", sigismember(&pending, SIGUSR1));
  CHECK("not delivered while blocked", usr1_count == 2);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("after unblock: handled %d time(s) in total\n", (int)usr1_count);
  CHECK("standard signals do not queue", usr1_count == 3);
  sigpending(&pending);
  CHECK("nothing pending after unblock", !sigismember(&pending, SIGUSR1));

  /* An ignored signal does nothing; the old action is reported back. */
  struct sigaction prev;
  signal(SIGUSR2, SIG_IGN);
  kill(getpid(), SIGUSR2);
  sigaction(SIGUSR2, NULL, &prev);
  CHECK("SIGUSR2 ignored", prev.sa_handler == SIG_IGN);

  /* SIGALRM from alarm(1), waited for with sigsuspend. */
  install(SIGALRM, on_alarm);
  sigset_t alrm, wait_mask;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  sigprocmask(SIG_BLOCK, &alrm, &old);
  CHECK("alarm(1) returns 0 with no alarm set", alarm(1) == 0);
  wait_mask = old;
  sigdelset(&wait_mask, SIGALRM);
  while (alarm_count == 0) sigsuspend(&wait_mask);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("SIGALRM delivered: %s\n", alarm_count == 1 ? "yes" : "no");
  CHECK("one SIGALRM", alarm_count == 1);
  CHECK("alarm(0) cancels with 0 left", alarm(0) == 0);

  /* SIGSEGV on a NULL store, escaped with siglongjmp. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGFPE, &sa, NULL);
  int r = sigsetjmp(escape, 1);
  if (r == 0) {
    *(volatile int *)NULL = 42;
    printf("NULL store did not fault\n");
  }
  printf("after NULL store: caught signal %d, si_code/si_addr as expected: %s\n", fault_signo,
         fault_code_ok ? "yes" : "no");
  CHECK("SIGSEGV caught", r == SIGSEGV && fault_signo == SIGSEGV && fault_code_ok);

  /* The mask was restored by siglongjmp, so a second fault is caught too. */
  volatile int zero = 0, num = 7;
  fault_signo = 0;
  r = sigsetjmp(escape, 1);
  if (r == 0) {
    volatile int q = num / zero;
    printf("division did not fault: %d\n", q);
  }
  printf("after divide by zero: caught signal %d, si_code as expected: %s\n", fault_signo,
         fault_code_ok ? "yes" : "no");
  CHECK("SIGFPE caught", r == SIGFPE && fault_signo == SIGFPE && fault_code_ok);
  sigprocmask(SIG_SETMASK, NULL, &old);
  CHECK("SIGSEGV not left blocked", !sigismember(&old, SIGSEGV));

  /* SIGCHLD when a child exits. */
  install(SIGCHLD, on_chld);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(3);
  wait_mask = old;
  sigdelset(&wait_mask, SIGCHLD);
  while (chld_count == 0) sigsuspend(&wait_mask);
  sigprocmask(SIG_SETMASK, &old, NULL);
  int status;
  CHECK("SIGCHLD delivered", chld_count == 1);
  CHECK("child reaped after SIGCHLD", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 3);

  /* A handler interrupting a blocking read: EINTR without SA_RESTART. */
  int p[2];
  pipe(p);
  install(SIGALRM, on_alarm);
  struct itimerval it = {{0, 0}, {0, 20000}}; /* one shot, 20 ms */
  setitimer(ITIMER_REAL, &it, NULL);
  char c;
  errno = 0;
  ssize_t n = read(p[0], &c, 1);
  printf("blocking read interrupted by SIGALRM from setitimer: %zd %s\n", n, errno_name(errno));
  CHECK("EINTR", n == -1 && errno == EINTR);
  return finish("signals");
}
