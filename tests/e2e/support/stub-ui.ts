/**
 * Runs the real UI server over the stub API with demo objects, for a look at
 * the UI without a cluster: `npx tsx tests/e2e/support/stub-ui.ts <rendererDir>`.
 * Prints the login URL.
 */
import { startUiServer } from '../../../src/main/ui-server/ui-server';
import { StubApi } from './stub-api';
import { demoObjects } from './demo-objects';

const api = new StubApi();
for (const o of demoObjects()) api.put(o);
const ui = await startUiServer({ cluster: api, rendererDir: process.argv[2] ?? 'out/renderer', port: Number(process.env.UI_PORT ?? 0) });
console.log(`Kubedeck UI: ${ui.loginUrl}`);
