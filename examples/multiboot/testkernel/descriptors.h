/* GDT, TSS and IDT setup for the nk test kernel, and the trap frame built by boot.asm.
 * Intel SDM Vol. 3A §3.4.5 (segment descriptors), §7.2 (TSS), §6.11 (IDT gates). */
#ifndef NK_TK_DESCRIPTORS_H
#define NK_TK_DESCRIPTORS_H
#include "../common/io.h"

/* Selectors of the GDT built by gdt_init (index << 3 | RPL). */
#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER_CODE   0x1B
#define SEL_USER_DATA   0x23
#define SEL_TSS         0x28

/* Register image pushed by isr_common (boot.asm), lowest address first. */
struct trap_frame {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax;  /* pusha */
    uint32_t vector, error;
    uint32_t eip, cs, eflags;
    uint32_t user_esp, user_ss;                             /* only on a privilege change */
};

/* Builds the 6-entry GDT and the TSS (esp0 = top of kernel_trap_stack), loads both. */
void gdt_init(void);
/* Installs gates for vectors 0-31, 0x20-0x2F (DPL 0) and 0x80 (DPL 3); returns the gate count. */
uint32_t idt_init(void);
/* TSS.esp0, for printing. */
uint32_t tss_esp0(void);
#endif
