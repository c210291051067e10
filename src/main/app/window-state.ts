/**
 * Window size and position remembered between runs, as JSON in Electron's
 * userData directory. Pure Node (no electron import) so it is unit-tested.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface WindowBounds {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

/** DEFAULT_BOUNDS is the size of the first window. */
export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820 };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** loadWindowBounds reads saved bounds, falling back to the defaults on a missing or damaged file. */
export function loadWindowBounds(file: string): WindowBounds {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowBounds>;
    if (!finite(raw.width) || !finite(raw.height)) return { ...DEFAULT_BOUNDS };
    const bounds: WindowBounds = {
      width: Math.max(800, Math.round(raw.width)),
      height: Math.max(500, Math.round(raw.height)),
      maximized: raw.maximized === true,
    };
    if (finite(raw.x) && finite(raw.y)) {
      bounds.x = Math.round(raw.x);
      bounds.y = Math.round(raw.y);
    }
    return bounds;
  } catch {
    return { ...DEFAULT_BOUNDS };
  }
}

/** saveWindowBounds writes bounds atomically (write then rename), so a crash never leaves half a file. */
export function saveWindowBounds(file: string, bounds: WindowBounds): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(bounds));
  renameSync(tmp, file);
}
