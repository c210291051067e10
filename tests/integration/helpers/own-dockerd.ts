/**
 * A Docker engine of the test's own: dockerd on its own socket, data root,
 * exec root (where it starts its own containerd) and pidfile, touching no
 * bridge or iptables, so stopping it never disturbs the machine's engine.
 * Images are copied in from the main engine with `docker save | docker load`.
 * Its bridges live in the host's network namespace: the cluster network is
 * created beforehand on a subnet no host route uses (a second 10.244.0.0/16
 * bridge would steal the main engine's pod routes), and dispose removes every
 * bridge it made.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { clusterNetworkName, DEFAULT_CLUSTER_ID, LABEL_CLUSTER } from '../../../src/main/cluster/identity';
import { cidrsOverlap, LABEL_NETWORK, LABEL_SERVICE_RANGE, splitSubnet } from '../../../src/main/docker/network';
import { waitFor } from '../../../src/main/kubelet/testing/docker-env';

export interface OwnDockerd {
  /** unix:///tmp/kd-dockerd-…/docker.sock */
  url: string;
  docker: Docker;
  /** start runs dockerd (again) and waits until it answers. */
  start(): Promise<void>;
  /** stop sends SIGTERM and waits until dockerd and its containerd are gone. */
  stop(): Promise<void>;
  /** load copies images from the main engine. */
  load(images: string[]): void;
  /** createClusterNetwork creates the pods' network on a subnet that no host route uses; returns the subnet. */
  createClusterNetwork(clusterId?: string): Promise<string>;
  /** dispose stops it and removes its directories. */
  dispose(): Promise<void>;
}

/** haveDockerd reports whether this machine can run a second engine (dockerd on PATH, root). */
export function haveDockerd(): boolean {
  return process.getuid?.() === 0 && spawnSync('dockerd', ['--version']).status === 0;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** OwnDockerdOptions place the engine in a network namespace and open a TLS TCP listener there. */
export interface OwnDockerdOptions {
  /** Run dockerd inside this network namespace (made by `ip netns add`); its bridges stay in there. */
  netns?: string;
  /** Also listen on tcp://address:port with mutual TLS (files ca.pem, server-cert.pem, server-key.pem in dir). */
  tls?: { address: string; port: number; dir: string };
}

/** ownDockerd prepares (does not start) a private dockerd. */
export function ownDockerd(options: OwnDockerdOptions = {}): OwnDockerd {
  // Short path: containerd's socket under the exec root must fit a sun_path.
  const dir = mkdtempSync('/tmp/kd-dockerd-');
  const sock = join(dir, 'docker.sock');
  const pidfile = join(dir, 'docker.pid');
  // An empty config file so /etc/docker/daemon.json (hosts, data-root…) is not read.
  writeFileSync(join(dir, 'daemon.json'), '{}');
  const url = `unix://${sock}`;
  const docker = new Docker({ socketPath: sock });
  let child: ChildProcess | undefined;
  let pid: number | undefined;
  /** Bridge networks seen in this engine: their host interfaces (br-<id>) go at dispose. */
  const bridges = new Set<string>();
  const noteBridges = async () => {
    const nets = await docker.listNetworks().catch(() => []);
    for (const n of nets) if (n.Driver === 'bridge' && n.Name !== 'bridge') bridges.add(n.Id);
  };
  const d: OwnDockerd = {
    url,
    docker,
    async start() {
      const args = [
        '--config-file', join(dir, 'daemon.json'),
        '--host', url,
        '--data-root', join(dir, 'data'),
        '--exec-root', join(dir, 'exec'),
        '--pidfile', pidfile,
        '--bridge', 'none',
        '--iptables=false',
        '--ip-masq=false',
        '--log-level', 'warn',
      ];
      if (options.tls) {
        const t = options.tls;
        args.push('--host', `tcp://${t.address}:${t.port}`, '--tlsverify', '--tlscacert', join(t.dir, 'ca.pem'), '--tlscert', join(t.dir, 'server-cert.pem'), '--tlskey', join(t.dir, 'server-key.pem'));
      }
      // nsenter enters the network namespace only and execs dockerd (the PID stays dockerd's). Not `ip netns
      // exec`: it also remounts /sys for the namespace, which hides the cgroup mounts dockerd needs.
      child = options.netns
        ? spawn('nsenter', [`--net=/var/run/netns/${options.netns}`, 'dockerd', ...args], { stdio: ['ignore', 'ignore', 'pipe'], detached: true })
        : spawn('dockerd', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
      let stderr = '';
      child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
      pid = child.pid;
      await waitFor(
        async () => {
          if (child?.exitCode !== null) throw new Error(`dockerd exited (${child?.exitCode}): ${stderr}`);
          return docker.ping().then(
            () => true,
            () => false,
          );
        },
        60_000,
        `dockerd on ${url}`,
        200,
      );
    },
    async stop() {
      const p = pid ?? (existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8')) : undefined);
      if (!p || !alive(p)) return;
      await noteBridges();
      process.kill(p, 'SIGTERM');
      // dockerd stops its containers (10 s grace), then its containerd, then itself.
      await waitFor(() => !alive(p), 60_000, `dockerd ${p} gone`, 200);
      pid = undefined;
      // Its containerd goes with it; a shim whose containerd left before deleting the task can linger (seen
      // once in three runs). Every process naming our directories is ours: what is left after 10 s is killed,
      // container processes (the shims' children) first.
      const ours = () => spawnSync('pgrep', ['-f', `containerd.*${dir}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      const gone = await waitFor(() => ours().length === 0, 10_000, 'its containerd and shims gone', 200).catch(() => false);
      if (!gone) {
        for (const p2 of ours()) {
          for (const c of spawnSync('pgrep', ['-P', String(p2)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) kill(Number(c));
          kill(p2);
        }
        await waitFor(() => ours().length === 0, 10_000, 'its containerd and shims killed', 200);
      }
    },
    load(images) {
      const r = spawnSync('sh', ['-c', `docker save ${images.join(' ')} | docker -H ${url} load`], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`loading ${images.join(', ')} into ${url}: ${r.stderr}`);
    },
    async createClusterNetwork(clusterId = DEFAULT_CLUSTER_ID) {
      const routes = spawnSync('ip', ['-4', 'route'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((r) => r.includes('/'));
      const subnet = ['10.251.0.0/16', '10.252.0.0/16', '10.253.0.0/16', '172.29.0.0/16'].find((c) => !routes.some((r) => cidrsOverlap(c, r)));
      if (!subnet) throw new Error('no free subnet for the test engine network');
      const { podRange, serviceRange, gateway } = splitSubnet(subnet);
      await docker.createNetwork({
        Name: clusterNetworkName(clusterId),
        Driver: 'bridge',
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet, IPRange: podRange, Gateway: gateway }] },
        Labels: { [LABEL_NETWORK]: 'true', [LABEL_SERVICE_RANGE]: serviceRange, [LABEL_CLUSTER]: clusterId },
      });
      await noteBridges();
      return subnet;
    },
    async dispose() {
      // Containers and networks removed through the engine take their bridges with them.
      if (pid && alive(pid)) {
        await noteBridges();
        for (const c of await docker.listContainers({ all: true }).catch(() => [])) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
        for (const id of bridges) await docker.getNetwork(id).remove().catch(() => undefined);
      }
      await d.stop().catch(() => {
        if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      });
      // Whatever the engine did not remove (it was down, or killed).
      for (const id of bridges) spawnSync('ip', ['link', 'delete', `br-${id.slice(0, 12)}`]);
      // And any layer mount it left (a container being created as it stopped), deepest first.
      const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(`${dir}/`));
      for (const m of mounts.sort((a, b) => b.length - a.length)) spawnSync('umount', ['-l', m]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return d;
}
