/** Where Kubedeck keeps its data when no --data-dir is given: the platform's app-data folder (as Electron's userData). */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** defaultDataDir returns the per-user app-data folder for Kubedeck. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KUBEDECK_DATA_DIR) return env.KUBEDECK_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Kubedeck');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Kubedeck');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Kubedeck');
}
