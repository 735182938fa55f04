// One gdb client: decodes packets, answers queries (registers, memory, breakpoints, target
// description) and runs the target in slices while gdb says continue, yielding to the event loop
// between slices so Ctrl-C (0x03) and the socket keep being serviced. All-stop mode, one thread.

import { framePacket, fromHex, hex32le, PacketReader, toHex, type Inbound } from "./packet.ts";
import { GDB_REGISTERS, GdbReg, readAllRegisters, readRegister, writeAllRegisters, writeRegister } from "./registers.ts";
import { readFeatures } from "./target_description.ts";
import { readMemory, UnmappedError, writeMemory, type GdbTarget, type RunEvent } from "./target.ts";

/** Instructions per slice between event-loop turns (a few milliseconds of emulation). */
const SLICE = 200_000;
/** What qSupported advertises (gdb manual, "General Query Packets"). */
const FEATURES = "PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;vContSupported+";
/** GDB signal numbers (gdb/signals.def): the ones a stop reply carries. */
export const GdbSignal = { INT: 2, TRAP: 5, SEGV: 11 } as const;

/** Where the connection writes bytes and how it ends the socket. */
export interface Wire {
  write(text: string): void;
  end(): void;
}

/** The protocol state of one attached gdb. */
export class GdbConnection {
  private readonly reader = new PacketReader();
  private noAck = false;
  private lastPacket = "";
  private running = false;
  private interrupt = false;
  private closed = false;
  private lastStop = `T05thread:1;`;
  /** Breakpoints this gdb inserted (others, e.g. the monitor's, are left alone on detach). */
  private readonly inserted = new Set<number>();

  constructor(private readonly target: GdbTarget, private readonly wire: Wire) {
    target.attach?.();
  }

  /** Feeds bytes received from gdb. */
  receive(chunk: Uint8Array): void {
    for (const item of this.reader.push(chunk)) this.handle(item);
  }

  /** The socket closed: stop any run loop and give the machine back to its owner. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.running = false;
    this.clearBreakpoints();
    this.target.detach?.();
  }

  private handle(item: Inbound): void {
    if (item.kind === "nack") { if (this.lastPacket) this.wire.write(this.lastPacket); return; }
    if (item.kind === "ack") return;
    if (item.kind === "interrupt") { if (this.running) this.interrupt = true; return; }
    if (!item.checksumOk) { if (!this.noAck) this.wire.write("-"); return; }
    if (!this.noAck) this.wire.write("+");
    const reply = this.dispatch(item.body);
    if (reply !== undefined) this.send(reply);
  }

  private send(body: string): void {
    if (this.closed) return;
    this.lastPacket = framePacket(body);
    this.wire.write(this.lastPacket);
  }

  /** Answers one packet; undefined means the reply comes later (resume) or never (kill). */
  private dispatch(body: string): string | undefined {
    const cpu = this.target.cpu;
    const head = body[0];
    if (this.running) return undefined; // all-stop: gdb only sends 0x03 while the target runs
    if (body.startsWith("qSupported")) return FEATURES;
    if (body === "QStartNoAckMode") { this.send("OK"); this.noAck = true; return undefined; }
    if (body.startsWith("qXfer:features:read:")) {
      const match = /^qXfer:features:read:([^:]*):([0-9a-f]+),([0-9a-f]+)$/i.exec(body);
      return match ? readFeatures(match[1]!, parseInt(match[2]!, 16), parseInt(match[3]!, 16)) : "E00";
    }
    if (body === "qAttached") return "1";
    if (body === "qC") return "QC1";
    if (body === "qfThreadInfo") return "m1";
    if (body === "qsThreadInfo") return "l";
    if (body.startsWith("qSymbol")) return "OK";
    if (head === "H" || head === "T") return "OK"; // one thread: select / is-alive always succeed
    if (body === "?") return this.lastStop;
    if (body === "g") return toHex(readAllRegisters(cpu));
    if (head === "G") {
      const bytes = fromHex(body.slice(1));
      return bytes !== undefined && writeAllRegisters(cpu, bytes) ? "OK" : "E01";
    }
    if (head === "p") {
      const regnum = parseInt(body.slice(1), 16);
      return regnum < GDB_REGISTERS.length ? toHex(readRegister(cpu, regnum)) : "E45";
    }
    if (head === "P") {
      const match = /^P([0-9a-f]+)=([0-9a-f]*)$/i.exec(body);
      const bytes = match ? fromHex(match[2]!) : undefined;
      return match && bytes && writeRegister(cpu, parseInt(match[1]!, 16), bytes) ? "OK" : "E01";
    }
    if (head === "m" || head === "M" || head === "X") return this.memory(body);
    if (head === "Z" || head === "z") return this.breakpoint(body);
    if (head === "c" || head === "C") return this.resume(false);
    if (head === "s" || head === "S") return this.resume(true);
    if (body === "vCont?") return "vCont;c;C;s;S";
    if (body.startsWith("vCont;")) {
      // One thread: the first action decides (gdb sends e.g. `vCont;s:1;c` to step thread 1).
      const action = body.slice(6)[0];
      if (action === "c" || action === "C") return this.resume(false);
      if (action === "s" || action === "S") return this.resume(true);
      return "E01";
    }
    if (head === "k") { this.target.kill?.(); this.close(); this.wire.end(); return undefined; }
    if (head === "D") {
      this.send("OK");
      this.close();
      this.wire.end();
      return undefined;
    }
    return ""; // unsupported packet (gdb manual: an empty reply)
  }

  private memory(body: string): string {
    const match = /^([mMX])([0-9a-f]+),([0-9a-f]+)(?::([\s\S]*))?$/i.exec(body);
    if (match === null) return "E01";
    const address = parseInt(match[2]!, 16) >>> 0;
    const length = parseInt(match[3]!, 16);
    try {
      if (match[1] === "m") return toHex(readMemory(this.target.cpu, address, length));
      const data = match[1] === "M" ? fromHex(match[4] ?? "") : Buffer.from(match[4] ?? "", "latin1");
      if (data === undefined || data.length !== length) return "E01";
      writeMemory(this.target.cpu, address, new Uint8Array(data));
      return "OK";
    } catch (error) {
      if (error instanceof UnmappedError) return "E14"; // EFAULT, as gdbserver answers
      throw error;
    }
  }

  private breakpoint(body: string): string {
    const match = /^([Zz])([01]),([0-9a-f]+),[0-9a-f]+/i.exec(body);
    if (match === null) return ""; // watchpoints (types 2–4) are not supported
    const address = parseInt(match[3]!, 16) >>> 0;
    const cpu = this.target.cpu;
    if (match[1] === "Z") {
      if (!cpu.breakpoints.has(address)) this.inserted.add(address);
      cpu.breakpoints.add(address);
    } else if (this.inserted.delete(address)) cpu.breakpoints.delete(address);
    cpu.flushCode(); // cached blocks were decoded without a stop at this address
    return "OK";
  }

  private clearBreakpoints(): void {
    if (this.inserted.size === 0) return;
    for (const address of this.inserted) this.target.cpu.breakpoints.delete(address);
    this.inserted.clear();
    this.target.cpu.flushCode();
  }

  /** Starts a step or continue; the stop reply is sent when it ends. */
  private resume(step: boolean): undefined {
    this.running = true;
    this.interrupt = false;
    void this.runLoop(step).catch((error: unknown) => {
      this.running = false;
      this.stop({ kind: "stopped", signal: GdbSignal.SEGV });
      console.error(`gdbserver: ${(error as Error).message}`);
    });
    return undefined;
  }

  private async runLoop(step: boolean): Promise<void> {
    const cpu = this.target.cpu;
    const startCount = cpu.instructionCount;
    for (let first = true; ; first = false) {
      if (this.closed) return;
      if (this.interrupt) return this.stop({ kind: "stopped", signal: GdbSignal.INT });
      let event = this.target.run(step ? 1 : SLICE);
      // Resuming at a breakpoint address we did not stop at: the CPU stops before executing
      // anything; running again passes it (the CPU skips a breakpoint once when resuming).
      if (first && event.kind === "breakpoint" && cpu.instructionCount === startCount) event = this.target.run(step ? 1 : SLICE);
      if (event.kind === "running" && !step) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (event.kind === "waiting") {
        await new Promise((resolve) => setTimeout(resolve, event.ms));
        continue;
      }
      return this.stop(event);
    }
  }

  private stop(event: RunEvent): void {
    this.running = false;
    let reply: string;
    if (event.kind === "exited") reply = `W${(event.code & 0xff).toString(16).padStart(2, "0")}`;
    else if (event.kind === "signalled") reply = `X${(event.signal & 0xff).toString(16).padStart(2, "0")}`;
    else {
      const signal = event.kind === "stopped" ? event.signal : GdbSignal.TRAP;
      const cpu = this.target.cpu;
      // Expedite eip, esp and ebp so gdb can show the frame without a `g` round trip.
      reply = `T${signal.toString(16).padStart(2, "0")}` +
        `${GdbReg.eip.toString(16).padStart(2, "0")}:${hex32le(cpu.eip)};04:${hex32le(cpu.r32[4]!)};05:${hex32le(cpu.r32[5]!)};thread:1;`;
    }
    this.lastStop = reply;
    this.send(reply);
  }
}
