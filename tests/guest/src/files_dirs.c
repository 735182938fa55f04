/* files_dirs — the file-system syscalls: mkdir, O_CREAT|O_EXCL, read/write/lseek/pread/pwrite,
 * ftruncate, stat (size, mode bits, nlink), rename, unlink, readdir (sorted), symlink/readlink,
 * rmdir, and the errors ENOENT/EEXIST/ENOTDIR with strerror texts. */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "guest.h"

static char root[64];
static char scratch[4][256];
static int next_scratch;

/* path joins root and a relative name; it rotates through four static buffers so that a call
 * like rename(path(a), path(b)) gets two distinct strings. */
static const char *path(const char *name) {
  char *out = scratch[next_scratch++ % 4];
  snprintf(out, sizeof scratch[0], "%s/%s", root, name);
  return out;
}

static void show_error(const char *what, int result) {
  printf("%s: %d %s (%s)\n", what, result, errno_name(errno), strerror(errno));
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  umask(022);
  snprintf(root, sizeof root, "/tmp/nk_files_%d", (int)getpid());
  CHECK("mkdir", mkdir(root, 0755) == 0);
  struct stat st;
  stat(root, &st);
  printf("dir mode %o, is dir: %s\n", (unsigned)(st.st_mode & 07777), S_ISDIR(st.st_mode) ? "yes" : "no");

  int fd = open(path("a.txt"), O_RDWR | O_CREAT | O_EXCL, 0644);
  CHECK("open O_CREAT|O_EXCL", fd >= 0);
  errno = 0;
  show_error("open O_EXCL again", open(path("a.txt"), O_RDWR | O_CREAT | O_EXCL, 0644));
  CHECK("EEXIST", errno == EEXIST);

  CHECK("write 26", write(fd, "abcdefghijklmnopqrstuvwxyz", 26) == 26);
  CHECK("lseek SEEK_CUR is 26", lseek(fd, 0, SEEK_CUR) == 26);
  CHECK("lseek SEEK_SET 10", lseek(fd, 10, SEEK_SET) == 10);
  char buf[64] = {0};
  CHECK("read 5", read(fd, buf, 5) == 5);
  printf("read at 10: %s\n", buf);
  CHECK("pwrite at 0", pwrite(fd, "ABC", 3, 0) == 3);
  CHECK("pwrite leaves the offset", lseek(fd, 0, SEEK_CUR) == 15);
  memset(buf, 0, sizeof buf);
  CHECK("pread 6 at 0", pread(fd, buf, 6, 0) == 6);
  printf("pread at 0: %s\n", buf);
  CHECK("lseek SEEK_END -2", lseek(fd, -2, SEEK_END) == 24);
  CHECK("read at end returns 2 then 0", read(fd, buf, 10) == 2 && read(fd, buf, 10) == 0);

  /* Writing past the end leaves a zero-filled gap. */
  lseek(fd, 40, SEEK_SET);
  write(fd, "!", 1);
  fstat(fd, &st);
  printf("size after write at 40: %ld\n", (long)st.st_size);
  pread(fd, buf, 3, 30);
  CHECK("gap reads as zero", buf[0] == 0 && buf[1] == 0 && buf[2] == 0);
  CHECK("ftruncate to 8", ftruncate(fd, 8) == 0);
  fstat(fd, &st);
  printf("after ftruncate: size %ld, mode %o, regular: %s, nlink %ld\n", (long)st.st_size,
         (unsigned)(st.st_mode & 07777), S_ISREG(st.st_mode) ? "yes" : "no", (long)st.st_nlink);
  CHECK("size 8", st.st_size == 8);
  CHECK("mode 0644", (st.st_mode & 07777) == 0644);
  CHECK("nlink 1", st.st_nlink == 1);
  close(fd);

  /* Hard link, rename, symlink, readlink. */
  char a[256], b[256];
  snprintf(a, sizeof a, "%s", path("a.txt"));
  CHECK("link", link(a, path("hard.txt")) == 0);
  stat(a, &st);
  printf("nlink after link: %ld\n", (long)st.st_nlink);
  CHECK("rename", rename(path("hard.txt"), path("b.txt")) == 0);
  errno = 0;
  show_error("stat of renamed-away name", stat(path("hard.txt"), &st));
  CHECK("ENOENT", errno == ENOENT);
  CHECK("symlink", symlink("a.txt", path("link")) == 0);
  memset(buf, 0, sizeof buf);
  ssize_t len = readlink(path("link"), buf, sizeof buf);
  printf("readlink: %s (%zd bytes)\n", buf, len);
  CHECK("readlink", len == 5 && strcmp(buf, "a.txt") == 0);
  lstat(path("link"), &st);
  CHECK("lstat sees a symlink", S_ISLNK(st.st_mode));
  stat(path("link"), &st);
  CHECK("stat follows it", S_ISREG(st.st_mode) && st.st_size == 8);
  CHECK("mkdir sub", mkdir(path("sub"), 0700) == 0);
  fd = open(path("sub/inner"), O_WRONLY | O_CREAT, 0600);
  close(fd);

  /* readdir lists every entry once; the order is the file system's, so sort it. */
  DIR *dir = opendir(root);
  CHECK("opendir", dir != NULL);
  char *names[16];
  int count = 0;
  struct dirent *de;
  while (dir && (de = readdir(dir)) != NULL && count < 16) names[count++] = strdup(de->d_name);
  if (dir) closedir(dir);
  qsort(names, (size_t)count, sizeof names[0], by_name);
  printf("readdir (%d):", count);
  for (int i = 0; i < count; i++) printf(" %s", names[i]);
  printf("\n");
  CHECK("6 entries", count == 6);

  /* Errors. */
  snprintf(b, sizeof b, "%s/a.txt/x", root);
  errno = 0;
  show_error("open through a file", open(b, O_RDONLY));
  CHECK("ENOTDIR", errno == ENOTDIR);
  errno = 0;
  show_error("rmdir non-empty", rmdir(path("sub")));
  CHECK("ENOTEMPTY", errno == ENOTEMPTY || errno == EEXIST);
  errno = 0;
  show_error("unlink a directory", unlink(path("sub")));
  CHECK("EISDIR", errno == EISDIR || errno == EPERM);
  errno = 0;
  show_error("open missing", open(path("missing"), O_RDONLY));
  errno = 0;
  show_error("mkdir existing", mkdir(root, 0755));

  /* Clean up: everything must go. */
  CHECK("unlink inner", unlink(path("sub/inner")) == 0);
  CHECK("rmdir sub", rmdir(path("sub")) == 0);
  CHECK("unlink link", unlink(path("link")) == 0);
  CHECK("unlink a", unlink(path("a.txt")) == 0);
  CHECK("unlink b", unlink(path("b.txt")) == 0);
  CHECK("rmdir root", rmdir(root) == 0);
  CHECK("root gone", stat(root, &st) == -1 && errno == ENOENT);
  return finish("files_dirs");
}
