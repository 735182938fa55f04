/* Benchmark: SHA-256 (FIPS 180-4) of an LCG-filled buffer of N bytes (default 2 MiB), R times (default 3).
 * Prints the last digest too, so the kernel can be checked against sha256sum. */
#include "../common/int_kernels.h"
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t len = bench_arg(argc, argv, 1, 2u << 20), reps = bench_arg(argc, argv, 2, 3);
    uint8_t *buf = malloc(len);
    uint32_t digest[8], sum = 0;
    bench_fill(buf, len, 777);
    for (uint32_t r = 0; r < reps; r++) {
        bench_sha256(buf, len - r, digest);
        sum = sum * 31u + digest[0] + digest[7];
    }
    printf("sha256 digest:");
    for (int i = 0; i < 8; i++) printf(" %08x", digest[i]);
    printf("\n");
    bench_report("sha256", sum);
    return 0;
}
