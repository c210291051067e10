/** Playwright global setup: the host side of the browser's network isolation (support/netns/isolation.ts). */
import { startHostProxy } from './support/netns/isolation';

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  const socketPath = process.env.KD_PROXY_SOCK;
  if (!socketPath) return undefined;
  const server = await startHostProxy(socketPath);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
