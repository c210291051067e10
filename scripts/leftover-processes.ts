/**
 * leftover-processes: after the suites, find every process the test run
 * started that still runs, name it (PID and command line), end it, and exit 1.
 *
 *   node --import tsx scripts/leftover-processes.ts <run id> [grace seconds]
 *
 * scripts/test.sh exports KUBEDECK_TEST_RUN=<run id> before the suites;
 * every process they start inherits it (cluster processes, etcd, serve,
 * Chromium, a dockerd a test runs on its own socket), including those that
 * left their process group or were reparented to init. Not counted: this
 * scanner, its ancestors (test.sh, npm, CI) and its children (tsx's esbuild
 * service), zombies, and anything started before the export (the Docker
 * engine bootstrap started). Processes that are exiting as the suites wind
 * down get `grace` seconds (default 10) to go.
 * Docker daemons found are reported but not ended: other work may use them.
 */
import { alive, ancestorsOf, describeProcs, hasEnv, listProcs, procAvailable, type ProcInfo } from '../tests/integration/helpers/process-tree';

const RUN_ENV = 'KUBEDECK_TEST_RUN';
const [run, grace = '10'] = process.argv.slice(2);
if (!run) {
  console.error('usage: leftover-processes.ts <run id> [grace seconds]');
  process.exit(2);
}
if (!procAvailable()) {
  console.log('leftover processes: /proc is not available here; not checked');
  process.exit(0);
}

// This scanner's own line (test.sh, npm, CI above it; tsx's esbuild service below it) is not a leftover.
const ancestors = new Set([process.pid, ...ancestorsOf(process.pid)]);
const leftovers = (): ProcInfo[] =>
  listProcs().filter((p) => alive(p) && !ancestors.has(p.pid) && !ancestorsOf(p.pid).has(process.pid) && hasEnv(p.pid, RUN_ENV, run));

const deadline = Date.now() + Number(grace) * 1000;
let left = leftovers();
while (left.length > 0 && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 250));
  left = leftovers();
}
if (left.length === 0) {
  console.log('leftover processes: none');
  process.exit(0);
}

const daemon = (p: ProcInfo) => /(^|\/)(dockerd|containerd)(\s|$)/.test(p.args);
console.log(`leftover processes: the test run left ${left.length} process(es) running (a test that does not end what it starts is a defect):\n${describeProcs(left)}`);
for (const p of left) {
  if (daemon(p)) continue;
  try {
    process.kill(p.pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}
const spared = left.filter(daemon);
console.log(spared.length ? `ended all but the Docker daemons: ${spared.map((p) => p.pid).join(' ')}` : 'ended them');
process.exit(1);
