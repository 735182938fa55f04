/* usertests — xv6-style kernel tests run from user space. Each named test prints
 * "test NAME: OK" or "test NAME: FAILED (why)"; `usertests NAME...` runs only those. Every test
 * runs in its own child, so a crash fails that test alone. Exit status 0 only if all pass.
 * Covers memory (brk, mmap, faults), processes (fork/exec/wait, orphans), signals, files,
 * directories, pipes and threads. Scratch files go in a fresh directory under /tmp (or "."). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *self_path;  /* this program, for the exec test */

/* CHECK fails the current test (in its child) with the failing expression as the reason. */
#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("FAILED (line %d: %s, errno %d)\n", __LINE__, #cond, errno);      \
      fflush(stdout);                                                          \
      _exit(1);                                                                \
    }                                                                          \
  } while (0)

/* Runs fn in a child and returns the child's wait status. */
static int in_child(void (*fn)(void)) {
  pid_t pid = fork();
  if (pid == 0) { fn(); _exit(0); }
  int status = -1;
  waitpid(pid, &status, 0);
  return status;
}

/* ---- memory ---------------------------------------------------------------------------------- */

/* brk(2) itself: musl's sbrk() refuses non-zero increments, so call the system call directly.
 * It returns the new break (or the old one on failure). */
static char *brk_to(char *want) { return (char *)syscall(SYS_brk, want); }

static void test_sbrk(void) {
  char *a = brk_to(0);
  CHECK(brk_to(a + (1 << 20)) == a + (1 << 20));
  for (int i = 0; i < (1 << 20); i += 4096) a[i] = (char)i;  /* every new page is usable */
  for (int i = 0; i < (1 << 20); i += 4096) CHECK(a[i] == (char)i);
  CHECK(brk_to(a) == a);                                      /* shrink back */
  CHECK(brk_to(a + 4096) == a + 4096 && a[0] == 0);           /* regrown pages are zero again */
  CHECK(brk_to(a) == a);
}

static void test_malloc(void) {
  enum { N = 200 };
  char *blocks[N];
  for (int i = 0; i < N; i++) { blocks[i] = malloc(1000 + i * 97); CHECK(blocks[i]); memset(blocks[i], i, 1000 + i * 97); }
  for (int i = 0; i < N; i++) { CHECK(blocks[i][999 + i * 97] == (char)i); free(blocks[i]); }
  char *big = malloc(8 << 20);
  CHECK(big);
  big[0] = 1;
  big[(8 << 20) - 1] = 2;
  CHECK(big[0] + big[(8 << 20) - 1] == 3);
  free(big);
}

static void test_mmap(void) {
  size_t len = 16 * 4096;
  unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  for (size_t i = 0; i < len; i++) CHECK(p[i] == 0);  /* anonymous memory starts zeroed */
  memset(p, 0xab, len);
  CHECK(munmap(p + 4096, 4096) == 0);                 /* punch a hole */
  CHECK(p[0] == 0xab && p[2 * 4096] == 0xab);
  CHECK(munmap(p, len) == 0);
  /* A file mapping sees the file's bytes. */
  int fd = open("mapped", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, "mapped file", 11) == 11);
  char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(m != MAP_FAILED && memcmp(m, "mapped file", 11) == 0);
  munmap(m, 4096);
  close(fd);
  unlink("mapped");
}

static void touch_unmapped(void) {
  char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(p, 4096);
  *(volatile char *)p = 1;
}
static void write_readonly(void) {
  char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  *(volatile char *)p = 1;
}
static void null_deref(void) { *(volatile int *)0 = 1; }

static void test_fault(void) {
  void (*bad[])(void) = {touch_unmapped, write_readonly, null_deref};
  for (int i = 0; i < 3; i++) {
    int st = in_child(bad[i]);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
  }
}

static void test_cow(void) {
  /* After fork, parent and child each see their own copy of writable memory. */
  static int value = 1;
  int *heap = malloc(sizeof *heap);
  *heap = 10;
  pid_t pid = fork();
  if (pid == 0) { value = 2; *heap = 20; _exit(value == 2 && *heap == 20 ? 0 : 1); }
  int st;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK(value == 1 && *heap == 10);
}

/* ---- processes ------------------------------------------------------------------------------- */

static void test_exitwait(void) {
  enum { N = 20 };
  pid_t pids[N];
  for (int i = 0; i < N; i++) {
    pids[i] = fork();
    CHECK(pids[i] >= 0);
    if (pids[i] == 0) _exit(i);
  }
  for (int i = N - 1; i >= 0; i--) {  /* reap in the opposite order */
    int st;
    CHECK(waitpid(pids[i], &st, 0) == pids[i]);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == i);
  }
  CHECK(wait(NULL) == -1 && errno == ECHILD);
}

static void test_exec(void) {
  int p[2];
  CHECK(pipe(p) == 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    char *argv[] = {(char *)self_path, "--echo", "exec works", NULL};
    execv(self_path, argv);
    _exit(99);
  }
  close(p[1]);
  char buf[64] = "";
  int n = 0, r;
  while ((r = read(p[0], buf + n, sizeof buf - 1 - n)) > 0) n += r;
  close(p[0]);
  int st;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42);
  CHECK(strcmp(buf, "exec works\n") == 0);
  char *none[] = {"/no/such/program", NULL};
  CHECK(execv(none[0], none) == -1 && errno == ENOENT);
}

static void test_orphan(void) {
  /* A grandchild whose parent exits is adopted (by init or a subreaper): its ppid changes. */
  int p[2];
  CHECK(pipe(p) == 0);
  pid_t child = fork();
  if (child == 0) {
    pid_t parent = getpid();  /* read before fork: the child may be gone before the grandchild runs */
    pid_t grandchild = fork();
    if (grandchild == 0) {
      while (getppid() == parent) usleep(1000);
      int adopted_by = getppid();
      write(p[1], &adopted_by, sizeof adopted_by);
      _exit(0);
    }
    _exit(0);
  }
  close(p[1]);
  waitpid(child, NULL, 0);
  int adopted_by = 0;
  CHECK(read(p[0], &adopted_by, sizeof adopted_by) == sizeof adopted_by);
  CHECK(adopted_by != child && adopted_by > 0);
  close(p[0]);
}

static void test_getpid(void) {
  pid_t me = getpid();
  int p[2];
  CHECK(pipe(p) == 0);
  pid_t pid = fork();
  if (pid == 0) {
    pid_t v[2] = {getpid(), getppid()};
    write(p[1], v, sizeof v);
    _exit(0);
  }
  pid_t v[2];
  CHECK(read(p[0], v, sizeof v) == sizeof v);
  CHECK(v[0] == pid && v[1] == me && pid != me);
  waitpid(pid, NULL, 0);
}

/* ---- signals --------------------------------------------------------------------------------- */

static volatile sig_atomic_t caught;
static void on_signal(int sig) { caught = sig; }

static void test_signal(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
  CHECK(kill(getpid(), SIGUSR1) == 0);
  CHECK(caught == SIGUSR1);
  /* Blocked: stays pending until unblocked. */
  caught = 0;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR1);
  CHECK(caught == 0);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  CHECK(caught == SIGUSR1);
  /* SIGALRM interrupts pause(). */
  caught = 0;
  CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
  alarm(1);
  while (!caught) pause();
  CHECK(caught == SIGALRM);
  /* Ignored signals do nothing. */
  signal(SIGUSR2, SIG_IGN);
  kill(getpid(), SIGUSR2);
}

static void test_killchild(void) {
  pid_t pid = fork();
  if (pid == 0) for (;;) pause();
  CHECK(kill(pid, SIGKILL) == 0);
  int st;
  CHECK(waitpid(pid, &st, 0) == pid);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
  /* Stop and continue are reported too. */
  pid = fork();
  if (pid == 0) for (;;) pause();
  kill(pid, SIGSTOP);
  CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
  kill(pid, SIGCONT);
  kill(pid, SIGTERM);
  CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
}

static void test_sigchld(void) {
  caught = 0;
  signal(SIGCHLD, on_signal);
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  while (!caught) pause();
  CHECK(caught == SIGCHLD);
  CHECK(waitpid(pid, NULL, 0) == pid);
}

/* ---- files ----------------------------------------------------------------------------------- */

static void test_files(void) {
  int fd = open("f1", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "hello, world", 12) == 12);
  CHECK(lseek(fd, 7, SEEK_SET) == 7);
  char buf[32] = "";
  CHECK(read(fd, buf, sizeof buf) == 5 && memcmp(buf, "world", 5) == 0);
  CHECK(read(fd, buf, sizeof buf) == 0);  /* end of file */
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.st_size == 12 && S_ISREG(st.st_mode));
  CHECK(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
  close(fd);
  /* O_APPEND always writes at the end. */
  fd = open("f1", O_WRONLY | O_APPEND);
  CHECK(fd >= 0 && write(fd, "!", 1) == 1);
  close(fd);
  CHECK(stat("f1", &st) == 0 && st.st_size == 6);
  /* Unlinking an open file keeps its data until the last close. */
  fd = open("f1", O_RDONLY);
  CHECK(unlink("f1") == 0);
  CHECK(open("f1", O_RDONLY) == -1 && errno == ENOENT);
  CHECK(read(fd, buf, 6) == 6 && memcmp(buf, "hello!", 6) == 0);
  close(fd);
  CHECK(open("f1", O_CREAT | O_EXCL | O_WRONLY, 0644) >= 0);
  CHECK(open("f1", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
  unlink("f1");
}

static void test_bigfile(void) {
  /* Many blocks, written and read back in odd-sized pieces. */
  enum { SIZE = 300 * 1024, PIECE = 1000 };
  int fd = open("big", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  unsigned char buf[PIECE];
  for (int off = 0; off < SIZE; off += PIECE) {
    for (int i = 0; i < PIECE; i++) buf[i] = (unsigned char)((off + i) * 7);
    CHECK(write(fd, buf, PIECE) == PIECE);
  }
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  for (int off = 0; off < SIZE; off += PIECE) {
    CHECK(read(fd, buf, PIECE) == PIECE);
    for (int i = 0; i < PIECE; i++) CHECK(buf[i] == (unsigned char)((off + i) * 7));
  }
  close(fd);
  CHECK(unlink("big") == 0);
}

static void test_dirs(void) {
  CHECK(mkdir("d", 0755) == 0);
  CHECK(mkdir("d", 0755) == -1 && errno == EEXIST);
  CHECK(mkdir("d/sub", 0755) == 0);
  close(open("d/a", O_CREAT | O_WRONLY, 0644));
  close(open("d/b", O_CREAT | O_WRONLY, 0644));
  DIR *dir = opendir("d");
  CHECK(dir);
  int seen = 0;
  for (struct dirent *e; (e = readdir(dir));) {
    if (!strcmp(e->d_name, "a")) seen |= 1;
    else if (!strcmp(e->d_name, "b")) seen |= 2;
    else if (!strcmp(e->d_name, "sub")) seen |= 4;
    else if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) seen |= 8;
  }
  closedir(dir);
  CHECK(seen == 7);
  CHECK(rmdir("d") == -1 && errno == ENOTEMPTY);
  CHECK(chdir("d/sub") == 0);
  char cwd[256];
  CHECK(getcwd(cwd, sizeof cwd) && strstr(cwd, "/d/sub"));
  CHECK(chdir("../..") == 0);
  CHECK(unlink("d/a") == 0 && unlink("d/b") == 0 && rmdir("d/sub") == 0 && rmdir("d") == 0);
  CHECK(unlink("d") == -1 && errno == ENOENT);
}

static void test_rename(void) {
  int fd = open("r1", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, "abc", 3) == 3);
  close(fd);
  CHECK(rename("r1", "r2") == 0);
  CHECK(access("r1", F_OK) == -1 && access("r2", F_OK) == 0);
  CHECK(mkdir("rd", 0755) == 0 && rename("r2", "rd/r3") == 0);
  char buf[4] = "";
  fd = open("rd/r3", O_RDONLY);
  CHECK(fd >= 0 && read(fd, buf, 3) == 3 && memcmp(buf, "abc", 3) == 0);
  close(fd);
  /* rename over an existing file replaces it. */
  close(open("r4", O_CREAT | O_WRONLY, 0644));
  CHECK(rename("rd/r3", "r4") == 0);
  struct stat st;
  CHECK(stat("r4", &st) == 0 && st.st_size == 3);
  CHECK(unlink("r4") == 0 && rmdir("rd") == 0);
}

static void test_dup(void) {
  int fd = open("dupfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  int fd2 = dup(fd);
  CHECK(fd2 > fd);
  CHECK(write(fd, "ab", 2) == 2 && write(fd2, "cd", 2) == 2);  /* the offset is shared */
  CHECK(lseek(fd, 0, SEEK_CUR) == 4);
  CHECK(dup2(fd, 20) == 20 && lseek(20, 0, SEEK_CUR) == 4);
  close(fd);
  close(fd2);
  close(20);
  CHECK(write(fd, "x", 1) == -1 && errno == EBADF);
  unlink("dupfile");
}

/* ---- pipes ----------------------------------------------------------------------------------- */

static void test_pipe(void) {
  enum { TOTAL = 100000 };  /* larger than a pipe's buffer: the writer must block and resume */
  int p[2];
  CHECK(pipe(p) == 0);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    unsigned char buf[1237];
    for (int sent = 0; sent < TOTAL;) {
      int n = TOTAL - sent < (int)sizeof buf ? TOTAL - sent : (int)sizeof buf;
      for (int i = 0; i < n; i++) buf[i] = (unsigned char)(sent + i);
      if (write(p[1], buf, n) != n) _exit(1);
      sent += n;
    }
    _exit(0);
  }
  close(p[1]);
  unsigned char buf[4096];
  int got = 0, n;
  while ((n = read(p[0], buf, sizeof buf)) > 0) {
    for (int i = 0; i < n; i++) CHECK(buf[i] == (unsigned char)(got + i));
    got += n;
  }
  CHECK(n == 0 && got == TOTAL);  /* EOF once the writer is gone */
  int st;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  close(p[0]);
}

static void test_pipe_closed(void) {
  int p[2];
  CHECK(pipe(p) == 0);
  close(p[0]);
  signal(SIGPIPE, SIG_IGN);
  CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE);
  signal(SIGPIPE, SIG_DFL);
  CHECK(pipe(p) == 0);
  pid_t pid = fork();
  if (pid == 0) { close(p[0]); write(p[1], "x", 1); _exit(0); }
  close(p[0]);
  close(p[1]);
  int st;
  waitpid(pid, &st, 0);
  CHECK(WIFSIGNALED(st) ? WTERMSIG(st) == SIGPIPE : WIFEXITED(st));
}

/* ---- threads --------------------------------------------------------------------------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *count_up(void *arg) {
  for (int i = 0; i < 20000; i++) { pthread_mutex_lock(&lock); counter++; pthread_mutex_unlock(&lock); }
  return arg;
}

static void test_threads(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, count_up, (void *)(i + 100)) == 0);
  for (long i = 0; i < 4; i++) {
    void *ret;
    CHECK(pthread_join(t[i], &ret) == 0 && (long)ret == i + 100);
  }
  CHECK(counter == 80000);
}

static __thread int per_thread = 5;
static void *tls_worker(void *arg) {
  per_thread = (int)(long)arg;
  usleep(1000);
  return (void *)(long)per_thread;
}

static void test_tls(void) {
  pthread_t a, b;
  CHECK(pthread_create(&a, NULL, tls_worker, (void *)1L) == 0);
  CHECK(pthread_create(&b, NULL, tls_worker, (void *)2L) == 0);
  void *ra, *rb;
  pthread_join(a, &ra);
  pthread_join(b, &rb);
  CHECK((long)ra == 1 && (long)rb == 2 && per_thread == 5);
}

/* ---- driver ---------------------------------------------------------------------------------- */

static const struct { const char *name; void (*fn)(void); } tests[] = {
  {"sbrk", test_sbrk}, {"malloc", test_malloc}, {"mmap", test_mmap}, {"fault", test_fault},
  {"cow", test_cow}, {"exitwait", test_exitwait}, {"exec", test_exec}, {"orphan", test_orphan},
  {"getpid", test_getpid}, {"signal", test_signal}, {"killchild", test_killchild},
  {"sigchld", test_sigchld}, {"files", test_files}, {"bigfile", test_bigfile}, {"dirs", test_dirs},
  {"rename", test_rename}, {"dup", test_dup}, {"pipe", test_pipe}, {"pipeclosed", test_pipe_closed},
  {"threads", test_threads}, {"tls", test_tls},
};
#define NTESTS (int)(sizeof tests / sizeof *tests)

/* Runs test i in a child; a crash or a failed CHECK fails it. Returns 1 if it passed. */
static int run(int i) {
  printf("test %s: ", tests[i].name);
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) { printf("FAILED (fork: errno %d)\n", errno); return 0; }
  if (pid == 0) { tests[i].fn(); printf("OK\n"); fflush(stdout); _exit(0); }
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return 1;
  if (WIFSIGNALED(st)) printf("FAILED (killed by signal %d)\n", WTERMSIG(st));
  return 0;
}

int main(int argc, char **argv) {
  /* argv[0] need not be a path in this system (a host runner may name it), /proc/self/exe is. */
  static char exe[256];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len > 0) exe[len] = 0;
  self_path = len > 0 ? exe : argv[0];
  if (argc == 3 && !strcmp(argv[1], "--echo")) { printf("%s\n", argv[2]); return 42; }  /* for `exec` */
  if (argc > 1 && !strcmp(argv[1], "-l")) { for (int i = 0; i < NTESTS; i++) puts(tests[i].name); return 0; }
  /* A private scratch directory, so tests never see each other's (or a previous run's) files. */
  char dir[64];
  snprintf(dir, sizeof dir, "%s/usertests.%d", access("/tmp", W_OK) == 0 ? "/tmp" : ".", (int)getpid());
  if (mkdir(dir, 0755) < 0 || chdir(dir) < 0) { perror(dir); return 1; }
  int passed = 0, ran = 0;
  for (int i = 0; i < NTESTS; i++) {
    int wanted = argc == 1;
    for (int k = 1; k < argc; k++) if (!strcmp(argv[k], tests[i].name)) wanted = 1;
    if (!wanted) continue;
    ran++;
    passed += run(i);
  }
  chdir("/");
  rmdir(dir);
  if (!ran) { fprintf(stderr, "usertests: no such test (try -l)\n"); return 2; }
  printf("usertests: %d/%d passed: %s\n", passed, ran, passed == ran ? "ALL TESTS PASSED" : "SOME TESTS FAILED");
  return passed == ran ? 0 : 1;
}
