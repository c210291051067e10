/**
 * Downloading a complete log (not what the viewer holds). One container: a
 * plain link to the API path, which the browser streams straight into the
 * file. Several containers or pods: each log is fetched in turn and its lines
 * prefixed `[pod/container]` as `kubectl logs --prefix` does, then saved as
 * one file.
 */
import { toApiError } from '../k8s/client';
import { LineSplitter } from './log-lines';
import { logPath, type LogSource } from './log-source';
import { apiUrl } from '../k8s/context';

/** downloadHref is the link for one container's whole log. */
export function downloadHref(src: LogSource, opts: { previous: boolean; timestamps: boolean }): string {
  return apiUrl(logPath(src, { previous: opts.previous, timestamps: opts.timestamps }));
}

/** fetchPrefixedLogs reads every source's whole log into Blob parts, each line prefixed with its pod and container. */
export async function fetchPrefixedLogs(sources: LogSource[], opts: { previous: boolean; timestamps: boolean }, signal?: AbortSignal): Promise<Blob> {
  const parts: string[] = [];
  for (const src of sources) {
    const res = await fetch(downloadHref(src, opts), { credentials: 'same-origin', signal });
    const prefix = `[pod/${src.pod}/${src.container}] `;
    if (!res.ok) {
      // A container that never ran (or has no previous instance) has no log: say so in the file rather than fail the rest.
      parts.push(`${prefix}(no log: ${(await toApiError(res)).message})\n`);
      continue;
    }
    const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) continue;
    const splitter = new LineSplitter();
    const add = (lines: string[]) => {
      if (lines.length) parts.push(lines.map((l) => `${prefix}${l}\n`).join(''));
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      add(splitter.push(value));
    }
    add(splitter.flush());
  }
  return new Blob(parts, { type: 'text/plain' });
}

/** saveBlob offers a Blob as a file download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has taken its copy once click() returns; a delay keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
