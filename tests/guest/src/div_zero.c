/* div_zero — integer division by zero with no handler: the process must die by SIGFPE
 * (x86 #DE turned into SIGFPE/FPE_INTDIV; status 128+8). */
#include <stdio.h>

int main(void) {
  puts("div_zero: dividing 1 by 0, expecting death by SIGFPE");
  fflush(stdout);
  volatile int zero = 0, one = 1;
  int q = one / zero;
  printf("div_zero: FAIL (got %d)\n", q);
  return 1;
}
