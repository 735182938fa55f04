/* Benchmark: libc qsort of N LCG-generated int32 keys (default 300,000) with a comparison callback. */
#include "../common/int_kernels.h"
#include "bench_util.h"

static int compare(const void *x, const void *y) {
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    uint32_t n = bench_arg(argc, argv, 1, 300000), seed = 42, sum = 0;
    int32_t *keys = malloc(n * 4);
    for (uint32_t i = 0; i < n; i++) keys[i] = (int32_t)bench_lcg(&seed);
    qsort(keys, n, 4, compare);
    for (uint32_t i = 1; i < n; i++)
        if (keys[i - 1] > keys[i]) { printf("qsort: not sorted at %u\n", i); return 1; }
    for (uint32_t i = 0; i < n; i += 97) sum = sum * 31u + (uint32_t)keys[i];
    bench_report("qsort", sum);
    return 0;
}
