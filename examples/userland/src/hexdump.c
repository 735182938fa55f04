/* hexdump — canonical hex+ASCII dump (like `hexdump -C`) of files or standard input. */
#include <stdio.h>
#include <string.h>

static unsigned long offset;
static unsigned char line[16];
static int fill;

static void flush_line(void) {
  if (!fill) return;
  printf("%08lx ", offset);
  for (int i = 0; i < 16; i++) {
    if (i == 8) putchar(' ');
    if (i < fill) printf(" %02x", line[i]); else fputs("   ", stdout);
  }
  fputs("  |", stdout);
  for (int i = 0; i < fill; i++) putchar(line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '.');
  puts("|");
  offset += fill;
  fill = 0;
}

static void dump(FILE *f) {
  int c;
  while ((c = getc(f)) != EOF) {
    line[fill++] = (unsigned char)c;
    if (fill == 16) flush_line();
  }
}

int main(int argc, char **argv) {
  int i = 1, status = 0;
  if (i < argc && !strcmp(argv[i], "-C")) i++;  /* the only format there is */
  if (i >= argc) dump(stdin);
  for (; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) { perror(argv[i]); status = 1; continue; }
    dump(f);
    fclose(f);
  }
  flush_line();
  printf("%08lx\n", offset);
  return status;
}
