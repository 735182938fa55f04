# Shared by scripts/build_guests.sh and scripts/build_userland.sh (source it; needs $CACHE set).
# musl_root: finds (or fetches) musl for i386 and prints its sysroot (the dir holding
# usr/lib/i386-linux-musl). It only downloads and unpacks musl-dev:i386 — installing it with apt would
# pull in Debian's i686 cross gcc, which removes gcc-multilib.
musl_root() {
  if [[ -f /usr/lib/i386-linux-musl/libc.a && -d /usr/include/i386-linux-musl ]]; then
    echo /; return
  fi
  local dest="$CACHE/musl-i386"
  if [[ -f "$dest/usr/lib/i386-linux-musl/libc.a" ]]; then
    echo "$dest"; return
  fi
  command -v apt-get >/dev/null || { echo "musl_root: no musl for i386 and no apt-get" >&2; return 1; }
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
  fi
  local work
  work="$(mktemp -d)"
  # _apt cannot write into mktemp's 0700 dir; let it, and refresh the lists only when needed.
  chmod 755 "$work"
  (cd "$work" && { apt-get download musl-dev:i386 >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get download musl-dev:i386 >/dev/null; }; }) >&2
  mkdir -p "$dest"
  dpkg-deb -x "$work"/musl-dev_*_i386.deb "$dest"
  rm -rf "$work"
  echo "musl_root: unpacked musl-dev:i386 into $dest" >&2
  echo "$dest"
}
