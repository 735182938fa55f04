; Differential-test trampoline (i386, NASM): loads the 8 GPRs and EFLAGS of one case, jumps to the
; case's code, and on return (the code ends with `jmp [exit_vector]`) stores the registers and
; EFLAGS. Called from driver.c; the case stack and code pages live at fixed addresses.
bits 32
section .data
global g_in, g_out, exit_vector
g_in:        times 9 dd 0        ; eax ecx edx ebx esp ebp esi edi eflags
g_out:       times 9 dd 0
exit_vector: dd case_exit
host_esp:    dd 0
code_ptr:    dd 0
scratch:     times 16 dd 0       ; a private stack for PUSHFD, so the case stack is not touched
scratch_top:

section .text
global run_case
; void run_case(void *code): runs g_in through the code at `code`, fills g_out.
run_case:
    push ebp
    push ebx
    push esi
    push edi
    mov [host_esp], esp
    mov eax, [esp + 20]
    mov [code_ptr], eax
    mov eax, [g_in + 16]          ; the case ESP; the generator put EFLAGS at [ESP-4]
    lea esp, [eax - 4]
    popfd
    mov ecx, [g_in + 4]
    mov edx, [g_in + 8]
    mov ebx, [g_in + 12]
    mov ebp, [g_in + 20]
    mov esi, [g_in + 24]
    mov edi, [g_in + 28]
    mov eax, [g_in + 0]
    jmp [code_ptr]
case_exit:
    mov [g_out + 0], eax
    mov [g_out + 4], ecx
    mov [g_out + 8], edx
    mov [g_out + 12], ebx
    mov [g_out + 16], esp
    mov [g_out + 20], ebp
    mov [g_out + 24], esi
    mov [g_out + 28], edi
    mov esp, scratch_top
    pushfd
    pop dword [g_out + 32]
    cld
    mov esp, [host_esp]
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
section .note.GNU-stack noalloc noexec nowrite progbits
