/** A host-side HTTP load generator for Service tests: keep-alive off, to 127.0.0.1 only, bounded. */
import http from 'node:http';

export interface LoadResult {
  ok: number;
  failed: number;
  /** Answers' bodies (trimmed) with how often each came back. */
  bodies: Map<string, number>;
  /** The first few failures, for the assertion message. */
  errors: string[];
}

export interface Load {
  result: LoadResult;
  /** stop ends the load after the requests in flight; resolves with the totals. */
  stop(): Promise<LoadResult>;
  /** done resolves when the bound is reached or stop was called. */
  done: Promise<LoadResult>;
}

function once(port: number, path: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs, headers: { Connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(body.trim()) : reject(new Error(`HTTP ${res.statusCode}: ${body.trim().slice(0, 80)}`))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * startLoad sends requests to http://127.0.0.1:<port><path> from `concurrency`
 * loops until `maxRequests` were sent or stop() is called.
 */
export function startLoad(port: number, path: string, opts: { concurrency: number; maxRequests: number; timeoutMs?: number }): Load {
  const result: LoadResult = { ok: 0, failed: 0, bodies: new Map(), errors: [] };
  let sent = 0;
  let stopped = false;
  const loop = async () => {
    while (!stopped && sent < opts.maxRequests) {
      sent++;
      try {
        const body = await once(port, path, opts.timeoutMs ?? 10_000);
        result.ok++;
        result.bodies.set(body, (result.bodies.get(body) ?? 0) + 1);
      } catch (err) {
        result.failed++;
        if (result.errors.length < 5) result.errors.push((err as Error).message);
      }
    }
  };
  const done = Promise.all(Array.from({ length: opts.concurrency }, loop)).then(() => result);
  return {
    result,
    done,
    stop() {
      stopped = true;
      return done;
    },
  };
}
