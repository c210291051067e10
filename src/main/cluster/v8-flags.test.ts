import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLUSTER_V8_FLAGS } from './v8-flags';

describe('CLUSTER_V8_FLAGS', () => {
  it('are passed by `npm run serve` to the cluster process', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    const serve = pkg.scripts.serve!;
    const launch = serve.slice(serve.indexOf('node '));
    for (const flag of CLUSTER_V8_FLAGS) expect(launch).toContain(` ${flag} `);
    expect(launch.indexOf('out/main/serve.js')).toBeGreaterThan(launch.indexOf(CLUSTER_V8_FLAGS[0]!));
  });
});
