#!/usr/bin/env python3
"""Turns the insn_count QEMU plugin log into the JSON recorded beside a multiboot kernel.
Usage: insn_json.py PLUGIN_LOG ENTRY_ADDRESS > insn_count.json"""
import json, re, sys

log = open(sys.argv[1]).read()
total = int(re.search(r"^insns: (\d+)$", log, re.M).group(1))
from_entry = int(re.search(r"^insns_from_entry: (\d+)$", log, re.M).group(1))
print(json.dumps({
    "method": "QEMU 7.2 TCG plugin examples/multiboot/tools/insn_count.c: an inline counter on every "
              "guest instruction; from_entry counts from the first execution of the ELF entry point "
              "through the OUT to isa-debug-exit, both inclusive",
    "qemu_command": "qemu-system-i386 -kernel bench.elf -m 64 -display none -no-reboot "
                    "-device isa-debug-exit,iobase=0xf4,iosize=0x04 -plugin insn_count.so,entry=ENTRY -d plugin",
    "entry": sys.argv[2],
    "instructions_from_entry": from_entry,
    "instructions_total_including_firmware": total,
}, indent=2))
