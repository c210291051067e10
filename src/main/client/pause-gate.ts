/**
 * PauseGate: what a component's workers pass through before each unit of
 * work (a sync, a scheduling attempt). Closed, they wait; opened again,
 * they carry on with what queued up meanwhile. `followPause` keeps a gate in
 * step with the pause annotations of the kube-system Namespace
 * (src/shared/api/component-pause.ts), read through an informer like any
 * other object.
 */
import { isPaused, PAUSE_NAMESPACE, type PausableComponent } from '../../shared/api/component-pause';
import type { Namespace } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { Informer, type SharedInformerFactory } from './informer';
import type { ApiClient } from './types';

/** PauseGate holds workers while paused. */
export class PauseGate {
  private closed = false;
  private released = false;
  private waiters: (() => void)[] = [];
  private readonly listeners: ((paused: boolean) => void)[] = [];

  /** paused reports whether the gate holds workers. */
  get paused(): boolean {
    return this.closed && !this.released;
  }

  /** set pauses (true) or resumes (false); resuming wakes every waiting worker. */
  set(paused: boolean): void {
    if (paused === this.closed) return;
    this.closed = paused;
    if (!paused) this.wake();
    for (const l of this.listeners) l(paused);
  }

  /** onChange is called with the new state after each change. */
  onChange(l: (paused: boolean) => void): void {
    this.listeners.push(l);
  }

  /** whenRunning resolves at once when running, otherwise when resumed or released. */
  whenRunning(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  /** release opens the gate for good (the component is stopping: its workers must see the shutdown). */
  release(): void {
    this.released = true;
    this.wake();
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}

const PAUSE_SELECTOR = { fieldSelector: `metadata.name=${PAUSE_NAMESPACE}` };

/** pauseInformer is the informer on the kube-system Namespace, shared through the factory. */
export function pauseInformer(factory: SharedInformerFactory): Informer<Namespace> {
  return factory.informerFor<Namespace>(GVR.namespaces, PAUSE_SELECTOR);
}

/** watchPause starts an informer of its own on the kube-system Namespace and follows it (components without a factory: the kubelet). */
export function watchPause(client: ApiClient, component: PausableComponent, gate: PauseGate, log?: (msg: string) => void): { stop(): void } {
  const informer = new Informer<Namespace>(client, GVR.namespaces, { ...PAUSE_SELECTOR, onError: () => undefined });
  followPause(informer, component, gate, log);
  informer.start();
  return { stop: () => informer.stop() };
}

/** followPause sets gate from the informer's Namespace for component, now and on every change. */
export function followPause(informer: Informer<Namespace>, component: PausableComponent, gate: PauseGate, log: (msg: string) => void = () => {}): void {
  const apply = (ns: Readonly<Namespace> | undefined) => {
    const want = isPaused(ns, component);
    if (want === gate.paused) return;
    log(`${component}: ${want ? 'paused' : 'resumed'}`);
    gate.set(want);
  };
  informer.addEventHandler({ onAdd: apply, onUpdate: (_o, n) => apply(n), onDelete: () => apply(undefined) });
  apply(informer.lister.list()[0]);
}
