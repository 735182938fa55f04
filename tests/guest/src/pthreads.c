/* pthreads — 4 threads add to a shared counter under a mutex, report completion through a
 * condition variable, return values through pthread_join, and keep private __thread data. */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include "guest.h"

#define THREADS 4
#define ITERATIONS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
static long counter;
static int finished;
static __thread int tls_value = 1000;
static __thread char tls_name[16];
static int tls_ok[THREADS];

static void *worker(void *arg) {
  int id = (int)(intptr_t)arg;
  int initial_ok = tls_value == 1000; /* every thread starts from the TLS initialiser */
  tls_value = id * 11;
  snprintf(tls_name, sizeof tls_name, "worker-%d", id);
  for (int i = 0; i < ITERATIONS; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
    if (i % 1000 == 0) sched_yield();
  }
  char expect[16];
  snprintf(expect, sizeof expect, "worker-%d", id);
  tls_ok[id] = initial_ok && tls_value == id * 11 && __builtin_strcmp(tls_name, expect) == 0;
  pthread_mutex_lock(&lock);
  finished++;
  pthread_cond_signal(&all_done);
  pthread_mutex_unlock(&lock);
  return (void *)(intptr_t)(id * 100 + 7);
}

int main(void) {
  pthread_t threads[THREADS];
  tls_value = 5;
  for (int i = 0; i < THREADS; i++)
    CHECK("pthread_create", pthread_create(&threads[i], NULL, worker, (void *)(intptr_t)i) == 0);

  pthread_mutex_lock(&lock);
  while (finished < THREADS) pthread_cond_wait(&all_done, &lock);
  pthread_mutex_unlock(&lock);
  printf("condvar saw %d finished threads\n", finished);

  long sum_ret = 0;
  for (int i = 0; i < THREADS; i++) {
    void *ret;
    CHECK("pthread_join", pthread_join(threads[i], &ret) == 0);
    printf("thread %d returned %ld, TLS private: %s\n", i, (long)(intptr_t)ret, tls_ok[i] ? "yes" : "no");
    sum_ret += (long)(intptr_t)ret;
    CHECK("TLS kept per thread", tls_ok[i]);
  }
  printf("counter=%ld (expected %d)\n", counter, THREADS * ITERATIONS);
  CHECK("counter exact", counter == THREADS * ITERATIONS);
  CHECK("join values", sum_ret == 0 + 100 + 200 + 300 + 4 * 7);
  CHECK("main TLS untouched", tls_value == 5 && tls_name[0] == '\0');

  /* pthread_self/equal and a trylock that must fail while held. */
  CHECK("pthread_equal(self, self)", pthread_equal(pthread_self(), pthread_self()));
  pthread_mutex_lock(&lock);
  CHECK("trylock on a held mutex is EBUSY", pthread_mutex_trylock(&lock) == EBUSY);
  pthread_mutex_unlock(&lock);
  return finish("pthreads");
}
