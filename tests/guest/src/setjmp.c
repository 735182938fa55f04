/* setjmp — setjmp/longjmp across frames, nested jump buffers, and longjmp(env, 0) -> 1. */
#include <setjmp.h>
#include "guest.h"

static jmp_buf outer, inner;
static int depth_reached;

/* recurses 50 real frames deep, then jumps out of all of them at once */
static __attribute__((noinline)) void dive(int depth) {
  depth_reached = depth;
  if (depth == 50) longjmp(outer, depth);
  if (depth < 1000) dive(depth + 1);
  depth_reached = -1; /* never reached; the work after the call keeps it a real call */
}

static void inner_work(void) { longjmp(inner, 7); }

int main(void) {
  volatile int counter = 0;
  int r = setjmp(outer);
  if (r == 0) {
    counter = 1;
    dive(0);
  }
  printf("longjmp out of %d frames returned %d, counter %d\n", depth_reached, r, counter);
  CHECK("deep longjmp value", r == 50);

  /* Nested: an inner jump buffer inside the outer one. */
  volatile int stage = 0;
  r = setjmp(outer);
  if (r == 0) {
    int ri = setjmp(inner);
    if (ri == 0) {
      stage = 1;
      inner_work();
    }
    printf("inner setjmp returned %d at stage %d\n", ri, stage);
    CHECK("inner value", ri == 7);
    stage = 2;
    longjmp(outer, 9);
  }
  printf("outer setjmp returned %d at stage %d\n", r, stage);
  CHECK("outer value after nested", r == 9 && stage == 2);

  /* longjmp with 0 must make setjmp return 1. */
  r = setjmp(outer);
  if (r == 0) longjmp(outer, 0);
  printf("longjmp(env, 0) made setjmp return %d\n", r);
  CHECK("zero becomes one", r == 1);

  /* A loop built from setjmp/longjmp. */
  volatile int loops = 0;
  if (setjmp(outer) < 5) {
    loops++;
    longjmp(outer, loops);
  }
  printf("setjmp loop ran %d times\n", loops);
  CHECK("loop count", loops == 5);
  return finish("setjmp");
}
