/**
 * A real etcd cluster on loopback for tests and benchmarks: N members, each
 * an `etcd` process with its own temp data dir and random free ports. Members
 * can be killed (SIGKILL) to drill a member loss.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTracked, type TrackedProcess } from './tracked-process';

/** EtcdMember is one etcd process of a test cluster. */
export interface EtcdMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  dataDir: string;
  process: ChildProcess;
  /** The process as the kill helper holds it (own process group; kill() proves it gone). */
  tracked: TrackedProcess;
  /** True once the process has exited. */
  exited: boolean;
  /** The tail of its stderr, for diagnostics. */
  log(): string;
}

/** EtcdCluster is a running test cluster. */
export interface EtcdCluster {
  members: EtcdMember[];
  /** endpoints are the client URLs of every member (dead ones included). */
  endpoints: string[];
  /** kill sends signal (default SIGKILL) to member i and waits for it to exit. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** leaderIndex returns the index of the current leader among live members. */
  leaderIndex(): Promise<number>;
  /** stop kills every member and removes the data dirs. */
  stop(): Promise<void>;
}

/** EtcdClusterOptions shape the cluster. */
export interface EtcdClusterOptions {
  /** Number of members (default 3). */
  members?: number;
  /**
   * Parent of the data dirs. Default: /dev/shm when present (tmpfs makes
   * etcd's fsyncs cheap, which the functional tests do not measure), else the OS temp dir.
   */
  dataRoot?: string;
  /** Raft timings; short ones make a leader loss heal within a second. */
  heartbeatMs?: number;
  electionTimeoutMs?: number;
  /** How long to wait for the cluster to become healthy (default 30 s). */
  startTimeoutMs?: number;
}

/**
 * etcdInstalled tells whether the etcd binary can run. Under CI=true a
 * missing binary throws instead, so a suite needing etcd fails rather than
 * skipping into a green run.
 */
export async function etcdInstalled(): Promise<boolean> {
  const found = await new Promise<boolean>((resolve) => {
    execFile('etcd', ['--version'], (err) => resolve(!err));
  });
  if (!found && process.env.CI === 'true') throw new Error('etcd is not installed (apt-get install -y etcd-server); CI requires it');
  return found;
}

/** freePort asks the kernel for an unused loopback port. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** healthy asks one member's /health endpoint (true only when it sees a leader and can serve). */
async function healthy(clientUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1_000) });
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  } catch {
    return false;
  }
}

/** waitFor polls check until it holds or the deadline passes. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** exited resolves when the process has exited. */
function exited(m: EtcdMember): Promise<void> {
  if (m.exited) return Promise.resolve();
  return new Promise((resolve) => m.process.once('exit', () => resolve()));
}

/** startEtcdCluster starts an N-member etcd cluster on loopback and waits until every member is healthy. */
export async function startEtcdCluster(opts: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  const n = opts.members ?? 3;
  const root = opts.dataRoot ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  const base = mkdtempSync(join(root, 'kubedeck-etcd-'));
  const token = `kubedeck-test-${process.pid}-${Date.now()}`;
  const ports: number[] = [];
  while (ports.length < 2 * n) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  const specs = Array.from({ length: n }, (_, i) => ({
    name: `m${i}`,
    clientUrl: `http://127.0.0.1:${ports[2 * i]}`,
    peerUrl: `http://127.0.0.1:${ports[2 * i + 1]}`,
    dataDir: join(base, `m${i}`),
  }));
  const initialCluster = specs.map((s) => `${s.name}=${s.peerUrl}`).join(',');
  const members: EtcdMember[] = specs.map((s) => {
    const tracked = spawnTracked(
      'etcd',
      [
        `--name=${s.name}`,
        `--data-dir=${s.dataDir}`,
        `--listen-client-urls=${s.clientUrl}`,
        `--advertise-client-urls=${s.clientUrl}`,
        `--listen-peer-urls=${s.peerUrl}`,
        `--initial-advertise-peer-urls=${s.peerUrl}`,
        `--initial-cluster=${initialCluster}`,
        '--initial-cluster-state=new',
        `--initial-cluster-token=${token}`,
        `--heartbeat-interval=${opts.heartbeatMs ?? 50}`,
        `--election-timeout=${opts.electionTimeoutMs ?? 500}`,
        '--logger=zap',
        '--log-outputs=stderr',
        '--log-level=error',
      ],
    );
    const child = tracked.child;
    const m: EtcdMember = { ...s, process: child, tracked, exited: false, log: () => tracked.stderr().slice(-4_000) };
    child.once('exit', () => {
      m.exited = true;
    });
    child.once('error', () => {
      m.exited = true;
    });
    return m;
  });

  const cluster: EtcdCluster = {
    members,
    endpoints: members.map((m) => m.clientUrl),
    async kill(i, signal = 'SIGKILL') {
      const m = members[i]!;
      if (m.exited) return;
      if (signal === 'SIGKILL') return m.tracked.kill();
      m.process.kill(signal);
      await exited(m);
      await m.tracked.assertGone();
    },
    async leaderIndex() {
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        if (m.exited) continue;
        try {
          const res = await fetch(`${m.clientUrl}/v3/maintenance/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1_000) });
          const status = (await res.json()) as { header: { member_id: string }; leader: string };
          if (status.leader === status.header.member_id) return i;
        } catch {
          // a member that cannot answer is not the leader we can report
        }
      }
      throw new Error('no live member reports itself as leader');
    },
    async stop() {
      // SIGKILL: the data is thrown away anyway, and a SIGTERMed member whose
      // peers are gone waits seconds for them before exiting.
      await Promise.all(members.map((m) => m.tracked.kill()));
      rmSync(base, { recursive: true, force: true });
    },
  };

  try {
    await waitFor(
      async () => {
        const dead = members.find((m) => m.exited);
        if (dead) throw new Error(`etcd member ${dead.name} exited during startup:\n${dead.log()}`);
        return (await Promise.all(members.map((m) => healthy(m.clientUrl)))).every(Boolean);
      },
      opts.startTimeoutMs ?? 30_000,
      () => `etcd cluster health; logs:\n${members.map((m) => `${m.name}: ${m.log()}`).join('\n')}`,
    );
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
