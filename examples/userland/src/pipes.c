/* pipes — a three-stage pipeline built by hand with pipe/fork/dup2: a producer writes numbered
 * lines, a filter upper-cases them, and the parent reads the result and checks every line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINES 200

static pid_t spawn(int in, int out, void (*body)(void), int close_also[2]) {
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); exit(1); }
  if (pid) return pid;
  if (in != 0) { dup2(in, 0); close(in); }
  if (out != 1) { dup2(out, 1); close(out); }
  for (int i = 0; i < 2; i++) if (close_also[i] >= 0) close(close_also[i]);
  body();
  fflush(stdout);
  _exit(0);
}

static void producer(void) { for (int i = 1; i <= LINES; i++) printf("line %d of the pipeline\n", i); }

static void upcase(void) {
  int c;
  while ((c = getchar()) != EOF) putchar(toupper(c));
}

int main(void) {
  int a[2], b[2];
  if (pipe(a) < 0 || pipe(b) < 0) { perror("pipe"); return 1; }
  /* Each child closes the pipe ends it does not use, or EOF never arrives. */
  int close_a[2] = {a[0], b[0]}, close_b[2] = {a[1], b[0]};
  pid_t p1 = spawn(0, a[1], producer, close_a);
  pid_t p2 = spawn(a[0], b[1], upcase, close_b);
  close(a[0]);
  close(a[1]);
  close(b[1]);
  FILE *in = fdopen(b[0], "r");
  char line[128], want[128];
  int n = 0, bad = 0;
  while (fgets(line, sizeof line, in)) {
    n++;
    snprintf(want, sizeof want, "LINE %d OF THE PIPELINE\n", n);
    if (strcmp(line, want)) bad++;
  }
  fclose(in);
  int s1, s2;
  waitpid(p1, &s1, 0);
  waitpid(p2, &s2, 0);
  printf("producer | upcase | parent: %d lines, %d wrong, exits %d %d\n", n, bad, WEXITSTATUS(s1), WEXITSTATUS(s2));
  int ok = n == LINES && !bad && s1 == 0 && s2 == 0;
  puts(ok ? "pipes: OK" : "pipes: FAILED");
  return ok ? 0 : 1;
}
