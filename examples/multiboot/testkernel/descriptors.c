/* GDT, TSS and IDT for the nk test kernel.
 * Descriptor layouts: Intel SDM Vol. 3A Figure 3-8 (segment), Figure 7-3 (TSS), Figure 6-2 (gates). */
#include "descriptors.h"

struct __attribute__((packed)) table_ptr {
    uint16_t limit;
    uint32_t base;
};

/* 32-bit TSS (SDM Vol. 3A Figure 7-2); only ss0/esp0 and the I/O map base matter here. */
struct __attribute__((packed)) tss32 {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
};

extern void gdt_load(const struct table_ptr *ptr, uint32_t tss_selector);
extern const uint32_t isr_stub_table[49];

static uint64_t gdt[6];
static struct tss32 tss;
static uint64_t idt[256];
static uint8_t kernel_trap_stack[8192] __attribute__((aligned(16)));

/* Access byte values (SDM Vol. 3A §3.4.5): P | DPL | S | type. */
#define ACCESS_KERNEL_CODE 0x9A   /* present, DPL 0, code, execute/read */
#define ACCESS_KERNEL_DATA 0x92   /* present, DPL 0, data, read/write */
#define ACCESS_USER_CODE   0xFA   /* present, DPL 3, code, execute/read */
#define ACCESS_USER_DATA   0xF2   /* present, DPL 3, data, read/write */
#define ACCESS_TSS         0x89   /* present, DPL 0, 32-bit TSS (available) */
#define FLAGS_4K_32BIT     0xC    /* G=1 (4 KiB granularity), D/B=1 (32-bit) */
#define GATE_INTERRUPT32   0x8E   /* present, DPL 0, 32-bit interrupt gate */
#define GATE_INTERRUPT32_USER 0xEE /* present, DPL 3, 32-bit interrupt gate */

static uint64_t segment(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
    uint64_t d = 0;
    d |= limit & 0xFFFF;
    d |= (uint64_t)(base & 0xFFFFFF) << 16;
    d |= (uint64_t)access << 40;
    d |= (uint64_t)((limit >> 16) & 0xF) << 48;
    d |= (uint64_t)(flags & 0xF) << 52;
    d |= (uint64_t)(base >> 24) << 56;
    return d;
}

static uint64_t gate(uint32_t offset, uint16_t selector, uint8_t type) {
    return (uint64_t)(offset & 0xFFFF) | ((uint64_t)selector << 16) | ((uint64_t)type << 40) |
           ((uint64_t)(offset >> 16) << 48);
}

void gdt_init(void) {
    gdt[0] = 0;
    gdt[1] = segment(0, 0xFFFFF, ACCESS_KERNEL_CODE, FLAGS_4K_32BIT);
    gdt[2] = segment(0, 0xFFFFF, ACCESS_KERNEL_DATA, FLAGS_4K_32BIT);
    gdt[3] = segment(0, 0xFFFFF, ACCESS_USER_CODE, FLAGS_4K_32BIT);
    gdt[4] = segment(0, 0xFFFFF, ACCESS_USER_DATA, FLAGS_4K_32BIT);
    tss.ss0 = SEL_KERNEL_DATA;
    tss.esp0 = (uint32_t)(kernel_trap_stack + sizeof kernel_trap_stack);
    tss.iomap_base = sizeof tss;   /* no I/O permission bitmap */
    gdt[5] = segment((uint32_t)&tss, sizeof tss - 1, ACCESS_TSS, 0);
    static struct table_ptr ptr;
    ptr.limit = sizeof gdt - 1;
    ptr.base = (uint32_t)gdt;
    gdt_load(&ptr, SEL_TSS);
}

uint32_t tss_esp0(void) { return tss.esp0; }

uint32_t idt_init(void) {
    uint32_t count = 0;
    for (int i = 0; i < 32; i++, count++) idt[i] = gate(isr_stub_table[i], SEL_KERNEL_CODE, GATE_INTERRUPT32);
    for (int i = 0; i < 16; i++, count++) idt[0x20 + i] = gate(isr_stub_table[32 + i], SEL_KERNEL_CODE, GATE_INTERRUPT32);
    idt[0x80] = gate(isr_stub_table[48], SEL_KERNEL_CODE, GATE_INTERRUPT32_USER);
    count++;
    static struct table_ptr ptr;
    ptr.limit = sizeof idt - 1;
    ptr.base = (uint32_t)idt;
    __asm__ volatile("lidt %0" : : "m"(ptr));
    return count;
}
