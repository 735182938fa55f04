/* Benchmark: memset and memcpy (libc) of two N-byte buffers (default 8 MiB), R rounds (default 40);
 * the checksum samples the final buffer so every round's result matters. */
#include <string.h>
#include "../common/int_kernels.h"
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t len = bench_arg(argc, argv, 1, 8u << 20), reps = bench_arg(argc, argv, 2, 40);
    uint8_t *a = malloc(len), *b = malloc(len);
    uint32_t sum = 0;
    for (uint32_t r = 0; r < reps; r++) {
        memset(a, (int)(0x11 * (r + 1)), len);
        a[r * 4097 % len] = (uint8_t)r;
        memcpy(b, a + (r & 7), len - (r & 7));
        for (uint32_t i = 0; i < len; i += 4093) sum = sum * 31u + b[i];
    }
    bench_report("memory", sum);
    return 0;
}
