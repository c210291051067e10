/**
 * A server-side SPDY/3.1 session over any duplex transport (a TLS socket
 * after `Upgrade: SPDY/3.1`, or a WebSocket carrying SPDY bytes). It accepts
 * client streams, answers them, and exposes each as a Node Duplex.
 *
 * Flow control: Go's spdystream (kubectl's side) neither sends nor honours
 * WINDOW_UPDATE, so windows are not enforced here either; backpressure is the
 * transport's own (a stream's writes complete when the transport takes them,
 * and the transport is paused while any stream's reader is full).
 */
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import { HeaderCodec } from './compression';
import { ControlType, FLAG_FIN, FrameReader, RstStatus, controlFrame, dataFrame, decodeHeaderBlock, encodeHeaderBlock, u32, type Frame } from './frames';

/** Largest DATA frame we send; Go reads any size, smaller frames interleave streams fairly. */
const MAX_DATA_FRAME = 32 * 1024;

/** SpdyStream is one client-opened stream; reading yields the peer's DATA, writing sends DATA, end() sends FIN. */
export class SpdyStream extends Duplex {
  private remoteClosed = false;
  private localClosed = false;
  private reset = false;

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: Record<string, string>,
  ) {
    super({ allowHalfOpen: true });
  }

  override _read(): void {
    this.session.resumeTransport();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.reset) return cb(new Error('stream reset'));
    this.session.sendData(this.id, chunk, false, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.localClosed = true;
    if (this.reset) return cb();
    this.session.sendData(this.id, Buffer.alloc(0), true, () => {
      this.maybeDone();
      cb();
    });
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.reset && !(this.localClosed && this.remoteClosed)) this.session.sendReset(this.id, RstStatus.Cancel);
    this.reset = true;
    this.session.forget(this.id);
    cb(err);
  }

  /** received is called by the session for each DATA frame. */
  received(data: Buffer, fin: boolean): void {
    if (this.remoteClosed) return;
    if (data.length && !this.push(data)) this.session.pauseTransport();
    if (fin) this.remoteFinished();
  }

  remoteFinished(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    this.push(null);
    this.maybeDone();
  }

  /** peerReset is a RST_STREAM from the client: both directions are gone. */
  peerReset(): void {
    this.reset = true;
    this.remoteClosed = true;
    this.localClosed = true;
    this.destroy();
  }

  private maybeDone(): void {
    if (this.localClosed && this.remoteClosed) this.session.forget(this.id);
  }
}

/** SpdySession emits 'stream' (SpdyStream) for each SYN_STREAM and 'close' when the transport ends. */
export class SpdySession extends EventEmitter {
  private readonly reader = new FrameReader();
  private readonly codec = new HeaderCodec();
  private readonly streams = new Map<number, SpdyStream>();
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private goingAway = false;
  private closed = false;
  private paused = false;

  constructor(private readonly transport: Duplex) {
    super();
    transport.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = this.reader.push(chunk);
      } catch {
        this.close();
        return;
      }
      for (const f of frames) this.inbound = this.inbound.then(() => this.handle(f)).catch(() => this.close());
    });
    transport.on('error', () => this.close());
    transport.on('close', () => this.close());
    transport.on('end', () => this.close());
  }

  /** reply answers a stream with SYN_REPLY (no headers needed by Kubernetes clients). */
  reply(stream: SpdyStream): void {
    this.enqueue(async () => controlFrame(ControlType.SynReply, 0, Buffer.concat([u32(stream.id), await this.codec.compress(encodeHeaderBlock({}))])));
  }

  sendData(id: number, data: Buffer, fin: boolean, cb: () => void): void {
    if (this.closed) return cb();
    if (data.length === 0) return this.enqueue(() => dataFrame(id, fin ? FLAG_FIN : 0, data), cb);
    for (let off = 0; off < data.length; off += MAX_DATA_FRAME) {
      const last = off + MAX_DATA_FRAME >= data.length;
      const piece = data.subarray(off, off + MAX_DATA_FRAME);
      this.enqueue(() => dataFrame(id, last && fin ? FLAG_FIN : 0, piece), last ? cb : undefined);
    }
  }

  sendReset(id: number, status: number): void {
    this.enqueue(() => controlFrame(ControlType.RstStream, 0, u32(id, status)));
  }

  forget(id: number): void {
    this.streams.delete(id);
  }

  pauseTransport(): void {
    if (!this.paused) {
      this.paused = true;
      this.transport.pause();
    }
  }

  resumeTransport(): void {
    if (this.paused) {
      this.paused = false;
      this.transport.resume();
    }
  }

  /** close ends every stream and the transport (GOAWAY first when still possible). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.destroy();
    this.streams.clear();
    this.codec.close();
    this.transport.destroy();
    this.emit('close');
  }

  /** goAway tells the client no more streams are accepted, then ends the transport once written. */
  goAway(): void {
    if (this.closed || this.goingAway) return;
    this.goingAway = true;
    this.enqueue(() => controlFrame(ControlType.GoAway, 0, u32(this.lastStreamId, 0)), () => this.transport.end());
  }

  /** enqueue writes frames strictly in order (header blocks are compressed in that same order). */
  private enqueue(build: () => Buffer | Promise<Buffer>, cb?: () => void): void {
    this.outbound = this.outbound.then(async () => {
      const frame = await build();
      if (this.closed || this.transport.destroyed || !this.transport.writable) return cb?.();
      if (this.transport.write(frame)) cb?.();
      else await new Promise<void>((resolve) => {
        const done = () => {
          this.transport.off('drain', done);
          this.transport.off('close', done);
          cb?.();
          resolve();
        };
        this.transport.on('drain', done);
        this.transport.on('close', done);
      });
    }).catch(() => this.close());
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.closed) return;
    if (!frame.control) {
      const s = this.streams.get(frame.streamId);
      if (s) s.received(frame.data, (frame.flags & FLAG_FIN) !== 0);
      return;
    }
    const body = frame.body;
    switch (frame.type) {
      case ControlType.SynStream: {
        if (body.length < 10) throw new Error('short SYN_STREAM');
        const id = body.readUInt32BE(0) & 0x7fffffff;
        const headers = decodeHeaderBlock(await this.codec.decompress(body.subarray(10)));
        if (id % 2 === 0 || id <= this.lastStreamId) return this.sendReset(id, RstStatus.ProtocolError);
        this.lastStreamId = id;
        if (this.goingAway) return this.sendReset(id, RstStatus.RefusedStream);
        const stream = new SpdyStream(this, id, headers);
        this.streams.set(id, stream);
        this.emit('stream', stream);
        if (frame.flags & FLAG_FIN) stream.remoteFinished();
        return;
      }
      case ControlType.SynReply:
      case ControlType.Headers: {
        // Never expected from a client, but the block must be inflated to keep the shared zlib state in step.
        if (body.length >= 4) await this.codec.decompress(body.subarray(4));
        if (frame.flags & FLAG_FIN) this.streams.get(body.readUInt32BE(0) & 0x7fffffff)?.remoteFinished();
        return;
      }
      case ControlType.RstStream: {
        if (body.length >= 4) this.streams.get(body.readUInt32BE(0) & 0x7fffffff)?.peerReset();
        return;
      }
      case ControlType.Ping: {
        // Client pings carry odd ids; answer them unchanged.
        if (body.length >= 4 && body.readUInt32BE(0) % 2 === 1) this.enqueue(() => controlFrame(ControlType.Ping, 0, body));
        return;
      }
      case ControlType.GoAway:
        this.goingAway = true;
        return;
      default:
        // SETTINGS, WINDOW_UPDATE and unknown types carry nothing we act on.
        return;
    }
  }
}
