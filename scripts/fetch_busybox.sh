#!/usr/bin/env bash
# fetch_busybox.sh — puts Debian's static i386 busybox at tests/fixtures/busybox (git-ignored).
# Steps: `dpkg --add-architecture i386` (only if missing), `apt-get download busybox-static:i386`
# (after `apt-get update` when the first try finds no candidate), `dpkg-deb -x`, copy bin/busybox.
# Idempotent: exits at once when the fixture is already there and runs. Needs root for dpkg/apt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/tests/fixtures/busybox"

if [[ -x "$DEST" ]] && "$DEST" true 2>/dev/null; then
  echo "fetch_busybox: $DEST already present"
  exit 0
fi
command -v apt-get >/dev/null || { echo "fetch_busybox: apt-get is unavailable" >&2; exit 1; }

if ! dpkg --print-foreign-architectures | grep -qx i386; then
  dpkg --add-architecture i386
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt's _apt user downloads into it
cd "$work"
if ! apt-get download busybox-static:i386 >/dev/null 2>&1; then
  apt-get update >/dev/null
  apt-get download busybox-static:i386 >/dev/null
fi
dpkg-deb -x busybox-static_*_i386.deb extracted
mkdir -p "$(dirname "$DEST")"
install -m 755 extracted/bin/busybox "$DEST"
echo "fetch_busybox: installed $("$DEST" | head -1) at $DEST"
