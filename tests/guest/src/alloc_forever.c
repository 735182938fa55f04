/* alloc_forever — mallocs and touches 1 MiB chunks until malloc returns NULL (capped at
 * 4 GiB). RLIMIT_AS is set to 256 MiB first so a real host behaves like a small guest. */
#include <string.h>
#include <sys/resource.h>
#include "guest.h"

#define CHUNK (1024 * 1024)
#define CAP 4096 /* 4 GiB of 1 MiB chunks */

static void *chunks[CAP];

int main(void) {
  struct rlimit lim = {256u * CHUNK, 256u * CHUNK};
  YESNO("setrlimit(RLIMIT_AS, 256 MiB) succeeded", setrlimit(RLIMIT_AS, &lim) == 0);
  int count = 0, intact = 1;
  while (count < CAP) {
    char *p = malloc(CHUNK);
    if (!p) break;
    for (int off = 0; off < CHUNK; off += 4096) p[off] = (char)(count + off / 4096);
    chunks[count++] = p;
  }
  YESNO("malloc eventually returned NULL", count < CAP);
  YESNO("got at least 16 MiB first", count >= 16);
  YESNO("stayed under the 256 MiB limit", count <= 256);
  for (int i = 0; i < count; i++) {
    char *p = chunks[i];
    for (int off = 0; off < CHUNK; off += 4096)
      if (p[off] != (char)(i + off / 4096)) intact = 0;
  }
  YESNO("every touched page kept its data", intact);
  for (int i = 0; i < count; i++) free(chunks[i]);
  char *again = malloc(8 * CHUNK);
  YESNO("malloc works again after freeing", again != NULL);
  if (again) memset(again, 1, 8 * CHUNK);
  free(again);
  CHECK("allocation ended with NULL under the cap", count < CAP && count >= 16 && count <= 256);
  CHECK("data intact", intact);
  CHECK("recovered", again != NULL);
  return finish("alloc_forever");
}
