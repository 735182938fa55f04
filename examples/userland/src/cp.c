/* cp — copies a file to a file, or files into a directory (cp SRC DST, cp SRC... DIR). */
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int copy_file(const char *from, const char *to) {
  int in = open(from, O_RDONLY);
  if (in < 0) { perror(from); return -1; }
  struct stat st;
  fstat(in, &st);
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0777);
  if (out < 0) { perror(to); close(in); return -1; }
  char buf[8192];
  ssize_t n;
  int status = 0;
  while ((n = read(in, buf, sizeof buf)) > 0)
    if (write(out, buf, n) != n) { perror(to); status = -1; break; }
  if (n < 0) { perror(from); status = -1; }
  close(in);
  close(out);
  return status;
}

int main(int argc, char **argv) {
  if (argc < 3) { fputs("usage: cp SRC DST | cp SRC... DIR\n", stderr); return 2; }
  const char *dest = argv[argc - 1];
  struct stat st;
  int is_dir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc > 3 && !is_dir) { fprintf(stderr, "cp: %s: not a directory\n", dest); return 1; }
  int status = 0;
  for (int i = 1; i < argc - 1; i++) {
    char target[1024], name[512];
    snprintf(name, sizeof name, "%s", argv[i]);
    if (is_dir) snprintf(target, sizeof target, "%s/%s", dest, basename(name));
    else snprintf(target, sizeof target, "%s", dest);
    if (copy_file(argv[i], target) < 0) status = 1;
  }
  return status;
}
