/* mkdir — creates directories; -p: parents too, and no error if one exists. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int make_parents(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    int r = mkdir(path, 0755);
    *p = '/';
    if (r < 0 && errno != EEXIST) return -1;
  }
  return mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

int main(int argc, char **argv) {
  int parents = 0, status = 0, i = 1;
  if (i < argc && !strcmp(argv[i], "-p")) { parents = 1; i++; }
  if (i >= argc) { fputs("usage: mkdir [-p] DIR...\n", stderr); return 2; }
  for (; i < argc; i++)
    if ((parents ? make_parents(argv[i]) : mkdir(argv[i], 0755)) < 0) { perror(argv[i]); status = 1; }
  return status;
}
