/* null_deref — a NULL load with no handler installed: the process must die by SIGSEGV
 * (status 128+11 as a shell reports it) after its first line has been flushed. */
#include <stdio.h>

int main(void) {
  puts("null_deref: loading from address 0, expecting death by SIGSEGV");
  fflush(stdout);
  volatile int *p = NULL;
  int v = *p;
  printf("null_deref: FAIL (read %d)\n", v);
  return 1;
}
