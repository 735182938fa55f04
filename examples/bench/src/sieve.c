/* Benchmark: sieve of Eratosthenes below N (default 2,000,000), repeated R times (default 6). */
#include "../common/int_kernels.h"
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t n = bench_arg(argc, argv, 1, 2000000), reps = bench_arg(argc, argv, 2, 6);
    uint8_t *flags = malloc(n);
    uint32_t sum = 0;
    for (uint32_t r = 0; r < reps; r++) sum = sum * 33u + bench_sieve(flags, n - r);
    bench_report("sieve", sum);
    return 0;
}
