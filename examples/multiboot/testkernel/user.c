/* Ring-3 code of the nk test kernel: placed in the .user_* sections, the only pages mapped with U/S=1.
 * It makes two int 0x80 calls: write(msg, len) (eax=1) and exit(write's result) (eax=2). */
#include "../common/io.h"

__attribute__((section(".user_data"))) char user_message[] = "hello from ring 3 via int 0x80";

__attribute__((section(".user_text"), noinline, noreturn)) void user_main(void) {
    int written;
    __asm__ volatile("int $0x80" : "=a"(written) : "a"(1), "b"(user_message), "c"(sizeof user_message - 1) : "memory");
    __asm__ volatile("int $0x80" : : "a"(2), "b"(written) : "memory");
    for (;;) {
    }
}
