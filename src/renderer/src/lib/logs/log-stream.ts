/**
 * Following one container's log over fetch: always with timestamps, so a
 * stream that breaks (network change, API restart, container restart) is
 * resumed from the last timestamp shown and no line is shown twice.
 */
import { toApiError } from '../k8s/client';
import { LineSplitter, ResumeCursor, splitTimestamp, type TimestampedLine } from './log-lines';
import { logPath, type LogOptions, type LogSource } from './log-source';
import { apiUrl } from '../k8s/context';

/** StreamState is what the viewer says when no line explains itself. */
export type StreamState =
  | { kind: 'connecting' }
  | { kind: 'streaming' }
  | { kind: 'waiting'; message: string }
  | { kind: 'ended' }
  | { kind: 'error'; message: string };

export interface StreamHandlers {
  onLines(lines: TimestampedLine[]): void;
  onState(state: StreamState): void;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** "is waiting to start", "ContainerCreating", "PodInitializing": the container has not run yet. */
function isNotStarted(message: string): boolean {
  return /waiting to start|ContainerCreating|PodInitializing|not found|has not started/i.test(message);
}

/** POLL_MS is how often a polled log asks for what is new. */
export const POLL_MS = 1000;

/**
 * How a followed log is kept current: `stream` holds one request open
 * (follow=true); `poll` asks every POLL_MS for the lines since the last one.
 * Browsers allow six HTTP/1.1 connections per origin and the live lists hold
 * several, so a view of many pods polls: its requests are short and share
 * the connections, where open streams would queue behind one another.
 */
export type FollowMode = 'stream' | 'poll';

/**
 * streamLog reads a container's log until `signal` aborts (following) or the
 * log ends (not following). Every reconnect (or poll) asks for `sinceTime` =
 * the last timestamp shown and drops the lines it repeats.
 */
export async function streamLog(
  src: LogSource,
  opts: LogOptions,
  handlers: StreamHandlers,
  signal: AbortSignal,
  mode: FollowMode = 'stream',
  // A caller that may restart the stream into the same pane passes its cursor, so the restart resumes too.
  cursor: ResumeCursor = new ResumeCursor(),
): Promise<void> {
  // `previous` logs never grow: one read is all there is.
  const follow = opts.follow && !opts.previous;
  const poll = follow && mode === 'poll';
  let backoff = RETRY_MIN_MS;
  let shown = cursor.sinceTime ? 1 : 0;
  handlers.onState({ kind: 'connecting' });
  while (!signal.aborted) {
    cursor.resume();
    const since = cursor.sinceTime;
    const path = logPath(src, {
      follow: follow && !poll,
      previous: opts.previous,
      timestamps: true,
      ...(since ? { sinceTime: since } : { tailLines: opts.tailLines, sinceSeconds: opts.sinceSeconds }),
    });
    let res: Response;
    try {
      res = await fetch(apiUrl(path), { credentials: 'same-origin', signal, headers: { Accept: 'text/plain' } });
    } catch {
      if (signal.aborted) return;
      await delay(backoff, signal);
      backoff = Math.min(backoff * 2, RETRY_MAX_MS);
      continue;
    }
    if (!res.ok) {
      const err = await toApiError(res);
      if (res.status === 404 && !follow) return handlers.onState({ kind: 'error', message: err.message });
      if (res.status === 404) return handlers.onState({ kind: 'ended' }); // the pod is gone: nothing more will come
      if (isNotStarted(err.message) && !opts.previous) handlers.onState({ kind: 'waiting', message: err.message });
      else handlers.onState({ kind: 'error', message: err.message });
      if (!follow || res.status === 401) return;
      await delay(backoff, signal);
      backoff = Math.min(backoff * 2, RETRY_MAX_MS);
      continue;
    }
    handlers.onState({ kind: 'streaming' });
    const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
    const splitter = new LineSplitter();
    const take = (raw: string[]) => {
      const fresh = raw.map(splitTimestamp).filter((l) => cursor.accept(l));
      if (fresh.length) {
        shown += fresh.length;
        backoff = RETRY_MIN_MS;
        handlers.onLines(fresh);
      }
    };
    try {
      for (;;) {
        const { value, done } = await (reader as ReadableStreamDefaultReader<string>).read();
        if (done) break;
        take(splitter.push(value));
      }
      take(splitter.flush());
    } catch {
      if (signal.aborted) return;
      // A broken stream: resume below, from the last timestamp.
    }
    if (!follow) return handlers.onState({ kind: 'ended' });
    if (poll) {
      handlers.onState({ kind: 'streaming' });
      await delay(POLL_MS, signal);
      continue;
    }
    // A followed log ends when its container stops; it may restart, so look again (the cursor drops repeats).
    handlers.onState(shown ? { kind: 'streaming' } : { kind: 'ended' });
    await delay(backoff, signal);
    backoff = Math.min(backoff * 2, RETRY_MAX_MS);
  }
}
