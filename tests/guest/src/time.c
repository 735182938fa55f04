/* time — clock_gettime(CLOCK_MONOTONIC) never goes backwards, nanosleep(10 ms) returns 0 and
 * takes at least 10 ms, gettimeofday is after 2020, time() within a second of it; only yes/no facts are printed. */
#include <sys/time.h>
#include <time.h>
#include "guest.h"

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  struct timespec prev, now;
  int monotonic = clock_gettime(CLOCK_MONOTONIC, &prev) == 0;
  for (int i = 0; i < 1000 && monotonic; i++) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (ns(now) < ns(prev)) monotonic = 0;
    prev = now;
  }
  YESNO("CLOCK_MONOTONIC non-decreasing over 1000 reads", monotonic);

  struct timespec before, after, req = {0, 10 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &before);
  int r = nanosleep(&req, NULL);
  clock_gettime(CLOCK_MONOTONIC, &after);
  YESNO("nanosleep(10 ms) returned 0", r == 0);
  YESNO("at least 10 ms passed on CLOCK_MONOTONIC", ns(after) - ns(before) >= 10000000LL);

  struct timeval tv;
  r = gettimeofday(&tv, NULL);
  YESNO("gettimeofday succeeded", r == 0);
  YESNO("gettimeofday is after 2020-01-01", tv.tv_sec > 1577836800L);
  YESNO("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  struct timespec real;
  clock_gettime(CLOCK_REALTIME, &real);
  YESNO("CLOCK_REALTIME agrees with gettimeofday within 10 s",
        real.tv_sec - tv.tv_sec >= 0 && real.tv_sec - tv.tv_sec < 10);
  /* glibc's time() reads the coarse clock (vDSO), which may still show the previous second
   * for up to one tick after gettimeofday has crossed it: allow one second behind. */
  time_t t = time(NULL);
  YESNO("time() agrees within 10 s", t - tv.tv_sec >= -1 && t - tv.tv_sec < 10);
  struct tm tm;
  time_t fixed = 1000000000; /* 2001-09-09 01:46:40 UTC */
  gmtime_r(&fixed, &tm);
  printf("gmtime(1000000000) = %04d-%02d-%02d %02d:%02d:%02d\n", tm.tm_year + 1900, tm.tm_mon + 1,
         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  CHECK("all facts hold", monotonic && r == 0 && tv.tv_sec > 1577836800L && tm.tm_year == 101);
  return finish("time");
}
