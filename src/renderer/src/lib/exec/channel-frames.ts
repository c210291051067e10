/**
 * The Kubernetes channel protocol (v5.channel.k8s.io / v4) as the page speaks
 * it over a WebSocket: each binary frame starts with its channel number.
 */

import { RESIZE } from '../../../../shared/api/stream-channels';

export { CLOSE, ERROR, RESIZE, STDERR, STDIN, STDOUT } from '../../../../shared/api/stream-channels';

/** EXEC_PROTOCOLS is what the page offers, best first. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const encoder = new TextEncoder();

/** frame builds a frame for `channel` from text or bytes. */
export function frame(channel: number, data: string | Uint8Array): Uint8Array {
  const body = typeof data === 'string' ? encoder.encode(data) : data;
  const out = new Uint8Array(body.length + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

/** resizeFrame tells the TTY its new size. */
export function resizeFrame(cols: number, rows: number): Uint8Array {
  return frame(RESIZE, JSON.stringify({ Width: cols, Height: rows }));
}

/** splitFrame reads a received frame into its channel and payload. */
export function splitFrame(data: ArrayBuffer): { channel: number; payload: Uint8Array } {
  const bytes = new Uint8Array(data);
  return { channel: bytes[0] ?? -1, payload: bytes.subarray(1) };
}
