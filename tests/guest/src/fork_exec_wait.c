/* fork_exec_wait — a fork tree with exit codes collected by waitpid, execve of this same
 * program with an argument, and a child killed by a signal (WIFSIGNALED/WTERMSIG). */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "guest.h"

extern char **environ;

/* Child mode: "exec-child N" exits with N+100 after printing one line. */
static int exec_child(const char *arg) {
  printf("exec'd child running with argument %s\n", arg);
  fflush(stdout);
  return atoi(arg) + 100;
}

/* grandchildren exit with 10*depth + index; each child sums its children's codes. */
static int tree(int depth) {
  if (depth == 0) return 1;
  int sum = 0;
  for (int i = 0; i < 2; i++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(tree(depth - 1) + i);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return 255;
    sum += WEXITSTATUS(status);
  }
  return sum;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "exec-child") == 0) return exec_child(argv[2]);

  pid_t self = getpid();
  int fds[2];
  pipe(fds);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pid_t mine = getpid(), parent = getppid();
    write(fds[1], &mine, sizeof mine);
    _exit(parent == self ? 7 : 8);
  }
  pid_t reported = 0;
  read(fds[0], &reported, sizeof reported);
  int status;
  pid_t waited = waitpid(pid, &status, 0);
  YESNO("child pid differs from parent", pid != self && pid > 0);
  YESNO("child saw its own pid as fork's return", reported == pid);
  YESNO("waitpid returned the child", waited == pid);
  printf("child exit status: %d (getppid matched: %s)\n", WEXITSTATUS(status),
         WEXITSTATUS(status) == 7 ? "yes" : "no");
  CHECK("first child exited 7", WIFEXITED(status) && WEXITSTATUS(status) == 7);

  int tree_sum = tree(3);
  printf("fork tree depth 3 sum of exit codes: %d\n", tree_sum);
  CHECK("tree sum", tree_sum == 15);

  /* Several children reaped in any order with waitpid(-1). */
  int seen = 0;
  for (int i = 0; i < 5; i++) {
    fflush(stdout);
    if (fork() == 0) _exit(40 + i);
  }
  for (int i = 0; i < 5; i++) {
    if (waitpid(-1, &status, 0) > 0 && WIFEXITED(status)) seen |= 1 << (WEXITSTATUS(status) - 40);
  }
  printf("reaped exit codes 40..44: %s\n", seen == 0x1f ? "all" : "missing");
  CHECK("waitpid(-1) reaps all", seen == 0x1f);
  errno = 0;
  CHECK("no children left: ECHILD", waitpid(-1, &status, 0) == -1 && errno == ECHILD);

  /* execve of ourselves. */
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    char *args[] = {argv[0], "exec-child", "23", NULL};
    execve(argv[0], args, environ);
    _exit(99);
  }
  waitpid(pid, &status, 0);
  printf("exec'd child exit status: %d\n", WEXITSTATUS(status));
  CHECK("execve child exited 123", WIFEXITED(status) && WEXITSTATUS(status) == 123);

  errno = 0;
  char *none[] = {"/nonexistent/nk", NULL};
  CHECK("execve of a missing file fails ENOENT", execve(none[0], none, environ) == -1 && errno == ENOENT);

  /* A child killed by a signal. */
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    kill(getpid(), SIGTERM);
    _exit(0);
  }
  waitpid(pid, &status, 0);
  printf("signalled child: WIFSIGNALED=%d WTERMSIG=%d\n", WIFSIGNALED(status) ? 1 : 0,
         WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  CHECK("child died by SIGTERM", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);

  /* WNOHANG on a child that is still running. */
  int gate[2];
  pipe(gate);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    char c;
    close(gate[1]);
    read(gate[0], &c, 1);
    _exit(5);
  }
  close(gate[0]);
  CHECK("WNOHANG returns 0 while child runs", waitpid(pid, &status, WNOHANG) == 0);
  close(gate[1]);
  CHECK("then the child exits 5", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 5);
  return finish("fork_exec_wait");
}
