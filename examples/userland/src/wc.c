/* wc — counts lines, words and bytes of files or standard input (-l, -w, -c select columns). */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int show_l, show_w, show_c;

static void report(long l, long w, long c, const char *name) {
  const char *sep = "";  /* columns are 7 wide, one space apart */
  if (show_l) { printf("%7ld", l); sep = " "; }
  if (show_w) { printf("%s%7ld", sep, w); sep = " "; }
  if (show_c) printf("%s%7ld", sep, c);
  if (name) printf(" %s", name);
  putchar('\n');
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'l') show_l = 1; else if (*p == 'w') show_w = 1; else if (*p == 'c') show_c = 1;
      else { fprintf(stderr, "wc: bad option -%c\n", *p); return 2; }
    }
  if (!show_l && !show_w && !show_c) show_l = show_w = show_c = 1;
  long tl = 0, tw = 0, tc = 0;
  int files = argc - i, status = 0;
  for (int k = 0; k < (files ? files : 1); k++) {
    const char *name = files ? argv[i + k] : NULL;
    int fd = name ? open(name, O_RDONLY) : 0;
    if (fd < 0) { perror(name); status = 1; continue; }
    long l = 0, w = 0, c = 0;
    int inword = 0;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
      for (ssize_t j = 0; j < n; j++) {
        c++;
        if (buf[j] == '\n') l++;
        if (isspace((unsigned char)buf[j])) inword = 0;
        else if (!inword) { inword = 1; w++; }
      }
    if (fd > 0) close(fd);
    report(l, w, c, name);
    tl += l; tw += w; tc += c;
  }
  if (files > 1) report(tl, tw, tc, "total");
  return status;
}
