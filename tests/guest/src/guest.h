/* guest.h — tiny shared helpers for the nk guest test programs (i386 Linux, glibc or musl).
 * Every program prints deterministic facts only and ends with "NAME: PASS" or "NAME: FAIL (n)". */
#ifndef NK_GUEST_H
#define NK_GUEST_H
#include <stdio.h>
#include <stdlib.h>

static int guest_failures;

/* CHECK prints one "ok"/"FAIL" line per fact so a diff points at the broken one. */
#define CHECK(label, cond)                                                   \
  do {                                                                       \
    int ok_ = (cond) ? 1 : 0;                                                \
    printf("%s %s\n", ok_ ? "ok  " : "FAIL", (label));                       \
    if (!ok_) guest_failures++;                                              \
  } while (0)

/* YESNO prints a portable fact as "label: yes|no" (no raw pids, addresses or times). */
#define YESNO(label, cond) printf("%s: %s\n", (label), (cond) ? "yes" : "no")

/* finish prints the status line and returns the exit status (0 pass, 1 fail). */
static inline int finish(const char *name) {
  if (guest_failures == 0) printf("%s: PASS\n", name);
  else printf("%s: FAIL (%d)\n", name, guest_failures);
  fflush(stdout);
  return guest_failures == 0 ? 0 : 1;
}

/* errno_name maps the errno values these programs expect to their symbolic names, which
 * unlike strerror texts are the same in every libc. */
#include <errno.h>
static inline const char *errno_name(int e) {
  switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EINTR: return "EINTR";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ESPIPE: return "ESPIPE";
    case EPIPE: return "EPIPE";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    default: return "E?";
  }
}
#endif
