/* Benchmark: N fork + waitpid pairs (default 2,000); each child exits with i & 0x7f, which the parent sums. */
#include <sys/wait.h>
#include <unistd.h>
#include "bench_util.h"

int main(int argc, char **argv) {
    uint32_t n = bench_arg(argc, argv, 1, 2000), sum = 0;
    for (uint32_t i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) _exit((int)(i & 0x7f));
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) { printf("fork: bad wait\n"); return 1; }
        sum += (uint32_t)WEXITSTATUS(status);
    }
    printf("fork: %u children, exit codes sum %u\n", n, sum);
    bench_report("fork", sum);
    return 0;
}
