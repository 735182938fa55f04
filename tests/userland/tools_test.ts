// nk's own utilities (examples/userland/src) under nk, output compared with what they must print.
import { expect, test } from "bun:test";
import { putFile, runUserland } from "./userland_support.ts";

const TEXT = "alpha one\nbeta two\ngamma three\nalphabet soup\n";
const withText = (s: Parameters<typeof putFile>[0]) => {
  putFile(s, "/tmp/t.txt", TEXT);
  s.files.vfs.mkdir("/tmp/d", 0o755);
  putFile(s, "/tmp/d/b", "bb");
  putFile(s, "/tmp/d/a", "a");
  putFile(s, "/tmp/d/.hidden", "");
};
const sh = (command: string) => runUserland("sh", { args: ["-c", command], prepare: withText });

test("cat, wc, head and grep read files and pipes", async () => {
  const r = await sh("cat /tmp/t.txt | wc; wc -l /tmp/t.txt; head -n 2 /tmp/t.txt; head -1 < /tmp/t.txt;" +
    " grep -n alpha /tmp/t.txt; grep -c 'a.*e' /tmp/t.txt; grep -v -F alpha /tmp/t.txt; grep -E '^(beta|gamma) ' /tmp/t.txt;" +
    " grep nothing /tmp/t.txt; echo \"grep none: $?\"");
  expect(r.stdout).toBe(
    "      4       8      45\n      4 /tmp/t.txt\nalpha one\nbeta two\nalpha one\n" +
    "1:alpha one\n4:alphabet soup\n3\nbeta two\ngamma three\nbeta two\ngamma three\ngrep none: 1\n");
  expect(r.status).toBe(0);
});

test("ls lists sorted names, -a shows dot files, -l the long form", async () => {
  const r = await sh("ls /tmp/d; ls -a /tmp/d; ls -l /tmp/d/b");
  expect(r.stdout.split("\n").slice(0, 7)).toEqual(["a", "b", ".", "..", ".hidden", "a", "b"]);
  expect(r.stdout.split("\n")[7]).toMatch(/^-rw-r--r--  1    0    0        2 \w{3} [ \d]\d \d\d:\d\d \/tmp\/d\/b$/);
});

test("echo, cp, mv, rm -r and mkdir -p change the file tree", async () => {
  const r = await sh("mkdir -p /tmp/x/y/z && echo -n data > /tmp/x/y/z/f && cp /tmp/x/y/z/f /tmp/x/g &&" +
    " mv /tmp/x/g /tmp/x/h && cat /tmp/x/h && echo && ls /tmp/x && rm -r /tmp/x && ls /tmp/x; echo \"ls: $?\"");
  expect(r.stdout).toBe("data\nh\ny\nls: 1\n");
  expect(r.stderr).toContain("/tmp/x");
});

test("hexdump prints the canonical hex+ASCII form", async () => {
  const r = await sh("echo 'Hello, nk! 0123456789' | hexdump -C");
  expect(r.stdout).toBe(
    "00000000  48 65 6c 6c 6f 2c 20 6e  6b 21 20 30 31 32 33 34  |Hello, nk! 01234|\n" +
    "00000010  35 36 37 38 39 0a                                 |56789.|\n" +
    "00000016\n");
});

test("ps shows every process with PID PPID STAT TIME CMD; kill signals a job", async () => {
  const r = await sh("sleep 100 & ps; kill -9 2; wait; echo \"waited $?\"");
  const lines = r.stdout.split("\n");
  expect(lines[0]).toMatch(/^\s+PID\s+PPID STAT\s+TIME CMD$/);
  expect(lines[1]).toMatch(/^\s+1\s+0 S\s+0:00 \/bin\/sh -c /);
  expect(lines[2]).toMatch(/^\s+2\s+1 S\s+0:00 sleep 100$/);
  expect(lines[3]).toMatch(/^\s+3\s+1 R\s+0:00 ps$/);
  expect(r.stdout).toContain("waited 137\n");
});

test("uname, uptime, free and top read the kernel's view of the system", async () => {
  const r = await sh("uname -a; uptime; free; top -n 2 -d 1");
  const lines = r.stdout.split("\n");
  expect(lines[0]).toMatch(/^Linux \S+ 6\.1\.0-nk .* i686$|^Linux \S+ \S+ .* i\d86$/);
  expect(lines[1]).toMatch(/^up 0:00:0\d, \d+ processes, load average: /);
  expect(lines[2]).toMatch(/total\s+used\s+free\s+available/);
  expect(lines[3]).toMatch(/^Mem:\s+65536\s+\d+\s+\d+\s+\d+$/);
  expect(r.stdout.match(/^top - up /gm)?.length).toBe(2);
  expect(r.stdout).toMatch(/^\s+\d+\s+\d+ R\s+[\d.]+\s+\d+:\d\d\s+\d+ top$/m);
});
