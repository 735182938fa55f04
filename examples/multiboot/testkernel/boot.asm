; nk test kernel: Multiboot v1 header, entry point, interrupt stubs and the
; ring-transition helpers (GDT reload, enter ring 3, return from ring 3).
; Multiboot Specification 0.6.96 §3.1; Intel SDM Vol. 3A §6.12 (exception frames).

MB_MAGIC    equ 0x1BADB002
MB_FLAGS    equ 0x00000003          ; bit 0: page-align modules, bit 1: want memory info
MB_CHECKSUM equ -(MB_MAGIC + MB_FLAGS)

section .multiboot
align 4
    dd MB_MAGIC
    dd MB_FLAGS
    dd MB_CHECKSUM

section .bss
align 16
stack_bottom:
    resb 16384
stack_top:

global kernel_saved_esp
kernel_saved_esp: resd 1

section .text
global _start
extern kmain
_start:
    cli
    mov esp, stack_top
    push ebx                        ; multiboot info pointer
    push eax                        ; multiboot magic
    call kmain
.hang:
    cli
    hlt
    jmp .hang

; ---------------------------------------------------------------------------
; void gdt_load(const struct gdt_ptr *ptr, uint16_t tss_selector)
; Loads the GDT, reloads CS with a far jump and the data segments, then loads TR.
global gdt_load
gdt_load:
    mov eax, [esp + 4]
    lgdt [eax]
    jmp 0x08:.reload_cs
.reload_cs:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov ax, [esp + 8]
    ltr ax
    ret

; ---------------------------------------------------------------------------
; uint32_t enter_user(uint32_t eip, uint32_t esp)
; Saves the callee-saved registers and ESP, then irets to ring 3 (CS 0x1B, SS 0x23).
; Returns (through user_return) the value passed to user_return.
global enter_user
enter_user:
    push ebp
    push ebx
    push esi
    push edi
    mov [kernel_saved_esp], esp
    mov ecx, [esp + 20]             ; user eip
    mov edx, [esp + 24]             ; user esp
    mov ax, 0x23
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    push dword 0x23                 ; ss
    push edx                        ; esp
    push dword 0x202                ; eflags: IF=1, reserved bit 1
    push dword 0x1B                 ; cs
    push ecx                        ; eip
    iret

; void user_return(uint32_t value) — called from the int 0x80 handler (on the
; TSS esp0 stack); abandons that frame and returns from enter_user.
global user_return
user_return:
    mov eax, [esp + 4]
    mov esp, [kernel_saved_esp]
    mov dx, 0x10
    mov ds, dx
    mov es, dx
    mov fs, dx
    mov gs, dx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

; ---------------------------------------------------------------------------
; Interrupt stubs: each pushes (error code or 0) and the vector, then joins
; isr_common, which builds a struct trap_frame and calls isr_dispatch(frame*).
%macro ISR_NOERR 1
isr_%1:
    push dword 0
    push dword %1
    jmp isr_common
%endmacro
%macro ISR_ERR 1
isr_%1:
    push dword %1
    jmp isr_common
%endmacro

; Vectors whose exceptions push an error code: 8, 10-14, 17, 21 (SDM Vol. 3A Table 6-1).
%assign v 0
%rep 32
  %if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21
    ISR_ERR %[v]
  %else
    ISR_NOERR %[v]
  %endif
  %assign v v+1
%endrep
%assign v 0x20
%rep 16
    ISR_NOERR %[v]
  %assign v v+1
%endrep
    ISR_NOERR 128

extern isr_dispatch
isr_common:
    pusha
    push ds
    push es
    push fs
    push gs
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    push esp                        ; struct trap_frame *
    call isr_dispatch
    add esp, 4
    pop gs
    pop fs
    pop es
    pop ds
    popa
    add esp, 8                      ; vector + error code
    iret

; Table of stub addresses, in the order 0..31, 0x20..0x2F, 0x80.
section .rodata
global isr_stub_table
isr_stub_table:
%assign v 0
%rep 32
    dd isr_%[v]
  %assign v v+1
%endrep
%assign v 0x20
%rep 16
    dd isr_%[v]
  %assign v v+1
%endrep
    dd isr_128
