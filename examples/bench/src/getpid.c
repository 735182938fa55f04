/* Benchmark: N raw getpid system calls via syscall(SYS_getpid) (default 1,000,000); checks they agree. */
#include <sys/syscall.h>
#include <unistd.h>
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t n = bench_arg(argc, argv, 1, 1000000), same = 0;
    long first = syscall(SYS_getpid);
    for (uint32_t i = 0; i < n; i++) same += syscall(SYS_getpid) == first;
    printf("getpid: %u of %u calls returned the same pid\n", same, n);
    bench_report("getpid", same);
    return 0;
}
