/**
 * Test helpers for the real tools on the machine: kubectl and Docker. Under
 * CI=true a missing tool fails the test; it never skips into a green run.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** requireTool throws when a command is missing (always; tests that need it must fail, not skip). */
export async function requireTool(cmd: string, args: string[] = ['version', '--client']): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(cmd, args, (err) => (err && (err as NodeJS.ErrnoException).code === 'ENOENT' ? reject(new Error(`${cmd} is not installed; this test needs it`)) : resolve()));
  });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Kubectl runs the real kubectl against one kubeconfig with a fresh discovery cache. */
export class Kubectl {
  readonly cacheDir = mkdtempSync(join(tmpdir(), 'kubedeck-kubectl-cache-'));

  constructor(readonly kubeconfig: string) {}

  private base(): string[] {
    return ['--kubeconfig', this.kubeconfig, '--cache-dir', this.cacheDir];
  }

  /** run executes kubectl and resolves with its exit code and output (never rejects on non-zero). */
  run(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('kubectl', [...this.base(), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, opts.timeoutMs ?? 60_000);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
      child.stdin.end(opts.input ?? '');
    });
  }

  /** ok runs kubectl and throws with its output unless it exits 0; returns stdout. */
  async ok(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
    const r = await this.run(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r.stdout;
  }

  /** json runs kubectl with -o json and parses the output. */
  async json<T = any>(args: string[]): Promise<T> {
    return JSON.parse(await this.ok([...args, '-o', 'json'])) as T;
  }

  /** spawn starts a long-running kubectl (e.g. get -w, logs -f) and collects its output. */
  spawn(args: string[]): { child: ChildProcess; output: () => string; stderr: () => string } {
    const child = spawn('kubectl', [...this.base(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    return { child, output: () => out, stderr: () => err };
  }
}

/** waitFor polls check until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(check: () => T | Promise<T>, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}

/** hostGet fetches http://127.0.0.1:<port>/ from the host and resolves with the trimmed body. */
export function hostGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body.trim()));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
