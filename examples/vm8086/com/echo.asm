; echo.com — reads lines from the keyboard (int 16h AH=00h, no echo) and answers each one in
; upper case with its length; Esc, Ctrl-Z (end of input) or the line "quit" ends it.
; Exercises: int 16h/10h/21h, REP MOVSB, REPE CMPSB, XLAT-free case mapping, DOS AH=40h.
        cpu 8086
        org 0x100

start:  mov dx, banner
        call puts
prompt: mov dx, prompt_s
        call puts
        mov di, line
        xor cx, cx              ; CX = length so far
.key:   mov ah, 0x00            ; int 16h AH=00h: wait for a key, AL = ASCII
        int 0x16
        cmp al, 0x1a            ; Ctrl-Z: end of input
        je eof
        cmp al, 27              ; Esc
        je bye
        cmp al, 13
        je .eol
        cmp al, 10
        je .eol
        cmp cx, 72              ; keep room for the answer
        jae .key
        stosb
        inc cx
        jmp .key
.eol:   call newline
        ; "quit" ends the session (REPE CMPSB against the keyword).
        cmp cx, 4
        jne .answer
        mov si, line
        mov di, quit_s
        push cx
        repe cmpsb
        pop cx
        je bye
.answer:
        ; Copy the line into the reply after "ECHO: " with REP MOVSB, then upper-case it in place.
        mov si, line
        mov di, reply_text
        push cx
        rep movsb
        pop cx
        mov si, reply_text
        mov bx, cx
.upper: or bx, bx
        jz .send
        mov al, [si]
        cmp al, 'a'
        jb .next
        cmp al, 'z'
        ja .next
        sub al, 'a' - 'A'
        mov [si], al
.next:  inc si
        dec bx
        jmp .upper
.send:  mov ah, 0x40            ; DOS write to handle 1
        mov bx, 1
        mov dx, reply
        add cx, reply_text - reply
        int 0x21
        mov dx, len_s
        call puts
        mov ax, cx
        sub ax, reply_text - reply
        call print_u16
        mov dx, close_s
        call puts
        inc word [count]
        jmp prompt

eof:    call newline
bye:    mov dx, bye_s
        call puts
        mov ax, [count]
        call print_u16
        mov dx, lines_s
        call puts
        mov ax, 0x4c00
        int 0x21

%include "lib.inc"

banner:   db "vm8086 echo: type lines, Esc or 'quit' to stop", 10, '$'
prompt_s: db "> $"
len_s:    db " ($"
close_s:  db " chars)", 10, '$'
bye_s:    db "bye after $"
lines_s:  db " lines", 10, '$'
quit_s:   db "quit"
count:    dw 0
reply:    db "ECHO: "
reply_text: times 80 db 0
line:     times 80 db 0
