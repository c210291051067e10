/**
 * The stdio side of the channel protocol shared by pods/exec and pods/attach:
 * channel numbers, query flags, and the routing of the client's frames (stdin,
 * resize, v5 close) to a session that may not exist yet.
 */
import { CLOSE, RESIZE, STDIN } from '../../../shared/api/stream-channels';
import type { PodExecSession } from '../../node-api/streaming';

export { CLOSE, ERROR, RESIZE, STDERR, STDIN, STDOUT } from '../../../shared/api/stream-channels';

/** bool reads a query flag as the kubelet does: "true" or "1". */
export function bool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

/** InputFrames routes the client's frames; start hands it the session and replays what came first. */
export interface InputFrames {
  onFrame(data: Buffer): void;
  start(session: Pick<PodExecSession, 'stdin' | 'resize'>): void;
}

/**
 * inputFrames keeps frames that arrive before the session exists, in order.
 * endStdinOnClose: a v5 close of stdin ends the process's input (exec); for
 * attach it is only the client's end of input, so nothing is forwarded.
 */
export function inputFrames(endStdinOnClose: boolean): InputFrames {
  const pending: Buffer[] = [];
  let session: Pick<PodExecSession, 'stdin' | 'resize'> | undefined;
  const onFrame = (data: Buffer) => {
    if (!session) return void pending.push(data);
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === STDIN) session.stdin?.write(payload);
    else if (channel === RESIZE) {
      try {
        const size = JSON.parse(payload.toString()) as { Width: number; Height: number };
        void session.resize(size.Width, size.Height).catch(() => {});
      } catch {
        // a malformed resize is ignored, as the kubelet does
      }
    } else if (channel === CLOSE && payload[0] === STDIN && endStdinOnClose) session.stdin?.end();
  };
  return {
    onFrame,
    start(s) {
      session = s;
      for (const frame of pending.splice(0)) onFrame(frame);
    },
  };
}
