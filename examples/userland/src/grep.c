/* grep — prints lines that match: fixed strings (-F) or POSIX basic regexes (regcomp; -E for
 * extended); -i ignore case, -v invert, -n line numbers, -c count. Exit 0 if any line matched. */
#include <regex.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int fixed, icase, invert, number, count, extended;
static const char *pattern;
static regex_t re;

static int matches(const char *line) {
  if (!fixed) return regexec(&re, line, 0, NULL, 0) == 0;
  if (!icase) return strstr(line, pattern) != NULL;
  for (size_t n = strlen(pattern); *line; line++) if (!strncasecmp(line, pattern, n)) return 1;
  return !*pattern;
}

/* Greps one stream; returns how many lines were selected. */
static long grep(FILE *f, const char *name) {
  char line[4096];
  long lineno = 0, selected = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    size_t len = strlen(line);
    if (len && line[len - 1] == '\n') line[--len] = 0;
    if (matches(line) == invert) continue;
    selected++;
    if (count) continue;
    if (name) printf("%s:", name);
    if (number) printf("%ld:", lineno);
    puts(line);
  }
  if (count) { if (name) printf("%s:", name); printf("%ld\n", selected); }
  return selected;
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
    for (const char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
        case 'F': fixed = 1; break;
        case 'E': extended = 1; break;
        case 'i': icase = 1; break;
        case 'v': invert = 1; break;
        case 'n': number = 1; break;
        case 'c': count = 1; break;
        default: fprintf(stderr, "grep: bad option -%c\n", *p); return 2;
      }
    }
  if (i >= argc) { fputs("usage: grep [-FEivnc] PATTERN [FILE...]\n", stderr); return 2; }
  pattern = argv[i++];
  if (!fixed) {
    int err = regcomp(&re, pattern, REG_NOSUB | (extended ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0));
    if (err) {
      char msg[128];
      regerror(err, &re, msg, sizeof msg);
      fprintf(stderr, "grep: %s\n", msg);
      return 2;
    }
  }
  long total = 0;
  int status = 0, many = argc - i > 1;
  if (i >= argc) total = grep(stdin, NULL);
  for (; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) { perror(argv[i]); status = 2; continue; }
    total += grep(f, many ? argv[i] : NULL);
    fclose(f);
  }
  return status ? status : total ? 0 : 1;
}
