/* uname — prints system information from uname(2): -s (default), -n, -r, -v, -m, -a. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
  struct utsname u;
  if (uname(&u) < 0) { perror("uname"); return 1; }
  const char *fields[] = {u.sysname, u.nodename, u.release, u.version, u.machine};
  const char *letters = "snrvm";
  int want[5] = {0}, any = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] != '-') { fprintf(stderr, "uname: bad argument %s\n", argv[i]); return 2; }
    for (const char *p = argv[i] + 1; *p; p++) {
      const char *at = strchr(letters, *p);
      if (*p == 'a') { for (int k = 0; k < 5; k++) want[k] = 1; }
      else if (at) want[at - letters] = 1;
      else { fprintf(stderr, "uname: bad option -%c\n", *p); return 2; }
      any = 1;
    }
  }
  if (!any) want[0] = 1;
  for (int k = 0, first = 1; k < 5; k++)
    if (want[k]) { printf("%s%s", first ? "" : " ", fields[k]); first = 0; }
  putchar('\n');
  return 0;
}
