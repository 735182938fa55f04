/* Port I/O and small CPU helpers for the nk multiboot examples (freestanding, i386).
 * Intel SDM Vol. 2 (IN/OUT, CPUID), Vol. 3A §2.5 (control registers). */
#ifndef NK_MB_IO_H
#define NK_MB_IO_H

#include <stddef.h>   /* freestanding headers provided by gcc itself */
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }

static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr2(void) { uint32_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint32_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(uint32_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline void invlpg(uint32_t addr) { __asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory"); }

/* isa-debug-exit (QEMU -device isa-debug-exit,iobase=0xf4): the emulator exits with (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0xF4
static inline void debug_exit(uint8_t v) { outb(DEBUG_EXIT_PORT, v); }

#endif
