/* wild_syscall — syscalls handed bad user pointers must fail with EFAULT, not crash the
 * process or the kernel: write from, read into, and open a path at unmapped addresses. */
#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <stdint.h>
#include "guest.h"

/* wild turns a number into a pointer the compiler cannot see through (no bogus warnings). */
static void *wild(uintptr_t address) {
  volatile uintptr_t a = address;
  return (void *)a;
}

int main(void) {
  errno = 0;
  ssize_t r = write(1, wild(1), 10);
  printf("write(1, (void*)1, 10) = %zd errno %s\n", r, errno_name(errno));
  CHECK("write from a wild pointer is EFAULT", r == -1 && errno == EFAULT);

  int p[2];
  pipe(p);
  write(p[1], "0123456789", 10);
  errno = 0;
  r = read(p[0], wild(4), 10);
  printf("read(pipe, (void*)4, 10) = %zd errno %s\n", r, errno_name(errno));
  CHECK("read into a wild pointer is EFAULT", r == -1 && errno == EFAULT);
  char ok[10];
  CHECK("the pipe is still usable", read(p[0], ok, 10) >= 1);

  errno = 0;
  int fd = open(wild(8), O_RDONLY);
  printf("open((char*)8) = %d errno %s\n", fd, errno_name(errno));
  CHECK("open of a wild path is EFAULT", fd == -1 && errno == EFAULT);

  /* uname is a direct syscall in both libcs (stat is not: glibc converts from statx in user
   * space, so a wild stat buffer faults in the library instead). */
  errno = 0;
  int s = uname(wild(12));
  printf("uname((void*)12) = %d errno %s\n", s, errno_name(errno));
  CHECK("uname into a wild buffer is EFAULT", s == -1 && errno == EFAULT);

  /* A pointer into the top gigabyte (the kernel's half on i386) must also be refused. */
  errno = 0;
  r = write(1, wild(0xC0001000u), 4);
  printf("write from 0xC0001000 = %zd errno %s\n", r, errno_name(errno));
  CHECK("kernel-half pointer is EFAULT", r == -1 && errno == EFAULT);
  return finish("wild_syscall");
}
