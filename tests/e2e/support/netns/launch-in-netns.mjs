// Started by chromium-netns.sh inside a fresh network namespace: brings up
// loopback, listens on 127.0.0.1:<port> and tunnels each connection to the
// host-side proxy's Unix socket (filesystem sockets cross network
// namespaces), then runs Chromium with Playwright's pipes (fds 3 and 4).
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';

const { KD_PROXY_PORT, KD_PROXY_SOCK, KD_CHROMIUM } = process.env;
if (!KD_PROXY_PORT || !KD_PROXY_SOCK || !KD_CHROMIUM) {
  console.error('launch-in-netns: KD_PROXY_PORT, KD_PROXY_SOCK and KD_CHROMIUM must be set');
  process.exit(2);
}

execFileSync('ip', ['link', 'set', 'lo', 'up']);

const server = net.createServer((client) => {
  const upstream = net.connect(KD_PROXY_SOCK);
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});

server.listen(Number(KD_PROXY_PORT), '127.0.0.1', () => {
  const child = spawn(KD_CHROMIUM, process.argv.slice(2), { stdio: [0, 1, 2, 3, 4] });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
});
