/* Benchmark: a chain of N execve calls of this same program (default 200): `exec [remaining] [hash]`.
 * Each step re-executes argv[0] with remaining-1; the last one prints the hash accumulated over the chain. */
#include <unistd.h>
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t remaining = bench_arg(argc, argv, 1, 200), hash = bench_arg(argc, argv, 2, 5381);
    if (remaining == 0) {
        printf("exec: chain finished\n");
        bench_report("exec", hash);
        return 0;
    }
    char left[16], next_hash[16];
    snprintf(left, sizeof left, "%u", remaining - 1);
    snprintf(next_hash, sizeof next_hash, "%u", hash * 33u + remaining);
    char *args[] = {argv[0], left, next_hash, NULL};
    execv(argv[0], args);
    perror("execv");
    return 1;
}
