// The terminal line discipline (termios(3), Linux n_tty): canonical editing (erase, kill,
// word-erase, EOF), echo, CR/NL mapping, ^C/^\/^Z signals to the foreground process group,
// non-canonical reads, output post-processing (ONLCR), window size and the job-control ioctls.
// Used for the console when the host side is a terminal. Platform-neutral.
import type { CharDevice } from "./char_device.ts";
import { WaitQueue } from "../files/wait_queue.ts";
import { fail } from "../linux/errno.ts";
import { Signal } from "../linux/signals.ts";

/** termios flag bits (asm-generic/termbits.h). */
export const TermFlag = {
  // c_iflag
  INLCR: 0x40, IGNCR: 0x80, ICRNL: 0x100, IXON: 0x400,
  // c_oflag
  OPOST: 0x1, ONLCR: 0x4,
  // c_lflag
  ISIG: 0x1, ICANON: 0x2, ECHO: 0x8, ECHOE: 0x10, ECHOK: 0x20, ECHONL: 0x40, NOFLSH: 0x80,
  TOSTOP: 0x100, ECHOCTL: 0x200, ECHOKE: 0x800, IEXTEN: 0x8000,
} as const;

/** c_cc indices (asm-generic/termbits.h). */
export const Cc = { VINTR: 0, VQUIT: 1, VERASE: 2, VKILL: 3, VEOF: 4, VTIME: 5, VMIN: 6, VSUSP: 10, VWERASE: 14, VLNEXT: 15 } as const;

/** The kernel's struct termios (36 bytes). */
export interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line: number;
  cc: Uint8Array;
}

/** Linux's defaults for a fresh terminal (tty_std_termios). */
export function defaultTermios(): Termios {
  const cc = new Uint8Array(19);
  cc.set([3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0]);
  return { iflag: 0x500, oflag: 0x5, cflag: 0xbf, lflag: 0x8a3b, line: 0, cc };
}

export function encodeTermios(t: Termios): Uint8Array {
  const b = new Uint8Array(36);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, t.iflag, true); dv.setUint32(4, t.oflag, true); dv.setUint32(8, t.cflag, true);
  dv.setUint32(12, t.lflag, true); b[16] = t.line; b.set(t.cc, 17);
  return b;
}

export function decodeTermios(b: Uint8Array): Termios {
  const dv = new DataView(b.buffer, b.byteOffset, 36);
  return { iflag: dv.getUint32(0, true), oflag: dv.getUint32(4, true), cflag: dv.getUint32(8, true), lflag: dv.getUint32(12, true), line: b[16], cc: b.slice(17, 36) };
}

/** A terminal on a character device. */
export class Tty {
  termios = defaultTermios();
  winsize = { rows: 24, cols: 80 };
  /** Foreground process group and controlling session (0 = none). */
  foreground = 0;
  session = 0;
  readonly readable = new WaitQueue();
  /** Completed input ready for read(); in canonical mode line by line. */
  private ready: number[] = [];
  /** EOF markers: positions in `ready` where a ^D ended a line (read returns there). */
  private eofAt: number[] = [];
  private line: number[] = [];
  private literalNext = false;
  /** Signals a process group (wired to Signals.sendGroup). */
  onSignal: ((pgrp: number, sig: number) => void) | undefined;

  constructor(readonly device: CharDevice) {
    device.readable.wait(() => this.rearm());
    this.rearm();
  }

  private rearm(): void {
    const data = this.device.read(1 << 16);
    if (data.length) this.input(data);
    if (this.device.endOfInput) this.readable.wakeAll();
    this.device.readable.wait(() => this.rearm());
  }

  private echo(bytes: number[]): void {
    if (this.termios.lflag & TermFlag.ECHO) this.output(Uint8Array.from(bytes));
  }

  /** Processes received bytes through the line discipline. */
  input(data: Uint8Array): void {
    const t = this.termios, cc = t.cc;
    for (let c of data) {
      if (this.literalNext) {
        this.literalNext = false;
        this.line.push(c);
        this.echo([c]);
        continue;
      }
      if (c === 13 && (t.iflag & TermFlag.IGNCR)) continue;
      if (c === 13 && (t.iflag & TermFlag.ICRNL)) c = 10;
      else if (c === 10 && (t.iflag & TermFlag.INLCR)) c = 13;
      if (t.lflag & TermFlag.ISIG) {
        const sig = c === cc[Cc.VINTR] ? Signal.SIGINT : c === cc[Cc.VQUIT] ? Signal.SIGQUIT : c === cc[Cc.VSUSP] ? Signal.SIGTSTP : 0;
        if (sig && c !== 0) {
          if (!(t.lflag & TermFlag.NOFLSH)) { this.line = []; }
          if (t.lflag & TermFlag.ECHOCTL) this.echo([0x5e, c + 0x40, 10]);
          if (this.foreground) this.onSignal?.(this.foreground, sig);
          continue;
        }
      }
      if (!(t.lflag & TermFlag.ICANON)) {
        this.ready.push(c);
        this.echo([c]);
        continue;
      }
      if ((t.lflag & TermFlag.IEXTEN) && c === cc[Cc.VLNEXT]) { this.literalNext = true; continue; }
      if (c === cc[Cc.VERASE] || c === 8) {
        if (this.line.length) {
          this.line.pop();
          if (t.lflag & TermFlag.ECHOE) this.echo([8, 32, 8]);
        }
        continue;
      }
      if (c === cc[Cc.VKILL]) {
        if (t.lflag & TermFlag.ECHOK) for (let i = 0; i < this.line.length; i++) this.echo([8, 32, 8]);
        this.line = [];
        continue;
      }
      if ((t.lflag & TermFlag.IEXTEN) && c === cc[Cc.VWERASE]) {
        while (this.line.length && this.line[this.line.length - 1] === 32) { this.line.pop(); this.echo([8, 32, 8]); }
        while (this.line.length && this.line[this.line.length - 1] !== 32) { this.line.pop(); this.echo([8, 32, 8]); }
        continue;
      }
      if (c === cc[Cc.VEOF]) {
        this.ready.push(...this.line);
        this.line = [];
        this.eofAt.push(this.ready.length);
        this.readable.wakeAll();
        continue;
      }
      this.line.push(c);
      if (c === 10) {
        if ((t.lflag & TermFlag.ECHO) || (t.lflag & TermFlag.ECHONL)) this.output(Uint8Array.of(10));
        this.ready.push(...this.line);
        this.line = [];
      } else this.echo([c]);
    }
    if (this.ready.length || this.eofAt.length) this.readable.wakeAll();
  }

  /** Bytes a read would return now. */
  available(): number {
    return this.ready.length;
  }

  /** read(2): EAGAIN when nothing is ready (the syscall layer then blocks). */
  read(length: number): Uint8Array {
    if (this.eofAt.length && this.eofAt[0] === 0) {
      this.eofAt.shift();
      return new Uint8Array(0);
    }
    if (!this.ready.length) {
      if (this.device.endOfInput) return new Uint8Array(0);
      fail("EAGAIN");
    }
    let n = Math.min(length, this.ready.length);
    if (this.eofAt.length) n = Math.min(n, this.eofAt[0]);
    if (this.termios.lflag & TermFlag.ICANON) {
      const nl = this.ready.indexOf(10);
      if (nl >= 0 && nl < n) n = nl + 1;
    }
    const out = Uint8Array.from(this.ready.splice(0, n));
    this.eofAt = this.eofAt.map((p) => p - n);
    return out;
  }

  /** write(2) with output post-processing. */
  write(data: Uint8Array): number {
    this.output(data);
    return data.length;
  }

  private output(data: Uint8Array): void {
    const t = this.termios;
    if ((t.oflag & TermFlag.OPOST) && (t.oflag & TermFlag.ONLCR) && data.includes(10)) {
      const out: number[] = [];
      for (const c of data) { if (c === 10) out.push(13); out.push(c); }
      this.device.write(Uint8Array.from(out));
    } else this.device.write(data);
  }

  /** Readiness for poll(): POLLIN | POLLOUT, POLLHUP at host EOF. */
  poll(): number {
    let r = 4; // POLLOUT
    if (this.ready.length || this.eofAt.length || this.device.endOfInput) r |= 1;
    return r;
  }

  /** Discards pending input (TCFLSH, TCSETSF). */
  flushInput(): void {
    this.ready = [];
    this.line = [];
    this.eofAt = [];
  }
}
