/* Benchmark: N pipe round trips between parent and child (default 10,000): the parent sends a counter,
 * the child returns it plus one. The checksum is the final counter, i.e. N. */
#include <sys/wait.h>
#include <unistd.h>
#include "bench_util.h"

static void must_io(ssize_t got, size_t want) {
    if (got != (ssize_t)want) { perror("pipe io"); exit(1); }
}

int main(int argc, char **argv) {
    uint32_t n = bench_arg(argc, argv, 1, 10000), value = 0;
    int to_child[2], to_parent[2];
    if (pipe(to_child) || pipe(to_parent)) { perror("pipe"); return 1; }
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
        close(to_child[1]); close(to_parent[0]);
        for (uint32_t i = 0; i < n; i++) {
            must_io(read(to_child[0], &value, 4), 4);
            value++;
            must_io(write(to_parent[1], &value, 4), 4);
        }
        _exit(0);
    }
    close(to_child[0]); close(to_parent[1]);
    for (uint32_t i = 0; i < n; i++) {
        must_io(write(to_child[1], &value, 4), 4);
        must_io(read(to_parent[0], &value, 4), 4);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("pipe: %u round trips, child status %d\n", value, WEXITSTATUS(status));
    bench_report("pipe", value);
    return 0;
}
