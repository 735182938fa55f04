/* kill — sends a signal (default TERM) to processes: kill [-SIG|-N|-s SIG] PID...; kill -l lists. */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { const char *name; int number; } signals[] = {
  {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL}, {"TRAP", SIGTRAP},
  {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
  {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
  {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
  {"TTOU", SIGTTOU}, {"WINCH", SIGWINCH},
};
#define NSIG_NAMES (sizeof signals / sizeof *signals)

static int parse_signal(const char *s) {
  if (isdigit((unsigned char)*s)) return atoi(s);
  if (!strncasecmp(s, "SIG", 3)) s += 3;
  for (unsigned i = 0; i < NSIG_NAMES; i++) if (!strcasecmp(s, signals[i].name)) return signals[i].number;
  return -1;
}

int main(int argc, char **argv) {
  int sig = SIGTERM, i = 1;
  if (i < argc && !strcmp(argv[i], "-l")) {
    for (unsigned k = 0; k < NSIG_NAMES; k++) printf("%2d) SIG%s\n", signals[k].number, signals[k].name);
    return 0;
  }
  if (i < argc && !strcmp(argv[i], "-s") && i + 1 < argc) { sig = parse_signal(argv[i + 1]); i += 2; }
  else if (i < argc && argv[i][0] == '-' && argv[i][1]) { sig = parse_signal(argv[i] + 1); i++; }
  if (sig < 0) { fprintf(stderr, "kill: unknown signal\n"); return 2; }
  if (i >= argc) { fputs("usage: kill [-SIG] PID...\n", stderr); return 2; }
  int status = 0;
  for (; i < argc; i++)
    if (kill(atoi(argv[i]), sig) < 0) { fprintf(stderr, "kill: %s: ", argv[i]); perror(NULL); status = 1; }
  return status;
}
