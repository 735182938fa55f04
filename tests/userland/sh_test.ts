// nk's shell (examples/userland/src/sh.c) running scripts under nk: pipelines, redirections,
// background jobs and wait, variables, $?, && / ||, quoting, builtins, -c, init booting /boot.
import { expect, test } from "bun:test";
import { putFile, runUserland } from "./userland_support.ts";

const script = (text: string) => ({ args: ["/tmp/script.sh"], prepare: (s: Parameters<typeof putFile>[0]) => putFile(s, "/tmp/script.sh", text) });

test("sh runs a script with pipelines, redirections, variables and $?", async () => {
  const r = await runUserland("sh", script(`# a comment line
NAME=world; echo "hello, $NAME" 'and $NAME'
echo one two three | wc -w
echo first > /tmp/out.txt; echo second >> /tmp/out.txt
cat < /tmp/out.txt | grep sec
false; echo "status $?"
false && echo never || echo "or branch"
true && echo "and branch"
ls /no/such/dir 2> /tmp/err.txt; echo "ls failed with $?"
wc -l < /tmp/err.txt
echo to-stderr 1>&2
export GREETING=hi; sh -c 'echo child sees $GREETING'
cd /tmp; pwd
`));
  expect(r.stdout).toBe(
    "hello, world and $NAME\n      3\nsecond\nstatus 1\nor branch\nand branch\nls failed with 1\n      1\n" +
    "child sees hi\n/tmp\n");
  expect(r.stderr).toBe("to-stderr\n");
  expect(r.status).toBe(0);
});

test("sh runs background jobs, waits for them and reports exit codes", async () => {
  const r = await runUserland("sh", script(`sleep 1 && echo "background done" > /tmp/bg.txt &
echo "foreground first"
wait
cat /tmp/bg.txt
sh -c 'exit 7'; echo "exit code $?"
echo a b c | cat | cat | wc -c
exit 3
echo unreachable
`));
  expect(r.stdout).toBe("foreground first\nbackground done\nexit code 7\n      6\n");
  expect(r.status).toBe(3);
});

test("sh -c reports a missing command as 127 and keeps going after it", async () => {
  const r = await runUserland("sh", { args: ["-c", "nosuchcmd; echo after $?"] });
  expect(r.stdout).toBe("after 127\n");
  expect(r.stderr).toContain("nosuchcmd: not found");
});

test("sh reads commands from standard input", async () => {
  const r = await runUserland("sh", { stdin: "echo from stdin\nX=5\necho $X$X\n" });
  expect(r.stdout).toBe("from stdin\n55\n");
});

test("init runs /boot: the console script greets, starts a shell, and init halts when all exit", async () => {
  const r = await runUserland("init", { stdin: "pwd\nps\nexit\n" });
  expect(r.stdout).toContain("Welcome to nk");
  expect(r.stdout).toContain("/home/vm\n");
  // ps sees init (PID 1), the console shell and itself.
  const ps = r.stdout.split("\n").filter((l) => /^\s+\d+\s+\d+ /.test(l));
  expect(ps[0]).toMatch(/^\s+1\s+0 S .*\/bin\/init$/);
  expect(ps.some((l) => / sh$/.test(l))).toBe(true);
  expect(ps.some((l) => /R .* ps$/.test(l))).toBe(true);
  expect(r.stderr).toContain("init: no processes left; halting");
  expect(r.status).toBe(0);
});
