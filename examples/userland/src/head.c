/* head — prints the first N lines (default 10) of files or standard input: head [-n N|-N] [FILE...]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void head(FILE *f, long lines) {
  int c;
  while (lines > 0 && (c = getc(f)) != EOF) {
    putchar(c);
    if (c == '\n') lines--;
  }
}

int main(int argc, char **argv) {
  long lines = 10;
  int i = 1;
  if (i < argc && !strcmp(argv[i], "-n") && i + 1 < argc) { lines = atol(argv[i + 1]); i += 2; }
  else if (i < argc && argv[i][0] == '-' && argv[i][1]) { lines = atol(argv[i] + 1 + (argv[i][1] == 'n')); i++; }
  if (i >= argc) { head(stdin, lines); return 0; }
  int status = 0, many = argc - i > 1;
  for (int k = i; k < argc; k++) {
    FILE *f = fopen(argv[k], "r");
    if (!f) { perror(argv[k]); status = 1; continue; }
    if (many) printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
    head(f, lines);
    fclose(f);
  }
  return status;
}
