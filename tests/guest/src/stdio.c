/* stdio — fopen/fprintf/fgets/fscanf/sprintf on /tmp files, and what full vs no buffering
 * means for when bytes reach the kernel (checked with stat and raw write(2) ordering). */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "guest.h"

static long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(void) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/nk_stdio_%d.txt", (int)getpid());

  /* Write a small table with fprintf, read it back with fgets and fscanf. */
  FILE *f = fopen(path, "w");
  CHECK("fopen w", f != NULL);
  if (!f) return finish("stdio");
  for (int i = 1; i <= 5; i++) fprintf(f, "row %d %s %d\n", i, i % 2 ? "odd" : "even", i * i);
  CHECK("fclose after write", fclose(f) == 0);
  printf("file size after fclose: %ld\n", file_size(path));

  f = fopen(path, "r");
  char line[80];
  int lines = 0;
  while (fgets(line, sizeof line, f)) {
    lines++;
    if (lines == 3) printf("third line via fgets: %s", line);
  }
  CHECK("fgets read 5 lines", lines == 5);
  CHECK("feof after loop", feof(f) != 0);
  rewind(f);
  int n, sq, sum = 0, rows = 0;
  char word[8];
  while (fscanf(f, "row %d %7s %d\n", &n, word, &sq) == 3) { sum += sq; rows++; }
  printf("fscanf rows=%d sum of squares=%d\n", rows, sum);
  CHECK("fscanf sum", rows == 5 && sum == 55);
  fclose(f);

  /* Append mode, then ftell/fseek. */
  f = fopen(path, "a+");
  fputs("tail\n", f);
  fflush(f);
  printf("ftell after append: %ld\n", ftell(f));
  fseek(f, 0, SEEK_SET);
  CHECK("fgets after fseek in a+", fgets(line, sizeof line, f) && strcmp(line, "row 1 odd 1\n") == 0);
  fclose(f);

  /* sprintf/snprintf formatting and truncation. */
  char buf[64];
  int len = sprintf(buf, "[%5d|%-5d|%05d|%x|%o|%c|%.3s]", 42, 42, 42, 255, 8, 'Z', "abcdef");
  printf("sprintf: %s (len %d)\n", buf, len);
  const char *volatile long_text = "truncate me please";
  len = snprintf(buf, 8, "%s", long_text);
  printf("snprintf: \"%s\" returned %d\n", buf, len);
  CHECK("snprintf returns full length", len == 18);

  /* Full buffering: bytes stay in the FILE until fflush. */
  f = fopen(path, "w");
  static char fbuf[4096];
  setvbuf(f, fbuf, _IOFBF, sizeof fbuf);
  fprintf(f, "%0100d", 0);
  long before = file_size(path);
  fflush(f);
  long after = file_size(path);
  printf("fully buffered: size before fflush %ld, after %ld\n", before, after);
  CHECK("full buffering holds data", before == 0 && after == 100);
  fclose(f);

  /* Unbuffered: every fprintf is a write. */
  f = fopen(path, "w");
  setvbuf(f, NULL, _IONBF, 0);
  fprintf(f, "%050d", 0);
  printf("unbuffered: size without fflush %ld\n", file_size(path));
  CHECK("unbuffered writes through", file_size(path) == 50);
  fclose(f);

  /* stdout ordering against raw write(2) under each mode. */
  fflush(stdout);
  setvbuf(stdout, NULL, _IOFBF, 1024);
  printf("B: printed first under full buffering\n");
  write(1, "A: written second but appears first\n", 36);
  fflush(stdout);
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("C: printed first unbuffered\n");
  write(1, "D: written second, stays second\n", 32);

  /* stdin as given by the test: count lines and echo them upper-cased. */
  int in_lines = 0;
  while (fgets(line, sizeof line, stdin)) {
    in_lines++;
    line[strcspn(line, "\n")] = '\0';
    for (char *c = line; *c; c++) if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    printf("stdin %d: %s\n", in_lines, line);
  }
  printf("stdin lines: %d, then EOF: %s\n", in_lines, feof(stdin) ? "yes" : "no");

  CHECK("remove", remove(path) == 0);
  CHECK("fopen of removed file fails", fopen(path, "r") == NULL);
  return finish("stdio");
}
