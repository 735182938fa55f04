import { expect, test } from "bun:test";
import { FileType, OpenFlag, PIPE_BUF, Poll } from "../../../kernel/files/file_mode.ts";
import { createPipe } from "../../../kernel/files/open_file.ts";
import { PIPE_CAPACITY, Pipe, PipeEnd } from "../../../kernel/files/pipe.ts";
import { Tmpfs } from "../../../kernel/files/tmpfs.ts";
import { Vfs } from "../../../kernel/files/vfs.ts";
import { WaitQueue } from "../../../kernel/files/wait_queue.ts";
import { Errno, LinuxErrno } from "../../../kernel/linux/errno.ts";

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function errnoOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    if (error instanceof Errno) return error.code;
    throw error;
  }
  return 0;
}

test("createPipe(): bytes flow in order; EAGAIN when empty with writers; EOF without", () => {
  const [reader, writer] = createPipe();
  expect(reader.inode.mode & FileType.S_IFMT).toBe(FileType.S_IFIFO);
  expect(errnoOf(() => reader.read(10))).toBe(LinuxErrno.EAGAIN);
  writer.write(text("abc"));
  writer.write(text("def"));
  expect(str(reader.read(4))).toBe("abcd");
  expect(str(reader.read(10))).toBe("ef");
  writer.release();
  expect(reader.read(10).length).toBe(0);
  expect(reader.poll() & Poll.POLLHUP).toBe(Poll.POLLHUP);
  expect(errnoOf(() => reader.lseek(0, 0))).toBe(LinuxErrno.ESPIPE);
});

test("Pipe: EPIPE with no readers, POLLERR on the write end", () => {
  const [reader, writer] = createPipe();
  reader.release();
  expect(errnoOf(() => writer.write(text("x")))).toBe(LinuxErrno.EPIPE);
  expect(writer.poll() & Poll.POLLERR).toBe(Poll.POLLERR);
});

test("Pipe: 64 KiB capacity, partial large writes, PIPE_BUF writes all-or-nothing", () => {
  const pipe = new Pipe();
  pipe.attach(PipeEnd.Both);
  expect(pipe.write(new Uint8Array(PIPE_CAPACITY - 100))).toBe(PIPE_CAPACITY - 100);
  expect(errnoOf(() => pipe.write(new Uint8Array(200)))).toBe(LinuxErrno.EAGAIN); // ≤ PIPE_BUF: atomic
  expect(pipe.write(new Uint8Array(PIPE_BUF + 1))).toBe(100); // large: partial
  expect(errnoOf(() => pipe.write(new Uint8Array(PIPE_BUF + 1)))).toBe(LinuxErrno.EAGAIN); // full
  expect(pipe.poll(PipeEnd.Write) & Poll.POLLOUT).toBe(0);
  pipe.read(PIPE_BUF);
  expect(pipe.poll(PipeEnd.Write) & Poll.POLLOUT).toBe(Poll.POLLOUT);
});

test("Pipe ring buffer wraps around without losing order", () => {
  const pipe = new Pipe(16);
  pipe.attach(PipeEnd.Both);
  let next = 0;
  let expected = 0;
  for (let round = 0; round < 50; round++) {
    const chunk = Uint8Array.from({ length: 5 + (round % 7) }, () => next++ & 0xff);
    const written = pipe.write(chunk.subarray(0, Math.min(chunk.length, 16 - pipe.available)));
    next -= chunk.length - written;
    for (const byte of pipe.read(3 + (round % 5))) expect(byte).toBe(expected++ & 0xff);
  }
});

test("Pipe wakes its WaitQueue on data, space and hang-up", () => {
  const [reader, writer] = createPipe();
  let wakes = 0;
  reader.waitQueue!.wait(() => wakes++);
  writer.write(text("x"));
  expect(wakes).toBe(1);
  reader.waitQueue!.wait(() => wakes++);
  const cancel = reader.waitQueue!.wait(() => (wakes += 100));
  cancel();
  writer.release();
  expect(wakes).toBe(2);
});

test("WaitQueue callbacks are one-shot and may re-register", () => {
  const queue = new WaitQueue();
  let count = 0;
  const park = () => queue.wait(() => {
    count++;
    if (count < 3) park();
  });
  park();
  queue.wakeAll();
  queue.wakeAll();
  queue.wakeAll();
  queue.wakeAll();
  expect(count).toBe(3);
  expect(queue.size).toBe(0);
});

test("FIFOs: openers share one pipe; blocking opens wait for a peer; ENXIO for lonely non-blocking writer", () => {
  const vfs = new Vfs(new Tmpfs().root);
  vfs.mknod("/fifo", FileType.S_IFIFO | 0o600);
  expect(errnoOf(() => vfs.open("/fifo", OpenFlag.O_WRONLY | OpenFlag.O_NONBLOCK))).toBe(LinuxErrno.ENXIO);
  const reader = vfs.open("/fifo", OpenFlag.O_RDONLY);
  expect(reader.waitingForPeer()).toBe(true);
  let woken = false;
  reader.waitQueue!.wait(() => (woken = true));
  const writer = vfs.open("/fifo", OpenFlag.O_WRONLY);
  expect(woken).toBe(true);
  expect(reader.waitingForPeer()).toBe(false);
  expect(writer.waitingForPeer()).toBe(false);
  writer.write(text("through the fifo"));
  expect(str(reader.read(100))).toBe("through the fifo");
  writer.release();
  expect(reader.waitingForPeer()).toBe(false); // a writer came and went: read now returns EOF
  expect(reader.read(10).length).toBe(0);
  const both = vfs.open("/fifo", OpenFlag.O_RDWR);
  expect(both.waitingForPeer()).toBe(false);
});
