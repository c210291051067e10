/**
 * V8 flags the cluster process is started with. Heap sizing is fixed when
 * V8 starts (setting these at run time has no effect), so they go on the
 * command line: `npm run serve` passes them (package.json), the memory bench
 * starts its cluster process with them, and the Electron main process takes
 * them only from its own command line (`electron --js-flags=…`), which the
 * app's launch does not pass yet.
 *
 * --max-semi-space-size=16: V8 (Node 24) grows the young generation up to
 * 64 MB per semi-space under the cluster's allocation rate (decoding and
 * copying thousands of objects), 128 MB of committed memory that is mostly
 * empty between bursts; 16 MB per semi-space (Node ≤ 18's default) is 32 MB.
 * Measured: about 96 MB less RSS, the live heap unchanged.
 */
export const CLUSTER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=16'];
