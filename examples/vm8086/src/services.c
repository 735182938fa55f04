/* services.c — the small BIOS/DOS layer vm8086 provides itself, all on stdin/stdout (the guest
 * console): int 10h AH=0Eh teletype; int 16h AH=00h/01h keyboard; int 20h; int 21h AH=01h 02h 06h
 * 08h 09h 30h 3Fh 40h 4Ch. Sources: Ralf Brown's Interrupt List (INT 10/0E, 16/00, 16/01, 21/xx). */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>
#include "cpu.h"

/* Console output is buffered and flushed before every read and at exit, so a pipe sees the same
 * bytes in the same order as a terminal. */
static unsigned char out_buf[4096];
static size_t out_len;
/* One byte of look-ahead for int 16h AH=01h (peek). -1 = none, -2 = end of input seen. */
static int peeked = -1;
/* Reads past end of input; a program that keeps polling a closed stdin is stopped. */
static int eof_reads;
#define MAX_EOF_READS 64
/* DOS's end-of-file character, returned by console reads once stdin is closed. */
#define CTRL_Z 0x1A

void console_flush(void) {
  size_t done = 0;
  while (done < out_len) {
    ssize_t n = write(1, out_buf + done, out_len - done);
    if (n <= 0) break;
    done += (size_t)n;
  }
  out_len = 0;
}

static void console_put(uint8_t ch) {
  if (out_len == sizeof out_buf) console_flush();
  out_buf[out_len++] = ch;
}

/* Blocks for one input byte; -1 at end of input. */
static int console_get(Cpu *c) {
  if (peeked >= 0) { int ch = peeked; peeked = -1; return ch; }
  console_flush();
  unsigned char ch;
  if (peeked != -2 && read(0, &ch, 1) == 1) return ch;
  peeked = -2;
  if (++eof_reads > MAX_EOF_READS) {
    fprintf(stderr, "vm8086: the program keeps reading a closed stdin; stopping\n");
    c->running = 0;
    c->exit_code = 1;
  }
  return -1;
}

/* True if a byte is available without blocking (end of input counts: reads will not block). */
static int console_ready(void) {
  if (peeked != -1) return 1;
  console_flush();
  struct pollfd p = { .fd = 0, .events = POLLIN };
  if (poll(&p, 1, 0) <= 0) return 0;
  unsigned char ch;
  peeked = read(0, &ch, 1) == 1 ? ch : -2;
  return 1;
}

static void set_cf(Cpu *c, int on) {
  /* Services return CF in the FLAGS image that IRET will pop; ours never pushed one, so set it live. */
  if (on) c->flags |= F_CF; else c->flags &= (uint16_t)~F_CF;
}

static void terminate(Cpu *c, int code) { c->running = 0; c->exit_code = code; }

static void dos(Cpu *c) {
  uint8_t ah = (uint8_t)(c->r[AX] >> 8);
  switch (ah) {
    case 0x01: { int ch = console_get(c); if (ch < 0) ch = CTRL_Z; else console_put((uint8_t)ch);
      *reg8(c, 0) = (uint8_t)ch; return; }
    case 0x02: console_put((uint8_t)c->r[DX]); *reg8(c, 0) = (uint8_t)c->r[DX]; return;
    case 0x06: /* direct console I/O: DL=FF reads without waiting (ZF=1: none) */
      if ((c->r[DX] & 0xFF) != 0xFF) { console_put((uint8_t)c->r[DX]); return; }
      if (!console_ready()) { c->flags |= F_ZF; *reg8(c, 0) = 0; return; }
      { int ch = console_get(c); c->flags &= (uint16_t)~F_ZF; *reg8(c, 0) = (uint8_t)(ch < 0 ? CTRL_Z : ch); }
      return;
    case 0x08: { int ch = console_get(c); *reg8(c, 0) = (uint8_t)(ch < 0 ? CTRL_Z : ch); return; }
    case 0x09: { /* print the '$'-terminated string at DS:DX */
      uint16_t off = c->r[DX];
      for (int i = 0; i < 0x10000; i++, off++) {
        uint8_t ch = rd8(c, c->sreg[DS], off);
        if (ch == '$') break;
        console_put(ch);
      }
      *reg8(c, 0) = '$';
      return;
    }
    case 0x30: c->r[AX] = 0x0005; c->r[BX] = 0; c->r[CX] = 0; return; /* "DOS 5.0" */
    case 0x3F: { /* read from handle BX into DS:DX, CX bytes (only the console) */
      if (c->r[BX] != 0) { c->r[AX] = 6; set_cf(c, 1); return; } /* invalid handle */
      uint16_t n = 0;
      while (n < c->r[CX]) {
        int ch = console_get(c);
        if (ch < 0) break;
        wr8(c, c->sreg[DS], (uint16_t)(c->r[DX] + n), (uint8_t)ch);
        n++;
        if (ch == '\n') break; /* the console device returns one line at a time */
      }
      c->r[AX] = n; set_cf(c, 0);
      return;
    }
    case 0x40: { /* write CX bytes at DS:DX to handle BX (1 stdout, 2 stderr) */
      if (c->r[BX] != 1 && c->r[BX] != 2) { c->r[AX] = 6; set_cf(c, 1); return; }
      for (uint16_t i = 0; i < c->r[CX]; i++) {
        uint8_t ch = rd8(c, c->sreg[DS], (uint16_t)(c->r[DX] + i));
        if (c->r[BX] == 1) console_put(ch); else { console_flush(); write(2, &ch, 1); }
      }
      c->r[AX] = c->r[CX]; set_cf(c, 0);
      return;
    }
    case 0x00: terminate(c, 0); return;
    case 0x4C: terminate(c, c->r[AX] & 0xFF); return;
    default:
      fprintf(stderr, "vm8086: unsupported int 21h AH=%02Xh\n", ah);
      c->r[AX] = 1; set_cf(c, 1); /* "invalid function" */
  }
}

int services_handle(Cpu *c, int n) {
  c->service_calls++;
  switch (n) {
    case 0x10:
      if ((c->r[AX] >> 8) == 0x0E) console_put((uint8_t)c->r[AX]);
      return 1; /* other video functions (cursor, modes) have no meaning on a byte stream */
    case 0x16: {
      uint8_t ah = (uint8_t)(c->r[AX] >> 8);
      if (ah == 0x00 || ah == 0x10) { int ch = console_get(c); c->r[AX] = (uint16_t)(ch < 0 ? CTRL_Z : ch); }
      else if (ah == 0x01 || ah == 0x11) {
        if (!console_ready()) c->flags |= F_ZF;
        else { c->flags &= (uint16_t)~F_ZF; c->r[AX] = (uint16_t)(peeked >= 0 ? peeked : CTRL_Z); }
      }
      return 1;
    }
    case 0x20: terminate(c, 0); return 1;
    case 0x21: dos(c); return 1;
    case 0x00:
      console_flush();
      fprintf(stderr, "vm8086: divide overflow at %04X:%04X\n", c->sreg[CS], c->ip);
      terminate(c, 0xFF);
      return 1;
    default:
      c->service_calls--;
      return 1; /* an unhooked vector whose handler would be a bare IRET */
  }
}
