/* fork-tree — grows a binary tree of processes (depth D, default 3). Each node prints its place
 * ("1.2.1"), depth, pid and parent pid, and checks getppid() against the pid its parent had.
 * Children run one at a time (the parent waits), so the output order is deterministic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int max_depth = 3;

/* Runs the node `label` at `depth`; returns how many processes its subtree holds. */
static int node(const char *label, int depth, pid_t expected_parent) {
  printf("%*snode %-8s depth %d pid %d ppid %d %s\n", depth * 2, "", label, depth, (int)getpid(),
         (int)getppid(), getppid() == expected_parent ? "ok" : "WRONG-PARENT");
  fflush(stdout);
  if (depth == max_depth) return 1;
  int total = 1;
  for (int i = 1; i <= 2; i++) {
    char child_label[64];
    snprintf(child_label, sizeof child_label, "%s.%d", label, i);
    pid_t me = getpid(), pid = fork();
    if (pid < 0) { perror("fork"); exit(100); }
    if (pid == 0) exit(node(child_label, depth + 1, me));
    int status;
    waitpid(pid, &status, 0);
    total += WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  }
  return total;
}

int main(int argc, char **argv) {
  if (argc > 1) max_depth = atoi(argv[1]);
  if (max_depth < 0 || max_depth > 6) { fputs("usage: fork-tree [DEPTH 0..6]\n", stderr); return 2; }
  int total = node("1", 0, getppid());
  int expected = (1 << (max_depth + 1)) - 1;
  printf("fork-tree: %d processes (expected %d)\n", total, expected);
  return total == expected ? 0 : 1;
}
