/* nk test kernel: walks through the PC features nk must emulate, printing one deterministic line per
 * check on COM1, then exits through isa-debug-exit. Steps (a)–(l) are listed in README.md.
 * References: Intel SDM Vol. 3A (paging §4.3, exceptions §6), 8259A and 8254 datasheets, MC146818 datasheet. */
#include "../common/console.h"
#include "descriptors.h"
#include "multiboot.h"

#define EXIT_SUCCESS_VALUE 0x10   /* QEMU exit status (0x10 << 1) | 1 = 33 */
#define EXIT_FAILURE_VALUE 0x7F   /* QEMU exit status 255 */

/* 8259A PIC ports and init words (Intel 8259A datasheet, "Initialization Command Words"). */
#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_ICW1_INIT_ICW4 0x11
#define PIC_ICW4_8086 0x01
#define PIC_EOI 0x20
/* 8254 PIT (Intel 8254 datasheet): channel 0 data port, mode/command port, input clock. */
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CMD_CH0_LOHI_MODE2 0x34
#define PIT_INPUT_HZ 1193182
#define TIMER_HZ 100
/* CRTC index/data (IBM VGA: registers 0x0E/0x0F = cursor location high/low). */
#define CRTC_INDEX 0x3D4
#define CRTC_DATA 0x3D5
/* MC146818 RTC via CMOS index/data; register 0x0A bit 7 = update in progress. */
#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

/* Page-table entry bits (SDM Vol. 3A Table 4-5/4-6). */
#define PTE_P 0x001
#define PTE_RW 0x002
#define PTE_US 0x004
#define PTE_A 0x020
#define PTE_D 0x040
#define PDE_PS 0x080
#define CR0_PG 0x80000000u
#define CR0_CD 0x40000000u
#define CR0_NW 0x20000000u
#define CR4_PSE 0x00000010u

#define FAULT_ADDRESS 0x00C01234u   /* in the unmapped PDE 3 (12–16 MiB), RAM under -m 64 */

extern char __user_start[], __user_end[], __user_stack_top[];
extern void user_main(void);
extern uint32_t enter_user(uint32_t eip, uint32_t esp);
extern void user_return(uint32_t value) __attribute__((noreturn));

static uint32_t page_directory[1024] __attribute__((aligned(4096)));
static uint32_t low_table[1024] __attribute__((aligned(4096)));
static uint32_t fault_table[1024] __attribute__((aligned(4096)));

static volatile uint32_t timer_ticks;
static volatile uint32_t page_faults;
static volatile uint32_t divide_errors;
static volatile uint32_t breakpoints;

static void fail(const char *why, uint32_t value) {
    kprintf("FAIL: %s (0x%x)\n", why, value);
    debug_exit(EXIT_FAILURE_VALUE);
    for (;;) __asm__ volatile("cli; hlt");
}

static void check(int ok, const char *what) {
    if (!ok) fail(what, 0);
}

/* ---- interrupt dispatch ---------------------------------------------------------------------- */

static void handle_page_fault(struct trap_frame *f) {
    uint32_t cr2 = read_cr2();
    page_faults++;
    kprintf("[f] #PF: cr2=0x%08x error=0x%x (write, not present, supervisor)\n", cr2, f->error);
    if (cr2 != FAULT_ADDRESS || page_faults > 1) fail("unexpected page fault", cr2);
    /* Map the faulting 4 KiB page identity through a fresh page table, then retry the instruction. */
    uint32_t page = cr2 & ~0xFFFu;
    fault_table[(page >> 12) & 0x3FF] = page | PTE_P | PTE_RW;
    page_directory[page >> 22] = (uint32_t)fault_table | PTE_P | PTE_RW;
    invlpg(page);
}

static void handle_divide_error(struct trap_frame *f) {
    const uint8_t *insn = (const uint8_t *)f->eip;
    divide_errors++;
    /* The test divides with `div ecx` (F7 F1); #DE is a fault, so EIP points at it: skip 2 bytes. */
    if (insn[0] != 0xF7 || insn[1] != 0xF1) fail("#DE not at div ecx", insn[0]);
    f->eip += 2;
}

static void handle_syscall(struct trap_frame *f) {
    uint32_t frame_at = (uint32_t)f;
    int on_trap_stack = frame_at < tss_esp0() && frame_at >= tss_esp0() - 8192;
    if (f->eax == 1) {
        kprintf("[h] int 0x80 write from CPL %u, on TSS esp0 stack: %s, user ss=0x%x\n", f->cs & 3,
                on_trap_stack ? "yes" : "no", f->user_ss);
        kprintf("[h] user says: ");
        const char *s = (const char *)f->ebx;
        for (uint32_t i = 0; i < f->ecx; i++) serial_putc(s[i]);
        serial_putc('\n');
        f->eax = f->ecx;
    } else if (f->eax == 2) {
        kprintf("[h] int 0x80 exit(%u) from CPL %u\n", f->ebx, f->cs & 3);
        user_return(f->ebx);
    } else {
        fail("unknown syscall", f->eax);
    }
}

void isr_dispatch(struct trap_frame *f) {
    uint32_t v = f->vector;
    if (v == 0) {
        handle_divide_error(f);
    } else if (v == 3) {
        breakpoints++;
    } else if (v == 14) {
        handle_page_fault(f);
    } else if (v >= 0x20 && v < 0x30) {
        if (v == 0x20) timer_ticks++;
        if (v >= 0x28) outb(PIC2_CMD, PIC_EOI);
        outb(PIC1_CMD, PIC_EOI);
    } else if (v == 0x80) {
        handle_syscall(f);
    } else {
        kprintf("unexpected vector %u error 0x%x\n", v, f->error);
        fail("unexpected exception", v);
    }
}

/* ---- steps ----------------------------------------------------------------------------------- */

static void step_multiboot(uint32_t magic, const struct multiboot_info *mbi) {
    kprintf("[a] magic=0x%08x %s\n", magic, magic == MULTIBOOT_BOOTLOADER_MAGIC ? "ok" : "BAD");
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC) fail("bad multiboot magic", magic);
    check(mbi->flags & MULTIBOOT_INFO_MEMORY, "no mem_lower/mem_upper");
    kprintf("[a] mem_lower=%u KiB mem_upper=%u KiB\n", mbi->mem_lower, mbi->mem_upper);
    check(mbi->flags & MULTIBOOT_INFO_MMAP, "no memory map");
    uint32_t at = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;
    for (uint32_t i = 0; at < end; i++) {
        const struct multiboot_mmap_entry *e = (const struct multiboot_mmap_entry *)at;
        kprintf("[a] mmap %u: base=0x%08x%08x length=0x%08x%08x type=%u\n", i, (uint32_t)(e->base >> 32),
                (uint32_t)e->base, (uint32_t)(e->length >> 32), (uint32_t)e->length, e->type);
        at += e->size + 4;
    }
    check(mbi->flags & MULTIBOOT_INFO_CMDLINE, "no cmdline");
    /* QEMU passes "<kernel path> <-append>": print only the arguments after the path. */
    const char *cmd = (const char *)mbi->cmdline;
    while (*cmd && *cmd != ' ') cmd++;
    if (*cmd == ' ') cmd++;
    kprintf("[a] cmdline args: \"%s\"\n", cmd);
}

static void step_gdt(void) {
    gdt_init();
    uint16_t cs, ds, ss, tr;
    __asm__ volatile("mov %%cs, %0; mov %%ds, %1; mov %%ss, %2; str %3" : "=r"(cs), "=r"(ds), "=r"(ss), "=r"(tr));
    kprintf("[b] GDT loaded: cs=0x%02x ds=0x%02x ss=0x%02x tr=0x%02x\n", cs, ds, ss, tr);
    check(cs == SEL_KERNEL_CODE && ds == SEL_KERNEL_DATA && ss == SEL_KERNEL_DATA && tr == SEL_TSS, "selectors");
}

static void step_idt(void) {
    uint32_t gates = idt_init();
    struct __attribute__((packed)) { uint16_t limit; uint32_t base; } idtr;
    __asm__ volatile("sidt %0" : "=m"(idtr));
    kprintf("[c] IDT loaded: %u gates, limit=0x%x\n", gates, idtr.limit);
    __asm__ volatile("int3");
    kprintf("[c] int3 -> #BP handler ran %u time(s)\n", breakpoints);
    check(breakpoints == 1, "int3");
}

static void step_timer(void) {
    outb(PIC1_CMD, PIC_ICW1_INIT_ICW4);
    outb(PIC2_CMD, PIC_ICW1_INIT_ICW4);
    outb(PIC1_DATA, 0x20);            /* ICW2: master vectors 0x20–0x27 */
    outb(PIC2_DATA, 0x28);            /* ICW2: slave vectors 0x28–0x2F */
    outb(PIC1_DATA, 0x04);            /* ICW3: slave on IRQ2 */
    outb(PIC2_DATA, 0x02);            /* ICW3: slave identity 2 */
    outb(PIC1_DATA, PIC_ICW4_8086);
    outb(PIC2_DATA, PIC_ICW4_8086);
    outb(PIC1_DATA, 0xFE);            /* OCW1: only IRQ0 unmasked */
    outb(PIC2_DATA, 0xFF);
    kprintf("[d] PIC remapped to 0x20/0x28, masks master=0x%02x slave=0x%02x\n", inb(PIC1_DATA), inb(PIC2_DATA));
    uint32_t divisor = (PIT_INPUT_HZ + TIMER_HZ / 2) / TIMER_HZ;
    outb(PIT_CMD, PIT_CMD_CH0_LOHI_MODE2);
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, divisor >> 8);
    kprintf("[d] PIT channel 0 mode 2, divisor %u (%u Hz)\n", divisor, TIMER_HZ);
    __asm__ volatile("sti");
    while (timer_ticks < 5) __asm__ volatile("hlt");
    __asm__ volatile("cli");
    uint32_t seen = timer_ticks;
    outb(PIC1_DATA, 0xFF);            /* mask the timer again: later output must not depend on time */
    /* Print only the threshold: the exact count at this point could depend on host timing. */
    kprintf("[d] hlt loop saw at least 5 timer ticks: %s\n", seen >= 5 ? "yes" : "no");
}

static void step_paging(void) {
    uint32_t user_lo = (uint32_t)__user_start, user_hi = (uint32_t)__user_end;
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t addr = i << 12;
        uint32_t user = addr >= user_lo && addr < user_hi ? PTE_US : 0;
        low_table[i] = addr | PTE_P | PTE_RW | user;
    }
    page_directory[0] = (uint32_t)low_table | PTE_P | PTE_RW | PTE_US;
    page_directory[1] = 0x00400000u | PTE_P | PTE_RW | PDE_PS;   /* 4 MiB page: 4–8 MiB */
    write_cr4(read_cr4() | CR4_PSE);
    write_cr3((uint32_t)page_directory);
    write_cr0((read_cr0() & ~(CR0_CD | CR0_NW)) | CR0_PG);
    kprintf("[e] paging on: cr0=0x%08x cr3=0x%08x cr4=0x%08x\n", read_cr0(), read_cr3(), read_cr4());
    volatile uint32_t *big = (volatile uint32_t *)0x00480000u;
    uint32_t before = *big;
    (void)before;
    __asm__ volatile("" : : : "memory");   /* keep the PDE reads after the accesses they observe */
    kprintf("[e] after read of 0x00480000: pde[1]=0x%08x\n", page_directory[1]);
    *big = 0x5EED1234u;
    __asm__ volatile("" : : : "memory");
    kprintf("[e] after write: pde[1]=0x%08x readback=0x%08x\n", page_directory[1], *big);
}

static void step_page_fault(void) {
    volatile uint32_t *p = (volatile uint32_t *)FAULT_ADDRESS;
    *p = 0xCAFEBABEu;
    __asm__ volatile("" : : : "memory");   /* the handler changed fault_table behind the compiler's back */
    kprintf("[f] write retried: value=0x%08x page faults=%u pte=0x%08x\n", *p, page_faults,
            fault_table[(FAULT_ADDRESS >> 12) & 0x3FF]);
}

static void step_divide(void) {
    uint32_t quotient = 1234;
    __asm__ volatile("xor %%edx, %%edx\n\tdiv %%ecx" : "+a"(quotient) : "c"(0) : "edx");
    kprintf("[g] #DE caught %u time(s), div skipped, eax kept=%u\n", divide_errors, quotient);
}

static void step_user(void) {
    kprintf("[h] entering ring 3 (cs=0x%02x ss=0x%02x)\n", SEL_USER_CODE, SEL_USER_DATA);
    uint32_t code = enter_user((uint32_t)user_main, (uint32_t)__user_stack_top);
    uint16_t cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    kprintf("[h] back in ring 0: CPL=%u, user exit code %u\n", cs & 3, code);
}

static void step_vga(void) {
    static const char text[] = "nk test kernel: VGA text ok";
    volatile uint16_t *vga = (volatile uint16_t *)0xB8000;
    const uint16_t attribute = 0x1F00;   /* white on blue */
    uint32_t n = sizeof text - 1, good = 0;
    for (uint32_t i = 0; i < n; i++) vga[i] = attribute | (uint8_t)text[i];
    for (uint32_t i = 0; i < n; i++) good += vga[i] == (attribute | (uint8_t)text[i]);
    kprintf("[i] VGA wrote %u cells at 0xb8000, %u read back\n", n, good);
    uint16_t pos = 2 * 80 + 5;
    outb(CRTC_INDEX, 0x0F);
    outb(CRTC_DATA, pos & 0xFF);
    outb(CRTC_INDEX, 0x0E);
    outb(CRTC_DATA, pos >> 8);
    outb(CRTC_INDEX, 0x0F);
    uint16_t lo = inb(CRTC_DATA);
    outb(CRTC_INDEX, 0x0E);
    uint16_t hi = inb(CRTC_DATA);
    kprintf("[i] cursor set to %u, CRTC reads back %u\n", pos, (hi << 8) | lo);
}

static uint8_t cmos_read(uint8_t reg) {
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static void step_rtc(void) {
    while (cmos_read(0x0A) & 0x80) {
    }
    uint8_t seconds = cmos_read(0x00);
    uint8_t reg_b = cmos_read(0x0B);
    int bcd_valid = (seconds & 0x0F) <= 9 && (seconds >> 4) <= 5;
    kprintf("[j] RTC register B=0x%02x, seconds BCD-valid: %s\n", reg_b, bcd_valid ? "yes" : "no");
}

static void step_cpuid(void) {
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1));
    kprintf("[k] cpuid.1 edx FPU bit: %u\n", d & 1);
    int32_t x = 6, y = 7, product = 0;
    uint16_t status;
    __asm__ volatile("fninit\n\tfnstsw %0" : "=m"(status));
    __asm__ volatile("fildl %1\n\tfimull %2\n\tfistpl %0" : "=m"(product) : "m"(x), "m"(y));
    kprintf("[k] x87: status after fninit=0x%04x, 6*7=%d\n", status, product);
}

void kmain(uint32_t magic, const struct multiboot_info *mbi) {
    serial_init();
    kprintf("nk test kernel start\n");
    step_multiboot(magic, mbi);
    step_gdt();
    step_idt();
    step_timer();
    step_paging();
    step_page_fault();
    step_divide();
    step_user();
    step_vga();
    step_rtc();
    step_cpuid();
    kprintf("[l] all checks passed, writing 0x%02x to port 0x%02x\n", EXIT_SUCCESS_VALUE, DEBUG_EXIT_PORT);
    debug_exit(EXIT_SUCCESS_VALUE);
    kprintf("FAIL: isa-debug-exit did not stop the machine\n");
    for (;;) __asm__ volatile("cli; hlt");
}
