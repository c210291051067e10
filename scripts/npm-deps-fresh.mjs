/**
 * npm-deps-fresh.mjs: exits 0 when node_modules holds what package-lock.json
 * pins, 1 when `npm ci` is needed (node_modules missing, or the lock changed
 * since the last install). Runs on any recent Node, before the pinned one is
 * installed. It compares the lock with npm's own record of what it installed,
 * node_modules/.package-lock.json, which npm writes on every install: no stamp
 * of our own, so a node_modules made by a plain `npm ci` counts too.
 */
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

const lock = read('package-lock.json');
const installed = read('node_modules/.package-lock.json');
if (!lock?.packages || !installed?.packages || !existsSync('node_modules/.bin/node')) process.exit(1);

for (const [path, want] of Object.entries(lock.packages)) {
  if (path === '') continue; // the project itself
  const have = installed.packages[path];
  // Optional packages for another platform are legitimately absent.
  if (!have) {
    if (want.optional || want.devOptional) continue;
    process.exit(1);
  }
  if (have.version !== want.version) process.exit(1);
}
process.exit(0);
