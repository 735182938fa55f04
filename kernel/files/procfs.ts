// /proc generated from kernel state (proc(5)): per-process directories (stat, status, cmdline,
// maps, fd/, exe, cwd, comm), /proc/self, meminfo, cpuinfo, uptime, loadavg, stat, version,
// mounts. Contents are produced on every read, so they always show live state. Platform-neutral.
import type { System } from "../system.ts";
import type { Process } from "../process/process.ts";
import { SyntheticDir, SyntheticFile, SyntheticFs, SyntheticSymlink } from "./synthetic.ts";
import type { Inode, Timespec } from "./inode.ts";
import { FileType } from "./file_mode.ts";
import { STATE_LETTER } from "../process/thread.ts";
import { processCpu } from "../process/process_manager.ts";
import { Prot } from "../memory/address_space.ts";

const hz = 100;
const ticks = (ns: number) => Math.floor(ns / (1e9 / hz));

/** Builds the proc file system for `system`. */
export function buildProcfs(system: System, now: () => Timespec): SyntheticDir {
  const fs = new SyntheticFs("proc", 0x9fa0, now);
  const file = (content: () => string) => new SyntheticFile(fs, { mode: 0o444, content });
  const pids = () => system.processes.processes;
  const dirs = new Map<number, SyntheticDir>();

  const procDir = (p: Process): SyntheticDir => {
    let d = dirs.get(p.pid);
    if (d) return d;
    d = new SyntheticDir(fs, { mode: FileType.S_IFDIR | 0o555 });
    const state = () => (p.zombie ? "Z" : STATE_LETTER[p.threads[0]?.state ?? 4]);
    d.add("cmdline", file(() => p.argv.map((a) => a + "\0").join("")));
    d.add("comm", file(() => p.comm + "\n"));
    d.add("stat", file(() => {
      const cpu = ticks(processCpu(p));
      const vsize = p.zombie ? 0 : p.as.vmas.reduce((n, v) => n + v.end - v.start, 0);
      const rss = p.zombie ? 0 : p.as.residentPages();
      return `${p.pid} (${p.comm}) ${state()} ${p.parent?.pid ?? 0} ${p.pgid} ${p.sid} 0 -1 0 0 0 0 0 ${cpu} 0 ` +
        `${ticks(p.childCpuNs)} 0 20 ${p.nice} ${p.threads.length || 1} 0 ${ticks(p.startNs)} ${vsize} ${rss}\n`;
    }));
    d.add("status", file(() => {
      const rss = p.zombie ? 0 : p.as.residentPages() * 4;
      const names: Record<string, string> = { R: "R (running)", S: "S (sleeping)", T: "T (stopped)", Z: "Z (zombie)" };
      return `Name:\t${p.comm}\nState:\t${names[state()]}\nTgid:\t${p.pid}\nPid:\t${p.pid}\nPPid:\t${p.parent?.pid ?? 0}\n` +
        `Uid:\t${p.uid}\t${p.euid}\t${p.euid}\t${p.euid}\nGid:\t${p.gid}\t${p.egid}\t${p.egid}\t${p.egid}\n` +
        `VmRSS:\t${rss} kB\nThreads:\t${p.threads.length}\n`;
    }));
    d.add("maps", file(() => p.zombie ? "" : p.as.vmas.map((v) => {
      const perm = (v.prot & Prot.Read ? "r" : "-") + (v.prot & Prot.Write ? "w" : "-") + (v.prot & Prot.Exec ? "x" : "-") + (v.shared ? "s" : "p");
      const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
      return `${hex(v.start)}-${hex(v.end)} ${perm} ${hex(v.fileOffset)} 00:00 0 ${v.name ? "     " + v.name : ""}`.trimEnd() + "\n";
    }).join("")));
    // Absolute, as Linux's d_path: a program started by a relative path finds itself again (glibc's
    // _dl_get_origin asserts a leading '/').
    d.add("exe", new SyntheticSymlink(fs, () => p.exe !== undefined ? system.files.vfs.realpath(p.exe) : p.exePath));
    d.add("cwd", new SyntheticSymlink(fs, () => system.files.vfs.realpath(p.fs.cwd)));
    const fdDir = new SyntheticDir(fs, {
      mode: FileType.S_IFDIR | 0o500,
      dynamic: () => new Map(p.files.entries().map(([fd, f]) => [String(fd), new SyntheticSymlink(fs, () => system.files.vfs.pathOf(f)) as Inode])),
    });
    d.add("fd", fdDir);
    dirs.set(p.pid, d);
    return d;
  };

  const root = new SyntheticDir(fs, {
    mode: FileType.S_IFDIR | 0o555,
    dynamic: () => {
      const m = new Map<string, Inode>();
      for (const p of pids().values()) m.set(String(p.pid), procDir(p));
      for (const k of [...dirs.keys()]) if (!pids().has(k)) dirs.delete(k);
      return m;
    },
  });
  // Fixed entries live beside the dynamic pid directories.
  const fixed = root;
  fixed.add("self", new SyntheticSymlink(fs, () => String(system.scheduler.current?.process.pid ?? 1)));
  fixed.add("thread-self", new SyntheticSymlink(fs, () => {
    const t = system.scheduler.current;
    return t ? `${t.process.pid}/task/${t.tid}` : "1";
  }));
  fixed.add("meminfo", file(() => {
    const total = system.machine.memory.size >> 10, free = system.memory.allocator.freePages * 4;
    const cached = system.memory.pageCache.size * 4; // reclaimable under pressure, so also available
    return `MemTotal:       ${String(total).padStart(8)} kB\nMemFree:        ${String(free).padStart(8)} kB\n` +
      `MemAvailable:   ${String(free + cached).padStart(8)} kB\nBuffers:               0 kB\n` +
      `Cached:         ${String(cached).padStart(8)} kB\n` +
      `SwapTotal:             0 kB\nSwapFree:              0 kB\n`;
  }));
  // echo 1 (or 3) > /proc/sys/vm/drop_caches empties the page cache (Documentation/admin-guide/sysctl/vm.rst).
  const vm = new SyntheticDir(fs, { mode: FileType.S_IFDIR | 0o555 });
  vm.add("drop_caches", new SyntheticFile(fs, {
    mode: 0o200,
    write: (_offset, data) => {
      if ((Number.parseInt(new TextDecoder().decode(data), 10) & 1) !== 0) system.memory.pageCache.clear();
      return data.length;
    },
    truncate: () => {},
  }));
  const sys = new SyntheticDir(fs, { mode: FileType.S_IFDIR | 0o555 });
  sys.add("vm", vm);
  fixed.add("sys", sys);
  fixed.add("cpuinfo", file(() =>
    "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 13\nmodel name\t: nk i386 (Native Kit emulated CPU)\n" +
    "flags\t\t: fpu pse tsc msr cx8 pge cmov\nbogomips\t: 1000.00\n\n"));
  fixed.add("uptime", file(() => {
    const s = system.machine.clock.now() / 1e9;
    return `${s.toFixed(2)} ${s.toFixed(2)}\n`;
  }));
  fixed.add("loadavg", file(() => `0.00 0.00 0.00 ${system.scheduler.policy.ready().length + 1}/${system.scheduler.threads.size} ${pids().size}\n`));
  fixed.add("version", file(() => "Linux version 6.1.0-nk (nk@native-kit) (TypeScript) #1 SMP nk\n"));
  fixed.add("mounts", file(() => system.files.vfs.mounts().map((m) => `none ${m.path} ${(m.fs as { name?: string }).name ?? "nk"} rw 0 0`).join("\n") + "\n"));
  fixed.add("filesystems", file(() => "nodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n\tnfs2\n"));
  fixed.add("stat", file(() => `cpu  ${ticks(system.machine.clock.now())} 0 0 0 0 0 0 0 0 0\nbtime 1767225600\nprocesses ${pids().size}\n`));
  return root;
}
