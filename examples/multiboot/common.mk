# Shared toolchain flags for the nk multiboot examples (freestanding i386, loaded at 1 MiB).
CC      := gcc
AS      := nasm
LD      := ld
CFLAGS  := -m32 -march=i686 -ffreestanding -fno-pie -fno-pic -nostdlib -O2 -Wall -Wextra \
           -fno-stack-protector -fno-asynchronous-unwind-tables -fno-ident -mno-sse -mno-mmx \
           -ffile-prefix-map=$(CURDIR)=.
ASFLAGS := -f elf32
LDFLAGS := -m elf_i386 -nostdlib --build-id=none -z noexecstack --no-warn-rwx-segments
