import { afterEach, describe, expect, it, vi } from 'vitest';
import { streamLog, type StreamState } from './log-stream';

const ts = (n: number) => `2024-01-02T03:04:0${n}.5Z`;
const line = (n: number) => `${ts(n)} line ${n}\n`;

/** body streams `chunks`, then ends, or fails as a dropped connection does. */
function body(chunks: string[], fail: boolean): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const left = [...chunks];
  // One chunk per read, then the end or the error (an error in start() would drop what was queued).
  return new ReadableStream({
    pull(ctl) {
      const next = left.shift();
      if (next !== undefined) ctl.enqueue(enc.encode(next));
      else if (fail) ctl.error(new TypeError('network error'));
      else ctl.close();
    },
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('streamLog', () => {
  it('resumes a broken stream from the last timestamp and shows no line twice', async () => {
    const urls: string[] = [];
    const ctl = new AbortController();
    const responses = [
      // Broken in the middle of line 3: its start must not be shown.
      () => new Response(body([line(1), line(2), `${ts(3)} li`], true)),
      // The resumed stream repeats line 2 (sinceTime is inclusive), then goes on.
      () => new Response(body([line(2), line(3), line(4)], false)),
    ];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      const next = responses.shift();
      if (!next) {
        ctl.abort();
        throw new DOMException('aborted', 'AbortError');
      }
      return next();
    });
    const shown: string[] = [];
    const states: StreamState['kind'][] = [];
    await streamLog(
      { id: 'ns/p/c', namespace: 'ns', pod: 'p', container: 'c' },
      { follow: true, previous: false, tailLines: 10 },
      { onLines: (ls) => shown.push(...ls.map((l) => l.text)), onState: (s) => states.push(s.kind) },
      ctl.signal,
    );
    expect(shown).toEqual(['line 1', 'line 2', 'line 3', 'line 4']);
    expect(urls[0]).toContain('tailLines=10');
    expect(urls[1]).toContain(`sinceTime=${encodeURIComponent(ts(2))}`);
    expect(urls[1]).not.toContain('tailLines');
    expect(states[0]).toBe('connecting');
  });

  it('reads a log once when not following, and reports a container that has not started', async () => {
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ kind: 'Status', status: 'Failure', code: 400, message: 'container "c" in pod "p" is waiting to start: ContainerCreating' }), { status: 400 }),
    );
    const states: StreamState[] = [];
    await streamLog({ id: 'x', namespace: 'ns', pod: 'p', container: 'c' }, { follow: false, previous: false }, { onLines: () => {}, onState: (s) => states.push(s) }, new AbortController().signal);
    expect(states.at(-1)).toEqual({ kind: 'waiting', message: 'container "c" in pod "p" is waiting to start: ContainerCreating' });
  });
});
