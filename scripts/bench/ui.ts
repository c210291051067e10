/**
 * UI at scale (issue 14 A1): Debian's Chromium, driven by Playwright, against
 * `serve --no-kubelet --hollow-nodes N` (the built app, a child process, as a
 * user runs it).
 *
 * Two namespaces in one cluster: `big` (a Deployment of 5,000 replicas) and
 * `small` (500). The reference of every figure is the same page, measured
 * the same way, with the `small` namespace selected, interleaved with the
 * subject (big, small, big, small, …) so drift of the shared machine falls on
 * both. Per round, on a fresh page:
 *  - first rows: ms from navigation start to the first pod row in the DOM
 *    (a MutationObserver installed before the page's scripts run);
 *  - churn: 100 pod changes per second (merge patches of an annotation, 10
 *    every 100 ms, in the namespace on screen) for CHURN_MS; frames per
 *    second counted with requestAnimationFrame in the page, and the JS heap
 *    (CDP Runtime.getHeapUsage, sampled every 250 ms; max printed).
 * Goals (A1): first rows ≤ 1,000 ms, ≥ 30 fps, heap ≤ 300 MB at 5,000 pods.
 *
 * Then namespace `big` grows to 30,000 pods (BENCH_UI_LARGE_PODS; 0 skips it;
 * Deployments of 1,000 added beside the first) and
 * the Pods page, the Overview and Workloads are opened and scrolled (3,000
 * px/s for 3 s): time to their first rows or cards and frames per second while scrolling, against
 * the same page with `small` selected, interleaved likewise. (The Overview
 * lists every pod whatever the namespace; with `small` selected it draws
 * only the small namespace's pods.)
 *
 * BENCH_UI_PODS (5,000), BENCH_UI_SMALL_PODS (500), BENCH_UI_ROUNDS (3) and
 * BENCH_UI_LARGE_PODS (30,000) override the sizes. Builds the app first.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumPath } from '../../tests/e2e/chromium';
import { median, type BenchReporter } from './reporter';

const PODS = Number(process.env.BENCH_UI_PODS ?? 5000);
const SMALL = Number(process.env.BENCH_UI_SMALL_PODS ?? 500);
const LARGE = Number(process.env.BENCH_UI_LARGE_PODS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_UI_ROUNDS ?? 3);
const CHURN_PER_SECOND = 100;
const CHURN_MS = 5000;
const SCROLL_MS = 3000;
/** SCROLL_PX_PER_S is the scroll speed of the scroll test: about 75 table rows a second. */
const SCROLL_PX_PER_S = 3000;
/** PER_EXTRA_DEPLOYMENT is the size of each Deployment added to reach LARGE pods. */
const PER_EXTRA_DEPLOYMENT = 1000;
/** Hollow nodes hold 110 pods each; this leaves room. */
const PODS_PER_NODE = 100;

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Api is a minimal HTTPS client for the cluster, from the kubeconfig serve wrote. */
class Api {
  private readonly agent: Agent;
  constructor(
    private readonly server: URL,
    private readonly token: string,
    ca: string,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 16, ca });
  }

  static fromKubeconfig(path: string): Api {
    const kc = load(readFileSync(path, 'utf8')) as {
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
      users: { user: { token: string } }[];
    };
    const c = kc.clusters[0]!.cluster;
    return new Api(new URL(c.server), kc.users[0]!.user.token, Buffer.from(c['certificate-authority-data'], 'base64').toString());
  }

  call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        { host: this.server.hostname, port: this.server.port, path, method, agent: this.agent, headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...(data ? { 'Content-Type': contentType } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if ((res.statusCode ?? 0) >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** startServe runs the built app headless with hollow nodes and returns its UI origin, API client and process. */
async function startServe(dataDir: string, nodes: number): Promise<{ child: ChildProcess; uiLogin: string; api: Api }> {
  const child = spawn(process.execPath, [join(root, 'out/main/serve.js'), '--data-dir', dataDir, '--port', '0', '--no-kubelet', '--hollow-nodes', String(nodes)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', () => {});
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ui = /Kubedeck UI: (\S+)/.exec(out);
    const kc = /Kubeconfig: (\S+)/.exec(out);
    if (ui && kc) return { child, uiLogin: ui[1]!, api: Api.fromKubeconfig(kc[1]!) };
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${out}`);
    if (Date.now() > deadline) throw new Error(`serve did not start within 120 s: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const deployment = (name: string, replicas: number, namespace = name) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'kubedeck/pause:3.10' }] } },
  },
});

async function waitReady(api: Api, ns: string, replicas: number): Promise<number> {
  const t0 = performance.now();
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const list = await api.call<{ items: { status?: { readyReplicas?: number } }[] }>('GET', `/apis/apps/v1/namespaces/${ns}/deployments`);
    const ready = list.items.reduce((n, d) => n + (d.status?.readyReplicas ?? 0), 0);
    if (ready >= replicas) return (performance.now() - t0) / 1000;
    if (Date.now() > deadline) throw new Error(`${ns}: ${ready} of ${replicas} Ready after 30 minutes`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Churn patches CHURN_PER_SECOND pods per second, round-robin over a namespace's pods, until stopped. */
function startChurn(api: Api, ns: string, names: string[]): { stop: () => Promise<number> } {
  let n = 0;
  let failed = 0;
  const inflight = new Set<Promise<unknown>>();
  const perTick = CHURN_PER_SECOND / 10;
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const name = names[n++ % names.length]!;
      const p = api
        .call('PATCH', `/api/v1/namespaces/${ns}/pods/${name}`, { metadata: { annotations: { 'bench.kubedeck.io/churn': String(n) } } }, 'application/merge-patch+json')
        .catch(() => failed++)
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
  }, 100);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inflight);
      if (failed > 0) console.error(`ui bench: ${failed} churn patches failed in ${ns}`);
      return n;
    },
  };
}

/** INIT records, from before the page's own scripts, when the first element matching window.__firstSelector appears, and counts frames. */
const INIT = `
  window.__frames = 0;
  const tick = () => { window.__frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new MutationObserver((_, obs) => {
    if (window.__firstAt === undefined && document.querySelector(localStorage.getItem('bench.firstSelector'))) {
      window.__firstAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

interface Screen {
  /** hash is the route. */
  hash: string;
  /** first is the selector whose first appearance counts as "first rows". */
  first: string;
  /** scroller is the element scrolled in the scroll test. */
  scroller: string;
}

const PODS_SCREEN: Screen = { hash: '#/pods', first: '[data-testid=pod-row]', scroller: '[data-testid=pods-table-scroll]' };
const OVERVIEW: Screen = { hash: '#/', first: '[data-testid=node-card]', scroller: '.main' };
const WORKLOADS: Screen = { hash: '#/workloads', first: '[data-testid=workload-row]', scroller: '[data-testid=workloads-list-scroll]' };

/** openScreen opens a fresh page on screen with namespace ns selected and returns it with the ms to its first rows. */
async function openScreen(context: BrowserContext, origin: string, screen: Screen, ns: string): Promise<{ page: Page; firstMs: number }> {
  const page = await context.newPage();
  await page.addInitScript(
    ({ ns, first, init }) => {
      localStorage.setItem('kubedeck.namespace', ns);
      localStorage.setItem('bench.firstSelector', first);
      new Function(init)();
    },
    { ns, first: screen.first, init: INIT },
  );
  await page.goto(`${origin}/${screen.hash}`);
  await page.waitForFunction(() => (window as unknown as { __firstAt?: number }).__firstAt !== undefined, undefined, { timeout: 300_000, polling: 50 });
  const firstMs = await page.evaluate(() => (window as unknown as { __firstAt: number }).__firstAt);
  return { page, firstMs };
}

const frames = (page: Page) => page.evaluate(() => (window as unknown as { __frames: number }).__frames);

/** heapSampler samples the page's used JS heap (bytes) until stopped; returns the max. */
async function heapSampler(page: Page): Promise<{ stop: () => Promise<number> }> {
  const cdp = await page.context().newCDPSession(page);
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      max = Math.max(max, usedSize);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await cdp.detach();
      return max;
    },
  };
}

interface ChurnFigures {
  firstMs: number;
  fps: number;
  heapMb: number;
}

/** measureChurn opens the Pods page on ns and measures first rows, then fps and heap under churn. */
async function measureChurn(context: BrowserContext, origin: string, api: Api, ns: string, names: string[]): Promise<ChurnFigures> {
  const { page, firstMs } = await openScreen(context, origin, PODS_SCREEN, ns);
  try {
    // Let the list settle (all rows folded in) before the churn starts.
    await page.waitForFunction((n) => document.querySelector('[data-testid=pods-table]')?.getAttribute('aria-rowcount') === String(n + 1), names.length, { timeout: 300_000 });
    const heap = await heapSampler(page);
    const churn = startChurn(api, ns, names);
    const f0 = await frames(page);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, CHURN_MS));
    const fps = ((await frames(page)) - f0) / ((performance.now() - t0) / 1000);
    await churn.stop();
    return { firstMs, fps, heapMb: (await heap.stop()) / 1024 / 1024 };
  } finally {
    await page.close();
  }
}

/**
 * scrollScript scrolls `selector` for ms at SCROLL_PX_PER_S (a brisk wheel
 * flick; down, and back up at the bottom), one step a frame at a steady pace
 * whatever the frame rate, and resolves to the frames per second. A string, not a function: the bench runs under tsx, whose
 * transform would name the page's functions with a helper the page lacks.
 */
const scrollScript = (selector: string, ms: number) => `new Promise((resolve, reject) => {
  const el = document.querySelector(${JSON.stringify(selector)});
  if (!el) return reject(new Error('no ${selector}'));
  let frames = 0;
  const t0 = performance.now();
  const step = () => {
    frames++;
    const t = performance.now() - t0;
    const max = Math.max(1, el.scrollHeight - el.clientHeight);
    const d = (t / 1000) * ${SCROLL_PX_PER_S} % (2 * max);
    el.scrollTop = d <= max ? d : 2 * max - d;
    if (t < ${ms}) requestAnimationFrame(step);
    else resolve(frames / (t / 1000));
  };
  requestAnimationFrame(step);
})`;

/** measureScroll opens screen on ns and scrolls its scroller top to bottom for SCROLL_MS; first-rows ms and fps. */
async function measureScroll(context: BrowserContext, origin: string, screen: Screen, ns: string): Promise<{ firstMs: number; fps: number }> {
  const { page, firstMs } = await openScreen(context, origin, screen, ns);
  try {
    const fps = (await page.evaluate(scrollScript(screen.scroller, SCROLL_MS))) as number;
    return { firstMs, fps };
  } finally {
    await page.close();
  }
}

async function podNames(api: Api, ns: string): Promise<string[]> {
  const list = await api.call<{ items: { metadata: { name: string } }[] }>('GET', `/api/v1/namespaces/${ns}/pods`);
  return list.items.map((p) => p.metadata.name);
}

/** UI section. */
export default async function ui(r: BenchReporter): Promise<void> {
  r.section(`UI: Pods page at ${PODS} pods under ${CHURN_PER_SECOND} pod changes/s (issue 14 A1; goals: first rows ≤ 1000 ms, ≥ 30 fps, heap ≤ 300 MB)`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-ui-'));
  const nodes = Math.ceil((Math.max(PODS, LARGE) + SMALL) / PODS_PER_NODE);
  const { child, uiLogin, api } = await startServe(dataDir, nodes);
  let browser: Browser | undefined;
  try {
    for (const ns of ['big', 'small']) {
      await api.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      await api.call('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deployment(ns, ns === 'big' ? PODS : SMALL));
    }
    const readyS = await waitReady(api, 'big', PODS);
    await waitReady(api, 'small', SMALL);
    r.note(`${PODS} + ${SMALL} pods Ready on ${nodes} hollow nodes in ${readyS.toFixed(0)} s`);
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const login = await context.newPage();
    await login.goto(uiLogin);
    await login.waitForSelector('[data-testid=connection-state]');
    await login.close();
    const origin = new URL(uiLogin).origin;
    const names = { big: await podNames(api, 'big'), small: await podNames(api, 'small') };

    const big: ChurnFigures[] = [];
    const small: ChurnFigures[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      big.push(await measureChurn(context, origin, api, 'big', names.big));
      small.push(await measureChurn(context, origin, api, 'small', names.small));
    }
    const ref = `same page, ${SMALL} pods`;
    r.row(`first rows at ${PODS} pods (median of ${ROUNDS})`, median(big.map((x) => x.firstMs)), median(small.map((x) => x.firstMs)), 'ms', ref);
    r.row(`fps during churn at ${PODS} pods (median)`, median(big.map((x) => x.fps)), median(small.map((x) => x.fps)), 'fps', ref);
    r.row(`JS heap max during churn at ${PODS} pods (median)`, median(big.map((x) => x.heapMb)), median(small.map((x) => x.heapMb)), 'MB', ref);
    r.note(`each round: ${PODS} pods then ${SMALL}, fresh page each; fps over ${CHURN_MS / 1000} s of churn; worst round: first rows ${Math.max(...big.map((x) => x.firstMs)).toFixed(0)} ms, ${Math.min(...big.map((x) => x.fps)).toFixed(1)} fps, heap ${Math.max(...big.map((x) => x.heapMb)).toFixed(0)} MB`);

    if (LARGE > 0) {
      r.section(`UI: Pods page, Overview and Workloads at ${LARGE} pods, opened and scrolled (issue 14 A1)`);
      // Deployments of 1,000 beside the first one, as the memory section builds its 30,000: one ReplicaSet of
      // 30,000 replicas makes every sync of it walk 30,000 pods (not what this section measures).
      let more = 0;
      for (let left = LARGE - PODS; left > 0; left -= PER_EXTRA_DEPLOYMENT) {
        await api.call('POST', '/apis/apps/v1/namespaces/big/deployments', deployment(`big-${++more}`, Math.min(left, PER_EXTRA_DEPLOYMENT), 'big'));
      }
      const s = await waitReady(api, 'big', LARGE);
      r.note(`${LARGE} pods Ready in namespace big in ${s.toFixed(0)} s after adding ${more} Deployments of up to ${PER_EXTRA_DEPLOYMENT} (${LARGE + SMALL} pods, ${nodes} hollow nodes)`);
      for (const [label, screen] of [['Pods page', PODS_SCREEN], ['Overview', OVERVIEW], ['Workloads', WORKLOADS]] as const) {
        const a: { firstMs: number; fps: number }[] = [];
        const b: { firstMs: number; fps: number }[] = [];
        for (let i = 0; i < Math.min(ROUNDS, 2); i++) {
          a.push(await measureScroll(context, origin, screen, 'big'));
          b.push(await measureScroll(context, origin, screen, 'small'));
        }
        const refLabel = screen === OVERVIEW ? `same page, ${SMALL}-pod namespace selected` : `same page, ${SMALL} pods`;
        r.row(`${label} first rows at ${LARGE} pods`, median(a.map((x) => x.firstMs)), median(b.map((x) => x.firstMs)), 'ms', refLabel);
        r.row(`${label} fps scrolling at ${LARGE} pods`, median(a.map((x) => x.fps)), median(b.map((x) => x.fps)), 'fps', refLabel);
      }
    }
  } finally {
    await browser?.close();
    api.close();
    child.kill('SIGTERM');
    await new Promise((res) => (child.exitCode !== null ? res(undefined) : child.once('exit', res)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
