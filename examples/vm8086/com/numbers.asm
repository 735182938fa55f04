; numbers.com — the primes below N (Eratosthenes' sieve; N from the command tail, default 500,
; at most 60000) in rows of ten, then the first 47 Fibonacci numbers in 32 bits.
; Exercises: REP STOSB, MUL, DIV (32/16 chained), ADD/ADC, LOOP, command-tail parsing.
        cpu 8086
        org 0x100

start:  call tail_number
        jnc .have
        mov ax, 500
.have:  cmp ax, 60000
        jbe .ok
        mov ax, 60000
.ok:    mov [limit], ax
        ; sieve[i] = 1 for "maybe prime"
        mov cx, ax
        mov di, sieve
        mov al, 1
        rep stosb
        mov byte [sieve], 0
        mov byte [sieve + 1], 0
        mov bx, 2               ; BX = candidate
.outer: mov ax, bx
        mul bx                  ; DX:AX = BX*BX
        or dx, dx
        jnz .print
        cmp ax, [limit]
        jae .print
        cmp byte [sieve + bx], 0
        je .nextb
        mov di, ax              ; cross out BX*BX, BX*BX+BX, ...
.cross: mov byte [sieve + di], 0
        add di, bx
        jc .nextb
        cmp di, [limit]
        jb .cross
.nextb: inc bx
        jmp .outer

.print: mov dx, primes_s
        call puts
        mov ax, [limit]
        call print_u16
        mov dx, colon_s
        call puts
        xor bx, bx              ; BX = number
        xor si, si              ; SI = primes found
.scan:  cmp bx, [limit]
        jae .count
        cmp byte [sieve + bx], 0
        je .skip
        mov ax, bx
        mov cl, 6
        call print_pad
        inc si
        mov ax, si
        mov dl, 10
        div dl                  ; AH = SI mod 10
        or ah, ah
        jnz .skip
        call newline
.skip:  inc bx
        jmp .scan
.count: mov ax, si
        mov dl, 10
        div dl
        or ah, ah
        jz .total
        call newline
.total: mov ax, si
        call print_u16
        mov dx, found_s
        call puts

        ; Fibonacci: F(1)..F(47) fit in 32 bits. Current in [fib_hi]:BX, previous in DI:SI.
        mov dx, fib_s
        call puts
        xor si, si
        xor di, di
        mov bx, 1
        mov bp, 1               ; BP = index
.fib:   mov ax, bp
        mov cl, 2
        call print_pad
        mov al, ':'
        call putc
        mov al, ' '
        call putc
        mov ax, bx
        mov dx, [fib_hi]
        call print_u32
        call newline
        ; next = current + previous (ADD low words, ADC high words)
        mov ax, bx
        mov dx, [fib_hi]
        add bx, si
        mov cx, dx
        adc cx, di
        mov si, ax
        mov di, dx
        mov [fib_hi], cx
        inc bp
        cmp bp, 47
        jbe .fib
        mov ax, 0x4c00
        int 0x21

%include "lib.inc"

primes_s: db "primes below $"
colon_s:  db ":", 10, '$'
found_s:  db " primes", 10, '$'
fib_s:    db "fibonacci:", 10, '$'
limit:    dw 0
fib_hi:   dw 0
sieve:
