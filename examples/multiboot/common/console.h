/* COM1 serial console (16550 polled on LSR.THRE) and a minimal printf for the nk multiboot examples. */
#ifndef NK_MB_CONSOLE_H
#define NK_MB_CONSOLE_H
#include "io.h"

/* Initialises COM1 at 115200 8N1, FIFO on, interrupts off. */
void serial_init(void);
/* Writes one byte to COM1, waiting for LSR bit 5 (transmit holding register empty); Bytes are sent raw (no CR insertion). */
void serial_putc(char c);
/* Writes a NUL-terminated string. */
void serial_puts(const char *s);
/* printf subset: %s %c %d %u %x %X, with optional '0' flag and width (e.g. %08x). */
void kprintf(const char *fmt, ...);
#endif
