/* rm — removes files; -r: directories and their contents too; -f: ignore missing files. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, force;

static int remove_path(const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) {
    if (force && errno == ENOENT) return 0;
    perror(path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (unlink(path) < 0) { perror(path); return -1; }
    return 0;
  }
  if (!recursive) { fprintf(stderr, "rm: %s: is a directory\n", path); return -1; }
  DIR *d = opendir(path);
  if (!d) { perror(path); return -1; }
  int status = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char child[1024];
    snprintf(child, sizeof child, "%s/%s", path, e->d_name);
    if (remove_path(child) < 0) status = -1;
  }
  closedir(d);
  if (rmdir(path) < 0) { perror(path); return -1; }
  return status;
}

int main(int argc, char **argv) {
  int i = 1, status = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'r' || *p == 'R') recursive = 1;
      else if (*p == 'f') force = 1;
      else { fprintf(stderr, "rm: bad option -%c\n", *p); return 2; }
    }
  if (i >= argc && !force) { fputs("usage: rm [-rf] PATH...\n", stderr); return 2; }
  for (; i < argc; i++) if (remove_path(argv[i]) < 0) status = 1;
  return status;
}
