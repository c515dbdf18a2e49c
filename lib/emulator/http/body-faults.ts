import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { BodyFault } from "../faults/fault-plan";

const CHUNK_BYTES = 1024 * 1024;
/** One gzip member of a MiB of spaces: ~1 KB on the wire. Gzip members may be concatenated. */
let spacesMember: Buffer | undefined;

/**
 * Sends an answer's body the way a body fault says: padded with whitespace to a size (still valid
 * JSON), as a gzip body that inflates to far more than it weighs, or cut off halfway by a reset.
 * Writes chunk by chunk and stops when the client goes away, so a large body costs the emulator
 * little memory.
 */
export async function sendFaultedBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  text: string,
  fault: BodyFault,
): Promise<void> {
  const body = Buffer.from(text, "utf8");
  switch (fault.kind) {
    case "cut":
      res.writeHead(status, { ...headers, "content-length": body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    case "padded": {
      const total = Math.max(fault.bytes, body.length);
      res.writeHead(status, { ...headers, "content-length": total });
      await writeChunks(
        res,
        chunksOf(body, total - body.length, () => Buffer.alloc(CHUNK_BYTES, 0x20)),
      );
      return;
    }
    case "gzip-bomb": {
      spacesMember ??= gzipSync(Buffer.alloc(CHUNK_BYTES, 0x20), { level: 9 });
      const head = gzipSync(body);
      const padding = Math.max(0, fault.inflatedBytes - body.length);
      const whole = Math.floor(padding / CHUNK_BYTES);
      const tail = gzipSync(Buffer.alloc(padding % CHUNK_BYTES, 0x20));
      const member = spacesMember;
      res.writeHead(status, {
        ...headers,
        "content-encoding": "gzip",
        "content-length": head.length + whole * member.length + tail.length,
      });
      await writeChunks(res, bombOf(head, member, whole, tail));
      return;
    }
  }
}

function* chunksOf(body: Buffer, padding: number, chunk: () => Buffer): Generator<Buffer> {
  yield body;
  const full = chunk();
  for (let left = padding; left > 0; left -= full.length) {
    yield left >= full.length ? full : full.subarray(0, left);
  }
}

function* bombOf(head: Buffer, member: Buffer, count: number, tail: Buffer): Generator<Buffer> {
  yield head;
  for (let i = 0; i < count; i++) yield member;
  yield tail;
}

/** Writes the chunks with backpressure; stops quietly when the connection closes. */
async function writeChunks(res: ServerResponse, chunks: Iterable<Buffer>): Promise<void> {
  let closed = false;
  const onClose = (): void => {
    closed = true;
  };
  res.once("close", onClose);
  try {
    for (const chunk of chunks) {
      if (closed || res.destroyed) return;
      if (!res.write(chunk)) {
        await new Promise<void>((resume) => {
          const go = (): void => {
            res.off("drain", go);
            res.off("close", go);
            resume();
          };
          res.once("drain", go);
          res.once("close", go);
        });
      }
    }
    if (!closed) res.end();
  } finally {
    res.off("close", onClose);
  }
}
