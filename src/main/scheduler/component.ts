/**
 * The scheduler as a cluster component of its own (as kube-scheduler is a
 * process of its own): it binds pods as `default-scheduler`, leaves its
 * Events as that component, follows `paused: scheduler` (config.yaml, the
 * app's switch, kubectl) and reads the cluster's shared informers, so pods
 * and nodes are watched and cached once for it and the controller manager.
 */
import type { Component, ComponentContext } from '../client/component';
import { createEventRecorder } from '../client/event-recorder';
import type { SharedInformerFactory } from '../client/informer';
import { followPause, PauseGate, pauseInformer } from '../client/pause-gate';
import { clientFor, type ApiClient } from '../client/types';
import { createScheduler, SCHEDULER_NAME, type Scheduler, type SchedulerOptions } from './scheduler';

export interface RunningScheduler {
  scheduler: Scheduler;
  /** Held while `scheduler` is paused (see src/shared/api/component-pause.ts). */
  gate: PauseGate;
  /** stop shuts the queue down and waits for bindings in flight and Event writes. */
  stop(): Promise<void>;
}

export interface SchedulerComponent extends Component, Omit<RunningScheduler, 'stop'> {}

/**
 * startScheduler adds the scheduler's informers to factory, starts them,
 * waits for their sync and runs the scheduler. The factory stays its owner's
 * to stop; the scheduler writes (bindings, Events) as default-scheduler.
 */
export async function startScheduler(client: ApiClient, factory: SharedInformerFactory, opts: SchedulerOptions & { log?: (msg: string) => void } = {}): Promise<RunningScheduler> {
  const { log, ...sopts } = opts;
  const as = clientFor(client, SCHEDULER_NAME);
  const recorder = createEventRecorder(as, { component: SCHEDULER_NAME, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.onError ? { onError: (err) => opts.onError!('event', err) } : {}) });
  const gate = new PauseGate();
  followPause(pauseInformer(factory), 'scheduler', gate, log);
  const scheduler = createScheduler(as, factory, recorder, sopts);
  factory.start();
  await factory.waitForCacheSync();
  const running = scheduler.run(gate).catch((err) => opts.onError?.('', err));
  log?.('scheduler: started');
  let stopped = false;
  return {
    scheduler,
    gate,
    async stop() {
      if (stopped) return;
      stopped = true;
      gate.release();
      scheduler.stop();
      await running;
      await scheduler.idle();
      await recorder.flush();
    },
  };
}

/** schedulerComponent returns the component factory starting the scheduler on the cluster's client and shared informers. */
export function schedulerComponent(opts: SchedulerOptions = {}): (ctx: ComponentContext) => Promise<SchedulerComponent> {
  return async (ctx: ComponentContext): Promise<SchedulerComponent> => {
    const s = await startScheduler(ctx.client, ctx.informers, { log: ctx.log, onError: (key, err) => ctx.log(`${SCHEDULER_NAME}: ${key}: ${String(err)}`), ...opts });
    return { name: 'scheduler', scheduler: s.scheduler, gate: s.gate, stop: () => s.stop() };
  };
}
