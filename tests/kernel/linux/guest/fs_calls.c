/* fs_calls — path and metadata syscalls, printed as host-independent facts (no inode numbers,
 * devices, block sizes or directory sizes), so a native run and an nk run print the same.
 * argv[1]: an empty scratch directory to work in. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/sendfile.h>
#include <unistd.h>
#include <utime.h>

static void say(const char *what, long r) {
  if (r < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
  else printf("%s: %ld\n", what, r);
  errno = 0;
}

/* The old 16-bit struct stat of syscall 106 (arch/x86/include/uapi/asm/stat.h). */
struct old_stat {
  unsigned long st_dev, st_ino;
  unsigned short st_mode, st_nlink, st_uid, st_gid;
  unsigned long st_rdev, st_size, st_blksize, st_blocks, times[6], unused4, unused5;
};

int main(int argc, char **argv) {
  if (argc < 2 || chdir(argv[1]) != 0) return 2;
  umask(022);
  struct stat st;
  say("mkdir d", mkdir("d", 0777));
  stat("d", &st);
  printf("d mode %o nlink %ld\n", st.st_mode, (long)st.st_nlink);
  say("mkdir d again", mkdir("d", 0777));
  say("mkdirat", mkdirat(AT_FDCWD, "d/e", 0700));
  int fd = open("f", O_CREAT | O_WRONLY, 0666);
  say("write", write(fd, "hello world\n", 12));
  fstat(fd, &st);
  printf("f mode %o size %ld nlink %ld blocks>0 %d\n", st.st_mode, (long)st.st_size, (long)st.st_nlink, st.st_blocks > 0);
  close(fd);

  /* access: root bypasses r/w, but X needs an x bit. */
  say("access f R|W", access("f", R_OK | W_OK));
  say("access f X", access("f", X_OK));
  say("access d X", access("d", X_OK));
  say("access missing", access("missing", F_OK));
  say("access bad mode", access("f", 8));
  say("faccessat f X", faccessat(AT_FDCWD, "f", X_OK, AT_EACCESS));
  chmod("f", 0744);
  say("access f X after chmod", access("f", X_OK));
  stat("f", &st);
  printf("mode after chmod %o\n", st.st_mode);
  fd = open("f", O_RDONLY);
  say("fchmod", fchmod(fd, 0600));
  fstat(fd, &st);
  printf("mode after fchmod %o\n", st.st_mode);

  /* fstatat, AT_EMPTY_PATH, statx. */
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  say("fstatat d/e", fstatat(AT_FDCWD, "d/e", &st, 0));
  printf("e mode %o\n", st.st_mode);
  say("fstatat via dirfd", fstatat(dfd, "e", &st, 0));
  say("fstatat empty path", fstatat(fd, "", &st, AT_EMPTY_PATH));
  printf("empty-path size %ld\n", (long)st.st_size);
  say("fstatat empty no flag", fstatat(fd, "", &st, 0));
  say("fstatat bad flag", fstatat(AT_FDCWD, "f", &st, 0x4));
  say("fstatat through file", fstatat(AT_FDCWD, "f/x", &st, 0));
  struct statx sx;
  say("statx", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx));
  printf("statx size %llu mode %o nlink %u basic %d\n", (unsigned long long)sx.stx_size, sx.stx_mode, sx.stx_nlink,
         (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
  struct old_stat os;
  say("old stat", syscall(SYS_stat, "f", &os));
  printf("old stat size %lu mode %o nlink %u\n", os.st_size, os.st_mode, os.st_nlink);
  say("old fstat", syscall(SYS_fstat, fd, &os));
  close(fd);

  /* links. */
  say("symlink", symlink("f", "s"));
  say("symlink exists", symlink("f", "s"));
  say("symlink dangling", symlink("nowhere", "dangling"));
  char buf[64];
  memset(buf, 'x', sizeof buf);
  long n = readlink("s", buf, sizeof buf);
  printf("readlink %ld [%.*s] next %c\n", n, (int)n, buf, buf[n]);
  n = readlink("s", buf, 0);
  say("readlink size 0", n);
  memset(buf, 'x', sizeof buf);
  n = readlinkat(AT_FDCWD, "s", buf, 1);
  printf("readlink short %ld [%c%c]\n", n, buf[0], buf[1]);
  say("readlink of file", readlink("f", buf, sizeof buf));
  say("stat dangling", stat("dangling", &st));
  say("lstat dangling", lstat("dangling", &st));
  printf("lstat dangling: link %d size %ld\n", S_ISLNK(st.st_mode), (long)st.st_size);
  say("link", link("f", "h"));
  stat("f", &st);
  printf("nlink %ld\n", (long)st.st_nlink);
  say("link exists", link("f", "h"));
  say("link dir", link("d", "dl"));
  say("linkat follow", linkat(AT_FDCWD, "s", AT_FDCWD, "h2", AT_SYMLINK_FOLLOW));
  lstat("h2", &st);
  printf("h2 is regular %d\n", S_ISREG(st.st_mode));
  say("linkat no follow", linkat(AT_FDCWD, "s", AT_FDCWD, "s2", 0));
  lstat("s2", &st);
  printf("s2 is link %d\n", S_ISLNK(st.st_mode));

  /* rename. */
  say("rename h h3", rename("h", "h3"));
  say("rename missing", rename("h", "h4"));
  say("renameat2 noreplace", syscall(SYS_renameat2, AT_FDCWD, "h3", AT_FDCWD, "f", 1));
  say("rename over file", rename("h3", "h2"));
  say("rename dir over file", rename("d", "h2"));
  say("rename file over dir", rename("h2", "d"));
  say("rename dir into itself", rename("d", "d/e/x"));
  say("renameat dirfd", renameat(dfd, "e", dfd, "e2"));
  say("stat e2", stat("d/e2", &st));

  /* unlink / rmdir. */
  say("unlink dir", unlink("d"));
  say("rmdir file", rmdir("f"));
  say("rmdir non-empty", rmdir("d"));
  say("unlinkat removedir", unlinkat(dfd, "e2", AT_REMOVEDIR));
  say("unlinkat bad flag", unlinkat(AT_FDCWD, "f", 0x1));
  say("rmdir dot", rmdir("d/."));
  say("unlink missing", unlink("nothing"));

  /* cwd. */
  char cwd[512];
  say("getcwd small", syscall(SYS_getcwd, cwd, 2));
  long len = syscall(SYS_getcwd, cwd, sizeof cwd);
  printf("getcwd length ok %d\n", len == (long)strlen(cwd) + 1 && strcmp(cwd, argv[1]) == 0);
  say("chdir d", chdir("d"));
  getcwd(cwd, sizeof cwd);
  printf("cwd ends with /d %d\n", strlen(cwd) > 2 && strcmp(cwd + strlen(cwd) - 2, "/d") == 0);
  say("chdir file", chdir("../f"));
  say("fchdir", fchdir(open("..", O_RDONLY)));
  say("stat f from parent", stat("f", &st));
  say("umask", umask(077));
  say("umask back", umask(022));

  /* truncate, times. */
  say("truncate", truncate("f", 5));
  stat("f", &st);
  printf("size %ld\n", (long)st.st_size);
  say("truncate64 grow", truncate64("f", 100));
  stat("f", &st);
  printf("size %ld\n", (long)st.st_size);
  say("truncate dir", truncate("d", 0));
  say("truncate negative", truncate("f", -1));
  struct timespec ts[2] = {{1000000000, 123456789}, {1200000000, 987654321}};
  say("utimensat", utimensat(AT_FDCWD, "f", ts, 0));
  stat("f", &st);
  printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  ts[0].tv_nsec = UTIME_OMIT;
  ts[1].tv_sec = 1300000000; ts[1].tv_nsec = 0;
  say("utimensat omit", utimensat(AT_FDCWD, "f", ts, 0));
  stat("f", &st);
  printf("atime %ld mtime %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
  ts[0].tv_nsec = 2000000000;
  say("utimensat bad nsec", utimensat(AT_FDCWD, "f", ts, 0));
  struct timeval tv[2] = {{1400000000, 5}, {1500000000, 6}};
  say("utimes", utimes("f", tv));
  stat("f", &st);
  printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct utimbuf ub = {1600000000, 1700000000};
  say("utime", utime("f", &ub));
  stat("f", &st);
  printf("atime %ld mtime %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
  say("utimes now", utimes("f", NULL));
  stat("f", &st);
  printf("mtime recent %d\n", st.st_mtim.tv_sec > 1700000000);
  fd = open("f", O_RDWR);
  say("futimens", futimens(fd, NULL));
  close(fd);

  /* chown (as root). */
  say("chown", chown("f", 12, 34));
  stat("f", &st);
  printf("owner %d:%d\n", (int)st.st_uid, (int)st.st_gid);
  say("lchown -1", lchown("f", -1, 56));
  stat("f", &st);
  printf("owner %d:%d\n", (int)st.st_uid, (int)st.st_gid);
  say("fchownat", fchownat(AT_FDCWD, "f", 0, 0, 0));

  /* mknod: FIFOs and regular files. */
  say("mkfifo", mkfifo("p", 0644));
  stat("p", &st);
  printf("fifo %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 07777);
  say("mknod reg", mknod("r", S_IFREG | 0600, 0));
  stat("r", &st);
  printf("reg %d size %ld\n", S_ISREG(st.st_mode), (long)st.st_size);
  say("mknod exists", mknod("r", S_IFREG | 0600, 0));
  int pfd = open("p", O_RDONLY | O_NONBLOCK);
  say("open fifo nonblock", pfd >= 0);
  close(pfd);

  /* statfs. */
  struct statfs sf;
  say("statfs", statfs(".", &sf));
  printf("statfs namelen %ld bsize>0 %d\n", (long)sf.f_namelen, sf.f_bsize > 0);
  say("statfs64 bad size", syscall(SYS_statfs64, ".", 10, &sf));
  say("statfs missing", statfs("missing", &sf));

  /* sendfile. */
  int in = open("f", O_RDWR);
  pwrite(in, "0123456789", 10, 0);
  int out = open("copy", O_CREAT | O_RDWR | O_TRUNC, 0644);
  off_t off = 2;
  say("sendfile offset", sendfile(out, in, &off, 5));
  printf("offset now %ld, file pos %ld\n", (long)off, (long)lseek(in, 0, SEEK_CUR));
  say("sendfile pos", sendfile(out, in, NULL, 3));
  printf("file pos %ld\n", (long)lseek(in, 0, SEEK_CUR));
  memset(buf, 0, sizeof buf);
  pread(out, buf, 20, 0);
  printf("copy [%s]\n", buf);
  close(in); close(out); close(dfd);

  /* errors on paths. */
  say("stat empty", stat("", &st));
  char longname[300];
  memset(longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = 0;
  say("stat long name", stat(longname, &st));
  say("mkdir in missing", mkdir("missing/x", 0755));
  say("open O_DIRECTORY on file", open("f", O_RDONLY | O_DIRECTORY));
  say("loop", symlink("loop", "loop"));
  say("stat loop", stat("loop", &st));
  printf("done\n");
  return 0;
}
