/* sleep — pauses for N seconds (fractions allowed: "0.5"). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 2) { fputs("usage: sleep SECONDS\n", stderr); return 2; }
  double s = strtod(argv[1], NULL);
  if (s < 0) s = 0;
  struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
  while (nanosleep(&ts, &ts) != 0) {}
  return 0;
}
