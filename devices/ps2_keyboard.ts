// Intel 8042 keyboard controller (data 0x60, status/command 0x64) with a PS/2 keyboard on IRQ1.
// The keyboard answers in scancode set 1, as the 8042 delivers with translation on. No mouse.
// Sources: IBM PC/AT Technical Reference (8042 commands, status bits); OSDev "8042"; QEMU hw/input/pckbd.c, ps2.c.

import type { Device, DeviceHost, DeviceState, IrqLine } from "./device.ts";
import { bytesFrom } from "./_state.ts";
import { ASCII_KEYS, KEY_ALIASES, PAUSE_SEQUENCE, SCANCODE_SET1 } from "./scancodes.ts";

/** I/O ports of the controller. */
export const KbcPorts = { data: 0x60, command: 0x64 } as const;

/** Status register bits (port 0x64 read). */
export const KbcStatus = { outputFull: 0x01, inputFull: 0x02, system: 0x04, command: 0x08, unlocked: 0x10,
  auxData: 0x20 } as const;

/** Command byte bits (controller RAM byte 0). */
export const KbcConfig = { kbdInterrupt: 0x01, auxInterrupt: 0x02, system: 0x04, kbdDisabled: 0x10, auxDisabled: 0x20,
  translate: 0x40 } as const;

/** Keyboard replies (PS/2 keyboard protocol). */
export const KbdReply = { ack: 0xfa, selfTestPassed: 0xaa, echo: 0xee, resend: 0xfe } as const;

/**
 * The controller and keyboard. Host API: `pressKey`, `sendKeys`, `typeText`; the guest sees scancodes
 * at port 0x60 with IRQ1 raised for each byte (when the command byte enables it).
 */
export class Ps2Keyboard implements Device {
  readonly name = "kbd";
  /** Bytes from the controller itself (command replies), delivered before keyboard bytes. */
  private ctrlQueue: number[] = [];
  /** Bytes from the keyboard (scancodes and replies); unbounded so pasted text is never lost. */
  private kbdQueue: number[] = [];
  private output = 0;
  private outputFull = false;
  private config = 0;
  private status = 0;
  /** Controller command awaiting its data byte at port 0x60 (0x60, 0xD1, 0xD2, 0xD3, 0xD4), else 0. */
  private pendingCommand = 0;
  /** Keyboard command awaiting its parameter (0xED, 0xF0, 0xF3), else 0. */
  private pendingKbdCommand = 0;
  private scanning = true;
  private scancodeSet = 2;
  private leds = 0;
  private outputPort = 0;
  private ram = new Uint8Array(32);
  private level = false;

  constructor(private readonly host: DeviceHost, private readonly opts: { irq: IrqLine }) {
    host.ports.register(KbcPorts.data, { read8: () => this.readData(), write8: (_p, v) => this.writeData(v) });
    host.ports.register(KbcPorts.command, { read8: () => this.readStatus(), write8: (_p, v) => this.writeCommand(v) });
    this.reset();
  }

  reset(): void {
    this.ctrlQueue = []; this.kbdQueue = [];
    this.output = 0; this.outputFull = false;
    this.config = KbcConfig.kbdInterrupt | KbcConfig.system | KbcConfig.translate;
    this.status = KbcStatus.system | KbcStatus.unlocked;
    this.pendingCommand = this.pendingKbdCommand = 0;
    this.scanning = true; this.scancodeSet = 2; this.leds = 0;
    this.outputPort = 0x03; // bit 0: CPU not in reset, bit 1: A20 enabled
    this.ram.fill(0);
    this.setLine(false);
  }

  /** LED state the guest set with 0xED (bit 0 scroll, 1 num, 2 caps). */
  get ledState(): number {
    return this.leds;
  }

  /** Gate A20 as set through the output port (0xD1). */
  get a20Enabled(): boolean {
    return !!(this.outputPort & 0x02);
  }

  /** Presses and releases one key by QEMU name ("a", "ret", "f1", "kp_enter"…) or raw "0x1e". */
  pressKey(name: string): void {
    this.sendKeys(name);
  }

  /**
   * Sends QEMU `sendkey` combos: "ctrl-alt-delete" presses ctrl, alt, delete in order and releases
   * them in reverse. Several combos may be separated by spaces ("h i ret").
   */
  sendKeys(spec: string): void {
    for (const combo of spec.trim().split(/\s+/)) {
      if (!combo) continue;
      const keys = combo.split("-").map((k) => keyCode(k));
      for (const k of keys) this.keyEvent(k, true);
      for (const k of keys.reverse()) this.keyEvent(k, false);
    }
  }

  /** Types printable ASCII text on a US layout ("\n" is Return). Throws on characters it cannot type. */
  typeText(text: string): void {
    for (const ch of text) {
      const combo = ASCII_KEYS[ch];
      if (!combo) throw new RangeError(`no key types ${JSON.stringify(ch)}`);
      this.sendKeys(combo);
    }
  }

  /** Queues the make (pressed) or break code of `code` (set 1; 0xE0xx extended; -1 = Pause). */
  keyEvent(code: number, pressed: boolean): void {
    if (!this.scanning) return; // a keyboard with scanning disabled drops keystrokes
    if (code === -1) {
      if (pressed) this.kbdQueue.push(...PAUSE_SEQUENCE);
    } else {
      if (code > 0xff) this.kbdQueue.push(code >> 8);
      this.kbdQueue.push((code & 0x7f) | (pressed ? 0 : 0x80));
    }
    this.fillOutput();
  }

  /** Bytes queued for the guest and not yet read (including the output buffer). */
  pendingBytes(): number {
    return this.ctrlQueue.length + this.kbdQueue.length + (this.outputFull ? 1 : 0);
  }

  private setLine(level: boolean): void {
    if (level !== this.level) {
      this.level = level;
      this.opts.irq.set(level);
    }
  }

  /** Moves the next byte into the output buffer if it is empty, raising IRQ1 when enabled. */
  private fillOutput(): void {
    if (this.outputFull) return;
    let next: number | undefined;
    if (this.ctrlQueue.length) next = this.ctrlQueue.shift();
    else if (this.kbdQueue.length && !(this.config & KbcConfig.kbdDisabled)) next = this.kbdQueue.shift();
    if (next === undefined) return;
    this.output = next;
    this.outputFull = true;
    this.setLine(!!(this.config & KbcConfig.kbdInterrupt));
  }

  private readStatus(): number {
    return this.status | (this.outputFull ? KbcStatus.outputFull : 0);
  }

  private readData(): number {
    const v = this.output;
    this.outputFull = false;
    this.setLine(false); // drop IRQ1 so the next byte makes a fresh edge
    this.fillOutput();
    return v;
  }

  private reply(...bytes: number[]): void {
    this.ctrlQueue.push(...bytes);
    this.fillOutput();
  }

  private kbdReply(...bytes: number[]): void {
    this.kbdQueue.push(...bytes);
    this.fillOutput();
  }

  private writeCommand(cmd: number): void {
    this.status |= KbcStatus.command;
    this.pendingCommand = 0;
    if (cmd >= 0x20 && cmd <= 0x3f) return this.reply(cmd === 0x20 ? this.config : this.ram[cmd & 0x1f]);
    if (cmd >= 0x60 && cmd <= 0x7f) { this.pendingCommand = cmd; return; }
    if (cmd >= 0xf0) {
      if (!(cmd & 1)) this.host.events.emit("reset", { source: "kbc" }); // pulse bit 0 = CPU reset line
      return;
    }
    switch (cmd) {
      case 0xa7: this.config |= KbcConfig.auxDisabled; break;
      case 0xa8: this.config &= ~KbcConfig.auxDisabled; break;
      case 0xa9: this.reply(0x00); break; // aux interface test: passed
      case 0xaa: this.reply(0x55); break; // controller self-test passed (config kept, as QEMU does)
      case 0xab: this.reply(0x00); break; // keyboard interface test: passed
      case 0xad: this.config |= KbcConfig.kbdDisabled; break;
      case 0xae: this.config &= ~KbcConfig.kbdDisabled; this.fillOutput(); break;
      case 0xc0: this.reply(0x00); break; // input port
      case 0xd0: this.reply(this.outputPort); break;
      case 0xd1: case 0xd2: case 0xd3: case 0xd4: this.pendingCommand = cmd; break;
      default: break; // unknown controller commands are ignored
    }
  }

  private writeData(v: number): void {
    this.status &= ~KbcStatus.command;
    const cmd = this.pendingCommand;
    this.pendingCommand = 0;
    if (cmd >= 0x60 && cmd <= 0x7f) {
      if (cmd === 0x60) {
        this.config = v;
        this.status = (this.status & ~KbcStatus.system) | (v & KbcStatus.system);
        this.setLine(this.outputFull && !!(v & KbcConfig.kbdInterrupt));
        this.fillOutput();
      } else {
        this.ram[cmd & 0x1f] = v;
      }
      return;
    }
    switch (cmd) {
      case 0xd1:
        this.outputPort = v;
        if (!(v & 1)) this.host.events.emit("reset", { source: "kbc" });
        return;
      case 0xd2: this.kbdReply(v); return; // echo as if from the keyboard
      case 0xd3: case 0xd4: return; // no mouse: aux bytes go nowhere
      default: this.keyboardCommand(v);
    }
  }

  /** A byte sent to the keyboard itself. */
  private keyboardCommand(v: number): void {
    // Sending to the keyboard re-enables the interface, as the 8042 does.
    this.config &= ~KbcConfig.kbdDisabled;
    const pending = this.pendingKbdCommand;
    this.pendingKbdCommand = 0;
    if (pending) {
      if (pending === 0xed) this.leds = v & 7;
      if (pending === 0xf0 && v !== 0) this.scancodeSet = v;
      if (pending === 0xf0 && v === 0) {
        // Report the set; with translation on the 8042 turns set 2's 0x02 into set 1's 0x41.
        return this.kbdReply(KbdReply.ack, this.config & KbcConfig.translate ? [0, 0x43, 0x41, 0x3f][this.scancodeSet] ?? 0x41 : this.scancodeSet);
      }
      return this.kbdReply(KbdReply.ack);
    }
    switch (v) {
      case 0xff: // reset: drops queued keys, then passes its self test
        this.kbdQueue = [];
        this.scanning = true; this.leds = 0; this.scancodeSet = 2;
        this.kbdReply(KbdReply.ack, KbdReply.selfTestPassed);
        break;
      case 0xee: this.kbdReply(KbdReply.echo); break;
      case 0xf2: // identify: MF2 keyboard (0xAB 0x83, translated to 0xAB 0x41)
        this.kbdReply(KbdReply.ack, 0xab, this.config & KbcConfig.translate ? 0x41 : 0x83);
        break;
      case 0xf4: this.scanning = true; this.kbdReply(KbdReply.ack); break;
      case 0xf5: this.scanning = false; this.kbdReply(KbdReply.ack); break;
      case 0xf6: this.scanning = true; this.leds = 0; this.kbdReply(KbdReply.ack); break;
      case 0xed: case 0xf0: case 0xf3: this.pendingKbdCommand = v; this.kbdReply(KbdReply.ack); break;
      case 0xf7: case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xfc: case 0xfd:
        this.kbdReply(KbdReply.ack); // typematic/make-break modes: accepted, no effect on set 1 output
        break;
      default: this.kbdReply(KbdReply.resend);
    }
  }

  saveState(): DeviceState {
    return {
      ctrlQueue: [...this.ctrlQueue], kbdQueue: [...this.kbdQueue], output: this.output, outputFull: this.outputFull,
      config: this.config, status: this.status, pendingCommand: this.pendingCommand,
      pendingKbdCommand: this.pendingKbdCommand, scanning: this.scanning, scancodeSet: this.scancodeSet,
      leds: this.leds, outputPort: this.outputPort, ram: this.ram.slice(), level: this.level,
    };
  }

  loadState(s: DeviceState): void {
    this.ctrlQueue = [...(s.ctrlQueue as number[])];
    this.kbdQueue = [...(s.kbdQueue as number[])];
    this.ram = bytesFrom(s.ram);
    Object.assign(this, {
      output: s.output, outputFull: s.outputFull, config: s.config, status: s.status, pendingCommand: s.pendingCommand,
      pendingKbdCommand: s.pendingKbdCommand, scanning: s.scanning, scancodeSet: s.scancodeSet, leds: s.leds,
      outputPort: s.outputPort, level: s.level,
    });
  }

  describe(): string {
    return `kbd: config=${this.config.toString(16)} queued=${this.pendingBytes()} leds=${this.leds} ` +
      `scanning=${this.scanning ? "on" : "off"}`;
  }
}

/** Resolves a key name (QEMU name, alias, or "0xNN" raw set 1 code) to a code for keyEvent(). */
export function keyCode(name: string): number {
  const key = name.toLowerCase();
  if (key === "pause") return -1;
  if (/^0x[0-9a-f]+$/.test(key)) return parseInt(key, 16);
  const code = SCANCODE_SET1[KEY_ALIASES[key] ?? key];
  if (code === undefined) throw new RangeError(`unknown key "${name}"`);
  return code;
}
