/* args_env — argv, the environment the test passes and the auxiliary vector (AT_PAGESZ).
 * argv[0] is not printed: its spelling depends on who started the program. */
#include <string.h>
#include <sys/auxv.h>
#include "guest.h"

extern char **environ;

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=\"%s\" (len %zu)\n", i, argv[i], strlen(argv[i]));
  CHECK("argv[argc] is NULL", argv[argc] == NULL);
  CHECK("argv[0] is non-empty", argv[0] != NULL && argv[0][0] != '\0');

  const char *names[] = {"NK_ALPHA", "NK_BETA", "NK_EMPTY", "NK_MISSING"};
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *v = getenv(names[i]);
    if (v) printf("%s=\"%s\"\n", names[i], v);
    else printf("%s is unset\n", names[i]);
  }
  int nk_vars = 0;
  for (char **e = environ; *e; e++)
    if (strncmp(*e, "NK_", 3) == 0) nk_vars++;
  printf("NK_* variables in environ: %d\n", nk_vars);

  CHECK("setenv then getenv", setenv("NK_NEW", "fresh", 1) == 0 && strcmp(getenv("NK_NEW"), "fresh") == 0);
  CHECK("unsetenv", unsetenv("NK_NEW") == 0 && getenv("NK_NEW") == NULL);

  unsigned long page = getauxval(AT_PAGESZ);
  printf("AT_PAGESZ=%lu\n", page);
  CHECK("AT_PAGESZ is 4096", page == 4096);
  CHECK("AT_ENTRY is present", getauxval(AT_ENTRY) != 0);
  CHECK("AT_PHDR is present", getauxval(AT_PHDR) != 0);
  return finish("args_env");
}
