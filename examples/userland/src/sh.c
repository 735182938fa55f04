/* sh — nk's small POSIX-ish shell: pipelines, redirections (< > >> N> N>&M), background jobs
 * with job control (jobs/fg/bg, process groups, tcsetpgrp), ; && ||, variables ($VAR ${VAR} $? $$
 * $# $0..$9), '' and "" quoting, comments, history, scripts (`sh file`, `sh -c cmd`), PATH lookup.
 * Words are kept raw while parsing and expanded just before each command runs, so `X=1; echo $X`
 * sees the new value. Not supported: control flow (if/for/while), globbing, here-documents. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define MAX_TOKENS 256
#define MAX_ARGS 64
#define MAX_REDIRS 8
#define MAX_CMDS 16
#define MAX_JOBS 16
#define MAX_HISTORY 64
#define LINE_MAX_LEN 4096

/* ---- tokens ---------------------------------------------------------------------------------- */

enum { T_WORD, T_PIPE, T_AND, T_OR, T_SEMI, T_BG, T_REDIR };
enum { R_IN, R_OUT, R_APPEND, R_DUP };  /* <  >  >>  N>&M */

struct token {
  int type;
  char *text;     /* T_WORD: raw text (quotes kept); T_REDIR: target word (raw) */
  int fd, rkind;  /* T_REDIR: which descriptor, which kind */
};

struct redir { int fd, kind; char *target; };
struct command { char *argv[MAX_ARGS]; int argc; struct redir redirs[MAX_REDIRS]; int nredirs; };

/* ---- shell state ----------------------------------------------------------------------------- */

struct job {
  int id;           /* 0 = free slot */
  pid_t pgid;
  pid_t pids[MAX_CMDS];
  int npids, alive; /* processes started / not yet exited */
  int stopped;
  char cmd[128];
};

static struct job jobs[MAX_JOBS];
static char *history[MAX_HISTORY];
static int history_count;
static int last_status;
static int interactive;     /* reading a terminal: prompt, job control */
static pid_t shell_pgid;
static char **script_args;  /* $0, $1, ... */
static int script_argc;

/* Shell variables that are not exported live here; exported ones live in environ. */
struct var { char *name, *value; };
static struct var vars[64];
static int nvars;

static const char *get_var(const char *name) {
  for (int i = 0; i < nvars; i++)
    if (strcmp(vars[i].name, name) == 0) return vars[i].value;
  return getenv(name);
}

static void set_var(const char *name, const char *value) {
  if (getenv(name)) { setenv(name, value, 1); return; }  /* already exported: stay exported */
  for (int i = 0; i < nvars; i++)
    if (strcmp(vars[i].name, name) == 0) { free(vars[i].value); vars[i].value = strdup(value); return; }
  if (nvars < 64) { vars[nvars].name = strdup(name); vars[nvars].value = strdup(value); nvars++; }
}

static void export_var(const char *name) {
  for (int i = 0; i < nvars; i++)
    if (strcmp(vars[i].name, name) == 0) { setenv(name, vars[i].value, 1); return; }
  if (!getenv(name)) setenv(name, "", 1);
}

/* ---- lexer ----------------------------------------------------------------------------------- */

static int is_special(char c) { return c == '|' || c == '&' || c == ';' || c == '<' || c == '>'; }

/* Splits `line` into tokens; returns the count or -1 (message printed) on unbalanced quotes. */
static int lex(char *line, struct token *toks) {
  int n = 0;
  char *p = line;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
    if (!*p || *p == '#') break;
    if (n >= MAX_TOKENS - 1) { fprintf(stderr, "sh: line too long\n"); return -1; }
    struct token *t = &toks[n++];
    memset(t, 0, sizeof *t);
    /* An fd number directly before < or > belongs to the redirection ("2>", "2>&1"). */
    int fd = -1;
    if (isdigit((unsigned char)p[0]) && (p[1] == '<' || p[1] == '>')) { fd = p[0] - '0'; p++; }
    if (p[0] == '|' && p[1] == '|') { t->type = T_OR; p += 2; }
    else if (p[0] == '&' && p[1] == '&') { t->type = T_AND; p += 2; }
    else if (*p == '|') { t->type = T_PIPE; p++; }
    else if (*p == '&') { t->type = T_BG; p++; }
    else if (*p == ';') { t->type = T_SEMI; p++; }
    else if (*p == '<' || *p == '>') {
      t->type = T_REDIR;
      if (*p == '<') { t->rkind = R_IN; t->fd = fd < 0 ? 0 : fd; p++; }
      else if (p[1] == '>') { t->rkind = R_APPEND; t->fd = fd < 0 ? 1 : fd; p += 2; }
      else if (p[1] == '&') { t->rkind = R_DUP; t->fd = fd < 0 ? 1 : fd; p += 2; }
      else { t->rkind = R_OUT; t->fd = fd < 0 ? 1 : fd; p++; }
      while (*p == ' ' || *p == '\t') p++;
    } else {
      t->type = T_WORD;
    }
    if (t->type != T_WORD && t->type != T_REDIR) continue;
    /* Read one raw word (the command word, or the redirection's target). */
    char *start = p;
    char quote = 0;
    while (*p && (quote || !(isspace((unsigned char)*p) || is_special(*p)))) {
      if (quote) { if (*p == quote) quote = 0; else if (*p == '\\' && quote == '"' && p[1]) p++; }
      else if (*p == '\'' || *p == '"') quote = *p;
      else if (*p == '\\' && p[1]) p++;
      p++;
    }
    if (quote) { fprintf(stderr, "sh: unterminated quote\n"); return -1; }
    if (p == start) { fprintf(stderr, "sh: syntax error: missing word\n"); return -1; }
    t->text = strndup(start, p - start);
  }
  return n;
}

/* ---- expansion ------------------------------------------------------------------------------- */

struct buf { char *s; size_t len, cap; };
static void put(struct buf *b, char c) {
  if (b->len + 2 > b->cap) { b->cap = b->cap ? b->cap * 2 : 64; b->s = realloc(b->s, b->cap); }
  b->s[b->len++] = c;
  b->s[b->len] = 0;
}

/* Reads a $-name at *pp (after the '$') and returns its value ("" if unset). */
static const char *dollar(const char **pp, char *scratch) {
  const char *p = *pp;
  if (*p == '?') { *pp = p + 1; sprintf(scratch, "%d", last_status); return scratch; }
  if (*p == '$') { *pp = p + 1; sprintf(scratch, "%d", (int)getpid()); return scratch; }
  if (*p == '#') { *pp = p + 1; sprintf(scratch, "%d", script_argc > 0 ? script_argc - 1 : 0); return scratch; }
  if (isdigit((unsigned char)*p)) {
    int i = *p - '0';
    *pp = p + 1;
    return i < script_argc ? script_args[i] : "";
  }
  int braced = *p == '{';
  if (braced) p++;
  const char *s = p;
  while (isalnum((unsigned char)*p) || *p == '_') p++;
  size_t len = p - s;
  if (len == 0 || len > 63) { *pp = braced ? p - 1 : p; return NULL; }
  memcpy(scratch, s, len);
  scratch[len] = 0;
  if (braced && *p == '}') p++;
  *pp = p;
  const char *v = get_var(scratch);
  return v ? v : "";
}

/* Expands raw word `w` into out[] (unquoted expansions split at blanks); returns words added. */
static int expand(const char *w, char **out, int room) {
  struct buf b = {0};
  int n = 0, have = 0;  /* have: a word is in progress (even an empty "" one) */
  char quote = 0, scratch[64];
  for (const char *p = w; *p;) {
    char c = *p;
    if (quote == '\'') { if (c == '\'') quote = 0; else put(&b, c); p++; continue; }
    if (c == '\'' && !quote) { quote = '\''; have = 1; p++; continue; }
    if (c == '"') { quote = quote ? 0 : '"'; have = 1; p++; continue; }
    if (c == '\\' && p[1]) {
      if (!quote || strchr("\"\\$`", p[1])) { put(&b, p[1]); p += 2; } else { put(&b, c); p++; }
      have = 1;
      continue;
    }
    if (c == '$') {
      p++;
      const char *v = dollar(&p, scratch);
      if (!v) { put(&b, '$'); have = 1; continue; }
      for (; *v; v++) {
        if (!quote && (*v == ' ' || *v == '\t' || *v == '\n')) {
          if (have && n < room) { out[n++] = b.s ? b.s : strdup(""); b = (struct buf){0}; have = 0; }
        } else { put(&b, *v); have = 1; }
      }
      if (quote) have = 1;
      continue;
    }
    put(&b, c);
    have = 1;
    p++;
  }
  if (have && n < room) out[n++] = b.s ? b.s : strdup("");
  else free(b.s);
  return n;
}

/* ---- jobs ------------------------------------------------------------------------------------ */

static struct job *new_job(pid_t pgid, const char *cmd) {
  for (int i = 0; i < MAX_JOBS; i++) {
    if (jobs[i].id) continue;
    memset(&jobs[i], 0, sizeof jobs[i]);
    jobs[i].id = i + 1;
    jobs[i].pgid = pgid;
    snprintf(jobs[i].cmd, sizeof jobs[i].cmd, "%s", cmd);
    return &jobs[i];
  }
  return NULL;
}

static struct job *job_of_pid(pid_t pid) {
  for (int i = 0; i < MAX_JOBS; i++)
    for (int k = 0; jobs[i].id && k < jobs[i].npids; k++)
      if (jobs[i].pids[k] == pid) return &jobs[i];
  return NULL;
}

static int status_code(int st) { return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st); }

/* Records a wait status for `pid`; returns its job's exit code once its last process is gone. */
static void note_status(pid_t pid, int st) {
  struct job *j = job_of_pid(pid);
  if (!j) return;
  if (WIFSTOPPED(st)) { j->stopped = 1; return; }
  if (WIFCONTINUED(st)) { j->stopped = 0; return; }
  j->alive--;
}

/* Waits for a foreground job until it has exited or stopped; returns its status. */
static int wait_job(struct job *j) {
  int code = 0;
  while (j->alive > 0 && !j->stopped) {
    int st;
    pid_t pid = waitpid(-j->pgid, &st, WUNTRACED);
    if (pid < 0) {
      if (errno == EINTR) continue;
      /* Without job control the group is the shell's: wait for our pids one by one. */
      int any = 0;
      for (int k = 0; k < j->npids; k++) {
        if (j->pids[k] <= 0) continue;
        if (waitpid(j->pids[k], &st, WUNTRACED) == j->pids[k]) {
          any = 1;
          note_status(j->pids[k], st);
          if (!WIFSTOPPED(st)) { if (k == j->npids - 1) code = status_code(st); j->pids[k] = -j->pids[k]; }
        }
      }
      if (!any) break;
      continue;
    }
    note_status(pid, st);
    if (!WIFSTOPPED(st) && pid == j->pids[j->npids - 1]) code = status_code(st);
  }
  if (interactive) tcsetpgrp(0, shell_pgid);
  if (j->stopped) {
    fprintf(stderr, "\n[%d]+  Stopped    %s\n", j->id, j->cmd);
    return 148;
  }
  j->id = 0;
  return code;
}

/* Reaps finished background processes without blocking and reports finished jobs. */
static void reap_jobs(int report) {
  int st;
  pid_t pid;
  while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED)) > 0) note_status(pid, st);
  for (int i = 0; i < MAX_JOBS; i++) {
    if (jobs[i].id && jobs[i].alive <= 0) {
      if (report) printf("[%d]   Done       %s\n", jobs[i].id, jobs[i].cmd);
      jobs[i].id = 0;
    }
  }
}

static struct job *find_job(char **argv) {
  int want = argv[1] ? atoi(argv[1][0] == '%' ? argv[1] + 1 : argv[1]) : 0;
  struct job *best = NULL;
  for (int i = 0; i < MAX_JOBS; i++)
    if (jobs[i].id && (want ? jobs[i].id == want : 1)) best = &jobs[i];
  if (!best) fprintf(stderr, "sh: no such job\n");
  return best;
}

/* ---- builtins -------------------------------------------------------------------------------- */

static int run_line(char *line);
static void exec_command(char **argv);

static int builtin(char **argv, int argc) {
  const char *c = argv[0];
  if (!strcmp(c, "cd")) {
    const char *dir = argc > 1 ? argv[1] : get_var("HOME");
    if (chdir(dir ? dir : "/") < 0) { fprintf(stderr, "cd: %s: %s\n", dir, strerror(errno)); return 1; }
    return 0;
  }
  if (!strcmp(c, "pwd")) {
    char buf[1024];
    if (!getcwd(buf, sizeof buf)) { perror("pwd"); return 1; }
    puts(buf);
    return 0;
  }
  if (!strcmp(c, "exit")) { fflush(stdout); exit(argc > 1 ? atoi(argv[1]) : last_status); }
  if (!strcmp(c, "export") || !strcmp(c, "unset")) {
    for (int i = 1; i < argc; i++) {
      char *eq = strchr(argv[i], '=');
      if (c[0] == 'u') { unsetenv(argv[i]); set_var(argv[i], ""); continue; }
      if (eq) { *eq = 0; setenv(argv[i], eq + 1, 1); *eq = '='; } else export_var(argv[i]);
    }
    return 0;
  }
  if (!strcmp(c, "history")) {
    for (int i = 0; i < history_count; i++) printf("%5d  %s\n", i + 1, history[i]);
    return 0;
  }
  if (!strcmp(c, "jobs")) {
    reap_jobs(0);
    for (int i = 0; i < MAX_JOBS; i++)
      if (jobs[i].id) printf("[%d]   %-10s %s\n", jobs[i].id, jobs[i].stopped ? "Stopped" : "Running", jobs[i].cmd);
    return 0;
  }
  if (!strcmp(c, "fg") || !strcmp(c, "bg")) {
    struct job *j = find_job(argv);
    if (!j) return 1;
    printf("%s\n", j->cmd);
    fflush(stdout);
    if (c[0] == 'f' && interactive) tcsetpgrp(0, j->pgid);
    if (j->stopped) kill(-j->pgid, SIGCONT);
    j->stopped = 0;
    return c[0] == 'f' ? wait_job(j) : 0;
  }
  if (!strcmp(c, "wait")) {
    int st, code = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &st, 0)) > 0 || (pid < 0 && errno == EINTR))
      if (pid > 0) { note_status(pid, st); code = status_code(st); }
    reap_jobs(0);
    return code;
  }
  if (!strcmp(c, ".") || !strcmp(c, "source")) {
    FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
    if (!f) { fprintf(stderr, "sh: cannot open %s\n", argc > 1 ? argv[1] : ""); return 1; }
    char line[LINE_MAX_LEN];
    while (fgets(line, sizeof line, f)) run_line(line);
    fclose(f);
    return last_status;
  }
  if (!strcmp(c, "exec")) {
    if (argc < 2) return 0;
    fflush(stdout);
    exec_command(argv + 1);
  }
  if (!strcmp(c, "true") || !strcmp(c, ":")) return 0;
  if (!strcmp(c, "false")) return 1;
  return -1;
}

static int is_builtin(const char *c) {
  static const char *names[] = {"cd", "pwd", "exit", "export", "unset", "history", "jobs", "fg", "bg",
                                "wait", ".", "source", "exec", "true", "false", ":", NULL};
  for (int i = 0; names[i]; i++) if (!strcmp(c, names[i])) return 1;
  return 0;
}

/* ---- running commands ------------------------------------------------------------------------ */

/* Applies a command's redirections in the current process; returns -1 (message printed) on error. */
static int apply_redirs(struct command *cmd) {
  for (int i = 0; i < cmd->nredirs; i++) {
    struct redir *r = &cmd->redirs[i];
    char *words[2];
    if (expand(r->target, words, 2) != 1) { fprintf(stderr, "sh: %s: ambiguous redirect\n", r->target); return -1; }
    int fd;
    if (r->kind == R_DUP) {
      fd = dup2(atoi(words[0]), r->fd);
      free(words[0]);
      if (fd < 0) { perror("sh: dup"); return -1; }
      continue;
    }
    int flags = r->kind == R_IN ? O_RDONLY : O_WRONLY | O_CREAT | (r->kind == R_APPEND ? O_APPEND : O_TRUNC);
    fd = open(words[0], flags, 0644);
    if (fd < 0) { fprintf(stderr, "sh: %s: %s\n", words[0], strerror(errno)); free(words[0]); return -1; }
    free(words[0]);
    if (fd != r->fd) { dup2(fd, r->fd); close(fd); }
  }
  return 0;
}

/* execvp with a default PATH of /bin. */
static void exec_command(char **argv) {
  if (strchr(argv[0], '/')) execv(argv[0], argv);
  else {
    const char *path = get_var("PATH");
    char *copy = strdup(path && *path ? path : "/bin"), *save = NULL, full[512];
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
      snprintf(full, sizeof full, "%s/%s", dir, argv[0]);
      execv(full, argv);
      if (errno != ENOENT) break;
    }
  }
  fprintf(stderr, "sh: %s: %s\n", argv[0], errno == ENOENT ? "not found" : strerror(errno));
  _exit(errno == ENOENT ? 127 : 126);
}

/* Expands argv; leading NAME=value words become assignments (for the shell if no command
 * follows, otherwise exported to the command only). Returns the expanded argc. */
static int expand_argv(struct command *cmd, char **argv, int for_child) {
  int n = 0, i = 0;
  for (; i < cmd->argc; i++) {
    const char *w = cmd->argv[i], *eq = strchr(w, '=');
    if (n > 0 || !eq || eq == w || !(isalpha((unsigned char)*w) || *w == '_')) break;
    int ok = 1;
    for (const char *q = w; q < eq; q++) if (!isalnum((unsigned char)*q) && *q != '_') ok = 0;
    if (!ok) break;
    char *val[1] = {NULL}, name[64];
    snprintf(name, sizeof name, "%.*s", (int)(eq - w), w);
    int got = expand(eq + 1, val, 1);
    int has_command = i + 1 < cmd->argc;
    if (has_command && for_child) setenv(name, got ? val[0] : "", 1);
    else if (!has_command) set_var(name, got ? val[0] : "");
    free(val[0]);
  }
  for (; i < cmd->argc && n < MAX_ARGS - 1; i++) n += expand(cmd->argv[i], argv + n, MAX_ARGS - 1 - n);
  argv[n] = NULL;
  return n;
}

/* In a child: joins the job's process group, takes the terminal if foreground, resets signals. */
static void child_setup(pid_t pgid, int foreground) {
  if (interactive) {
    pid_t me = getpid();
    setpgid(me, pgid ? pgid : me);
    if (foreground) tcsetpgrp(0, pgid ? pgid : me);
    int sigs[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD};
    for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) signal(sigs[i], SIG_DFL);
  }
}

/* Runs one pipeline of `n` commands; returns its status (0 for a background job). */
static int run_pipeline(struct command *cmds, int n, int background, const char *text) {
  /* A lone builtin runs in the shell itself, so cd/exit/export change the shell. */
  if (n == 1 && !background) {
    char *argv[MAX_ARGS];
    struct command *c = &cmds[0];
    int save[3] = {dup(0), dup(1), dup(2)};
    int argc = expand_argv(c, argv, 0);
    int code = 0;
    if (argc == 0 || is_builtin(argv[0])) {
      if (apply_redirs(c) < 0) code = 1;
      else if (argc > 0) { fflush(stdout); code = builtin(argv, argc); fflush(stdout); }
      int keep = argc == 1 && !strcmp(argv[0], "exec");  /* `exec >file` redirects the shell */
      for (int fd = 0; fd < 3; fd++) { if (!keep) dup2(save[fd], fd); close(save[fd]); }
      for (int i = 0; i < argc; i++) free(argv[i]);
      return code;
    }
    for (int fd = 0; fd < 3; fd++) close(save[fd]);
    for (int i = 0; i < argc; i++) free(argv[i]);
  }
  fflush(stdout);
  struct job *j = new_job(0, text);
  if (!j) { fprintf(stderr, "sh: too many jobs\n"); return 1; }
  int in = -1;
  for (int i = 0; i < n; i++) {
    int fds[2] = {-1, -1};
    if (i + 1 < n && pipe(fds) < 0) { perror("sh: pipe"); break; }
    pid_t pid = fork();
    if (pid < 0) { perror("sh: fork"); break; }
    if (pid == 0) {
      child_setup(j->pgid, !background);
      if (in >= 0) { dup2(in, 0); close(in); }
      if (fds[1] >= 0) { dup2(fds[1], 1); close(fds[1]); close(fds[0]); }
      if (background && !interactive && in < 0) {
        int null = open("/dev/null", O_RDONLY);  /* background jobs do not read the console */
        if (null >= 0) { dup2(null, 0); close(null); }
      }
      char *argv[MAX_ARGS];
      int argc = expand_argv(&cmds[i], argv, 1);
      if (apply_redirs(&cmds[i]) < 0) _exit(1);
      if (argc == 0) _exit(0);
      if (is_builtin(argv[0])) { int code = builtin(argv, argc); fflush(stdout); _exit(code); }
      exec_command(argv);
    }
    if (!j->pgid) j->pgid = pid;
    if (interactive) setpgid(pid, j->pgid);  /* also in the parent: no race with the child */
    j->pids[j->npids++] = pid;
    j->alive++;
    if (in >= 0) close(in);
    if (fds[1] >= 0) close(fds[1]);
    in = fds[0];
  }
  if (in >= 0) close(in);
  if (background) {
    if (interactive) fprintf(stderr, "[%d] %d\n", j->id, (int)j->pids[j->npids - 1]);
    return 0;
  }
  if (interactive) tcsetpgrp(0, j->pgid);
  return wait_job(j);
}

/* Parses and runs one input line. */
static int run_line(char *line) {
  struct token toks[MAX_TOKENS];
  int ntok = lex(line, toks);
  if (ntok < 0) return last_status = 2;
  int i = 0, skip = 0;  /* skip: the previous && / || decided this pipeline must not run */
  while (i < ntok) {
    struct command cmds[MAX_CMDS];
    int n = 0, start = i;
    memset(&cmds[0], 0, sizeof cmds[0]);
    for (; i < ntok; i++) {
      struct token *t = &toks[i];
      struct command *c = &cmds[n];
      if (t->type == T_WORD) { if (c->argc < MAX_ARGS - 1) c->argv[c->argc++] = t->text; }
      else if (t->type == T_REDIR) {
        if (c->nredirs < MAX_REDIRS) c->redirs[c->nredirs++] = (struct redir){t->fd, t->rkind, t->text};
      } else if (t->type == T_PIPE) {
        if (c->argc == 0 && c->nredirs == 0) { fprintf(stderr, "sh: syntax error near |\n"); goto out; }
        if (++n >= MAX_CMDS) { fprintf(stderr, "sh: pipeline too long\n"); goto out; }
        memset(&cmds[n], 0, sizeof cmds[n]);
      } else break;
    }
    int sep = i < ntok ? toks[i].type : T_SEMI;
    n++;
    if (cmds[n - 1].argc == 0 && cmds[n - 1].nredirs == 0) {
      if (n > 1 || sep != T_SEMI) { fprintf(stderr, "sh: syntax error\n"); last_status = 2; goto out; }
      i++;
      continue;
    }
    /* The job's text, for `jobs`: the tokens of this pipeline. */
    char text[128] = "";
    for (int k = start; k < i; k++) {
      if (toks[k].type == T_WORD && strlen(text) + strlen(toks[k].text) + 2 < sizeof text) {
        if (*text) strcat(text, " ");
        strcat(text, toks[k].text);
      } else if (toks[k].type == T_PIPE && strlen(text) + 3 < sizeof text) strcat(text, " |");
    }
    if (!skip) last_status = run_pipeline(cmds, n, sep == T_BG, text);
    /* A skipped pipeline leaves $? alone, so `false && a || b` runs b, as POSIX says. */
    skip = (sep == T_AND && last_status != 0) || (sep == T_OR && last_status == 0);
    i++;
  }
out:
  for (int k = 0; k < ntok; k++) free(toks[k].text);
  return last_status;
}

/* ---- input ----------------------------------------------------------------------------------- */

static void add_history(const char *line) {
  size_t len = strlen(line);
  while (len && (line[len - 1] == '\n' || line[len - 1] == ' ')) len--;
  if (!len) return;
  if (history_count == MAX_HISTORY) { free(history[0]); memmove(history, history + 1, sizeof(char *) * --history_count); }
  history[history_count++] = strndup(line, len);
}

/* A script file is read a block at a time (a byte per read(2) made a 4-line boot script cost about
 * a hundred system calls); stdin a byte at a time, so a command the shell starts reads the rest of
 * it (`sh < script`). run_file() reads one file at a time, so one buffer serves. */
static char script_buf[LINE_MAX_LEN];
static size_t script_pos, script_len;

static int read_char(int fd, char *c) {
  if (fd == 0) {
    for (;;) {
      ssize_t r = read(0, c, 1);
      if (r < 0 && errno == EINTR) continue;
      return r > 0;
    }
  }
  if (script_pos == script_len) {
    ssize_t r;
    do r = read(fd, script_buf, sizeof script_buf); while (r < 0 && errno == EINTR);
    if (r <= 0) return 0;
    script_pos = 0;
    script_len = (size_t)r;
  }
  *c = script_buf[script_pos++];
  return 1;
}

/* Reads one line (no stdio buffering: see read_char). */
static int read_line(int fd, char *buf, size_t size) {
  size_t n = 0;
  char c;
  while (n + 1 < size && read_char(fd, &c)) {
    buf[n++] = c;
    if (c == '\n') break;
  }
  buf[n] = 0;
  return n > 0;
}

static void run_file(int fd) {
  char line[LINE_MAX_LEN];
  for (;;) {
    if (interactive) {
      reap_jobs(1);
      const char *ps1 = get_var("PS1");
      char cwd[256];
      if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
      if (ps1) fputs(ps1, stderr); else fprintf(stderr, "nk:%s$ ", cwd);
    }
    if (!read_line(fd, line, sizeof line)) break;
    if (interactive) add_history(line);
    run_line(line);
  }
  if (interactive) fputs("exit\n", stderr);
}

int main(int argc, char **argv) {
  if (!getenv("PATH")) setenv("PATH", "/bin", 1);
  script_args = argv;
  script_argc = argc;
  if (argc > 2 && !strcmp(argv[1], "-c")) {
    script_args = argv + 2;
    script_argc = argc - 2;
    run_line(argv[2]);
    return last_status;
  }
  int fd = 0;
  if (argc > 1) {
    fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) { fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno)); return 127; }
    script_args = argv + 1;
    script_argc = argc - 1;
  }
  interactive = fd == 0 && isatty(0) && isatty(2);
  if (interactive) {
    /* Job control: own process group, own the terminal, ignore the keyboard's signals. */
    shell_pgid = getpid();
    setpgid(0, shell_pgid);
    tcsetpgrp(0, shell_pgid);
    int sigs[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
    for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) signal(sigs[i], SIG_IGN);
  }
  run_file(fd);
  return last_status;
}
