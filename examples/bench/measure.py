#!/usr/bin/env python3
"""Regenerates manifest.json for the nk user-mode benchmarks in bin/ (run by hand, not by the build).

For each benchmark: runs it natively (taskset -c 1) to take the expected checksum line and the median wall
time of 5 runs, then counts user-mode instructions of the main process with `valgrind --tool=lackey
--basic-counts=yes` ("guest instrs"). Forked children and exec'd images are not in that count (valgrind
reports each process separately and forked children inherit the parent's counters), so os benchmarks
carry a note. Usage: python3 measure.py [--no-insns] [name ...]
"""
import json, os, re, statistics, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHES = [  # name, kind, args, note on the instruction count
    ("sieve", "integer", [], None),
    ("crc32", "integer", [], None),
    ("sha256", "integer", [], None),
    ("matmul", "integer", [], None),
    ("qsort", "integer", [], None),
    ("nbody", "x87", [], None),
    ("mandelbrot", "x87", [], None),
    ("nbody_sse2", "sse2", [], None),
    ("mandelbrot_sse2", "sse2", [], None),
    ("memory", "memory", [], None),
    ("getpid", "os", [], None),
    ("pipe", "os", [], "parent process only; the child runs a loop of the same size"),
    ("fork", "os", [], "parent process only; each child runs a few instructions to _exit"),
    ("exec", "os", [], "last image of the chain only (valgrind loses the count at execve); the chain runs 201 images"),
    ("file", "os", [], None),
]
CHECKSUM = re.compile(r"^\S+: checksum=0x[0-9a-f]{8}$", re.M)


def run_native(name, args):
    cmd = ["taskset", "-c", "1", os.path.join(HERE, "bin", name), *args]
    times, out = [], ""
    for _ in range(5):
        start = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=HERE).stdout
        times.append((time.perf_counter() - start) * 1000)
    return CHECKSUM.search(out).group(0), round(statistics.median(times), 1)


def count_insns(name, args):
    cmd = ["valgrind", "--tool=lackey", "--basic-counts=yes", "--trace-children=yes",
           os.path.join(HERE, "bin", name), *args]
    err = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=HERE).stderr
    # The main process's summary is the one printed last (it waits for its children).
    counts = re.findall(r"guest instrs:\s+([\d,]+)", err)
    return int(counts[-1].replace(",", ""))


def main():
    want_insns = "--no-insns" not in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = os.path.join(HERE, "manifest.json")
    old = {b["name"]: b for b in json.load(open(path))["benchmarks"]} if os.path.exists(path) else {}
    rows = [b for b in BENCHES if not only or b[0] in only]
    with ThreadPoolExecutor(2) as pool:
        insns = dict(zip([r[0] for r in rows], pool.map(lambda r: count_insns(r[0], r[2]) if want_insns else None, rows)))
    for name, kind, args, note in rows:
        line, ms = run_native(name, args)
        entry = {"name": name, "binary": f"bin/{name}", "args": args, "kind": kind, "expected": line,
                 "native_ms": ms, "native_insns": insns[name] if want_insns else old.get(name, {}).get("native_insns")}
        if note:
            entry["insns_note"] = note
        old[name] = entry
        print(f"{name:16s} {ms:7.1f} ms  {entry['native_insns']}  {line}", flush=True)
    manifest = {
        "description": "nk user-mode benchmarks: static i386 Linux binaries; each prints one '<name>: checksum=0x...' line",
        "native_ms_method": "median wall time of 5 native runs under `taskset -c 1` (process start to exit)",
        "native_insns_method": "user-mode instructions of the main process, valgrind --tool=lackey --basic-counts=yes (guest instrs)",
        "benchmarks": [old[b[0]] for b in BENCHES if b[0] in old],
    }
    with open(path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
