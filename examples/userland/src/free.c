/* free — memory use from /proc/meminfo, in KiB (or -m: MiB). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  int mib = argc > 1 && strcmp(argv[1], "-m") == 0;
  FILE *f = fopen("/proc/meminfo", "r");
  if (!f) { perror("free: /proc/meminfo"); return 1; }
  long total = 0, freek = 0, avail = -1, swap_total = 0, swap_free = 0, value;
  char line[128], key[64];
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "%63[^:]: %ld", key, &value) == 2) {
      if (!strcmp(key, "MemTotal")) total = value;
      else if (!strcmp(key, "MemFree")) freek = value;
      else if (!strcmp(key, "MemAvailable")) avail = value;
      else if (!strcmp(key, "SwapTotal")) swap_total = value;
      else if (!strcmp(key, "SwapFree")) swap_free = value;
    }
  fclose(f);
  if (avail < 0) avail = freek;
  int shift = mib ? 10 : 0;
  printf("%-7s %10s %10s %10s %10s\n", "", "total", "used", "free", "available");
  printf("%-7s %10ld %10ld %10ld %10ld\n", "Mem:", total >> shift, (total - freek) >> shift, freek >> shift, avail >> shift);
  printf("%-7s %10ld %10ld %10ld\n", "Swap:", swap_total >> shift, (swap_total - swap_free) >> shift, swap_free >> shift);
  return 0;
}
