/* malloc_stress — thousands of malloc/realloc/free of pseudo-random sizes from a seeded LCG.
 * Every block is filled with a pattern derived from its slot and checked before it is freed,
 * so a kernel that loses or aliases brk/mmap pages shows up as a pattern mismatch. */
#include <stdint.h>
#include <string.h>
#include "guest.h"

#define SLOTS 512
#define ROUNDS 3000  /* sized so an emulator (interpreter too) finishes in seconds; every path still runs */

static uint32_t lcg_state = 12345u;
static uint32_t lcg(void) { /* Numerical Recipes constants */
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return lcg_state >> 8;
}

static uint8_t *blocks[SLOTS];
static size_t sizes[SLOTS];
static uint8_t tags[SLOTS];

static size_t random_size(void) {
  uint32_t r = lcg();
  switch (r % 8) {
    case 0: return 0;
    case 1: return 1 + r % 16;
    case 2: case 3: case 4: return 16 + r % 512;
    case 5: case 6: return 512 + r % 8192;
    default: return 65536 + r % (256 * 1024); /* big enough for the mmap path */
  }
}

static void fill(int slot) {
  for (size_t i = 0; i < sizes[slot]; i++) blocks[slot][i] = (uint8_t)(tags[slot] + i * 7);
}

static int verify(int slot, size_t upto) {
  for (size_t i = 0; i < upto; i++)
    if (blocks[slot][i] != (uint8_t)(tags[slot] + i * 7)) return 0;
  return 1;
}

int main(void) {
  int corrupt = 0, failed = 0;
  unsigned mallocs = 0, reallocs = 0, frees = 0;
  uint32_t checksum = 0;
  for (int round = 0; round < ROUNDS; round++) {
    int slot = (int)(lcg() % SLOTS);
    uint32_t op = lcg() % 3;
    if (blocks[slot] == NULL) {
      sizes[slot] = random_size();
      tags[slot] = (uint8_t)lcg();
      blocks[slot] = malloc(sizes[slot] ? sizes[slot] : 1);
      if (!blocks[slot]) { failed++; continue; }
      fill(slot);
      mallocs++;
    } else if (op == 0) {
      if (!verify(slot, sizes[slot])) corrupt++;
      size_t new_size = random_size() + 1;
      uint8_t *p = realloc(blocks[slot], new_size);
      if (!p) { failed++; continue; }
      blocks[slot] = p;
      size_t kept = new_size < sizes[slot] ? new_size : sizes[slot];
      if (!verify(slot, kept)) corrupt++; /* realloc must preserve the common prefix */
      sizes[slot] = new_size;
      fill(slot);
      reallocs++;
    } else {
      if (!verify(slot, sizes[slot])) corrupt++;
      for (size_t i = 0; i < sizes[slot]; i += 97) checksum = checksum * 31u + blocks[slot][i];
      free(blocks[slot]);
      blocks[slot] = NULL;
      frees++;
    }
  }
  for (int slot = 0; slot < SLOTS; slot++) {
    if (!blocks[slot]) continue;
    if (!verify(slot, sizes[slot])) corrupt++;
    free(blocks[slot]);
    frees++;
  }
  /* calloc must hand back zeroed memory even when it reuses freed blocks. */
  int calloc_ok = 1;
  for (int i = 0; i < 64; i++) {
    size_t n = 100 + (size_t)i * 1000;
    uint8_t *p = calloc(n, 1);
    for (size_t j = 0; p && j < n; j++) if (p[j]) calloc_ok = 0;
    free(p);
  }
  printf("mallocs=%u reallocs=%u frees=%u\n", mallocs, reallocs, frees);
  printf("checksum=%08x\n", (unsigned)checksum);
  CHECK("no allocation failed", failed == 0);
  CHECK("no block corrupted", corrupt == 0);
  CHECK("calloc zeroes", calloc_ok);
  return finish("malloc_stress");
}
