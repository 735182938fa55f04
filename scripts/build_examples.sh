#!/usr/bin/env bash
# Builds the nk example guests: the multiboot test and bench kernels (examples/multiboot/) and the static
# i386 user-mode benchmarks (examples/bench/bin/). Idempotent (make); reproducible (no build IDs, no
# timestamps, source paths mapped to ".").
# Usage: scripts/build_examples.sh [--check]   --check also runs the kernels under qemu-system-i386 and
#        compares their serial output and exit status, and runs each benchmark natively against manifest.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SOURCE_DATE_EPOCH=0 LC_ALL=C

make -s -C "$root/examples/multiboot/testkernel" kernel.elf
make -s -C "$root/examples/multiboot/bench" bench.elf
make -s -C "$root/examples/bench" all
echo "built: examples/multiboot/testkernel/kernel.elf examples/multiboot/bench/bench.elf examples/bench/bin/*"

if [[ "${1:-}" == "--check" ]]; then
    make -s -C "$root/examples/multiboot/testkernel" check
    make -s -C "$root/examples/multiboot/bench" check
    python3 - "$root/examples/bench" <<'PY'
import json, subprocess, sys
root = sys.argv[1]
failed = 0
for b in json.load(open(f"{root}/manifest.json"))["benchmarks"]:
    out = subprocess.run([f"{root}/{b['binary']}", *b["args"]], capture_output=True, text=True, cwd=root).stdout
    ok = b["expected"] in out.splitlines()
    failed += not ok
    print(f"{b['name']}: {'ok' if ok else 'MISMATCH: ' + out.strip()}")
sys.exit(1 if failed else 0)
PY
fi
