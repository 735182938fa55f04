/* Page-cache semantics seen from a program (tests/kernel/linux/page_cache_test.ts):
 *   page_cache answer            prints what answer() returns (42 unless the text was patched)
 *   page_cache variant           exits with VARIANT (build with -DVARIANT=n)
 *   page_cache selfmod           runs answer() hot, patches its own text after mprotect, then checks
 *                                that a forked child sees the patch and a new exec does not
 *   page_cache rewrite T A B     runs T (a copy of A), rewrites T with B's bytes, runs T again */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef VARIANT
#define VARIANT 1
#endif

__attribute__((noinline)) int answer(void) { return 42; }
static int (*volatile fn)(void) = answer;

/* Runs argv in a child; returns its exit status. */
static int run(char *const argv[]) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int copy_file(const char *from, const char *to) {
    static char buf[1 << 20];
    int in = open(from, O_RDONLY);
    if (in < 0) return -1;
    ssize_t n = read(in, buf, sizeof buf);
    close(in);
    int out = open(to, O_WRONLY | O_TRUNC);
    if (out < 0 || n <= 0) return -1;
    ssize_t w = write(out, buf, n);
    close(out);
    return w == n ? 0 : -1;
}

static int selfmod(const char *self) {
    int sum = 0;
    for (int i = 0; i < 100000; i++) sum += fn(); /* hot: decoded and compiled from the cached page */
    printf("before %d (sum %d)\n", fn(), sum);
    unsigned char *code = (unsigned char *)answer;
    if (code[0] != 0xb8) { /* mov eax, imm32 */
        printf("unexpected code %02x\n", code[0]);
        return 1;
    }
    uintptr_t page = (uintptr_t)code & ~(uintptr_t)4095;
    if (mprotect((void *)page, 8192, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    int seven = 7;
    memcpy(code + 1, &seven, 4);
    printf("patched %d\n", fn());
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child %d\n", fn());
        fflush(stdout);
        execl(self, self, "answer", (char *)0);
        _exit(127);
    }
    waitpid(pid, 0, 0);
    char *again[] = {(char *)self, "answer", 0};
    run(again);
    printf("parent %d\n", fn());
    return 0;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "answer")) {
        printf("answer %d\n", fn());
        return 0;
    }
    if (!strcmp(mode, "variant")) return VARIANT;
    if (!strcmp(mode, "selfmod")) return selfmod(argv[0]);
    if (!strcmp(mode, "rewrite") && argc == 5) {
        char *target[] = {argv[2], "variant", 0};
        if (copy_file(argv[3], argv[2]) != 0) return 2;
        printf("first %d\n", run(target));
        printf("again %d\n", run(target));
        if (copy_file(argv[4], argv[2]) != 0) return 3;
        printf("rewritten %d\n", run(target));
        return 0;
    }
    fprintf(stderr, "usage: page_cache answer|variant|selfmod|rewrite T A B\n");
    return 64;
}
