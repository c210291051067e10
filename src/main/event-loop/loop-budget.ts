/**
 * The event loop's budget (shared ARCHITECTURE.md decision 12). Everything
 * runs in one Node process, and the in-process API path is synchronous
 * underneath (node:sqlite), so a controller churning thousands of objects is
 * one long chain of microtasks: timers and sockets (the HTTPS API, /readyz)
 * wait until it ends. Two tools keep each turn of the loop short:
 *
 * - yieldToLoop, for loops over many items (watch batches, replays): resolves
 *   at once while the current turn is within LOOP_BUDGET_MS, after a
 *   setImmediate (so I/O and timers run first) once it is not.
 * - admit/release, around each in-process API call: at most MAX_IN_FLIGHT
 *   calls run at once, and a call is only started while the turn is within
 *   budget. A check at the start of each call is not enough: a controller's
 *   Promise.all of 500 deletes passes 500 checks before any delete has done
 *   its work, and the work then runs in one microtask drain.
 */

/** LOOP_BUDGET_MS is how long one turn of the event loop may run before work is deferred to the next. */
export const LOOP_BUDGET_MS = 20;

/** MAX_IN_FLIGHT bounds the in-process API calls running at once (their work shares one microtask drain). */
export const MAX_IN_FLIGHT = 16;

let turnStart = -1;

function endTurn(): void {
  turnStart = -1;
}

/** overBudget reports whether the current turn has run LOOP_BUDGET_MS; the first call of a turn marks its start. */
function overBudget(budgetMs = LOOP_BUDGET_MS): boolean {
  const now = performance.now();
  if (turnStart < 0) {
    turnStart = now;
    // By the time an immediate runs, the loop has gone round: a new turn.
    setImmediate(endTurn);
    return false;
  }
  return now - turnStart >= budgetMs;
}

/**
 * yieldToLoop returns undefined while the current turn is within budget
 * (so hot loops pay no await), and a promise resolved by setImmediate once
 * it is not.
 */
export function yieldToLoop(budgetMs = LOOP_BUDGET_MS): Promise<void> | undefined {
  if (!overBudget(budgetMs)) return undefined;
  return new Promise<void>((resolve) => setImmediate(resolve));
}

let inFlight = 0;
const waiting: (() => void)[] = [];
let drainScheduled = false;

function scheduleDrain(): void {
  if (drainScheduled) return;
  drainScheduled = true;
  setImmediate(drain);
}

/** drain starts a new turn and lets waiting calls in, up to MAX_IN_FLIGHT. */
function drain(): void {
  drainScheduled = false;
  turnStart = performance.now();
  setImmediate(endTurn);
  while (waiting.length > 0 && inFlight < MAX_IN_FLIGHT) {
    inFlight++;
    waiting.shift()!();
  }
}

/**
 * admit resolves when the caller may start an API call: at once if fewer
 * than MAX_IN_FLIGHT run, nobody waits and the turn is within budget;
 * otherwise in a later turn, in arrival order. Pair with release.
 */
export function admit(): Promise<void> | undefined {
  if (waiting.length === 0 && inFlight < MAX_IN_FLIGHT && !overBudget()) {
    inFlight++;
    return undefined;
  }
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    // Nobody in flight will release: a later turn must let it in.
    if (inFlight < MAX_IN_FLIGHT) scheduleDrain();
  });
}

/** release ends an admitted call, handing its place to the next waiting one (in this turn if within budget). */
export function release(): void {
  inFlight--;
  if (waiting.length === 0) return;
  if (!overBudget()) {
    inFlight++;
    waiting.shift()!();
  } else {
    scheduleDrain();
  }
}

/** admitted runs fn between admit and release. */
export async function admitted<V>(fn: () => Promise<V>): Promise<V> {
  const wait = admit();
  if (wait) await wait;
  try {
    return await fn();
  } finally {
    release();
  }
}
