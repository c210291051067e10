/**
 * The event loop's budget (shared ARCHITECTURE.md decision 12). Everything
 * runs in one Node process, and the in-process API path is synchronous
 * underneath (node:sqlite), so a controller churning thousands of objects is
 * one long chain of microtasks: timers and sockets (the HTTPS API, /readyz)
 * wait until it ends. yieldToLoop lets callers give the loop back once the
 * current macrotask turn has run longer than LOOP_BUDGET_MS.
 */

/** LOOP_BUDGET_MS is how long one turn of the event loop may run before API callers yield. */
export const LOOP_BUDGET_MS = 20;

let turnStart = -1;

function endTurn(): void {
  turnStart = -1;
}

/**
 * yieldToLoop resolves at once while the current turn is within budget, and
 * after a setImmediate (so I/O callbacks and timers run first) once it is not.
 * The first call of a turn marks its start; a setImmediate clears the mark,
 * since by then the loop has gone round.
 */
export function yieldToLoop(budgetMs = LOOP_BUDGET_MS): Promise<void> | undefined {
  const now = performance.now();
  if (turnStart < 0) {
    turnStart = now;
    setImmediate(endTurn);
    return undefined;
  }
  if (now - turnStart < budgetMs) return undefined;
  return new Promise<void>((resolve) => setImmediate(resolve));
}
