/* Benchmark: Mandelbrot set escape counts on a W×H grid (default 640×400), at most 200 iterations per point.
 * Built for x87 (mandelbrot) and SSE2 (mandelbrot_sse2); the checksum hashes every point's count. */
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t w = bench_arg(argc, argv, 1, 640), h = bench_arg(argc, argv, 2, 400), max_iter = 200;
    uint32_t sum = 0, total = 0;
    for (uint32_t py = 0; py < h; py++) {
        double ci = -1.2 + 2.4 * py / h;
        for (uint32_t px = 0; px < w; px++) {
            double cr = -2.2 + 3.2 * px / w, zr = 0, zi = 0;
            uint32_t it = 0;
            while (it < max_iter && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                it++;
            }
            total += it;
            sum = sum * 31u + it;
        }
    }
    printf("mandelbrot: %u iterations\n", total);
    bench_report("mandelbrot", sum);
    return 0;
}
