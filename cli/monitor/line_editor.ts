// The interactive line editor: node:readline with history persisted to ~/.nk_history (or a given
// path; skipped silently when it cannot be written) and a table-driven tab completer.

import { appendFileSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";

/** Default history file: $NK_HISTORY, else ~/.nk_history. */
export function defaultHistoryPath(): string {
  return process.env.NK_HISTORY ?? join(homedir(), ".nk_history");
}

/** Options for {@link LineEditor}. */
export interface LineEditorOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** History file, or null for no persistence. */
  readonly historyPath?: string | null;
  readonly historySize?: number;
  readonly completer?: (line: string) => [string[], string];
}

/**
 * Loads the last `size` history lines, newest first (readline's order). Returns [] when the file
 * does not exist or cannot be read.
 */
export function loadHistory(path: string, size: number): string[] {
  try {
    return readFileSync(path, "utf8").split("\n").filter((line) => line.trim() !== "").slice(-size).reverse();
  } catch {
    return [];
  }
}

/** A prompt-and-read line editor over node:readline (terminal mode: editing keys, history, Tab). */
export class LineEditor {
  private readonly rl: Interface;
  private readonly waiting: ((line: string | undefined) => void)[] = [];
  private readonly queued: string[] = [];
  private closed = false;
  private historyPath: string | null;

  constructor(options: LineEditorOptions) {
    const size = options.historySize ?? 1000;
    this.historyPath = options.historyPath === undefined ? defaultHistoryPath() : options.historyPath;
    this.rl = createInterface({
      input: options.input,
      output: options.output,
      terminal: true,
      historySize: size,
      history: this.historyPath === null ? [] : loadHistory(this.historyPath, size),
      removeHistoryDuplicates: true,
      ...(options.completer !== undefined ? { completer: options.completer } : {}),
    });
    this.rl.on("line", (line) => {
      this.remember(line);
      const resolve = this.waiting.shift();
      if (resolve !== undefined) resolve(line);
      else this.queued.push(line);
    });
    // Ctrl-C at the prompt abandons the line (like a shell), it does not kill nk.
    this.rl.on("SIGINT", () => {
      options.output.write("^C\n");
      this.rl.write(null, { ctrl: true, name: "u" });
      this.rl.prompt();
    });
    this.rl.on("close", () => {
      this.closed = true;
      for (const resolve of this.waiting.splice(0)) resolve(undefined);
    });
  }

  /** Shows `prompt` and resolves with the next line, or undefined at end of input (Ctrl-D). */
  readLine(prompt: string): Promise<string | undefined> {
    const queued = this.queued.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(undefined);
    this.rl.setPrompt(prompt);
    this.rl.prompt();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.rl.close();
  }

  // Appends to the history file; the first failure (unwritable HOME) turns persistence off.
  private remember(line: string): void {
    if (this.historyPath === null || line.trim() === "") return;
    try {
      appendFileSync(this.historyPath, line + "\n");
    } catch {
      this.historyPath = null;
    }
  }
}

/** Reads lines from a non-terminal stream (a script on stdin): no prompt, no echo, no history. */
export async function* readPlainLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
  }
}
