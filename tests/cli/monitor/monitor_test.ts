import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { LineEditor } from "../../../cli/monitor/line_editor.ts";
import { runMonitor } from "../../../cli/monitor/monitor.ts";
import { FakeTarget } from "./fake_target.ts";

function collect(stream: PassThrough): () => string {
  let text = "";
  stream.on("data", (chunk) => { text += chunk.toString(); });
  return () => text;
}

test("runMonitor() on a pipe prints command output only, no prompts", async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  const text = collect(output);
  input.end("p 1+1\n\n# comment\ninfo status\nq\np 3\n");
  const status = await runMonitor({ target: new FakeTarget(), input, output });
  expect(text()).toBe("0x2\nVM status: paused (debug)\n");
  expect(status).toBe(0);
});

test("runMonitor() runs -e commands first and reports script failures in the status", async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  const text = collect(output);
  input.end("bogus\n");
  const target = new FakeTarget();
  const status = await runMonitor({ target, input, output, initialCommands: ["c; p 2"] });
  expect(target.calls).toEqual(["cont"]);
  expect(text()).toBe("0x2\nunknown command: 'bogus' (try 'help')\n");
  expect(status).toBe(1);
});

test("LineEditor persists history and survives an unwritable history path", async () => {
  const dir = mkdtempSync(join(tmpdir(), "nk-history-"));
  const path = join(dir, "history");
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const editor = new LineEditor({ input, output, historyPath: path });
  const line = editor.readLine("(nk) ");
  input.write("info status\r");
  expect(await line).toBe("info status");
  editor.close();
  expect(readFileSync(path, "utf8")).toBe("info status\n");

  const broken = new LineEditor({ input: new PassThrough(), output, historyPath: join(dir, "missing", "dir", "h") });
  const next = broken.readLine("");
  (broken as unknown as { rl: { write(s: string): void } }).rl.write("x 0\r");
  expect(await next).toBe("x 0");
  broken.close();
});
