#!/usr/bin/env bash
# build_userland.sh — builds nk's own userland (examples/userland/src/*.c) as small static i386
# musl programs into examples/userland/bin/, then regenerates the built-in image of bare `nk`
# (examples/userland/image_bundle.ts, which `bun build --compile` embeds) with gen_builtin_image.ts.
# Only programs older than their source or this script are rebuilt; `--force` rebuilds all.
# The musl recipe (and the musl-dev:i386 unpacking) is scripts/build_guests.sh's, repeated here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/examples/userland/src"
BIN="$ROOT/examples/userland/bin"
CACHE="$ROOT/tests/guest/.cache"
SELF="$ROOT/scripts/build_userland.sh"
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    *) echo "usage: $0 [--force]" >&2; exit 2 ;;
  esac
done

# Small (-Os -s), non-PIE, no build-id and no stack protector: rebuilds are byte-identical.
COMMON=(-m32 -static -Os -s -fno-pie -no-pie -fno-stack-protector -fno-asynchronous-unwind-tables
  -Wall -Wno-unused-result -Wl,--build-id=none -Wl,--gc-sections -ffunction-sections -fdata-sections)

# musl_root (finds or fetches musl for i386) is shared with the other build script.
source "$ROOT/scripts/lib/musl_i386.sh"

mkdir -p "$BIN"
built=0
skipped=0
MUSL=""
for src in "$SRC"/*.c; do
  name="$(basename "$src" .c)"
  out="$BIN/$name"
  if [[ $FORCE == 0 && -f "$out" && "$out" -nt "$src" && "$out" -nt "$SELF" ]]; then
    skipped=$((skipped + 1))
    continue
  fi
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
  gcc "${COMMON[@]}" -nostdinc -isystem "$MINC" -isystem "$GCCINC" -nostdlib -nostartfiles -o "$out" \
    "$MLIB/crt1.o" "$MLIB/crti.o" "$CRTBEGIN" "$src" \
    -L"$MLIB" -Wl,--start-group -lc "$LIBGCC" "$LIBGCC_EH" -Wl,--end-group \
    "$CRTEND" "$MLIB/crtn.o"
  echo "built $name ($(stat -c %s "$out") bytes)"
  built=$((built + 1))
done
echo "build_userland: $built built, $skipped up to date"

npx --yes bun "$ROOT/scripts/gen_builtin_image.ts" 2>/dev/null || bun "$ROOT/scripts/gen_builtin_image.ts"
