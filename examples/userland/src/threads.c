/* threads — N pthreads (default 4) each add 1 to a shared counter K times under a mutex, then
 * meet at a condition-variable barrier; prints the total and each thread's return value. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
static long counter;
static int finished, nthreads = 4;
static long per_thread = 100000;

static void *worker(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < per_thread; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
  }
  /* The barrier: nobody returns until everyone has counted. */
  pthread_mutex_lock(&lock);
  if (++finished == nthreads) pthread_cond_broadcast(&all_done);
  while (finished < nthreads) pthread_cond_wait(&all_done, &lock);
  pthread_mutex_unlock(&lock);
  return (void *)(id * 10);
}

int main(int argc, char **argv) {
  if (argc > 1) nthreads = atoi(argv[1]);
  if (argc > 2) per_thread = atol(argv[2]);
  if (nthreads < 1 || nthreads > 64) { fputs("usage: threads [N 1..64] [K]\n", stderr); return 2; }
  pthread_t tids[64];
  for (long i = 0; i < nthreads; i++)
    if (pthread_create(&tids[i], NULL, worker, (void *)i)) { perror("pthread_create"); return 1; }
  int ok = 1;
  for (long i = 0; i < nthreads; i++) {
    void *ret;
    pthread_join(tids[i], &ret);
    printf("thread %ld returned %ld\n", i, (long)ret);
    ok &= (long)ret == i * 10;
  }
  printf("counter = %ld (expected %ld)\n", counter, nthreads * per_thread);
  ok &= counter == nthreads * per_thread;
  puts(ok ? "threads: OK" : "threads: FAILED");
  return ok ? 0 : 1;
}
