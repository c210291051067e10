import { isValidElement } from 'react';
import { describe, expect, it } from 'vitest';
import { forgetScreenFailures, lazyScreen, ScreenLoadError } from './lazy-screen';

/** Component types are called as React would, to see what a render throws or returns. */
function render<P extends object>(screen: { Screen: (props: P) => unknown }, props: P): { suspended?: Promise<unknown>; error?: unknown; element?: unknown } {
  try {
    return { element: screen.Screen(props) };
  } catch (thrown) {
    if (thrown instanceof Promise) return { suspended: thrown };
    return { error: thrown };
  }
}

const Hello = ({ who }: { who: string }) => who;

describe('lazyScreen', () => {
  it('suspends on the first render, loads once, then renders synchronously', async () => {
    let loads = 0;
    const s = lazyScreen('hello', async () => {
      loads++;
      return Hello as never;
    });
    const first = render(s, { who: 'a' });
    expect(first.suspended).toBeInstanceOf(Promise);
    expect(render(s, { who: 'a' }).suspended).toBe(first.suspended);
    await first.suspended;
    expect(s.loaded()).toBe(true);
    const after = render(s, { who: 'b' });
    expect(isValidElement(after.element)).toBe(true);
    await s.preload();
    expect(loads).toBe(1);
  });

  it('a failed load throws a ScreenLoadError on every render until the failure is forgotten', async () => {
    let fail = true;
    let loads = 0;
    const s = lazyScreen('flaky', async () => {
      loads++;
      if (fail) throw new TypeError('Failed to fetch dynamically imported module');
      return Hello as never;
    });
    await render(s, { who: 'a' }).suspended;
    const { error } = render(s, { who: 'a' });
    expect(error).toBeInstanceOf(ScreenLoadError);
    expect((error as ScreenLoadError).screen).toBe('flaky');
    expect((error as Error).message).toContain('Failed to fetch');
    // Renders alone never try again (no retry loop).
    expect(render(s, { who: 'a' }).error).toBeInstanceOf(ScreenLoadError);
    expect(loads).toBe(1);

    fail = false;
    forgetScreenFailures();
    await render(s, { who: 'a' }).suspended;
    expect(loads).toBe(2);
    expect(isValidElement(render(s, { who: 'a' }).element)).toBe(true);
  });

  it('preload tries a failed load again and never rejects', async () => {
    let fail = true;
    const s = lazyScreen('preloaded', async () => {
      if (fail) throw new Error('connection refused');
      return Hello as never;
    });
    await expect(s.preload()).resolves.toBeUndefined();
    expect(s.loaded()).toBe(false);
    fail = false;
    await s.preload();
    expect(s.loaded()).toBe(true);
  });
});
