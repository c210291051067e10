/**
 * SPDY/3 header compression: one zlib stream per direction for the whole
 * connection, primed with the SPDY/3 dictionary, each header block ended with
 * a sync flush. Both sides must keep their stream's state, so blocks are
 * handled strictly in order.
 */
import zlib from 'node:zlib';
import dictionaries from 'spdy-transport/lib/spdy-transport/protocol/spdy/dictionary.js';

/**
 * The SPDY/3 header dictionary is a fixed constant of the protocol; the
 * spdy-transport package ships it, so we take it from there rather than
 * retyping 1,400 bytes.
 */
function spdy3Dictionary(): Buffer {
  return dictionaries[3]!;
}

/** flushThrough writes one chunk and resolves with everything the zlib stream produced up to a sync flush. */
function flushThrough(stream: zlib.Deflate | zlib.Inflate, chunk: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const onData = (d: Buffer) => out.push(d);
    const onError = (err: Error) => {
      stream.off('data', onData);
      reject(err);
    };
    stream.on('data', onData);
    stream.once('error', onError);
    stream.write(chunk);
    stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      stream.off('data', onData);
      stream.off('error', onError);
      resolve(Buffer.concat(out));
    });
  });
}

/** HeaderCodec compresses outgoing and decompresses incoming header blocks for one connection. */
export class HeaderCodec {
  private readonly deflate: zlib.Deflate;
  private readonly inflate: zlib.Inflate;
  private outQueue: Promise<unknown> = Promise.resolve();
  private inQueue: Promise<unknown> = Promise.resolve();

  constructor() {
    const dictionary = spdy3Dictionary();
    this.deflate = zlib.createDeflate({ dictionary, level: zlib.constants.Z_DEFAULT_COMPRESSION });
    this.inflate = zlib.createInflate({ dictionary });
  }

  /** compress returns the compressed form of one header block, in call order. */
  compress(block: Buffer): Promise<Buffer> {
    const p = this.outQueue.then(() => flushThrough(this.deflate, block));
    this.outQueue = p.catch(() => undefined);
    return p;
  }

  /** decompress returns the plain form of one received header block, in call order. */
  decompress(block: Buffer): Promise<Buffer> {
    const p = this.inQueue.then(() => flushThrough(this.inflate, block));
    this.inQueue = p.catch(() => undefined);
    return p;
  }

  close(): void {
    this.deflate.destroy();
    this.inflate.destroy();
  }
}
