// The gdbserver's packet layer and command subset over a real socket, against a bare machine
// running a two-instruction loop (nop; nop; jmp back), so stops and Ctrl-C are deterministic.
import { test, expect } from "bun:test";
import { connect, type Socket } from "node:net";
import { Machine } from "../../../core/machine.ts";
import { machineTarget, startGdbServer, type GdbServer } from "../../../cli/gdb/mod.ts";
import { checksum, framePacket, PacketReader } from "../../../cli/gdb/packet.ts";
import { REGISTER_BLOCK_BYTES } from "../../../cli/gdb/registers.ts";

const LOOP = 0x1000; // nop; nop; jmp LOOP
const LOOP_CODE = [0x90, 0x90, 0xeb, 0xfc];

/** A raw RSP client: sends framed packets and awaits the next reply packet. */
class Client {
  private readonly reader = new PacketReader();
  private readonly replies: string[] = [];
  readonly acks: string[] = [];
  private waiter: (() => void) | undefined;
  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      for (const item of this.reader.push(new Uint8Array(chunk))) {
        if (item.kind === "packet") { this.replies.push(item.body); this.socket.write("+"); }
        else this.acks.push(item.kind);
      }
      this.waiter?.();
    });
  }
  static open(port: number): Promise<Client> {
    return new Promise((resolve) => { const s = connect(port, "127.0.0.1", () => resolve(new Client(s))); });
  }
  async reply(): Promise<string> {
    while (this.replies.length === 0) await new Promise<void>((r) => { this.waiter = r; });
    return this.replies.shift()!;
  }
  send(body: string): void { this.socket.write(framePacket(body)); }
  async ask(body: string): Promise<string> { this.send(body); return this.reply(); }
}

async function setup(): Promise<{ machine: Machine; server: GdbServer; client: Client; events: string[] }> {
  const machine = new Machine({ memory: 1 << 20, framebuffer: false });
  machine.memory.writeBytes(LOOP, Uint8Array.from(LOOP_CODE));
  machine.cpu.eip = LOOP;
  const events: string[] = [];
  const server = await startGdbServer(machineTarget(machine, { attach: () => events.push("attach"), detach: () => events.push("detach") }), 0);
  return { machine, server, client: await Client.open(server.port), events };
}

test("packet framing: checksums, escapes and interrupts", () => {
  expect(framePacket("OK")).toBe("$OK#9a");
  expect(framePacket("a#b")).toBe(`$a}\x03b#${checksum("a}\x03b").toString(16).padStart(2, "0")}`);
  const reader = new PacketReader();
  const items = reader.push(new TextEncoder().encode("+$m0,4#fd\x03$X0,1:}]#00-$g#6"));
  expect(items.map((i) => i.kind)).toEqual(["ack", "packet", "interrupt", "packet", "nack"]);
  expect(items[1]).toEqual({ kind: "packet", body: "m0,4", checksumOk: true });
  expect(items[3]).toMatchObject({ body: "X0,1:}", checksumOk: false });
  expect(reader.push(new TextEncoder().encode("7"))).toEqual([{ kind: "packet", body: "g", checksumOk: true }]);
});

test("gdbserver: queries, registers and memory on a bare machine", async () => {
  const { machine, server, client } = await setup();
  try {
    expect(await client.ask("qSupported:multiprocess+;swbreak+")).toContain("PacketSize=");
    expect(await client.ask("?")).toStartWith("T05");
    const xml = await client.ask("qXfer:features:read:target.xml:0,ffff");
    expect(xml).toStartWith("l<?xml");
    expect(xml).toContain("<architecture>i386</architecture>");
    expect(await client.ask("qXfer:features:read:other.xml:0,ffff")).toBe("E00");
    const regs = await client.ask("g");
    expect(regs.length).toBe(REGISTER_BLOCK_BYTES * 2);
    expect(regs.slice(64, 72)).toBe("00100000"); // eip, little-endian
    expect(await client.ask("P0=78563412")).toBe("OK");
    expect(machine.cpu.r32[0]).toBe(0x12345678);
    expect(await client.ask("p0")).toBe("78563412");
    expect(await client.ask("p1a")).toBe("ffff0000"); // ftag: all x87 registers empty
    expect(await client.ask("p28")).toBe("801f0000"); // mxcsr power-on value
    expect(await client.ask("p99")).toBe("E45");
    expect(await client.ask(`m${LOOP.toString(16)},4`)).toBe("9090ebfc");
    expect(await client.ask("mfff000,4")).toBe("E14"); // past RAM, paging off
    expect(await client.ask("M2000,2:abcd")).toBe("OK");
    expect(Array.from(machine.memory.readBytes(0x2000, 2))).toEqual([0xab, 0xcd]);
    expect(await client.ask("X2002,2:\x7d\x23")).toBe("OK"); // binary; framePacket escapes both bytes
    expect(Array.from(machine.memory.readBytes(0x2002, 2))).toEqual([0x7d, 0x23]);
    expect(await client.ask("vMustReplyEmpty")).toBe("");
    client.socket.write("$g#00"); // bad checksum: a nack, no reply
    expect(await client.ask("qC")).toBe("QC1");
    expect(client.acks).toContain("nack");
  } finally {
    client.socket.destroy();
    await server.close();
  }
});

test("gdbserver: breakpoints, single steps, Ctrl-C and detach", async () => {
  const { machine, server, client, events } = await setup();
  try {
    expect(await client.ask("Z0,1001,1")).toBe("OK");
    expect(await client.ask("c")).toBe("T0508:01100000;04:00000000;05:00000000;thread:1;");
    expect(machine.cpu.eip).toBe(0x1001);
    expect(await client.ask("z0,1001,1")).toBe("OK");
    expect(await client.ask("vCont;s:1")).toStartWith("T0508:02100000;");
    expect(await client.ask("s")).toStartWith("T0508:00100000;"); // the jmp back
    client.send("vCont;c");
    await new Promise((r) => setTimeout(r, 20));
    const before = machine.cpu.instructionCount;
    client.socket.write("\x03");
    expect(await client.reply()).toStartWith("T02"); // the stop reply to Ctrl-C
    expect(machine.cpu.instructionCount).toBeGreaterThan(before);
    expect(await client.ask("?")).toStartWith("T02"); // `?` repeats the last stop
    expect(await client.ask("Z0,1002,1")).toBe("OK");
    expect(await client.ask("D")).toBe("OK");
    expect(machine.cpu.breakpoints.size).toBe(0);
    expect(events).toEqual(["attach", "detach"]);
  } finally {
    client.socket.destroy();
    await server.close();
  }
});
