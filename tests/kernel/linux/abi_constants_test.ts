// Checks every ABI constant table against the host's i386 headers (gcc -m32 prints each macro).
import { expect, test } from "bun:test";
import * as files from "../../../kernel/linux/abi_files.ts";
import * as memory from "../../../kernel/linux/abi_memory.ts";
import * as process from "../../../kernel/linux/abi_process.ts";
import * as tty from "../../../kernel/linux/abi_tty.ts";
import { compareWithHost } from "./_host_c.ts";

/** Table, the headers that define its macros (kernel uapi where possible), and names to skip. */
const CASES: [string, Readonly<Record<string, number>>, string[]][] = [
  ["OpenFlag", files.OpenFlag, ["linux/fcntl.h"]],
  ["FcntlCmd", files.FcntlCmd, ["linux/fcntl.h"]],
  ["AtFlag", files.AtFlag, ["linux/fcntl.h"]],
  ["FileMode", files.FileMode, ["sys/stat.h"]],
  ["StatxMask", files.StatxMask, ["linux/stat.h"]],
  ["PollEvent", files.PollEvent, ["linux/poll.h"]],
  ["SeekWhence", files.SeekWhence, ["linux/fs.h"]],
  ["AccessMode", files.AccessMode, ["unistd.h"]],
  ["DirentType", files.DirentType, ["dirent.h"]],
  ["RenameFlag", files.RenameFlag, ["linux/fs.h"]],
  ["Prot", memory.Prot, ["linux/mman.h"]],
  ["MapFlag", memory.MapFlag, ["linux/mman.h"]],
  ["MremapFlag", memory.MremapFlag, ["linux/mman.h"]],
  ["Madvise", memory.Madvise, ["linux/mman.h"]],
  ["MsyncFlag", memory.MsyncFlag, ["linux/mman.h"]],
  ["CloneFlag", process.CloneFlag, ["linux/sched.h"]],
  ["WaitOption", process.WaitOption, ["linux/wait.h"]],
  ["AuxvType", process.AuxvType, ["linux/auxvec.h"]],
  ["RlimitResource", process.RlimitResource, ["linux/resource.h"]],
  ["RusageWho", process.RusageWho, ["linux/resource.h"]],
  ["ClockId", process.ClockId, ["linux/time.h"]],
  ["FutexOp", process.FutexOp, ["linux/futex.h"]],
  ["PrctlOption", process.PrctlOption, ["linux/prctl.h"]],
  ["Ioctl", tty.Ioctl, ["asm/ioctls.h", "asm/termbits.h"]],
  ["TermiosIflag", tty.TermiosIflag, ["asm/termbits.h"]],
  ["TermiosOflag", tty.TermiosOflag, ["asm/termbits.h"]],
  ["TermiosCflag", tty.TermiosCflag, ["asm/termbits.h"]],
  ["TermiosLflag", tty.TermiosLflag, ["asm/termbits.h"]],
  ["ControlChar", tty.ControlChar, ["asm/termbits.h"]],
  ["TtyControl", tty.TtyControl, ["asm/termbits.h"]],
];

for (const [name, table, headers] of CASES) {
  test(`${name} matches the host i386 headers (${headers.join(", ")})`, () => {
    expect(compareWithHost(headers, table)).toEqual([]);
  });
}

test("MAP_FAILED is -1", () => {
  expect(memory.MAP_FAILED).toBe(-1);
});
