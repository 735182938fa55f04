/* Integer benchmark kernels shared by the user-mode benchmarks (examples/bench) and the freestanding
 * bench kernel (examples/multiboot/bench): sieve, CRC-32, integer matrix multiply, SHA-256.
 * Header-only and libc-free so both builds run the same code. CRC-32: IEEE 802.3 reflected polynomial
 * 0xEDB88320; SHA-256: FIPS 180-4 §6.2. */
#ifndef NK_BENCH_INT_KERNELS_H
#define NK_BENCH_INT_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/* Deterministic 32-bit LCG (Numerical Recipes constants) used to fill inputs. */
static inline uint32_t bench_lcg(uint32_t *state) {
    *state = *state * 1664525u + 1013904223u;
    return *state;
}

static inline void bench_fill(uint8_t *buf, size_t len, uint32_t seed) {
    for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)(bench_lcg(&seed) >> 24);
}

/* Sieve of Eratosthenes over [0, n) in `flags` (n bytes); returns the number of primes below n. */
static inline uint32_t bench_sieve(uint8_t *flags, uint32_t n) {
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++) flags[i] = 1;
    for (uint32_t i = 2; i < n; i++) {
        if (!flags[i]) continue;
        count++;
        for (uint32_t j = i + i; j < n; j += i) flags[j] = 0;
    }
    return count;
}

/* Table-driven CRC-32 (IEEE); `table` holds 256 entries and is built on first use per call. */
static inline uint32_t bench_crc32(uint32_t table[256], const uint8_t *buf, size_t len) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) crc = table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

/* c = a × b for n×n int32 matrices (row-major); returns a position-weighted sum of c. */
static inline uint32_t bench_matmul(const int32_t *a, const int32_t *b, int32_t *c, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) c[i * n + j] = 0;
        for (uint32_t k = 0; k < n; k++) {
            int32_t aik = a[i * n + k];
            for (uint32_t j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
        }
    }
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n * n; i++) sum = sum * 31u + (uint32_t)c[i];
    return sum;
}

static inline void bench_matmul_fill(int32_t *m, uint32_t n, uint32_t seed) {
    for (uint32_t i = 0; i < n * n; i++) m[i] = (int32_t)(bench_lcg(&seed) >> 22) - 512;
}

/* ---- SHA-256 (FIPS 180-4) ------------------------------------------------------------------- */

static const uint32_t bench_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t bench_ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline void bench_sha256_block(uint32_t h[8], const uint8_t *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = bench_ror(w[i - 15], 7) ^ bench_ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = bench_ror(w[i - 2], 17) ^ bench_ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (bench_ror(e, 6) ^ bench_ror(e, 11) ^ bench_ror(e, 25)) + ((e & f) ^ (~e & g)) +
                      bench_sha256_k[i] + w[i];
        uint32_t t2 = (bench_ror(a, 2) ^ bench_ror(a, 13) ^ bench_ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

/* SHA-256 of buf[0..len) into out[8] (big-endian words of the digest). */
static inline void bench_sha256(const uint8_t *buf, size_t len, uint32_t out[8]) {
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t full = len / 64;
    for (size_t i = 0; i < full; i++) bench_sha256_block(h, buf + 64 * i);
    uint8_t tail[128];
    size_t rest = len - full * 64, tail_len = rest < 56 ? 64 : 128;
    for (size_t i = 0; i < tail_len; i++) tail[i] = 0;
    for (size_t i = 0; i < rest; i++) tail[i] = buf[full * 64 + i];
    tail[rest] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t i = 0; i < tail_len; i += 64) bench_sha256_block(h, tail + i);
    for (int i = 0; i < 8; i++) out[i] = h[i];
}
#endif
