/**
 * SPDY/3.1 frame layout (the subset Kubernetes streaming uses): an 8-byte
 * header, then a body. Control frames carry version 3 and a type; data
 * frames carry a 31-bit stream id. Header blocks are compressed separately
 * (see compression.ts); this file only cuts and builds frames.
 */

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

/** Control frame types (SPDY/3 §2.6). */
export const ControlType = { SynStream: 1, SynReply: 2, RstStream: 3, Settings: 4, Ping: 6, GoAway: 7, Headers: 8, WindowUpdate: 9 } as const;
export type ControlType = (typeof ControlType)[keyof typeof ControlType];

/** RST_STREAM status codes (SPDY/3 §2.6.3). */
export const RstStatus = { ProtocolError: 1, InvalidStream: 2, RefusedStream: 3, Cancel: 5, InternalError: 6, StreamAlreadyClosed: 9 } as const;

export type Frame =
  | { control: true; type: number; flags: number; body: Buffer }
  | { control: false; streamId: number; flags: number; data: Buffer };

/**
 * FrameReader accumulates bytes from the transport and yields whole frames.
 * A frame body is at most 16 MiB (a 24-bit length), so that is the most one
 * connection buffers.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const frames: Frame[] = [];
    while (this.size >= 8) {
      // Join chunks only once a whole frame is here: a large frame arriving in small pieces is copied once, not per piece.
      const head = this.chunks[0]!.length >= 8 ? this.chunks[0]! : Buffer.concat(this.chunks).subarray(0, 8);
      const length = head.readUIntBE(5, 3);
      if (this.size < 8 + length) break;
      const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      const flags = buf[4]!;
      const body = buf.subarray(8, 8 + length);
      if (buf[0]! & 0x80) {
        frames.push({ control: true, type: buf.readUInt16BE(2), flags, body });
      } else {
        frames.push({ control: false, streamId: buf.readUInt32BE(0) & 0x7fffffff, flags, data: body });
      }
      const rest = buf.subarray(8 + length);
      this.chunks = rest.length ? [rest] : [];
      this.size = rest.length;
    }
    return frames;
  }
}

/** controlFrame builds a control frame with the given type, flags and body. */
export function controlFrame(type: ControlType, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(body.length, 4);
  head[4] = flags;
  return Buffer.concat([head, body]);
}

/** dataFrame builds a data frame for one stream. */
export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(data.length, 4);
  head[4] = flags;
  return Buffer.concat([head, data]);
}

/** u32 is a 4-byte big-endian integer, the unit most control bodies are made of. */
export function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

/** encodeHeaderBlock lays out name/value pairs as SPDY/3 does before compression (lower-case names, NUL-joined values). */
export function encodeHeaderBlock(headers: Record<string, string | string[]>): Buffer {
  const parts: Buffer[] = [u32(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(Array.isArray(value) ? value.join('\0') : value);
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** decodeHeaderBlock reads a decompressed header block; names are lower-cased, repeated values joined with NUL. */
export function decodeHeaderBlock(block: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let off = 0;
  const need = (n: number) => {
    if (off + n > block.length) throw new Error('SPDY header block truncated');
  };
  need(4);
  const count = block.readUInt32BE(off);
  off += 4;
  for (let i = 0; i < count; i++) {
    need(4);
    const nl = block.readUInt32BE(off);
    off += 4;
    need(nl);
    const name = block.subarray(off, off + nl).toString().toLowerCase();
    off += nl;
    need(4);
    const vl = block.readUInt32BE(off);
    off += 4;
    need(vl);
    out[name] = block.subarray(off, off + vl).toString();
    off += vl;
  }
  return out;
}
