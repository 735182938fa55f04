import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { MACHINE_OPTIONS, parseCommandLine, parseMount, parseSize, UsageError } from "../../cli/args.ts";

test("parseSize() accepts binary suffixes and plain bytes", () => {
  expect(parseSize("64M", "--mem")).toBe(64 * 1024 * 1024);
  expect(parseSize("1G", "--mem")).toBe(1024 ** 3);
  expect(parseSize("512k", "--mem")).toBe(512 * 1024);
  expect(parseSize("4096", "--mem")).toBe(4096);
  expect(parseSize("2MiB", "--mem")).toBe(2 * 1024 * 1024);
  expect(() => parseSize("12Q", "--mem")).toThrow('--mem: invalid size "12Q"');
});

test("parseMount() reads HOST:GUEST[:ro]", () => {
  expect(parseMount("./fs:/mnt", "--mount")).toEqual({ host: "./fs", guest: "/mnt", readOnly: false });
  expect(parseMount("/data:/data:ro", "--mount")).toEqual({ host: "/data", guest: "/data", readOnly: true });
  expect(() => parseMount("nocolon", "--mount")).toThrow("expected HOST:GUEST[:ro]");
});

test("parseCommandLine() handles GNU forms, repeats, optional values and --", () => {
  const parsed = parseCommandLine(
    ["--mem", "64M", "--sched=mlfq", "--strace", "--mount", "a:/a", "--mount=b:/b:ro", "-e", "c; info status",
      "--env", "HOME=/root", "--unset-env", "PATH", "prog", "--", "--mem"],
    MACHINE_OPTIONS, "run");
  expect(parsed.values.mem).toBe(64 * 1024 * 1024);
  expect(parsed.values.sched).toBe("mlfq");
  expect(parsed.values.strace).toBe("");
  expect(parsed.values.mount).toEqual([{ host: "a", guest: "/a", readOnly: false }, { host: "b", guest: "/b", readOnly: true }]);
  expect(parsed.values.exec).toEqual(["c; info status"]);
  expect(parsed.values.env).toEqual([["HOME", "/root"]]);
  expect(parsed.values["unset-env"]).toEqual(["PATH"]);
  expect(parsed.positionals).toEqual(["prog", "--mem"]);
  expect(parseCommandLine(["--strace=/tmp/t"], MACHINE_OPTIONS, "run").values.strace).toBe("/tmp/t");
});

test("parseCommandLine() can leave the guest program's own options alone", () => {
  const parsed = parseCommandLine(["--mem", "1M", "-e", "c", "ls", "-l", "--mem"], MACHINE_OPTIONS, "run", { stopAtFirstPositional: true });
  expect(parsed.values.mem).toBe(1024 * 1024);
  expect(parsed.positionals).toEqual(["ls", "-l", "--mem"]);
});

test("parseCommandLine() errors are one line", () => {
  const message = (argv: string[]): string => {
    try { parseCommandLine(argv, MACHINE_OPTIONS, "run"); } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    return "no error";
  };
  expect(message(["--mem", "12Q"])).toBe('--mem: invalid size "12Q"');
  expect(message(["--frob"])).toBe("unknown option '--frob' (try 'nk help run')");
  expect(message(["--mem"])).toBe("--mem: missing value (try 'nk help run')");
  expect(message(["--env", "NOEQUALS"])).toBe('--env: invalid variable "NOEQUALS" (expected NAME=VALUE)');
});

const nk = (...args: string[]) =>
  spawnSync(process.execPath, ["cli/main.ts", ...args], { cwd: `${import.meta.dir}/../..`, encoding: "utf8" });

test("nk --version prints the package.json version", () => {
  const pkg = require("../../package.json") as { version: string };
  const result = nk("--version");
  expect(result.stdout).toBe(`nk ${pkg.version}\n`);
  expect(result.status).toBe(0);
});

test("nk help lists subcommands; nk help run lists options", () => {
  expect(nk("help").stdout).toContain("  monitor ");
  const run = nk("help", "run");
  expect(run.stdout).toContain("usage: nk run [OPTIONS] PROGRAM [ARGS...]");
  expect(run.stdout).toContain("--mount HOST:GUEST[:ro]");
});

test("nk usage errors exit 2 with one line on stderr", () => {
  const result = nk("frob");
  expect(result.status).toBe(2);
  expect(result.stderr).toBe("nk: unknown command 'frob' (try 'nk help')\n");
  expect(nk("help", "frob").status).toBe(2);
  expect(nk("--nope").stderr).toBe("nk: unknown option '--nope' (try 'nk help')\n");
});
