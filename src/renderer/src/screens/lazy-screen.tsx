/**
 * A screen whose code is a chunk of its own, loaded the first time the screen
 * is shown or its navigation link is hovered or focused.
 *
 * Unlike React.lazy, a failed load is not remembered for ever: the screen
 * throws a ScreenLoadError (caught by ScreenFrame, which offers a retry), and
 * the load is tried again after a retry, a navigation, or a preload. A failure
 * is only forgotten by those events, never by a render, so a chunk that keeps
 * failing cannot make rendering retry in a loop. Once loaded, the screen
 * renders synchronously: navigating to a preloaded screen shows no fallback.
 */
import type { ComponentType, JSX } from 'react';

/** ScreenLoadError is a screen's chunk that could not be loaded (the server away, a network error). */
export class ScreenLoadError extends Error {
  constructor(
    readonly screen: string,
    cause: unknown,
  ) {
    super(`could not load the ${screen} screen: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ScreenLoadError';
  }
}

type Status<P> =
  | { state: 'idle' }
  | { state: 'pending'; promise: Promise<void> }
  | { state: 'loaded'; component: ComponentType<P> }
  | { state: 'failed'; error: ScreenLoadError };

/** LazyScreen is one screen's chunk and the component that renders it. */
export interface LazyScreen<P> {
  readonly name: string;
  /** Screen renders the screen; it suspends while the chunk loads and throws a ScreenLoadError when it could not be loaded. */
  readonly Screen: (props: P) => JSX.Element;
  /** preload starts loading the chunk (again, after a failure) unless it is loaded or loading; it never rejects. */
  preload(): Promise<void>;
  /** forgetFailure lets the next render try a failed load again. */
  forgetFailure(): void;
  /** loaded reports whether the chunk is in. */
  loaded(): boolean;
}

const all: LazyScreen<never>[] = [];

/** lazyScreen declares a screen loaded by load (a dynamic import of its module). */
export function lazyScreen<P extends object>(name: string, load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let status: Status<P> = { state: 'idle' };

  const start = (): Promise<void> => {
    const promise = load().then(
      (component) => {
        status = { state: 'loaded', component };
      },
      (cause: unknown) => {
        status = { state: 'failed', error: new ScreenLoadError(name, cause) };
      },
    );
    status = { state: 'pending', promise };
    return promise;
  };

  const forgetFailure = () => {
    if (status.state === 'failed') status = { state: 'idle' };
  };

  function Screen(props: P): JSX.Element {
    // Throwing the pending promise suspends the nearest Suspense until the chunk is in.
    if (status.state === 'idle') throw start();
    if (status.state === 'pending') throw status.promise;
    if (status.state === 'failed') throw status.error;
    const Loaded = status.component;
    return <Loaded {...props} />;
  }
  Object.defineProperty(Screen, 'name', { value: `Lazy(${name})` });

  const screen: LazyScreen<P> = {
    name,
    Screen,
    preload() {
      forgetFailure();
      if (status.state === 'idle') return start();
      return status.state === 'pending' ? status.promise : Promise.resolve();
    },
    forgetFailure,
    loaded: () => status.state === 'loaded',
  };
  all.push(screen as LazyScreen<never>);
  return screen;
}

/** forgetScreenFailures lets every failed screen try its load again. */
export function forgetScreenFailures(): void {
  for (const s of all) s.forgetFailure();
}

// A navigation lets a screen whose load failed before try again. Registered
// when this module loads, before the app subscribes to the route, so the
// failure is forgotten before the new screen renders.
if (typeof window !== 'undefined') window.addEventListener('hashchange', forgetScreenFailures);
