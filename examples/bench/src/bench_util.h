/* Helpers shared by the nk user-mode benchmarks: argument parsing and the one checksum line each prints. */
#ifndef NK_BENCH_UTIL_H
#define NK_BENCH_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* argv[index] as an unsigned count, or `fallback` when absent (lets tests run a smaller size). */
static inline uint32_t bench_arg(int argc, char **argv, int index, uint32_t fallback) {
    return argc > index ? (uint32_t)strtoul(argv[index], NULL, 0) : fallback;
}

/* The line the manifest's expected checksum is compared with. */
static inline void bench_report(const char *name, uint32_t checksum) {
    printf("%s: checksum=0x%08x\n", name, checksum);
}
#endif
