/* poll_select — poll, ppoll, select, pselect on pipes and regular files: readiness bits, timeouts,
 * wake-up by a child's write, POLLHUP/POLLNVAL, EBADF, and ppoll's temporary signal mask. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say(const char *what, long r) {
  if (r < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
  else printf("%s: %ld\n", what, r);
  errno = 0;
}

static volatile int got;
static void on_usr1(int sig) { (void)sig; got++; }

/* Monotonic milliseconds, in integers (no x87 needed). */
static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int p[2];
  pipe(p);
  struct pollfd fds[4] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}, {-1, POLLIN, 0}, {99, POLLIN, 0}};
  say("poll empty pipe", poll(fds, 4, 0));
  printf("revents %x %x %x %x\n", fds[0].revents, fds[1].revents, fds[2].revents, fds[3].revents);
  write(p[1], "x", 1);
  say("poll after write", poll(fds, 2, 0));
  printf("revents %x %x\n", fds[0].revents, fds[1].revents);

  long long t0 = now_ms();
  char c;
  read(p[0], &c, 1);
  say("poll timeout 50ms", poll(fds, 1, 50));
  printf("waited >= 40ms: %d\n", now_ms() - t0 >= 40);

  /* A child writes after 30 ms: poll with no timeout wakes up. */
  pid_t pid = fork();
  if (pid == 0) {
    struct timespec d = {0, 30000000};
    nanosleep(&d, NULL);
    write(p[1], "y", 1);
    _exit(0);
  }
  say("poll wakes on write", poll(fds, 1, -1));
  printf("revents %x\n", fds[0].revents);
  waitpid(pid, NULL, 0);
  read(p[0], &c, 1);

  /* select. */
  fd_set r, w;
  FD_ZERO(&r); FD_ZERO(&w);
  FD_SET(p[0], &r); FD_SET(p[1], &w);
  struct timeval tv = {0, 0};
  say("select", select(p[1] + 1, &r, &w, NULL, &tv));
  printf("read set %d write set %d\n", FD_ISSET(p[0], &r), FD_ISSET(p[1], &w));
  FD_ZERO(&r); FD_SET(p[0], &r);
  tv.tv_sec = 0; tv.tv_usec = 20000;
  say("select timeout", select(p[0] + 1, &r, NULL, NULL, &tv));
  printf("read set %d, tv left %ld.%06ld\n", FD_ISSET(p[0], &r), (long)tv.tv_sec, (long)tv.tv_usec);
  FD_ZERO(&r); FD_SET(50, &r);
  tv.tv_usec = 0;
  say("select bad fd", select(51, &r, NULL, NULL, &tv));
  say("select negative n", select(-1, NULL, NULL, NULL, &tv));
  struct timespec ts = {0, 10000000};
  FD_ZERO(&r); FD_SET(p[0], &r);
  say("pselect timeout", pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL));

  /* A regular file is always ready. */
  int f = open("/proc/self/exe", O_RDONLY);
  struct pollfd pf = {f, POLLIN | POLLOUT, 0};
  say("poll regular", poll(&pf, 1, -1));
  printf("revents %x\n", pf.revents);
  close(f);

  /* Write end closed: POLLHUP on the read end; read end closed: POLLERR on the write end. */
  close(p[1]);
  fds[0].events = POLLIN;
  say("poll hup", poll(fds, 1, 0));
  printf("revents %x\n", fds[0].revents);
  int q[2];
  pipe(q);
  close(q[0]);
  struct pollfd wf = {q[1], POLLOUT, 0};
  say("poll err", poll(&wf, 1, 0));
  printf("revents %x\n", wf.revents);

  /* ppoll: SIGUSR1 is blocked, ppoll's mask lets it in; it interrupts with EINTR. */
  signal(SIGUSR1, on_usr1);
  sigset_t block, empty, cur;
  sigemptyset(&block); sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, NULL);
  kill(getpid(), SIGUSR1);
  printf("pending, handled %d\n", got);
  int z[2];
  pipe(z);
  struct pollfd zf = {z[0], POLLIN, 0};
  sigemptyset(&empty);
  say("ppoll with open mask", ppoll(&zf, 1, NULL, &empty));
  printf("handled %d\n", got);
  sigprocmask(SIG_BLOCK, NULL, &cur);
  printf("mask restored: usr1 blocked %d\n", sigismember(&cur, SIGUSR1));
  struct timespec shortwait = {0, 1000000};
  say("ppoll timeout keeps mask", ppoll(&zf, 1, &shortwait, &empty));
  sigprocmask(SIG_BLOCK, NULL, &cur);
  printf("usr1 blocked %d\n", sigismember(&cur, SIGUSR1));
  say("ppoll bad sigsetsize", syscall(SYS_ppoll, &zf, 1, &shortwait, &empty, 4));
  printf("done\n");
  return 0;
}
