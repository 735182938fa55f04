/* Benchmark: int32 matrix multiply of two N×N matrices (default 192), R times (default 6). */
#include "../common/int_kernels.h"
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t n = bench_arg(argc, argv, 1, 192), reps = bench_arg(argc, argv, 2, 6);
    int32_t *a = malloc(n * n * 4), *b = malloc(n * n * 4), *c = malloc(n * n * 4);
    uint32_t sum = 0;
    for (uint32_t r = 0; r < reps; r++) {
        bench_matmul_fill(a, n, 1 + r);
        bench_matmul_fill(b, n, 100 + r);
        sum ^= bench_matmul(a, b, c, n);
    }
    bench_report("matmul", sum);
    return 0;
}
