/* Benchmark: write an N-byte file in /tmp (default 4 MiB, 64 KiB writes), read it back and CRC it,
 * R rounds (default 2); then unlink it. */
#include <fcntl.h>
#include <unistd.h>
#include "../common/int_kernels.h"
#include "bench_util.h"

#define CHUNK 65536

int main(int argc, char **argv) {
    uint32_t len = bench_arg(argc, argv, 1, 4u << 20), rounds = bench_arg(argc, argv, 2, 2), sum = 0;
    static uint8_t chunk[CHUNK];
    uint32_t table[256];
    char path[64];
    snprintf(path, sizeof path, "/tmp/nk_bench_file.%d", (int)getpid());
    for (uint32_t r = 0; r < rounds; r++) {
        int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
        if (fd < 0) { perror("open"); return 1; }
        for (uint32_t off = 0; off < len; off += CHUNK) {
            bench_fill(chunk, CHUNK, off + r);
            if (write(fd, chunk, CHUNK) != CHUNK) { perror("write"); return 1; }
        }
        close(fd);
        fd = open(path, O_RDONLY);
        if (fd < 0) { perror("open"); return 1; }
        uint32_t crc = 0;
        ssize_t got;
        while ((got = read(fd, chunk, CHUNK)) > 0) crc = crc * 31u + bench_crc32(table, chunk, (size_t)got);
        close(fd);
        sum ^= crc;
    }
    unlink(path);
    bench_report("file", sum);
    return 0;
}
