/* ps — lists every process from /proc/PID/stat and /proc/PID/cmdline: PID PPID STAT TIME CMD. */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HZ 100  /* /proc's clock ticks per second (USER_HZ) */

static int by_pid(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static void show(int pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return;  /* exited since readdir */
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return;
  buf[n] = 0;
  /* "pid (comm) S ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ..."
   * comm may hold spaces or parentheses, so parse from the last ')'. */
  char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
  if (!open_paren || !close_paren) return;
  *close_paren = 0;
  char comm[64];
  snprintf(comm, sizeof comm, "[%s]", open_paren + 1);
  char state;
  int ppid;
  unsigned long utime = 0, stime = 0;
  sscanf(close_paren + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &state, &ppid, &utime, &stime);
  unsigned long secs = (utime + stime) / HZ;
  char cmd[256] = "";
  snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
  fd = open(path, O_RDONLY);
  if (fd >= 0) {
    n = read(fd, cmd, sizeof cmd - 1);
    close(fd);
    if (n < 0) n = 0;
    cmd[n] = 0;
    while (n > 0 && cmd[n - 1] == 0) n--;  /* arguments are NUL-separated */
    for (ssize_t i = 0; i < n; i++) if (!cmd[i]) cmd[i] = ' ';
  }
  printf("%5d %5d %c    %2lu:%02lu %s\n", pid, ppid, state, secs / 60, secs % 60, cmd[0] ? cmd : comm);
}

int main(void) {
  DIR *d = opendir("/proc");
  if (!d) { perror("ps: /proc"); return 1; }
  int pids[1024], n = 0;
  for (struct dirent *e; (e = readdir(d)) && n < 1024;)
    if (isdigit((unsigned char)e->d_name[0])) pids[n++] = atoi(e->d_name);
  closedir(d);
  qsort(pids, n, sizeof *pids, by_pid);
  printf("%5s %5s %-4s %5s %s\n", "PID", "PPID", "STAT", "TIME", "CMD");
  for (int i = 0; i < n; i++) show(pids[i]);
  return 0;
}
