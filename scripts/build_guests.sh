#!/usr/bin/env bash
# build_guests.sh — builds every tests/guest/src/*.c twice as a static i386 Linux ELF:
#   tests/guest/bin/glibc/NAME   gcc -m32 -static (Debian glibc, needs gcc-multilib)
#   tests/guest/bin/musl/NAME    gcc -m32 -static against musl 1.2.x for i386 (recipe below)
# Only outputs older than their source, guest.h or this script are rebuilt, so a second run is
# a no-op. `--expect` then regenerates tests/guest/expected/ by running the binaries natively
# (tests/support/write_expected.ts). `--force` rebuilds everything.
#
# musl i386 recipe. Debian's musl-dev:i386 ships /usr/lib/i386-linux-musl/{crt1.o,crti.o,crtn.o,
# libc.a} and headers in /usr/include/i386-linux-musl, but installing it pulls in the i686 cross
# gcc, which *conflicts with gcc-multilib*. So unless it is already installed we only download the
# .deb (`apt-get download musl-dev:i386`, after `dpkg --add-architecture i386`) and unpack it with
# `dpkg-deb -x` into tests/guest/.cache/musl-i386 (git-ignored), then link by hand with the host
# gcc in 32-bit mode — the same thing musl-gcc.specs does:
#   gcc -m32 -static -nostdinc -isystem $MUSL/usr/include/i386-linux-musl -isystem $(gcc -m32
#       -print-file-name=include) -nostdlib -nostartfiles  crt1.o crti.o crtbeginT.o  prog.c
#       -L$MUSL/usr/lib/i386-linux-musl -Wl,--start-group -lc libgcc.a libgcc_eh.a
#       -Wl,--end-group crtend.o crtn.o
# (musl's libc.a already holds libm and pthreads; crtbeginT.o/crtend.o/libgcc come from
# gcc-multilib's 32-bit directory.)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/tests/guest/src"
BIN="$ROOT/tests/guest/bin"
CACHE="$ROOT/tests/guest/.cache"
SELF="$ROOT/scripts/build_guests.sh"
FORCE=0
EXPECT=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --expect) EXPECT=1 ;;
    *) echo "usage: $0 [--force] [--expect]" >&2; exit 2 ;;
  esac
done

# Shared by both libcs: small (-O2 -s), non-PIE, no build-id so rebuilds are byte-identical.
COMMON=(-m32 -static -O2 -s -fno-pie -no-pie -Wall -Wno-unused-result -Wl,--build-id=none)

# musl_root (finds or fetches musl for i386) is shared with the other build script.
source "$ROOT/scripts/lib/musl_i386.sh"

# up_to_date OUT SRC: true when OUT exists and is newer than SRC, guest.h and this script.
up_to_date() {
  [[ $FORCE == 0 && -f "$1" && "$1" -nt "$2" && "$1" -nt "$SRC/guest.h" && "$1" -nt "$SELF" ]]
}

mkdir -p "$BIN/glibc" "$BIN/musl"
built=0
skipped=0
MUSL=""
for src in "$SRC"/*.c; do
  name="$(basename "$src" .c)"

  out="$BIN/glibc/$name"
  if up_to_date "$out" "$src"; then
    skipped=$((skipped + 1))
  else
    gcc "${COMMON[@]}" -o "$out" "$src" -pthread -lm
    echo "built glibc/$name ($(stat -c %s "$out") bytes)"
    built=$((built + 1))
  fi

  out="$BIN/musl/$name"
  if up_to_date "$out" "$src"; then
    skipped=$((skipped + 1))
  else
    if [[ -z "$MUSL" ]]; then
      MUSL="$(musl_root)"
      MLIB="$MUSL/usr/lib/i386-linux-musl"
      MINC="$MUSL/usr/include/i386-linux-musl"
      GCCINC="$(gcc -m32 -print-file-name=include)"
      CRTBEGIN="$(gcc -m32 -print-file-name=crtbeginT.o)"
      CRTEND="$(gcc -m32 -print-file-name=crtend.o)"
      LIBGCC="$(gcc -m32 -print-libgcc-file-name)"
      LIBGCC_EH="$(gcc -m32 -print-file-name=libgcc_eh.a)"
    fi
    gcc "${COMMON[@]}" -fno-stack-protector -nostdinc -isystem "$MINC" -isystem "$GCCINC" \
      -nostdlib -nostartfiles -o "$out" \
      "$MLIB/crt1.o" "$MLIB/crti.o" "$CRTBEGIN" "$src" \
      -L"$MLIB" -Wl,--start-group -lc "$LIBGCC" "$LIBGCC_EH" -Wl,--end-group \
      "$CRTEND" "$MLIB/crtn.o"
    echo "built musl/$name ($(stat -c %s "$out") bytes)"
    built=$((built + 1))
  fi
done
echo "build_guests: $built built, $skipped up to date"

if [[ $EXPECT == 1 ]]; then
  BUN="$ROOT/node_modules/.bin/bun"
  [[ -x "$BUN" ]] || BUN="bun"
  "$BUN" "$ROOT/tests/support/write_expected.ts"
fi
