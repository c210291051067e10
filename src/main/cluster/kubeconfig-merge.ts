/**
 * `kubedeck serve --merge-kubeconfig` / `--unmerge-kubeconfig`: add this
 * cluster's context to the user's kubeconfig (the first file of KUBECONFIG,
 * else ~/.kube/config), or take it out again — only when asked, never on
 * start. The entries are named `kubedeck-<cluster id>` so two Kubedecks (or a
 * re-run) never clash with each other or with the user's own names; every
 * other cluster, user, context and preference is kept as it was.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { dump, load } from 'js-yaml';

interface Named {
  name: string;
  [k: string]: unknown;
}

interface KubeconfigDoc {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [k: string]: unknown;
}

/** userKubeconfigPath is the file kubectl writes to: KUBECONFIG's first entry, else ~/.kube/config. */
export function userKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(delimiter).find(Boolean);
  return first ?? join(homedir(), '.kube', 'config');
}

/** kubedeckContextName is the name this cluster's entries carry in the user's kubeconfig. */
export function kubedeckContextName(clusterId: string): string {
  return `kubedeck-${clusterId}`;
}

async function readDoc(path: string): Promise<KubeconfigDoc> {
  if (!existsSync(path)) return { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new Error(`${path}: not valid YAML, left untouched: ${(err as Error).message}`);
  }
  if (doc === undefined || doc === null) return { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${path}: not a kubeconfig (a mapping), left untouched`);
  return doc as KubeconfigDoc;
}

/** writeDoc replaces the file atomically with mode 0600 (it holds credentials). */
async function writeDoc(path: string, doc: KubeconfigDoc): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.kubedeck-${process.pid}.tmp`;
  await writeFile(tmp, dump(doc, { noRefs: true }), { mode: 0o600 });
  await rename(tmp, path);
}

function upsert(list: Named[] | undefined, entry: Named): Named[] {
  const rest = (list ?? []).filter((e) => e.name !== entry.name);
  return [...rest, entry];
}

/**
 * mergeKubeconfig adds (or refreshes) the cluster's entries from its own
 * kubeconfig (`<data-dir>/kubeconfig`) into the user's; `use` also makes it
 * the current context. Returns the context name and the file written.
 */
export async function mergeKubeconfig(ownKubeconfig: string, clusterId: string, opts: { target?: string; use?: boolean } = {}): Promise<{ context: string; file: string }> {
  const own = await readDoc(ownKubeconfig);
  const cluster = own.clusters?.[0];
  const user = own.users?.[0];
  const context = own.contexts?.[0];
  if (!cluster || !user || !context) throw new Error(`${ownKubeconfig}: no cluster, user and context to merge (start the cluster once first)`);
  const name = kubedeckContextName(clusterId);
  const file = opts.target ?? userKubeconfigPath();
  const doc = await readDoc(file);
  doc.apiVersion ??= 'v1';
  doc.kind ??= 'Config';
  doc.clusters = upsert(doc.clusters, { ...cluster, name });
  doc.users = upsert(doc.users, { ...user, name });
  doc.contexts = upsert(doc.contexts, { name, context: { ...(context.context as object), cluster: name, user: name } });
  if (opts.use || !doc['current-context']) doc['current-context'] = name;
  await writeDoc(file, doc);
  return { context: name, file };
}

/** unmergeKubeconfig removes the cluster's entries again (and the current context if it was this one). Returns whether anything was removed. */
export async function unmergeKubeconfig(clusterId: string, opts: { target?: string } = {}): Promise<{ removed: boolean; file: string }> {
  const name = kubedeckContextName(clusterId);
  const file = opts.target ?? userKubeconfigPath();
  if (!existsSync(file)) return { removed: false, file };
  const doc = await readDoc(file);
  const before = JSON.stringify(doc);
  doc.clusters = (doc.clusters ?? []).filter((e) => e.name !== name);
  doc.users = (doc.users ?? []).filter((e) => e.name !== name);
  doc.contexts = (doc.contexts ?? []).filter((e) => e.name !== name);
  if (doc['current-context'] === name) delete doc['current-context'];
  if (JSON.stringify(doc) === before) return { removed: false, file };
  await writeDoc(file, doc);
  return { removed: true, file };
}
