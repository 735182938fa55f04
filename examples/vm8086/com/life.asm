; life.com — Conway's game of life on a 40x20 torus, printing N generations (N from the command
; tail, default 8) as text. The board has a one-cell border that mirrors the opposite edge, so
; counting neighbours needs no wrap tests; each generation is built in a second board and copied
; back with REP MOVSB (the copy nk's vm8086 module does in the kernel in hybrid mode).
; Exercises: REP MOVSB/STOSB, XLAT, LODSB, MUL, based-indexed addressing, DOS AH=40h writes.
        cpu 8086
        org 0x100

W       equ 40
H       equ 20
S       equ W + 2               ; stride of a bordered row
CELLS   equ S * (H + 2)

start:  call tail_number
        jnc .have
        mov ax, 8
.have:  mov [gens], ax
        ; Seed: a glider, a blinker, an R-pentomino and a lightweight spaceship.
        mov si, seed
.plant: lodsw                   ; AL = row, AH = column (0-based), 0xFFFF ends
        cmp ax, 0xffff
        je .run
        call cell_addr
        mov byte [board + bx], 1
        jmp .plant
.run:   mov word [gen], 0
.loop:  call show
        mov ax, [gen]
        cmp ax, [gens]
        jae .done
        call wrap
        call step
        ; board := next, the whole bordered array in one REP MOVSB
        mov si, next
        mov di, board
        mov cx, CELLS
        rep movsb
        inc word [gen]
        jmp .loop
.done:  mov dx, alive_s
        call puts
        call population
        call print_u16
        call newline
        mov ax, 0x4c00
        int 0x21

; cell_addr: AL = row, AH = column -> BX = offset of the cell in a bordered board.
cell_addr:
        push ax
        push dx
        mov bl, ah
        mov bh, 0
        mov ah, 0
        inc ax
        mov dx, S
        mul dx
        add ax, bx
        inc ax
        mov bx, ax
        pop dx
        pop ax
        ret

; wrap: fills the border from the opposite edges (rows with REP MOVSB, columns byte by byte).
wrap:   mov si, board + H * S   ; last real row -> top border row
        mov di, board
        mov cx, S
        rep movsb
        mov si, board + S       ; first real row -> bottom border row
        mov di, board + (H + 1) * S
        mov cx, S
        rep movsb
        mov bx, board
        mov cx, H + 2
.col:   mov al, [bx + W]        ; last real column -> left border
        mov [bx], al
        mov al, [bx + 1]        ; first real column -> right border
        mov [bx + W + 1], al
        add bx, S
        loop .col
        ret

; step: next = the rule applied to board (B3/S23).
step:   mov bx, S + 1           ; BX walks the real cells
        mov dh, H
.row:   mov dl, W
.cell:  xor ax, ax
        mov si, neighbours
        mov cx, 8
.sum:   mov di, [si]            ; DI = signed offset of a neighbour
        add si, 2
        add al, [board + bx + di]
        loop .sum
        mov ah, [board + bx]
        mov byte [next + bx], 0
        cmp al, 3
        je .born
        cmp al, 2
        jne .dead
        or ah, ah
        jz .dead
.born:  mov byte [next + bx], 1
.dead:  inc bx
        dec dl
        jnz .cell
        add bx, 2               ; skip the right and left border cells
        dec dh
        jnz .row
        ret

; show: prints "generation N (P alive):" and the board, each row translated with XLAT.
show:   mov dx, gen_s
        call puts
        mov ax, [gen]
        call print_u16
        mov dx, paren_s
        call puts
        call population
        call print_u16
        mov dx, alive_end_s
        call puts
        mov si, board + S + 1
        mov cx, H
.row:   push cx
        mov di, text
        mov cx, W
        mov bx, glyphs
.char:  lodsb
        xlat
        mov [di], al
        inc di
        loop .char
        mov byte [di], 10
        mov ah, 0x40
        mov bx, 1
        mov cx, W + 1
        mov dx, text
        int 0x21
        add si, 2
        pop cx
        loop .row
        ret

; population: AX = number of live cells.
population:
        push bx
        push cx
        push dx
        xor ax, ax
        mov bx, S + 1
        mov dh, H
.row:   mov cx, W
.cell:  add al, [board + bx]
        adc ah, 0
        inc bx
        loop .cell
        add bx, 2
        dec dh
        jnz .row
        pop dx
        pop cx
        pop bx
        ret

%include "lib.inc"

neighbours: dw -S - 1, -S, -S + 1, -1, 1, S - 1, S, S + 1
glyphs:   db ".#"
gen_s:    db "generation $"
paren_s:  db " ($"
alive_end_s: db " alive):", 10, '$'
alive_s:  db "alive at the end: $"
; seed cells as (row, column) byte pairs
seed:     db 1, 2,  2, 3,  3, 1,  3, 2,  3, 3               ; glider
          db 5, 30, 5, 31, 5, 32                            ; blinker
          db 10, 16, 10, 17, 11, 15, 11, 16, 12, 16         ; R-pentomino
          db 16, 2, 16, 5, 17, 6, 18, 2, 18, 6, 19, 3, 19, 4, 19, 5, 19, 6 ; LWSS
          dw 0xffff
gens:     dw 0
gen:      dw 0
text:     times W + 1 db 0
board:    times CELLS db 0
next:     times CELLS db 0
