/* ls — lists directories (sorted by name): -a shows dot files, -l the long format
 * (mode, links, owner, group, size, mtime, name -> symlink target). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static int all, longform;

static void mode_string(mode_t m, char *s) {
  s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) s[i + 1] = m & (0400 >> i) ? rwx[i] : '-';
  s[10] = 0;
}

/* Prints one entry: `name` as shown, `dir` where it lives (NULL: `name` is the whole path). */
static void show(const char *dir, const char *name) {
  if (!longform) { puts(name); return; }
  char path[1024];
  if (dir) snprintf(path, sizeof path, "%s/%s", dir, name);
  else snprintf(path, sizeof path, "%s", name);
  struct stat st;
  if (lstat(path, &st) < 0) { perror(path); return; }
  char mode[11], when[32];
  mode_string(st.st_mode, mode);
  time_t t = st.st_mtime;
  strftime(when, sizeof when, "%b %e %H:%M", gmtime(&t));
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    printf("%s %2lu %4u %4u %3u, %3u %s %s", mode, (unsigned long)st.st_nlink, st.st_uid, st.st_gid,
           major(st.st_rdev), minor(st.st_rdev), when, name);
  else
    printf("%s %2lu %4u %4u %8lld %s %s", mode, (unsigned long)st.st_nlink, st.st_uid, st.st_gid,
           (long long)st.st_size, when, name);
  if (S_ISLNK(st.st_mode)) {
    char target[512];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n >= 0) { target[n] = 0; printf(" -> %s", target); }
  }
  putchar('\n');
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int list(const char *path, int heading) {
  struct stat st;
  if (lstat(path, &st) < 0) { perror(path); return 1; }
  if (!S_ISDIR(st.st_mode)) { show(NULL, path); return 0; }
  DIR *d = opendir(path);
  if (!d) { perror(path); return 1; }
  char **names = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.' && !all) continue;
    if (n == cap) names = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *names);
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  if (heading) printf("%s:\n", path);
  for (size_t i = 0; i < n; i++) { show(path, names[i]); free(names[i]); }
  free(names);
  return 0;
}

int main(int argc, char **argv) {
  int i = 1, status = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'a') all = 1; else if (*p == 'l') longform = 1;
      else { fprintf(stderr, "ls: bad option -%c\n", *p); return 2; }
    }
  if (i >= argc) return list(".", 0);
  for (int k = i; k < argc; k++) {
    if (k > i) putchar('\n');
    status |= list(argv[k], argc - i > 1);
  }
  return status;
}
