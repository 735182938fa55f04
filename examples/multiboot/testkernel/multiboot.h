/* Multiboot v1 information structure (Multiboot Specification 0.6.96 §3.3), the fields the test kernel reads. */
#ifndef NK_TK_MULTIBOOT_H
#define NK_TK_MULTIBOOT_H
#include "../common/io.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define MULTIBOOT_INFO_MEMORY  0x001   /* mem_lower / mem_upper valid */
#define MULTIBOOT_INFO_CMDLINE 0x004   /* cmdline valid */
#define MULTIBOOT_INFO_MMAP    0x040   /* mmap_length / mmap_addr valid */

struct __attribute__((packed)) multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;     /* KiB below 1 MiB / above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
};

/* One memory map entry; `size` excludes itself, so the next entry is at (char*)e + e->size + 4. */
struct __attribute__((packed)) multiboot_mmap_entry {
    uint32_t size;
    uint64_t base;
    uint64_t length;
    uint32_t type;                     /* 1 = available RAM, others reserved */
};
#endif
