/**
 * A9: first run from a fresh clone. The README's run command (`./run`), in a
 * git clone of this repository's HEAD (no node_modules, no build), installs
 * the npm dependencies, finds the running Docker engine ("already there"),
 * builds and brings up the app: the API answers /readyz and the printed UI
 * login link signs a browser in. SIGTERM stops it and no process of its
 * process group is left. A second set-up installs nothing. Without Docker,
 * for a user who cannot install it, the set-up says plainly what to install:
 * `./run` carries on (the control plane starts without Docker), `./test` stops.
 *
 * The clone is of the committed HEAD, as CI's is: commit before running this.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDockerObjects } from './helpers/test-cluster';
import { testRunId } from '../../src/main/kubelet/testing/docker-env';
import { requireTool, waitFor, type RunResult } from './helpers/tools';

const repo = process.cwd();
const run = testRunId();
let work: string;
let clone: string;
let app: ChildProcess | undefined;

/** cleanEnv is the environment of a newcomer's shell: no npm run variables, no node_modules/.bin (so no pinned Node) on PATH. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_') && !k.startsWith('VITEST')) env[k] = v;
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.includes('node_modules'))
    .join(delimiter);
  delete env.NODE_OPTIONS;
  return { ...env, ...extra };
}

/** exec runs a command to completion and resolves with its exit code and output (never rejects on non-zero). */
function exec(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), timeout: opts.timeoutMs ?? 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') return reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`));
      resolve({ code: err ? ((err as { code: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

/** get fetches a URL (HTTPS with the cluster's self-signed certificate accepted: only liveness is checked). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.get(url, { headers, rejectUnauthorized: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** groupMembers lists the live processes of a process group (Linux /proc), zombies excluded. */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the parenthesised command: state, ppid, pgrp, ...
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

function killGroup(pgid: number | undefined): void {
  if (!pgid) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** pathWithout makes a bin dir holding every command on this machine's PATH except the named ones (a machine without them). */
function pathWithout(dir: string, drop: RegExp, fakes: Record<string, string> = {}): string {
  // A new dir, and fakes written before any link exists: a write must never go through a link to the real command.
  mkdirSync(dir);
  for (const [name, script] of Object.entries(fakes)) writeFileSync(join(dir, name), script, { mode: 0o755, flag: 'wx' });
  for (const d of (cleanEnv().PATH ?? '').split(delimiter)) {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) if (!drop.test(n) && !existsSync(join(dir, n))) symlinkSync(join(d, n), join(dir, n));
  }
  chmodSync(dir, 0o755);
  return dir;
}

beforeAll(async () => {
  await requireTool('git', ['--version']);
  await requireTool('docker', ['version']);
  work = mkdtempSync(join(tmpdir(), 'kubedeck-first-run-'));
  // Readable by the unprivileged user of the no-Docker check.
  chmodSync(work, 0o755);
  clone = join(work, 'clone');
  const head = (await exec('git', ['-C', repo, 'rev-parse', 'HEAD'])).stdout.trim();
  const cloned = await exec('git', ['clone', '-q', '--no-checkout', repo, clone]);
  expect(cloned.code, cloned.stderr).toBe(0);
  const co = await exec('git', ['-C', clone, 'checkout', '-q', head]);
  expect(co.code, co.stderr).toBe(0);
});

afterAll(async () => {
  killGroup(app?.pid);
  // The app made its cluster's network (and maybe pods) on the engine: they go with the test.
  if (work) await removeDockerObjects(join(work, 'data'));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('A9: first run from a fresh clone', () => {
  it('the README names the two commands, and .ci/run calls the test command', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const block = /## Run it, test it[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(block.split('\n').map((l) => l.split('#')[0]!.trim()).filter(Boolean)).toEqual(['./run', './test']);
    expect(readFileSync(join(repo, '.ci/run'), 'utf8')).toMatch(/^exec \.\/test$/m);
  });

  it('./run installs the npm dependencies, finds Docker, brings up the API and UI, and stops on SIGTERM leaving no process', async () => {
    expect(existsSync(join(clone, 'node_modules'))).toBe(false);
    const dataDir = join(work, 'data');
    mkdirSync(dataDir);
    // A node name of its own: until each cluster only touches its own
    // containers (issue 9, point 2), a node named like another cluster's
    // would remove that cluster's containers on start.
    writeFileSync(join(dataDir, 'config.yaml'), `nodes:\n  - kind: local\n    name: first-run-${run}\n`);
    const child = spawn('./run', ['--data-dir', dataDir, '--port', '0', '--ui-port', '0'], { cwd: clone, env: cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    app = child;
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      const printed = await waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`./run exited ${child.exitCode}\nstdout: ${stdout}\nstderr: ${stderr}`);
          const api = /Kubedeck API ready: (https:\/\/\S+)/.exec(stdout)?.[1];
          const login = /Kubedeck UI: (http:\/\/\S+\/login\?token=\S+)/.exec(stdout)?.[1];
          return api && login ? { api, login } : undefined;
        },
        { timeoutMs: 240_000, intervalMs: 250, what: `./run to print the API and UI addresses\nstdout: ${stdout}\nstderr: ${stderr}` },
      );
      // The set-up ran npm ci, and took the running engine as it was.
      expect(stdout).toContain('setup: installing npm dependencies (npm ci)');
      expect(stdout).toMatch(/setup: ready \(npm dependencies, Docker \S+, images\)/);
      expect(stdout).not.toContain('starting the Docker engine');

      const ready = await waitFor(async () => (await get(`${printed.api}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz' });
      expect(ready).toBe(true);
      const login = await get(printed.login);
      expect(login.status).toBe(303);
      const cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
      const page = await get(new URL('/', printed.login).href, { Cookie: cookie });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');

      // ./run execs the app: its PID is the app's, and SIGTERM stops it cleanly.
      process.kill(child.pid!, 'SIGTERM');
      const end = await exited;
      expect(end, stderr).toEqual({ code: 0, signal: null });
      const left = await waitFor(() => groupMembers(child.pid!).length === 0 || undefined, { timeoutMs: 10_000, what: `the process group ${child.pid} to be empty` }).catch(() => false);
      expect(left, `processes left in the group: ${groupMembers(child.pid!).join(' ')}`).toBe(true);
      expect(existsSync(`/proc/${child.pid}`)).toBe(false);
    } finally {
      killGroup(child.pid);
      app = undefined;
    }
  }, 300_000);

  it('a second set-up installs nothing', async () => {
    const again = await exec('bash', ['scripts/setup.sh', 'app'], { cwd: clone });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toMatch(/^setup: ready \(npm dependencies, Docker \S+, images\)$/);
    expect(again.stderr).toBe('');
  });

  it('without Docker, a user who cannot install it is told what to install: ./run carries on, ./test stops', async () => {
    // A machine without Docker: every command on PATH but docker's, and an
    // apt-get that only records being called.
    const aptLog = join(work, 'apt-get.log');
    const fakes = { 'apt-get': `#!/bin/sh\necho "$@" >> ${aptLog}\nexit 1\n` };
    const noDocker = pathWithout(join(work, 'bin-no-docker'), /^(docker.*|dockerd|containerd.*|runc|ctr|apt-get)$/, fakes);
    const env = { PATH: noDocker, HOME: work, LANG: 'C' };
    // Not root: as root on Linux the set-up would install Docker.
    const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'nobody', '--', 'env', '-i'] : ['env', '-i'];
    const setup = (mode: string, as: string, pathEnv = env) =>
      exec(asUser[0]!, [...asUser.slice(1), ...Object.entries(pathEnv).map(([k, v]) => `${k}=${v}`), 'bash', 'scripts/setup.sh', mode, '--as', as], { cwd: clone });

    const appSetup = await setup('app', './run');
    expect(appSetup.code, appSetup.stderr).toBe(0);
    expect(appSetup.stderr).toContain('setup: no Docker engine: run this as root (sudo ./run) to install the Debian packages, or install them yourself: docker.io');
    expect(appSetup.stderr).toContain('Kubedeck starts its control plane and UI anyway; pods run once a Docker engine answers');

    const test = await setup('test', './test');
    expect(test.code).toBe(1);
    expect(test.stderr).toContain('setup: no Docker engine: run this as root (sudo ./test)');
    expect(test.stderr).toContain('the tests cannot run until these are installed');

    // Not Linux (even as root): Docker Desktop is named, nothing is installed.
    const mac = pathWithout(join(work, 'bin-mac'), /^(docker.*|dockerd|containerd.*|runc|ctr|apt-get|uname)$/, { ...fakes, uname: '#!/bin/sh\necho Darwin\n' });
    const onMac = await exec('bash', ['scripts/setup.sh', 'app', '--as', './run'], { cwd: clone, env: { ...env, PATH: mac } });
    expect(onMac.code, onMac.stderr).toBe(0);
    expect(onMac.stderr).toContain('setup: no Docker engine: install Docker Desktop (or Podman with its Docker socket) and start it');
    expect(existsSync(aptLog)).toBe(false);
  });

  it('on Linux as root, what is missing is installed with apt-get, and only that', async () => {
    if (process.getuid?.() !== 0 || process.platform !== 'linux') {
      if (process.env.CI === 'true') throw new Error('this check runs as root on Linux (CI does)');
      return;
    }
    // haproxy missing (not on PATH, not known to dpkg); apt-get records what it is asked and installs nothing.
    const aptLog = join(work, 'apt-get-root.log');
    const fakes = {
      'apt-get': `#!/bin/sh\necho "$@" >> ${aptLog}\n`,
      'dpkg-query': '#!/bin/sh\ncase "$*" in *haproxy*) exit 1 ;; esac\nexec /usr/bin/dpkg-query "$@"\n',
    };
    const bin = pathWithout(join(work, 'bin-no-haproxy'), /^(haproxy|apt-get|dpkg-query)$/, fakes);
    const r = await exec('bash', ['scripts/setup.sh', 'app', '--as', './run'], { cwd: clone, env: { PATH: bin, HOME: work, LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('setup: installing haproxy (apt-get)');
    expect(readFileSync(aptLog, 'utf8').trim().split('\n')).toEqual(['update -qq', 'install -y -qq --no-install-recommends haproxy']);
    // The images are there already: nothing else to do.
    expect(r.stdout).toMatch(/setup: ready \(npm dependencies, Docker \S+, images\)/);
  });
});
