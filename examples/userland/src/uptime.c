/* uptime — how long the system has run (/proc/uptime), how many processes, and the load. */
#include <dirent.h>
#include <ctype.h>
#include <stdio.h>

int main(void) {
  double up = 0;
  FILE *f = fopen("/proc/uptime", "r");
  if (!f || fscanf(f, "%lf", &up) != 1) { perror("uptime: /proc/uptime"); return 1; }
  fclose(f);
  int procs = 0;
  DIR *d = opendir("/proc");
  for (struct dirent *e; d && (e = readdir(d));) if (isdigit((unsigned char)e->d_name[0])) procs++;
  if (d) closedir(d);
  char load[64] = "0.00 0.00 0.00";
  if ((f = fopen("/proc/loadavg", "r"))) {
    double a, b, c;
    if (fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3) snprintf(load, sizeof load, "%.2f, %.2f, %.2f", a, b, c);
    fclose(f);
  }
  long s = (long)up;
  printf("up %ld:%02ld:%02ld, %d processes, load average: %s\n", s / 3600, s / 60 % 60, s % 60, procs, load);
  return 0;
}
