/** The SPDY/3.1 port-forward server against a hand-driven client: stream pairs, errors, pings, and garbage. */
import { describe, expect, it } from 'vitest';
import { duplexPair, type Duplex } from 'node:stream';
import { serveSpdyPortForward } from './portforward-spdy';
import { HeaderCodec } from './spdy/compression';
import { ControlType, FLAG_FIN, FrameReader, controlFrame, dataFrame, decodeHeaderBlock, encodeHeaderBlock, u32, type Frame } from './spdy/frames';
import type { PodStreamBackend } from '../../node-api/streaming';

/** echoBackend answers port 80 with an upper-casing echo and refuses every other port. */
function echoBackend(): PodStreamBackend {
  return {
    logs: () => Promise.reject(new Error('unused')),
    exec: () => Promise.reject(new Error('unused')),
    portForward: (_ns, _pod, port) => {
      if (port !== 80) return Promise.reject(new Error(`dial tcp 10.0.0.1:${port}: connect: connection refused`));
      const [ours, theirs] = duplexPair();
      theirs.on('data', (d: Buffer) => theirs.write(d.toString().toUpperCase()));
      theirs.on('end', () => theirs.end());
      return Promise.resolve(ours);
    },
  };
}

class Client {
  readonly codec = new HeaderCodec();
  readonly reader = new FrameReader();
  readonly frames: Frame[] = [];
  readonly replies: number[] = [];
  constructor(readonly wire: Duplex) {
    wire.on('data', (c: Buffer) => {
      for (const f of this.reader.push(c)) {
        this.frames.push(f);
        if (f.control && f.type === ControlType.SynReply) this.replies.push(f.body.readUInt32BE(0));
      }
    });
  }
  async open(id: number, headers: Record<string, string>, fin = false): Promise<void> {
    const block = await this.codec.compress(encodeHeaderBlock(headers));
    this.wire.write(controlFrame(ControlType.SynStream, fin ? FLAG_FIN : 0, Buffer.concat([u32(id, 0), Buffer.from([0, 0]), block])));
  }
  data(id: number): string {
    return Buffer.concat(this.frames.flatMap((f) => (!f.control && f.streamId === id ? [f.data] : []))).toString();
  }
  finished(id: number): boolean {
    return this.frames.some((f) => !f.control && f.streamId === id && (f.flags & FLAG_FIN) !== 0);
  }
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('SPDY/3.1 port-forward', () => {
  it('pairs an error and a data stream by requestID and relays data both ways', async () => {
    const [server, wire] = duplexPair();
    serveSpdyPortForward(echoBackend(), 'default', 'web', server);
    const c = new Client(wire);
    await c.open(1, { streamType: 'error', port: '80', requestID: '0' }, true);
    await c.open(3, { streamType: 'data', port: '80', requestID: '0' });
    await until(() => c.replies.includes(1) && c.replies.includes(3));
    wire.write(dataFrame(3, 0, Buffer.from('hello')));
    await until(() => c.data(3) === 'HELLO');
    wire.write(dataFrame(3, FLAG_FIN, Buffer.alloc(0)));
    await until(() => c.finished(3) && c.finished(1));
    expect(c.data(1)).toBe('');
  });

  it('reports a refused port on the error stream and finishes both streams', async () => {
    const [server, wire] = duplexPair();
    serveSpdyPortForward(echoBackend(), 'default', 'web', server);
    const c = new Client(wire);
    await c.open(1, { streamtype: 'error', port: '81', requestid: '7' }, true);
    await c.open(3, { streamtype: 'data', port: '81', requestid: '7' });
    await until(() => c.finished(1) && c.finished(3));
    expect(c.data(1)).toBe('error forwarding port 81 to pod web: dial tcp 10.0.0.1:81: connect: connection refused');
  });

  it('keeps many request ids apart on one connection', async () => {
    const [server, wire] = duplexPair();
    serveSpdyPortForward(echoBackend(), 'default', 'web', server);
    const c = new Client(wire);
    for (let r = 0; r < 20; r++) {
      await c.open(4 * r + 1, { streamtype: 'error', port: '80', requestid: String(r) }, true);
      await c.open(4 * r + 3, { streamtype: 'data', port: '80', requestid: String(r) });
    }
    for (let r = 0; r < 20; r++) wire.write(dataFrame(4 * r + 3, FLAG_FIN, Buffer.from(`req-${r}`)));
    await until(() => Array.from({ length: 20 }, (_, r) => c.finished(4 * r + 3)).every(Boolean));
    for (let r = 0; r < 20; r++) expect(c.data(4 * r + 3)).toBe(`REQ-${r}`);
  });

  it('answers a client PING and ignores WINDOW_UPDATE and SETTINGS', async () => {
    const [server, wire] = duplexPair();
    serveSpdyPortForward(echoBackend(), 'default', 'web', server);
    const c = new Client(wire);
    wire.write(controlFrame(ControlType.Settings, 0, u32(0)));
    wire.write(controlFrame(ControlType.WindowUpdate, 0, u32(0, 65536)));
    wire.write(controlFrame(ControlType.Ping, 0, u32(5)));
    await until(() => c.frames.some((f) => f.control && f.type === ControlType.Ping && f.body.readUInt32BE(0) === 5));
  });

  it('closes the connection on a corrupt header block instead of throwing', async () => {
    const [server, wire] = duplexPair();
    const session = serveSpdyPortForward(echoBackend(), 'default', 'web', server);
    let closed = false;
    session.on('close', () => (closed = true));
    wire.write(controlFrame(ControlType.SynStream, 0, Buffer.concat([u32(1, 0), Buffer.from([0, 0]), Buffer.from('not zlib at all')])));
    await until(() => closed);
  });

  it('header blocks round-trip through the SPDY/3 dictionary compression', async () => {
    const a = new HeaderCodec();
    const b = new HeaderCodec();
    const blocks: Record<string, string>[] = [{ streamtype: 'data', port: '80' }, { streamtype: 'error', port: '8080', requestid: '12' }];
    for (const h of blocks) {
      expect(decodeHeaderBlock(await b.decompress(await a.compress(encodeHeaderBlock(h))))).toEqual(h);
    }
  });
});

describe('SPDY/3.1 hostile input', () => {
  it('arbitrary bytes after the upgrade never throw: the session stays usable or closes', async () => {
    const fc = await import('fast-check');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), async (chunks) => {
        const [server, wire] = duplexPair();
        const session = serveSpdyPortForward(echoBackend(), 'default', 'web', server);
        for (const c of chunks) wire.write(Buffer.from(c));
        await new Promise((r) => setImmediate(r));
        session.close();
      }),
      { numRuns: 200 },
    );
  });

  it('a large frame arriving in small pieces is reassembled', () => {
    const reader = new FrameReader();
    const frame = dataFrame(3, 0, Buffer.alloc(1 << 20, 7));
    const got: Frame[] = [];
    for (let off = 0; off < frame.length; off += 1000) got.push(...reader.push(frame.subarray(off, off + 1000)));
    expect(got).toHaveLength(1);
    expect(got[0]!.control ? 0 : got[0]!.data.length).toBe(1 << 20);
  });
});
