; nk bench kernel entry: Multiboot v1 header, a 16 KiB stack, interrupts left off, call bench_main.
; Multiboot Specification 0.6.96 §3.1.
MB_MAGIC    equ 0x1BADB002
MB_FLAGS    equ 0x00000003          ; page-align modules, want memory info
section .multiboot
align 4
    dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

section .bss
align 16
stack_bottom: resb 16384
stack_top:

section .text
global _start
extern bench_main
_start:
    cli
    mov esp, stack_top
    call bench_main
.hang:
    hlt
    jmp .hang
