/* COM1 serial console and a minimal printf for the nk multiboot examples.
 * 16550 UART register map: National Semiconductor PC16550D datasheet, Table II. */
#include "console.h"

#define COM1 0x3F8
#define UART_THR 0          /* transmit holding register (DLAB=0) */
#define UART_IER 1          /* interrupt enable (DLAB=0) */
#define UART_DLL 0          /* divisor latch low (DLAB=1) */
#define UART_DLM 1          /* divisor latch high (DLAB=1) */
#define UART_FCR 2          /* FIFO control */
#define UART_LCR 3          /* line control; bit 7 = DLAB */
#define UART_MCR 4          /* modem control */
#define UART_LSR 5          /* line status; bit 5 = THR empty */
#define LSR_THRE 0x20

void serial_init(void) {
    outb(COM1 + UART_IER, 0x00);
    outb(COM1 + UART_LCR, 0x80);   /* DLAB on to set the divisor */
    outb(COM1 + UART_DLL, 0x01);   /* 115200 baud */
    outb(COM1 + UART_DLM, 0x00);
    outb(COM1 + UART_LCR, 0x03);   /* 8 data bits, no parity, 1 stop bit */
    outb(COM1 + UART_FCR, 0x07);   /* enable and clear FIFOs */
    outb(COM1 + UART_MCR, 0x03);   /* DTR, RTS */
}

void serial_putc(char c) {
    while ((inb(COM1 + UART_LSR) & LSR_THRE) == 0) {
    }
    outb(COM1 + UART_THR, (uint8_t)c);
}

void serial_puts(const char *s) {
    while (*s) serial_putc(*s++);
}

static void put_unsigned(uint32_t v, unsigned base, int width, char pad, int upper) {
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[16];
    int n = 0;
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    while (n < width) buf[n++] = pad;
    while (n > 0) serial_putc(buf[--n]);
}

void kprintf(const char *fmt, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            serial_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0') { pad = '0'; fmt++; }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        switch (*fmt) {
        case 's': serial_puts(__builtin_va_arg(ap, const char *)); break;
        case 'c': serial_putc((char)__builtin_va_arg(ap, int)); break;
        case 'u': put_unsigned(__builtin_va_arg(ap, uint32_t), 10, width, pad, 0); break;
        case 'x': put_unsigned(__builtin_va_arg(ap, uint32_t), 16, width, pad, 0); break;
        case 'X': put_unsigned(__builtin_va_arg(ap, uint32_t), 16, width, pad, 1); break;
        case 'd': {
            int32_t v = __builtin_va_arg(ap, int32_t);
            if (v < 0) { serial_putc('-'); v = -v; }
            put_unsigned((uint32_t)v, 10, width, pad, 0);
            break;
        }
        case '%': serial_putc('%'); break;
        default: serial_putc('?'); break;
        }
    }
    __builtin_va_end(ap);
}
