// The CHIP-8 virtual machine proper: 4 KiB of memory, V0–VF, I, a 16-level stack, delay and sound
// timers and a 64×32 monochrome display. Sources: Cowgod's "Chip-8 Technical Reference" v1.0
// (instruction set §3.1, font §2.4); quirks chosen as in CHIP-48 and most modern interpreters
// (8xy6/8xyE shift Vx in place, Fx55/Fx65 leave I unchanged, sprites clip at the edges). Platform-neutral.

/** Display geometry (Cowgod §2.4). */
export const CHIP8_WIDTH = 64;
export const CHIP8_HEIGHT = 32;
/** Programs load here (Cowgod §2.1). */
export const CHIP8_LOAD_ADDRESS = 0x200;
const MEMORY_SIZE = 4096;
const FONT_ADDRESS = 0x050;

/** The built-in hexadecimal font, 5 bytes per digit 0–F (Cowgod §2.4). */
export const CHIP8_FONT = Uint8Array.of(
  0xf0, 0x90, 0x90, 0x90, 0xf0, 0x20, 0x60, 0x20, 0x20, 0x70, 0xf0, 0x10, 0xf0, 0x80, 0xf0, 0xf0, 0x10, 0xf0, 0x10, 0xf0,
  0x90, 0x90, 0xf0, 0x10, 0x10, 0xf0, 0x80, 0xf0, 0x10, 0xf0, 0xf0, 0x80, 0xf0, 0x90, 0xf0, 0xf0, 0x10, 0x20, 0x40, 0x40,
  0xf0, 0x90, 0xf0, 0x90, 0xf0, 0xf0, 0x90, 0xf0, 0x10, 0xf0, 0xf0, 0x90, 0xf0, 0x90, 0x90, 0xe0, 0x90, 0xe0, 0x90, 0xe0,
  0xf0, 0x80, 0x80, 0x80, 0xf0, 0xe0, 0x90, 0x90, 0x90, 0xe0, 0xf0, 0x80, 0xf0, 0x80, 0xf0, 0xf0, 0x80, 0xf0, 0x80, 0x80,
);

/** Which keys of the 16-key hex keypad are down (the keypad driver supplies it). */
export type KeyState = (key: number) => boolean;

/** One CHIP-8. `step()` runs one instruction; `tickTimers()` is called at 60 Hz. */
export class Chip8Cpu {
  readonly memory = new Uint8Array(MEMORY_SIZE);
  readonly v = new Uint8Array(16);
  readonly stack = new Uint16Array(16);
  /** Display, one byte (0/1) per pixel, row-major. */
  readonly display = new Uint8Array(CHIP8_WIDTH * CHIP8_HEIGHT);
  pc = CHIP8_LOAD_ADDRESS;
  i = 0;
  sp = 0;
  delay = 0;
  sound = 0;
  /** Set whenever the display changes; the display driver clears it after presenting. */
  dirty = true;
  /** Register waiting for a key (Fx0A), or -1. */
  waitingFor = -1;
  instructions = 0;
  /** xorshift32 state: CXkk is deterministic for a given seed (golden-frame tests). */
  private rng: number;

  constructor(rom: Uint8Array, private readonly keys: KeyState, seed = 0x2545f491) {
    if (rom.length > MEMORY_SIZE - CHIP8_LOAD_ADDRESS) throw new RangeError(`CHIP-8 ROM too large (${rom.length} bytes)`);
    this.memory.set(CHIP8_FONT, FONT_ADDRESS);
    this.memory.set(rom, CHIP8_LOAD_ADDRESS);
    this.rng = seed >>> 0 || 1;
  }

  /** Delivers a key press to an Fx0A that is waiting for one. */
  keyPressed(key: number): void {
    if (this.waitingFor < 0) return;
    this.v[this.waitingFor] = key;
    this.waitingFor = -1;
  }

  /** 60 Hz: the delay and sound timers count down to zero. */
  tickTimers(): void {
    if (this.delay > 0) this.delay--;
    if (this.sound > 0) this.sound--;
  }

  private random(): number {
    let x = this.rng;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng & 0xff;
  }

  /** Runs one instruction; returns false while blocked in Fx0A. Throws on an invalid opcode. */
  step(): boolean {
    if (this.waitingFor >= 0) return false;
    const m = this.memory, v = this.v;
    const op = (m[this.pc & 0xfff] << 8) | m[(this.pc + 1) & 0xfff];
    const at = this.pc;
    this.pc = (this.pc + 2) & 0xfff;
    this.instructions++;
    const x = (op >> 8) & 15, y = (op >> 4) & 15, n = op & 15, kk = op & 0xff, nnn = op & 0xfff;
    switch (op >> 12) {
      case 0x0:
        if (op === 0x00e0) { this.display.fill(0); this.dirty = true; }
        else if (op === 0x00ee) {
          if (this.sp === 0) throw this.fault(at, op, "stack underflow");
          this.pc = this.stack[--this.sp];
        } else throw this.fault(at, op, "machine-code routine (0nnn) not supported");
        break;
      case 0x1: this.pc = nnn; break;
      case 0x2:
        if (this.sp === 16) throw this.fault(at, op, "stack overflow");
        this.stack[this.sp++] = this.pc;
        this.pc = nnn;
        break;
      case 0x3: if (v[x] === kk) this.skip(); break;
      case 0x4: if (v[x] !== kk) this.skip(); break;
      case 0x5: if (v[x] === v[y]) this.skip(); break;
      case 0x6: v[x] = kk; break;
      case 0x7: v[x] = v[x] + kk; break;
      case 0x8: this.arithmetic(at, op, x, y, n); break;
      case 0x9: if (v[x] !== v[y]) this.skip(); break;
      case 0xa: this.i = nnn; break;
      case 0xb: this.pc = (nnn + v[0]) & 0xfff; break;
      case 0xc: v[x] = this.random() & kk; break;
      case 0xd: this.draw(v[x], v[y], n); break;
      case 0xe:
        if (kk === 0x9e) { if (this.keys(v[x] & 15)) this.skip(); }
        else if (kk === 0xa1) { if (!this.keys(v[x] & 15)) this.skip(); }
        else throw this.fault(at, op);
        break;
      default: this.misc(at, op, x, kk);
    }
    return true;
  }

  private skip(): void {
    this.pc = (this.pc + 2) & 0xfff;
  }

  /** 8xyN: register-register arithmetic; VF is written last so "8xF4" keeps the flag. */
  private arithmetic(at: number, op: number, x: number, y: number, n: number): void {
    const v = this.v, a = v[x], b = v[y];
    let flag: number | undefined;
    switch (n) {
      case 0x0: v[x] = b; break;
      case 0x1: v[x] = a | b; break;
      case 0x2: v[x] = a & b; break;
      case 0x3: v[x] = a ^ b; break;
      case 0x4: v[x] = a + b; flag = a + b > 0xff ? 1 : 0; break;
      case 0x5: v[x] = a - b; flag = a >= b ? 1 : 0; break;
      case 0x6: v[x] = a >> 1; flag = a & 1; break;
      case 0x7: v[x] = b - a; flag = b >= a ? 1 : 0; break;
      case 0xe: v[x] = a << 1; flag = a >> 7; break;
      default: throw this.fault(at, op);
    }
    if (flag !== undefined) v[15] = flag;
  }

  private misc(at: number, op: number, x: number, kk: number): void {
    const v = this.v, m = this.memory;
    switch (kk) {
      case 0x07: v[x] = this.delay; break;
      case 0x0a: this.waitingFor = x; break;
      case 0x15: this.delay = v[x]; break;
      case 0x18: this.sound = v[x]; break;
      case 0x1e: this.i = (this.i + v[x]) & 0xfff; break;
      case 0x29: this.i = FONT_ADDRESS + (v[x] & 15) * 5; break;
      case 0x33:
        m[this.i & 0xfff] = Math.floor(v[x] / 100);
        m[(this.i + 1) & 0xfff] = Math.floor(v[x] / 10) % 10;
        m[(this.i + 2) & 0xfff] = v[x] % 10;
        break;
      case 0x55: for (let r = 0; r <= x; r++) m[(this.i + r) & 0xfff] = v[r]; break;
      case 0x65: for (let r = 0; r <= x; r++) v[r] = m[(this.i + r) & 0xfff]; break;
      default: throw this.fault(at, op);
    }
  }

  /** Dxyn: XORs an n-byte sprite at (vx, vy); VF = 1 if any lit pixel was erased. */
  private draw(vx: number, vy: number, rows: number): void {
    const x0 = vx % CHIP8_WIDTH, y0 = vy % CHIP8_HEIGHT, d = this.display;
    let collision = 0;
    for (let r = 0; r < rows && y0 + r < CHIP8_HEIGHT; r++) {
      const bits = this.memory[(this.i + r) & 0xfff];
      for (let c = 0; c < 8 && x0 + c < CHIP8_WIDTH; c++) {
        if (!((bits >> (7 - c)) & 1)) continue;
        const p = (y0 + r) * CHIP8_WIDTH + x0 + c;
        if (d[p]) collision = 1;
        d[p] ^= 1;
      }
    }
    this.v[15] = collision;
    this.dirty = true;
  }

  private fault(at: number, op: number, why = "invalid instruction"): Error {
    return new Error(`chip8: ${why} ${op.toString(16).padStart(4, "0")} at ${at.toString(16).padStart(3, "0")}`);
  }
}
