// One terminal shared by the guest serial console and the monitor, as `qemu -serial mon:stdio`
// (QEMU chardev/char-mux.c): Ctrl-A c switches focus, Ctrl-A x quits, Ctrl-A h prints help and
// Ctrl-A Ctrl-A sends one Ctrl-A. A pure state machine: bytes in, actions out.

/** The escape byte, Ctrl-A (QEMU's default `-echr 0x01`). */
export const ESCAPE_BYTE = 0x01;

/** Commands after the escape byte (char-mux.c mux_proc_byte). */
export const ESCAPE_KEYS = { help: "h", quit: "x", toggle: "c" } as const;

export type Focus = "console" | "monitor";

/** What the terminal layer must do with a chunk of input. */
export type MuxAction =
  | { readonly kind: "guest"; readonly bytes: Uint8Array }
  | { readonly kind: "monitor"; readonly bytes: Uint8Array }
  | { readonly kind: "focus"; readonly focus: Focus }
  | { readonly kind: "quit" }
  | { readonly kind: "help"; readonly text: string };

/** The escape-key help (CRLF line ends: the terminal is in raw mode when it is shown). */
export const MUX_HELP = [
  "C-a h    print this help",
  "C-a x    exit emulator",
  "C-a c    switch between console and monitor",
  "C-a C-a  sends C-a",
].join("\r\n") + "\r\n";

/** Options for {@link ConsoleMux}. */
export interface ConsoleMuxOptions {
  /** False when stdin/stdout are not TTYs: every byte goes to the focused side untouched. */
  readonly escapes?: boolean;
  readonly focus?: Focus;
}

/** The multiplexer state machine; feed it input bytes, perform the returned actions in order. */
export class ConsoleMux {
  private currentFocus: Focus;
  private readonly escapes: boolean;
  private sawEscape = false;

  constructor(options: ConsoleMuxOptions = {}) {
    this.escapes = options.escapes ?? true;
    this.currentFocus = options.focus ?? "console";
  }

  /** Which side receives ordinary bytes. */
  get focus(): Focus {
    return this.currentFocus;
  }

  /** Processes input; consecutive data bytes for one side are merged into one action. */
  feed(input: Uint8Array): MuxAction[] {
    if (!this.escapes) return input.length === 0 ? [] : [this.data(input.slice())];
    const actions: MuxAction[] = [];
    let pending: number[] = [];
    const flush = (): void => {
      if (pending.length > 0) actions.push(this.data(Uint8Array.from(pending)));
      pending = [];
    };
    for (const byte of input) {
      if (!this.sawEscape) {
        if (byte === ESCAPE_BYTE) this.sawEscape = true;
        else pending.push(byte);
        continue;
      }
      this.sawEscape = false;
      if (byte === ESCAPE_BYTE) { pending.push(byte); continue; }
      const key = String.fromCharCode(byte);
      if (key === ESCAPE_KEYS.toggle) {
        flush();
        this.currentFocus = this.currentFocus === "console" ? "monitor" : "console";
        actions.push({ kind: "focus", focus: this.currentFocus });
      } else if (key === ESCAPE_KEYS.quit) {
        flush();
        actions.push({ kind: "quit" });
        return actions; // nothing after a quit is delivered
      } else if (key === ESCAPE_KEYS.help || key === "?") {
        flush();
        actions.push({ kind: "help", text: MUX_HELP });
      }
      // Any other key after Ctrl-A is swallowed, as in QEMU.
    }
    flush();
    return actions;
  }

  private data(bytes: Uint8Array): MuxAction {
    return this.currentFocus === "console" ? { kind: "guest", bytes } : { kind: "monitor", bytes };
  }
}
