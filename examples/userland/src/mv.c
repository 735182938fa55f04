/* mv — renames a file, or moves files into a directory (rename(2); same file system only). */
#include <libgen.h>
#include <stdio.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  if (argc < 3) { fputs("usage: mv SRC DST | mv SRC... DIR\n", stderr); return 2; }
  const char *dest = argv[argc - 1];
  struct stat st;
  int is_dir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc > 3 && !is_dir) { fprintf(stderr, "mv: %s: not a directory\n", dest); return 1; }
  int status = 0;
  for (int i = 1; i < argc - 1; i++) {
    char target[1024], name[512];
    snprintf(name, sizeof name, "%s", argv[i]);
    if (is_dir) snprintf(target, sizeof target, "%s/%s", dest, basename(name));
    else snprintf(target, sizeof target, "%s", dest);
    if (rename(argv[i], target) < 0) { perror(argv[i]); status = 1; }
  }
  return status;
}
