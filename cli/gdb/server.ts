// The gdbserver's TCP side: listens on 127.0.0.1, serves one gdb at a time (a second connection
// is refused while one is attached), and hands bytes to a GdbConnection.

import { createServer, type Server, type Socket } from "node:net";
import { GdbConnection } from "./connection.ts";
import type { GdbTarget } from "./target.ts";

/** QEMU's and gdbserver's customary port. */
export const DEFAULT_GDB_PORT = 1234;

/** A listening gdbserver. */
export interface GdbServer {
  /** The port actually bound (useful when 0 was asked for). */
  readonly port: number;
  /** True while a gdb is connected. */
  readonly attached: boolean;
  /** Stops listening and drops the client (detaching it from the target). */
  close(): Promise<void>;
}

/**
 * Starts a GDB remote-protocol server for `target` on 127.0.0.1:`port` (0 picks a free port).
 * Resolves once listening; rejects with the socket error (e.g. EADDRINUSE) otherwise.
 */
export function startGdbServer(target: GdbTarget, port: number = DEFAULT_GDB_PORT): Promise<GdbServer> {
  let client: { socket: Socket; connection: GdbConnection } | undefined;
  const server: Server = createServer((socket) => {
    if (client !== undefined) { socket.destroy(); return; }
    socket.setNoDelay(true);
    const connection = new GdbConnection(target, {
      write: (text) => { if (!socket.destroyed) socket.write(Buffer.from(text, "latin1")); },
      end: () => socket.end(),
    });
    const current = { socket, connection };
    client = current;
    socket.on("data", (chunk: Buffer) => connection.receive(new Uint8Array(chunk)));
    const drop = (): void => {
      connection.close();
      if (client === current) client = undefined;
    };
    socket.on("close", drop);
    socket.on("error", drop);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : port;
      resolve({
        port: bound,
        get attached() { return client !== undefined; },
        close: () => new Promise<void>((done) => {
          client?.connection.close();
          client?.socket.destroy();
          client = undefined;
          server.close(() => done());
        }),
      });
    });
  });
}
