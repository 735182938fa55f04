/* nk bench kernel: runs the shared integer kernels (examples/bench/common/int_kernels.h) a fixed number of
 * times with interrupts off, prints one checksum line per kernel on COM1 and exits via isa-debug-exit. */
#include "../common/console.h"
#include "../../bench/common/int_kernels.h"

#define EXIT_SUCCESS_VALUE 0x10      /* QEMU exit status (0x10 << 1) | 1 = 33 */
#define SIEVE_N 100000
#define SIEVE_REPS 10
#define CRC_LEN 65536
#define CRC_REPS 20
#define MATRIX_N 48
#define MATMUL_REPS 10
#define SHA_LEN 65536
#define SHA_REPS 4

static uint8_t sieve_flags[SIEVE_N];
static uint8_t data[SHA_LEN > CRC_LEN ? SHA_LEN : CRC_LEN];
static uint32_t crc_table[256];
static int32_t mat_a[MATRIX_N * MATRIX_N], mat_b[MATRIX_N * MATRIX_N], mat_c[MATRIX_N * MATRIX_N];

static uint32_t run_sieve(void) {
    uint32_t sum = 0;
    for (uint32_t r = 0; r < SIEVE_REPS; r++) sum = sum * 33u + bench_sieve(sieve_flags, SIEVE_N - r);
    return sum;
}

static uint32_t run_crc32(void) {
    uint32_t sum = 0;
    bench_fill(data, CRC_LEN, 12345);
    for (uint32_t r = 0; r < CRC_REPS; r++) sum ^= bench_crc32(crc_table, data + r, CRC_LEN - r);
    return sum;
}

static uint32_t run_matmul(void) {
    uint32_t sum = 0;
    for (uint32_t r = 0; r < MATMUL_REPS; r++) {
        bench_matmul_fill(mat_a, MATRIX_N, 1 + r);
        bench_matmul_fill(mat_b, MATRIX_N, 100 + r);
        sum ^= bench_matmul(mat_a, mat_b, mat_c, MATRIX_N);
    }
    return sum;
}

static uint32_t run_sha256(void) {
    uint32_t digest[8], sum = 0;
    bench_fill(data, SHA_LEN, 777);
    for (uint32_t r = 0; r < SHA_REPS; r++) {
        bench_sha256(data, SHA_LEN - r, digest);
        sum = sum * 31u + digest[0] + digest[7];
    }
    return sum;
}

void bench_main(void) {
    serial_init();
    kprintf("nk bench kernel: interrupts off\n");
    kprintf("sieve: checksum=0x%08x\n", run_sieve());
    kprintf("crc32: checksum=0x%08x\n", run_crc32());
    kprintf("matmul: checksum=0x%08x\n", run_matmul());
    kprintf("sha256: checksum=0x%08x\n", run_sha256());
    kprintf("done, writing 0x%02x to port 0x%02x\n", EXIT_SUCCESS_VALUE, DEBUG_EXIT_PORT);
    debug_exit(EXIT_SUCCESS_VALUE);
    for (;;) __asm__ volatile("hlt");
}
