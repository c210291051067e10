/**
 * Docker's multiplexed stream format (non-TTY attach, exec and logs): frames of
 * an 8-byte header [stream type, 0, 0, 0, size u32be] and a payload. This
 * splitter keeps partial frames across chunks and preserves frame order.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** FrameSplitter calls onFrame(streamType, payload) per complete frame (1 = stdout, 2 = stderr). */
export class FrameSplitter {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onFrame: (stream: number, payload: Buffer) => void) {}

  /** push feeds a chunk; complete frames are delivered synchronously. */
  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 8) {
      const size = this.buf.readUInt32BE(4);
      if (this.buf.length < 8 + size) break;
      const stream = this.buf[0] as number;
      const payload = this.buf.subarray(8, 8 + size);
      this.buf = this.buf.subarray(8 + size);
      this.onFrame(stream, payload);
    }
  }
}

/** demuxMerged returns a Transform that strips frame headers and merges stdout and stderr in order. */
export function demuxMerged(): Transform {
  const holder: { splitter?: FrameSplitter } = {};
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      holder.splitter?.push(chunk);
      cb();
    },
  });
  holder.splitter = new FrameSplitter((_s, payload) => t.push(payload));
  return t;
}

/** demuxBuffer strips frame headers from a complete buffer (non-follow logs). */
export function demuxBuffer(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  new FrameSplitter((_s, p) => parts.push(p)).push(buf);
  return Buffer.concat(parts);
}

/** LimitBytes cuts a stream after n bytes (pods/log limitBytes) and ends it. */
export function limitBytes(n: number): Transform {
  let left = n;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (left <= 0) return cb();
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= part.length;
      this.push(part);
      if (left <= 0) this.push(null);
      cb();
    },
  });
}
