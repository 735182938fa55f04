/* top — a process table by CPU use, from /proc: one screen, or -n N screens -d SECONDS apart.
 * %CPU is the share of one CPU over the last interval (over the whole life on the first screen). */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HZ 100  /* USER_HZ: /proc's tick unit */
#define MAX_PROCS 512

struct proc { int pid, ppid; char state; char comm[32]; unsigned long ticks, start, rss_pages; double cpu; };

static struct proc prev[MAX_PROCS];
static int nprev;

static int read_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  if (n < 0) return -1;
  buf[n] = 0;
  return (int)n;
}

static int load(struct proc *out) {
  DIR *d = opendir("/proc");
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d)) && n < MAX_PROCS;) {
    if (!isdigit((unsigned char)e->d_name[0])) continue;
    char path[300], buf[1024];
    snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
    if (read_file(path, buf, sizeof buf) <= 0) continue;
    char *l = strchr(buf, '('), *r = strrchr(buf, ')');
    if (!l || !r) continue;
    struct proc *p = &out[n];
    memset(p, 0, sizeof *p);
    p->pid = atoi(buf);
    snprintf(p->comm, sizeof p->comm, "%.*s", (int)(r - l - 1), l + 1);
    unsigned long ut = 0, st = 0;
    sscanf(r + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %*d %*d %*d %*d %*d %*d %lu %*u %lu",
           &p->state, &p->ppid, &ut, &st, &p->start, &p->rss_pages);
    p->ticks = ut + st;
    n++;
  }
  if (d) closedir(d);
  return n;
}

static int by_cpu(const void *a, const void *b) {
  const struct proc *x = a, *y = b;
  if (x->cpu != y->cpu) return x->cpu < y->cpu ? 1 : -1;
  return x->pid - y->pid;
}

static double uptime_ticks(void) {
  char buf[64];
  return read_file("/proc/uptime", buf, sizeof buf) > 0 ? atof(buf) * HZ : 0;
}

static void screen(double now, double last) {
  struct proc cur[MAX_PROCS];
  int n = load(cur);
  for (int i = 0; i < n; i++) {
    double base = 0, span = now - cur[i].start;
    for (int k = 0; k < nprev; k++)
      if (prev[k].pid == cur[i].pid) { base = prev[k].ticks; span = now - last; }
    cur[i].cpu = span > 0 ? 100.0 * (cur[i].ticks - base) / span : 0;
  }
  qsort(cur, n, sizeof *cur, by_cpu);
  char buf[256] = "";
  long total = 0, freek = 0;
  if (read_file("/proc/meminfo", buf, sizeof buf) > 0) sscanf(buf, "MemTotal: %ld kB MemFree: %ld kB", &total, &freek);
  long s = (long)(now / HZ);
  printf("top - up %ld:%02ld:%02ld, %d processes, Mem: %ldk total, %ldk free\n", s / 3600, s / 60 % 60, s % 60, n, total, freek);
  printf("%5s %5s %c %6s %8s %7s %s\n", "PID", "PPID", 'S', "%CPU", "TIME", "RES(k)", "COMMAND");
  for (int i = 0; i < n; i++) {
    unsigned long secs = cur[i].ticks / HZ;
    printf("%5d %5d %c %6.1f %5lu:%02lu %7lu %s\n", cur[i].pid, cur[i].ppid, cur[i].state, cur[i].cpu,
           secs / 60, secs % 60, cur[i].rss_pages * 4, cur[i].comm);
  }
  memcpy(prev, cur, sizeof(struct proc) * n);
  nprev = n;
  fflush(stdout);
}

int main(int argc, char **argv) {
  int iterations = 1;
  double delay = 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) iterations = atoi(argv[++i]);
    else if (!strcmp(argv[i], "-d") && i + 1 < argc) delay = atof(argv[++i]);
    else { fputs("usage: top [-n ITERATIONS] [-d SECONDS]\n", stderr); return 2; }
  }
  double last = 0;
  for (int it = 0; it < iterations; it++) {
    if (it > 0) {
      struct timespec ts = {(time_t)delay, (long)((delay - (time_t)delay) * 1e9)};
      nanosleep(&ts, NULL);
      putchar('\n');
    }
    double now = uptime_ticks();
    screen(now, last);
    last = now;
  }
  return 0;
}
