/* sched-demo — N CPU-bound workers (default 3) and one interactive worker that sleeps 10 ms
 * between short bursts. Every second of (virtual) time each prints its progress since the last
 * report, so switching the scheduler policy from the monitor visibly changes the rates.
 * Usage: sched-demo [-n WORKERS] [-t SECONDS] */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A CPU-bound worker: spins, reporting loops and CPU time once per wall second. */
static void cpu_worker(int id, double seconds) {
  double start = now(CLOCK_MONOTONIC), next = start + 1, cpu_before = 0;
  unsigned long loops = 0, reported = 0;
  volatile unsigned long sink = 0;
  for (;;) {
    for (int i = 0; i < 4096; i++) sink += i;  /* the work */
    loops++;
    double t = now(CLOCK_MONOTONIC);
    if (t < next) continue;
    double cpu = now(CLOCK_PROCESS_CPUTIME_ID);
    printf("[%5.1fs] cpu-%d  +%6lu loops  cpu %4.0f ms/s\n", t - start, id, loops - reported, (cpu - cpu_before) * 1000);
    fflush(stdout);
    reported = loops;
    cpu_before = cpu;
    next += 1;
    if (t - start >= seconds) return;
  }
}

/* The interactive worker: wakes every 10 ms, does a little work, and counts its wake-ups. */
static void interactive_worker(double seconds) {
  double start = now(CLOCK_MONOTONIC), next = start + 1, worst = 0;
  unsigned long wakeups = 0, reported = 0;
  volatile unsigned long sink = 0;
  for (;;) {
    double before = now(CLOCK_MONOTONIC);
    struct timespec nap = {0, 10 * 1000 * 1000};
    nanosleep(&nap, NULL);
    double late = now(CLOCK_MONOTONIC) - before - 0.010;  /* how long the wake-up waited for a CPU */
    if (late > worst) worst = late;
    for (int i = 0; i < 2000; i++) sink += i;
    wakeups++;
    double t = now(CLOCK_MONOTONIC);
    if (t < next) continue;
    printf("[%5.1fs] interactive  +%4lu wake-ups  worst latency %6.1f ms\n", t - start, wakeups - reported, worst * 1000);
    fflush(stdout);
    reported = wakeups;
    worst = 0;
    next += 1;
    if (t - start >= seconds) return;
  }
}

int main(int argc, char **argv) {
  int workers = 3;
  double seconds = 10;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) workers = atoi(argv[++i]);
    else if (!strcmp(argv[i], "-t") && i + 1 < argc) seconds = atof(argv[++i]);
    else { fputs("usage: sched-demo [-n WORKERS] [-t SECONDS]\n", stderr); return 2; }
  }
  printf("sched-demo: %d CPU-bound workers + 1 interactive worker for %.0f s\n", workers, seconds);
  fflush(stdout);
  for (int i = 0; i <= workers; i++) {
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
      if (i < workers) cpu_worker(i, seconds); else interactive_worker(seconds);
      _exit(0);
    }
  }
  while (wait(NULL) > 0) {}
  puts("sched-demo: done");
  return 0;
}
