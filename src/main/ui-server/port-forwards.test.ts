import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PortForwards } from './port-forwards';

/** roundTrip sends text to 127.0.0.1:port and resolves with what comes back before the peer closes. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(text));
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}

describe('PortForwards', () => {
  let upstream: Server;
  let upstreamPort = 0;
  const opened: string[] = [];
  beforeAll(async () => {
    // Stands in for the pod's port: answers "pod:<what it got>".
    upstream = createServer((s) => {
      let got = '';
      s.on('data', (d: Buffer) => (got += d.toString()));
      s.on('end', () => s.end(`pod:${got}`));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamPort = (upstream.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => upstream.close(() => r())));

  const forwards = new PortForwards(async (ns, pod, port) => {
    opened.push(`${ns}/${pod}:${port}`);
    if (pod === 'gone') throw new Error('pods "gone" not found');
    return connect(upstreamPort, '127.0.0.1');
  });

  it('listens on 127.0.0.1 and joins every connection to the pod port, one forward per pod port', async () => {
    const f = await forwards.start('default', 'web', 80);
    expect(f.url).toBe(`http://127.0.0.1:${f.localPort}/`);
    expect(await roundTrip(f.localPort, 'hello')).toBe('pod:hello');
    expect(await roundTrip(f.localPort, 'again')).toBe('pod:again');
    expect(opened).toEqual(['default/web:80', 'default/web:80']);
    expect((await forwards.start('default', 'web', 80)).id).toBe(f.id);
    expect(forwards.list().map((x) => [x.pod, x.port, x.connections])).toEqual([['web', 80, 2]]);
  });

  it('a pod that cannot be reached closes the connection and says why in the list', async () => {
    const f = await forwards.start('default', 'gone', 80);
    expect(await roundTrip(f.localPort, 'x')).toBe('');
    expect(forwards.list().find((x) => x.id === f.id)?.lastError).toBe('pods "gone" not found');
  });

  it('stop closes the listener', async () => {
    const [f] = forwards.list();
    expect(await forwards.stop(f!.id)).toBe(true);
    await expect(roundTrip(f!.localPort, 'x')).rejects.toThrow(/ECONNREFUSED/);
    expect(await forwards.stop(f!.id)).toBe(false);
    await forwards.stopAll();
    expect(forwards.list()).toEqual([]);
  });
});
