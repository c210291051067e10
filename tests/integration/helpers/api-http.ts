/**
 * A raw HTTPS client for the API server, for tests that send what no typed
 * client would (hostile bodies, odd methods and parameters): one keep-alive
 * agent trusting the cluster's CA, the bearer token on every request, an
 * explicit Content-Length on every body, and a rejection when the connection
 * drops without an answer.
 */
import { Agent, request } from 'node:https';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

export interface RawApiClient {
  call(method: string, path: string, body?: string | Buffer, contentType?: string, accept?: string): Promise<ApiResponse>;
  close(): void;
}

/** rawApiClient returns a client for apiUrl; close() destroys its keep-alive sockets. */
export function rawApiClient(apiUrl: string, token: string, caPem: string, timeoutMs = 20_000): RawApiClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 8, ca: caPem });
  return {
    call(method, path, body, contentType = 'application/json', accept = 'application/json') {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = { authorization: `Bearer ${token}`, accept };
        const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
        if (payload) {
          headers['content-type'] = contentType;
          headers['content-length'] = payload.length;
        }
        const req = request(`${apiUrl}${path}`, { method, agent, headers, timeout: timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('aborted', () => reject(new Error(`${method} ${path}: response aborted after status ${res.statusCode}`)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
        req.on('error', (err) => reject(new Error(`${method} ${path}: connection failed without an answer: ${err.message}`)));
        req.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** StatusBody is the part of a metav1.Status the tests look at. */
export interface StatusBody {
  kind: string;
  apiVersion: string;
  status: string;
  reason: string;
  message: string;
  code: number;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}
