/* hello — the smallest guest: puts and a clean exit 0. */
#include <stdio.h>

int main(void) {
  puts("Hello from an i386 Linux guest!");
  puts("hello: PASS");
  return 0;
}
