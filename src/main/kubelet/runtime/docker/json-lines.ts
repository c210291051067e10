/** Docker's streaming endpoints (events, stats) send one JSON document a line. */
import type { Readable } from 'node:stream';

/**
 * onJsonLines calls onValue with each parsed line of stream. A line that does
 * not parse, or that onValue cannot handle, is skipped: both streams send the next one soon, and
 * the readers reconcile anyway.
 */
export function onJsonLines(stream: Readable, onValue: (value: unknown) => void): void {
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      try {
        onValue(JSON.parse(line));
      } catch {
        // An odd document (a stats frame without cpu_stats) is skipped as a torn one is: throwing here would end the process.
      }
    }
  });
}
