#!/usr/bin/env bash
# build.sh — builds the hosted-VM case study (thesis §5.1): bin/vm8086 (the 8086 emulator in C, a
# static i386 musl ELF, linked with the recipe of scripts/build_guests.sh) and com/*.com (nasm).
# `--expect` then regenerates expected/ by running each program natively (the committed oracle).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
EXPECT=0
[[ "${1:-}" == "--expect" ]] && EXPECT=1

# musl i386: a system install, or the copy scripts/build_guests.sh unpacks (it fetches it if absent).
if [[ -f /usr/lib/i386-linux-musl/libc.a ]]; then
  MUSL=/
else
  MUSL="$ROOT/tests/guest/.cache/musl-i386"
  if [[ ! -f "$MUSL/usr/lib/i386-linux-musl/libc.a" ]]; then
    "$ROOT/scripts/build_guests.sh" >/dev/null
  fi
fi
MLIB="$MUSL/usr/lib/i386-linux-musl"
MINC="$MUSL/usr/include/i386-linux-musl"

mkdir -p "$HERE/bin"
gcc -m32 -static -O2 -s -fno-pie -no-pie -Wall -Wextra -Wno-unused-result -Wl,--build-id=none \
  -fno-stack-protector -nostdinc -isystem "$MINC" -isystem "$(gcc -m32 -print-file-name=include)" \
  -nostdlib -nostartfiles -o "$HERE/bin/vm8086" \
  "$MLIB/crt1.o" "$MLIB/crti.o" "$(gcc -m32 -print-file-name=crtbeginT.o)" "$HERE"/src/*.c \
  -L"$MLIB" -Wl,--start-group -lc "$(gcc -m32 -print-libgcc-file-name)" \
  "$(gcc -m32 -print-file-name=libgcc_eh.a)" -Wl,--end-group \
  "$(gcc -m32 -print-file-name=crtend.o)" "$MLIB/crtn.o"
echo "built bin/vm8086 ($(stat -c %s "$HERE/bin/vm8086") bytes)"

for src in "$HERE"/com/*.asm; do
  name="$(basename "$src" .asm)"
  nasm -f bin -I "$HERE/com/" -o "$HERE/com/$name.com" "$src"
  echo "built com/$name.com ($(stat -c %s "$HERE/com/$name.com") bytes)"
done

if [[ $EXPECT == 1 ]]; then
  # The cases tests/vm/vm8086_test.ts runs: NAME ARGS... < stdin file (if any).
  mkdir -p "$HERE/expected"
  run() { local out="$1"; shift; "$HERE/bin/vm8086" "$@" > "$HERE/expected/$out"; }
  run echo.out "$HERE/com/echo.com" < "$HERE/expected/echo.in"
  run numbers.out "$HERE/com/numbers.com" 100
  run life.out "$HERE/com/life.com" 2
  echo "wrote expected/"
fi
