/* init — nk's PID 1. The kernel has already mounted the file systems; init greets the console with
 * /etc/motd (as login(1) would: a `cat` in the boot script cost a fork and an exec), runs every program in
 * /boot in name order (thesis §3.3: "every program in /boot runs automatically"), each as its
 * own child, then reaps orphans until none are left and exits (nk's halt). If /boot has nothing
 * runnable it starts /bin/sh. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_BOOT 32

static char *envp[] = {"PATH=/bin", "HOME=/home/vm", "TERM=vt100", "USER=vm", NULL};

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Starts `path` in a child; boot programs that are scripts run through /bin/sh. */
static pid_t start(const char *path) {
  pid_t pid = fork();
  if (pid < 0) { perror("init: fork"); return -1; }
  if (pid == 0) {
    char *argv[] = {(char *)path, NULL};
    execve(path, argv, envp);
    if (errno == ENOEXEC) {
      char *sh_argv[] = {"sh", (char *)path, NULL};
      execve("/bin/sh", sh_argv, envp);
    }
    fprintf(stderr, "init: %s: %s\n", path, strerror(errno));
    _exit(127);
  }
  return pid;
}

/* Copies /etc/motd to the console; no motd is no error. */
static void greet(void) {
  int fd = open("/etc/motd", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char buf[1024];
  ssize_t r;
  while ((r = read(fd, buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR))
    if (r > 0 && write(1, buf, (size_t)r) < 0) break;
  close(fd);
}

int main(void) {
  if (getpid() != 1) fprintf(stderr, "init: warning: not PID 1 (pid %d)\n", (int)getpid());
  greet();
  char *names[MAX_BOOT];
  int n = 0;
  DIR *d = opendir("/boot");
  struct dirent *e;
  while (d && (e = readdir(d)) && n < MAX_BOOT) {
    if (e->d_name[0] == '.') continue;
    names[n++] = strdup(e->d_name);
  }
  if (d) closedir(d);
  qsort(names, n, sizeof *names, by_name);
  int started = 0;
  for (int i = 0; i < n; i++) {
    char path[300];
    struct stat st;
    snprintf(path, sizeof path, "/boot/%s", names[i]);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) && start(path) > 0) started++;
  }
  if (!started) {
    fputs("init: /boot is empty; starting /bin/sh\n", stderr);
    start("/bin/sh");
  }
  /* Every orphan is re-parented to us: reap them all. nk has no reboot(2); when the last
   * process is gone, PID 1 exiting is how the system halts (the run ends). */
  for (;;) {
    int status;
    if (wait(&status) < 0 && errno == ECHILD) break;
  }
  fputs("init: no processes left; halting\n", stderr);
  return 0;
}
