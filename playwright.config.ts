import { defineConfig } from '@playwright/test';
import { chromiumPath } from './tests/e2e/chromium';
import { canIsolate, isolationLaunchOptions } from './tests/e2e/support/netns/isolation';

// Chromium runs in its own network namespace when it can, so Docker's
// interface churn cannot abort its requests (tests/e2e/support/netns).
const chromium = chromiumPath();
const isolated = canIsolate() ? isolationLaunchOptions(chromium) : undefined;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
  reporter: [['list']],
  globalSetup: isolated ? './tests/e2e/global-setup.ts' : undefined,
  use: {
    launchOptions: {
      executablePath: isolated?.executablePath ?? chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        ...(isolated?.args ?? []),
      ],
    },
  },
});
