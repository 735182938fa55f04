/* Benchmark: table-driven CRC-32 over an LCG-filled buffer of N bytes (default 4 MiB), R times (default 4). */
#include "../common/int_kernels.h"
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t len = bench_arg(argc, argv, 1, 4u << 20), reps = bench_arg(argc, argv, 2, 4);
    uint8_t *buf = malloc(len);
    uint32_t table[256], sum = 0;
    bench_fill(buf, len, 12345);
    for (uint32_t r = 0; r < reps; r++) sum ^= bench_crc32(table, buf + r, len - r);
    bench_report("crc32", sum);
    return 0;
}
